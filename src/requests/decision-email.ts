import type { EntityManager } from '@mikro-orm/postgresql';

import type { EmailService } from '../email/email.service';
import type { RequestRow } from './review-support';

/** What a decision e-mail is about, besides an ordinary decision. */
export interface DecisionEmailAbout {
  /** Closed: the record does not exist here. */
  readonly noRecord?: boolean;
  /** Closed: forwarded to this authority. */
  readonly forwardedTo?: string | null;
  /** A late appeal dismissed. */
  readonly appealDismissed?: boolean;
}

/**
 * The e-mail telling a requester who gave an address that a decision or
 * letter is registered (never its content); its id to dispatch after the
 * commit, or none without an address.
 */
export async function writeDecisionEmail(
  email: EmailService,
  em: EntityManager,
  row: Pick<RequestRow, 'id' | 'contact_email' | 'registration_number'>,
  letter: { readonly registrationNumber: string; readonly appealable: boolean },
  about: DecisionEmailAbout = {},
): Promise<string[]> {
  if (!row.contact_email) {
    return [];
  }
  return [
    await email.write(em, {
      to: row.contact_email,
      kind: 'decision',
      requestId: row.id,
      context: {
        registrationNumber: row.registration_number,
        letterRegistrationNumber: letter.registrationNumber,
        appealable: letter.appealable,
        noRecord: about.noRecord ?? false,
        forwardedTo: about.forwardedTo ?? null,
        appealDismissed: about.appealDismissed ?? false,
      },
    }),
  ];
}
