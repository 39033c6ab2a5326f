import { randomUUID } from 'node:crypto';
import { setTimeout as rest } from 'node:timers/promises';

import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { expressionBuilder } from 'kysely';
import type { Expression, SqlBool } from 'kysely';

import { AuditService } from '../audit/audit.service';
import {
  AccountDisposalQueries,
  hasAccount,
  hasAccountDeactivatedBefore,
} from '../auth/account-disposal.queries';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { hasNoRoleOn, PersonDisposalQueries } from '../directory/person-disposal.queries';
import { RegisterExtractDisposalQueries } from '../register-extract/extract-disposal.queries';
import { CadenceDisposalQueries } from '../cadence/cadence-disposal.queries';
import { cadenceSettingsOf, termOn } from '../cadence/cadence-rules';
import { EmailDisposalQueries } from '../email/email-disposal.queries';
import { EmailService } from '../email/email.service';
import { ContactDisposalQueries } from '../guardians/contact-disposal.queries';
import { NotificationDisposalQueries } from '../notifications/notification-disposal.queries';
import { hasPlan } from '../plans/pupil-plans.conditions';
import { hasRecord } from '../records/pupil-records.conditions';
import { isPersonNamedInOpenRequest } from '../requests/person-holds';
import { TalkDisposalQueries } from '../talks/talk-disposal.queries';
import { DisposalLog } from './retention.entities';

/** What one night's disposal of people did, by kind: counts only, never who. */
export interface PeopleDisposalSummary {
  /** Guardians e-mailed that their own contact details and photo go. */
  readonly contactNotices: number;
  readonly contactDetails: number;
  readonly photos: number;
  /** Those e-mails, deleted once the guardian's days are over (an address and nothing else). */
  readonly contactNoticeEmails: number;
  /** Former pupils whose person row went (those with another role keep it; their pupil rows go). */
  readonly formerPupils: number;
  /** Former pupils who keep their person row for another role; only what made them pupils went. */
  readonly formerPupilsWithOtherRole: number;
  /** Guardians whose last child went and who had no other role. */
  readonly guardians: number;
  readonly staffAccountsDeactivated: number;
  readonly staffAccountsReactivated: number;
  /** People whose account had been deactivated for the set days, with their person row. */
  readonly staffAccountsDeleted: number;
  /** People with no role and no account left (a guardianship ended by an import). */
  readonly personsWithoutRole: number;
  readonly enrolments: number;
  readonly guardianships: number;
  readonly groupMemberships: number;
  readonly accounts: number;
  /** Sent register extracts whose files (PDF and JSON) were deleted after the set days. */
  readonly registerExtractFiles: number;
  /** A principal's reminders to mentors whose term has ended. */
  readonly cadenceReminders: number;
  /** E-mail notification choices (each with its address) whose pupils had all left. */
  readonly notificationPreferences: number;
  /** Development talk times, and their bookings, the set days after the talk. */
  readonly talkSlots: number;
  readonly talkBookings: number;
}

type Counts = { -readonly [K in keyof PeopleDisposalSummary]: number };

const ZERO: PeopleDisposalSummary = {
  contactNotices: 0,
  contactDetails: 0,
  photos: 0,
  contactNoticeEmails: 0,
  formerPupils: 0,
  formerPupilsWithOtherRole: 0,
  guardians: 0,
  staffAccountsDeactivated: 0,
  staffAccountsReactivated: 0,
  staffAccountsDeleted: 0,
  personsWithoutRole: 0,
  enrolments: 0,
  guardianships: 0,
  groupMemberships: 0,
  accounts: 0,
  registerExtractFiles: 0,
  cadenceReminders: 0,
  notificationPreferences: 0,
  talkSlots: 0,
  talkBookings: 0,
};

