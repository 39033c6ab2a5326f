import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';

import {
  guardiansWithoutEnrolledChild,
  hasDutyOn,
  isEnrolledOn,
} from '../directory/person-disposal.queries';
import type { GuardiansTables } from './guardians.entities';

/** A guardian to tell that their contact details and photo go, and when. */
export interface ContactDisposalNotice {
  readonly personId: string;
  readonly email: string;
  /** The Swedish day the details go. */
  readonly disposalOn: string;
}

/**
 * The details a guardian entered themself (contact details and photo) were given for the class
 * lists of their children's classes; once no child of theirs is enrolled, they have served
 * their purpose. They go `graceDays` after the last child left, and the guardian is told by
 * e-mail first where an address is known: the days then count from the e-mail if it went
 * later than the leaving (a guardian always has the whole grace period after the notice).
 * Someone enrolled themself or with a current duty keeps theirs. A person with details and no
 * child at all (a guardianship ended by an import) counts from their last change.
 */
@Injectable()
export class ContactDisposalQueries {
  /**
   * Up to `limit` guardians with an e-mail address whose details will go and who have not been
   * told since their last child left: marked as told today (in the caller's transaction, which
   * also writes the e-mails).
   */
  async markNoticesDue(
    em: EntityManager,
    input: { readonly today: string; readonly graceDays: number; readonly limit: number },
  ): Promise<ContactDisposalNotice[]> {
    const rows = await em
      .getKysely<GuardiansTables>()
      .updateTable('self_contact')
      .set({ disposal_notice_on: input.today })
      .where('person_id', 'in', () =>
        this.withoutPurpose(em, input.today)
          .select('c.person_id')
          .where('c.email', 'is not', null)
          .where((w) =>
            w.or([
              w('c.disposal_notice_on', 'is', null),
              w('c.disposal_notice_on', '<', sinceOf()),
            ]),
          )
          .orderBy('c.person_id')
          .limit(input.limit)
          .forUpdate('c')
          .skipLocked(),
      )
      .returning(['person_id', 'email'])
      .execute();
    const disposalOn = addDays(input.today, input.graceDays);
    return rows.flatMap((row) =>
      row.email === null ? [] : [{ personId: row.person_id, email: row.email, disposalOn }],
    );
  }

  /** Deletes up to `limit` guardians' details whose days have run out on `today`; counts by kind. */
  async disposeDue(
    em: EntityManager,
    input: { readonly today: string; readonly graceDays: number; readonly limit: number },
  ): Promise<{ contactDetails: number; photos: number }> {
    const rows = await em
      .getKysely<GuardiansTables>()
      .deleteFrom('self_contact')
      .where('person_id', 'in', () =>
        this.withoutPurpose(em, input.today)
          .select('c.person_id')
          .where((w) =>
            w.or([
              w.and([
                w('c.email', 'is', null),
                // Raw SQL: date + integer days (Kysely builds no date arithmetic).
                w(sql<string>`${sinceOf()} + ${input.graceDays}::int`, '<=', input.today),
              ]),
              w.and([
                w('c.email', 'is not', null),
                w('c.disposal_notice_on', '>=', sinceOf()),
                w(sql<string>`c.disposal_notice_on + ${input.graceDays}::int`, '<=', input.today),
              ]),
            ]),
          )
          .orderBy('c.person_id')
          .limit(input.limit)
          .forUpdate('c')
          .skipLocked(),
      )
      .returning((r) => [r('photo', 'is not', null).as('had_photo')])
      .execute();
    return { contactDetails: rows.length, photos: rows.filter((row) => row.had_photo).length };
  }

  /** Details whose purpose has ended on `today`, with `g.since` (null: no child at all). */
  private withoutPurpose(em: EntityManager, today: string) {
    return em
      .getKysely<GuardiansTables>()
      .selectFrom('self_contact as c')
      .leftJoin(guardiansWithoutEnrolledChild(today).as('g'), 'g.guardian_id', 'c.person_id')
      .where((w) => w.or([w('g.guardian_id', 'is', null), w('g.since', 'is not', null)]))
      .where((w) => w.not(isEnrolledOn(w.ref('c.person_id'), today)))
      .where((w) => w.not(hasDutyOn(w.ref('c.person_id'), today)));
  }
}

/**
 * Since when the details have had no purpose: the day the last child left, or for someone with
 * no child at all, the Swedish day of their last change.
 */
function sinceOf() {
  // Raw SQL: a timestamptz's Swedish day, which Kysely does not build.
  return sql<string>`coalesce(g.since, (c.updated_at at time zone 'Europe/Stockholm')::date)`;
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
