import type { Actor } from './actor';

declare module 'express-session' {
  interface SessionData {
    accountId?: string;
    csrfToken?: string;
  }
}

declare global {
  namespace Express {
    interface Request {
      /** The signed-in user, set for every request that carries a valid session. */
      actor?: Actor;
    }
  }
}

export {};