/** The rule people are disposed of under, as the log and the audit entry name it. */
export function peopleRule(config: AppConfig['retention']): string {
  return (
    `Personuppgifter gallras när ändamålet upphört: elev, vårdnadshavare och konto när elevens sista IUP gallrats ` +
    `(${config.yearsAfterLeaving} år efter att eleven lämnat grundskolan), vårdnadshavares egna kontaktuppgifter och bild ` +
    `${config.guardianContactGraceDays} dagar efter att sista barnet lämnat kommunens skolor, personalkonto utan uppdrag ` +
    `inaktiveras direkt och tas bort efter ${config.staffAccountDeleteDays} dagar, ett skickat registerutdrags filer ` +
    `${config.registerExtractKeepDays} dagar efter att det skickats, rektorns påminnelser till mentorer när terminen är slut, ` +
    `val av aviseringar via e-post (med adressen) ${config.guardianContactGraceDays} dagar efter att eleven eller sista barnet lämnat kommunens skolor, ` +
    `ett utvecklingssamtals tid och bokning ${config.talkKeepDays} dagar efter samtalet`
  );
}

/** See `RetentionService`: rest as long as a batch took, at most this long. */
const MAX_REST_MS = 250;

/**
 * The people around the plans, disposed of when their purpose has ended (issue 25), in the
 * nightly disposal after the plans and requests, batch by batch, with the same log (counts
 * per kind under the rule `people`, never names or numbers) and the same holds: a pupil keeps
 * their person row while a plan or record of theirs is left (a record the archivist or a
 * request holds keeps it), and nobody named in an open request or appeal goes.
 *
 * - A guardian's own contact details and photo go the set days after their last child left,
 *   after an e-mail where an address is known.
 * - A former pupil whose last plan has gone, and whose time has come: person row, enrolments,
 *   guardianships, group memberships and account. A guardian left with no child and no other
 *   role goes the same way, in the same batch.
 * - A staff account without a duty is deactivated at once and goes (with its person, who has
 *   no other role) the set days later; it is enabled again if a duty comes back first.
 *
 * A re-import brings back only the people in the new file: the importer writes what its file
 * holds, nothing else.
 */
