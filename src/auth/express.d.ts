import type { Actor } from './actor';

declare module 'express-session' {
  interface SessionData {
    accountId?: string;
    csrfToken?: string;
    /** The receipt of the request just filed, shown on the receipt page (never in a URL). */
    receipt?: { registrationNumber: string; receiptCode: string; delivery: string };
    /** A one-time message for the next page (after a redirect). */
    flash?: { kind: 'ok' | 'error'; text: string };
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
