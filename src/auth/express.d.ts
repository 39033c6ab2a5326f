import type { Actor } from './actor';

declare module 'express-session' {
  interface SessionData {
    accountId?: string;
    csrfToken?: string;
    /** The receipt of the request just filed, shown on the receipt page (never in a URL). */
    receipt?: { registrationNumber: string; receiptCode: string; delivery: string };
    /**
     * The request a requester opened on the status page with their receipt
     * code: the code's key (its SHA-256, as stored; never the code itself)
     * and until when, in epoch milliseconds, it stays open without use.
     */
    receiptStatus?: { key: string; until: number };
    /** A one-time message for the next page (after a redirect). */
    flash?: { kind: 'ok' | 'error'; text: string };
  }
}

declare global {
  namespace Express {
    interface Request {
      /** The signed-in user, set for every request that carries a valid session. */
      actor?: Actor;
      /**
       * A page form sent as multipart without the CSRF header: its token is
       * checked once the route has read the body (`PageUpload`).
       */
      csrfAfterUpload?: boolean;
    }
  }
}

export {};