@Injectable()
export class PeopleDisposalService {
  private readonly logger = new Logger(PeopleDisposalService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly people: PersonDisposalQueries,
    private readonly accounts: AccountDisposalQueries,
    private readonly contacts: ContactDisposalQueries,
    private readonly email: EmailService,
    private readonly emails: EmailDisposalQueries,
    private readonly extracts: RegisterExtractDisposalQueries,
    private readonly reminders: CadenceDisposalQueries,
    private readonly notifications: NotificationDisposalQueries,
    private readonly talks: TalkDisposalQueries,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Disposes of the people due on `today` (the run's id joins its log entries). */
  async dispose(runId: string, today: string, now = new Date()): Promise<PeopleDisposalSummary> {
    const totals: Counts = { ...ZERO };
    for (const step of [
      () => this.noticeBatch(today),
      () => this.contactBatch(today),
      () => this.notificationBatch(today),
      () => this.noticeEmailBatch(now),
      () => this.formerPupilBatch(today),
      () => this.staffAccountBatch(today, now),
      () => this.withoutRoleBatch(today),
      () => this.extractFileBatch(now),
      () => this.cadenceReminderBatch(today),
      () => this.talkBatch(now),
    ]) {
      for (;;) {
        const started = performance.now();
        const done = await step();
        if (done === null) break;
        for (const key of Object.keys(done) as (keyof Counts)[]) totals[key] += done[key] ?? 0;
        await rest(Math.min(performance.now() - started, MAX_REST_MS));
      }
    }
    if (Object.values(totals).some((count) => count > 0)) {
      this.logger.log({ runId, today, ...totals }, 'Disposal of people finished');
      await this.log(runId, totals);
    }
    return totals;
  }

  /** Kept: a plan or record of theirs is left, or an open request or appeal names them. */
  private isKept(today: string) {
    return (personId: Expression<string>): Expression<SqlBool> =>
      expressionBuilder().or([
        hasPlan(personId),
        hasRecord(personId),
        isPersonNamedInOpenRequest(personId, today),
      ]);
  }

  /** Guardians to tell, in one transaction with their e-mails (sent after it commits). */
  private async noticeBatch(today: string): Promise<Partial<Counts> | null> {
    const graceDays = this.config.retention.guardianContactGraceDays;
    const emailIds: string[] = [];
    const told = await this.em.fork().transactional(async (em) => {
      const notices = await this.contacts.markNoticesDue(em, {
        today,
        graceDays,
        limit: this.config.retention.batchSize,
      });
      for (const notice of notices) {
        emailIds.push(
          await this.email.write(em, {
            to: notice.email,
            kind: 'contact_disposal_notice',
            requestId: null,
            context: {
              disposalOn: notice.disposalOn,
              informationUrl: new URL('/information', this.config.http.publicBaseUrl).toString(),
            },
          }),
        );
      }
      return notices.length;
    });
    await this.email.dispatch(emailIds);
    return told === 0 ? null : { contactNotices: told };
  }

  private async contactBatch(today: string): Promise<Partial<Counts> | null> {
    const done = await this.em.fork().transactional((em) =>
      this.contacts.disposeDue(em, {
        today,
        graceDays: this.config.retention.guardianContactGraceDays,
        limit: this.config.retention.batchSize,
      }),
    );
    return done.contactDetails === 0 ? null : done;
  }

  /** Notification choices whose pupils have all left, the same grace days as contact details. */
  private async notificationBatch(today: string): Promise<Partial<Counts> | null> {
    const gone = await this.em.fork().transactional((em) =>
      this.notifications.disposeWithoutPurpose(em, {
        today,
        graceDays: this.config.retention.guardianContactGraceDays,
        limit: this.config.retention.batchSize,
      }),
    );
    return gone === 0 ? null : { notificationPreferences: gone };
  }

  /** Sent register extracts' files older than the set days, a batch at a time. */
  private async extractFileBatch(now: Date): Promise<Partial<Counts> | null> {
    const before = AccountDisposalQueries.daysBefore(
      now,
      this.config.retention.registerExtractKeepDays,
    );
    const gone = await this.em
      .fork()
      .transactional((em) =>
        this.extracts.disposeSentFiles(em, before, this.config.retention.batchSize),
      );
    return gone === 0 ? null : { registerExtractFiles: gone };
  }

  /** The principal's reminders to mentors sent before this term, a batch at a time. */
  private async cadenceReminderBatch(today: string): Promise<Partial<Counts> | null> {
    const termStart = termOn(today, cadenceSettingsOf(this.config)).start;
    const gone = await this.em
      .fork()
      .transactional((em) =>
        this.reminders.disposeSentBefore(em, termStart, this.config.retention.batchSize),
      );
    return gone === 0 ? null : { cadenceReminders: gone };
  }

  /** Talk times (with their bookings) whose talk was the set days ago, a batch at a time. */
  private async talkBatch(now: Date): Promise<Partial<Counts> | null> {
    const before = AccountDisposalQueries.daysBefore(now, this.config.retention.talkKeepDays);
    const gone = await this.em
      .fork()
      .transactional((em) => this.talks.disposeEnded(em, before, this.config.retention.batchSize));
    return gone.talkSlots === 0 ? null : gone;
  }

  /** The notices' e-mails older than the grace period: one statement (few a night). */
  private async noticeEmailBatch(now: Date): Promise<Partial<Counts> | null> {
    const before = AccountDisposalQueries.daysBefore(
      now,
      this.config.retention.guardianContactGraceDays,
    );
    const gone = await this.em
      .fork()
      .transactional((em) => this.emails.disposeWithoutRequest(em, before));
    return gone === 0 ? null : { contactNoticeEmails: gone };
  }

  /**
   * One batch of former pupils due: those with another role lose only their pupil rows, the
   * rest go whole, and then their guardians left with no child and no other role.
   */
  private async formerPupilBatch(today: string): Promise<Partial<Counts> | null> {
    const isKept = this.isKept(today);
    return this.em.fork().transactional(async (em) => {
      const pupils = await this.people.lockDueFormerPupils(em, {
        today,
        yearsAfterLeaving: this.config.retention.yearsAfterLeaving,
        limit: this.config.retention.batchSize,
        isKept,
      });
      if (pupils.length === 0) return null;
      const guardianIds = await this.people.findGuardiansOf(em, pupils);
      const otherRole = await this.people.findWithOtherRole(em, pupils, today);
      const whole = pupils.filter((id) => !otherRole.has(id));
      const wholeAccounts = await this.accounts.countAccounts(em, whole);
      const gone = await this.people.disposePersons(em, whole);
      const stripped = await this.people.disposePupilRows(em, [...otherRole]);
      const guardians = await this.people.lockWithoutRole(em, {
        today,
        limit: guardianIds.length,
        isKept,
        among: guardianIds.filter((id) => !pupils.includes(id)),
      });
      const guardianAccounts = await this.accounts.countAccounts(em, guardians);
      const guardiansGone = await this.people.disposePersons(em, guardians);
      return {
        formerPupils: gone.persons,
        formerPupilsWithOtherRole: otherRole.size,
        guardians: guardiansGone.persons,
        enrolments: gone.enrolments + stripped.enrolments + guardiansGone.enrolments,
        guardianships: gone.guardianships + stripped.guardianships + guardiansGone.guardianships,
        groupMemberships:
          gone.groupMemberships + stripped.groupMemberships + guardiansGone.groupMemberships,
        accounts: wholeAccounts + guardianAccounts,
      };
    });
  }

  /**
   * Staff accounts: enabled again where a duty came back, deactivated where none is left, and
   * deleted with their person once deactivated for the set days. One batch of each at a time.
   */
  private async staffAccountBatch(today: string, now: Date): Promise<Partial<Counts> | null> {
    const isKept = this.isKept(today);
    const withoutRole = (personId: Expression<string>) => hasNoRoleOn(personId, today);
    return this.em.fork().transactional(async (em) => {
      const reactivated = await this.accounts.reactivateWhere(em, {
        hasRole: (personId) => expressionBuilder().not(withoutRole(personId)),
        now,
      });
      const deactivated = await this.accounts.deactivateWhere(em, {
        isWithoutRole: (personId) =>
          expressionBuilder().and([
            withoutRole(personId),
            expressionBuilder().not(isKept(personId)),
          ]),
        now,
        limit: this.config.retention.batchSize,
      });
      const before = AccountDisposalQueries.daysBefore(
        now,
        this.config.retention.staffAccountDeleteDays,
      );
      const due = await this.people.lockWithoutRole(em, {
        today,
        limit: this.config.retention.batchSize,
        isKept,
        where: (personId) => hasAccountDeactivatedBefore(personId, before),
      });
      const accounts = await this.accounts.countAccounts(em, due);
      const gone = await this.people.disposePersons(em, due);
      if (reactivated + deactivated + gone.persons === 0) return null;
      return {
        staffAccountsReactivated: reactivated,
        staffAccountsDeactivated: deactivated,
        staffAccountsDeleted: gone.persons,
        accounts,
        enrolments: gone.enrolments,
        guardianships: gone.guardianships,
        groupMemberships: gone.groupMemberships,
      };
    });
  }

  /** People with no role and no account (nothing to deactivate first): they go at once. */
  private async withoutRoleBatch(today: string): Promise<Partial<Counts> | null> {
    return this.em.fork().transactional(async (em) => {
      const due = await this.people.lockWithoutRole(em, {
        today,
        limit: this.config.retention.batchSize,
        isKept: this.isKept(today),
        where: (personId) => expressionBuilder().not(hasAccount(personId)),
        createdBeforeToday: true,
      });
      if (due.length === 0) return null;
      const gone = await this.people.disposePersons(em, due);
      return {
        personsWithoutRole: gone.persons,
        enrolments: gone.enrolments,
        guardianships: gone.guardianships,
        groupMemberships: gone.groupMemberships,
      };
    });
  }

  /**
   * One log entry and one audit entry for the night's disposal of people: the rule and the
   * counts per kind, no ids of the people (they are gone; an id would only point at nothing).
   */
  private async log(runId: string, counts: PeopleDisposalSummary): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      em.create(DisposalLog, {
        id: randomUUID(),
        runId,
        occurredAt: new Date(),
        rule: 'people',
        counts: { ...counts },
        registrationNumbers: [],
      });
      await em.flush();
      await this.audit.record(em, {
        action: 'retention.disposed',
        actor: { accountId: null, personId: null },
        targetType: 'disposal_run',
        targetId: runId,
        details: { rule: peopleRule(this.config.retention), ...counts },
      });
    });
  }
}
