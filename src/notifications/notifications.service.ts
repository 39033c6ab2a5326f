import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import type { AuditActor } from '../audit/audit-event';
import { AuditService } from '../audit/audit.service';
import { auditActor, type Actor } from '../auth/actor';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { NotFoundError } from '../common/errors/domain-error';
import { DirectoryQueries } from '../directory/directory.queries';
import { EmailService, type EmailKind } from '../email/email.service';
import {
  NOTIFICATION_KINDS,
  type NotificationKind,
  type NotificationsTables,
} from './notifications.entities';
import { KIND_TEXTS } from './notification-kinds';
import { OwnContactEmail } from './own-contact-email';
import type { PreferenceInput } from './preference-input';

/** The outbox's kind (and template, `templates/email/<kind>.njk`) of each notification. */
export const EMAIL_KIND_OF: Readonly<Record<NotificationKind, EmailKind>> = {
  'plan-ready': 'notification_plan_ready',
  'talk-booked': 'notification_talk_booked',
  'plan-established': 'notification_plan_established',
  'comment-answered': 'notification_comment_answered',
};

/** What the preference page shows: what the person has chosen, and the address to use. */
export interface PreferencesView {
  readonly kinds: ReadonlySet<NotificationKind>;
  /** The stored address, else the one the person gave the school (offered, not yet saved). */
  readonly email: string | null;
  readonly emailIsSuggested: boolean;
  readonly isGuardian: boolean;
  readonly isPupil: boolean;
}

export interface NotifyAboutPupil {
  readonly pupilId: string;
  readonly kind: NotificationKind;
  /** Who caused it, for the audit entry (null actor ids: a job). */
  readonly actor: AuditActor;
  /** Only these of the pupil's guardians (e.g. the one whose comment was answered); default all. */
  readonly guardianIds?: readonly string[];
  /** Whether the pupil is told too (if opted in); default true. */
  readonly includePupil?: boolean;
}

/**
 * Opt-in e-mail about a pupil's plan to the pupil and their guardians. The e-mail says only
 * that something happened, with the child's first name and a link to log in: never the plan's
 * content, and never anything about another person. Each recipient gets an e-mail of their own.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly em: EntityManager,
    private readonly directory: DirectoryQueries,
    private readonly email: EmailService,
    private readonly audit: AuditService,
    private readonly ownContactEmail: OwnContactEmail,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Writes one outbox e-mail per opted-in recipient, in the caller's transaction `em` (so the
   * e-mail exists exactly when what it tells about does), and an audit entry naming the kind
   * and how many were written (no addresses). Returns the e-mails' ids: the caller hands them to
   * `dispatch` after commit.
   */
  async notifyAboutPupil(em: EntityManager, notice: NotifyAboutPupil): Promise<string[]> {
    const pupil = await this.directory.findPupilAndGuardianIds(notice.pupilId, em);
    if (!pupil) {
      return [];
    }
    const only = notice.guardianIds ? new Set(notice.guardianIds) : null;
    const guardianIds = pupil.guardianIds.filter((id) => only === null || only.has(id));
    const candidates = [
      ...(notice.includePupil === false ? [] : [notice.pupilId]),
      ...guardianIds.filter((id) => id !== notice.pupilId),
    ];
    if (candidates.length === 0) {
      return [];
    }
    const rows = await em
      .getKysely<NotificationsTables>()
      .selectFrom('notification_preference')
      .select(['person_id', 'email'])
      .where('person_id', 'in', candidates)
      .where('kind', '=', notice.kind)
      .orderBy('person_id')
      .execute();
    const written: string[] = [];
    for (const row of rows) {
      const toPupil = row.person_id === notice.pupilId;
      written.push(
        await this.email.write(em, {
          to: row.email,
          kind: EMAIL_KIND_OF[notice.kind],
          requestId: null,
          context: {
            childName: pupil.givenName,
            toPupil,
            loginUrl: this.loginUrl(toPupil ? '/' : '/mina-barn'),
          },
        }),
      );
    }
    if (written.length > 0) {
      await this.audit.record(em, {
        action: 'notification.emails.written',
        actor: notice.actor,
        pupilId: notice.pupilId,
        targetType: 'pupil',
        targetId: notice.pupilId,
        details: {
          kind: notice.kind,
          emails: written.length,
          toPupil: rows.some((row) => row.person_id === notice.pupilId),
          recipients: rows.map((row) => row.person_id),
        },
      });
    }
    return written;
  }

  /** Queues the sending of e-mails written by `notifyAboutPupil`, after their commit. */
  async dispatch(emailIds: readonly string[]): Promise<void> {
    await this.email.dispatch(emailIds);
  }

  /** A person's choices as stored, for their register extract. */
  async listPreferencesOf(
    personId: string,
  ): Promise<{ kind: NotificationKind; email: string; updatedAt: string }[]> {
    const rows = await this.em
      .fork()
      .getKysely<NotificationsTables>()
      .selectFrom('notification_preference')
      .select(['kind', 'email', 'updated_at'])
      .where('person_id', '=', personId)
      .execute();
    return NOTIFICATION_KINDS.flatMap((kind) =>
      rows
        .filter((row) => row.kind === kind)
        .map((row) => ({
          kind,
          email: row.email,
          updatedAt: new Date(row.updated_at).toISOString(),
        })),
    );
  }

  /** The signed-in guardian's or pupil's choices, with the address to show. */
  async readPreferences(actor: Actor): Promise<PreferencesView> {
    this.mustBeGuardianOrPupil(actor);
    const rows = await this.em
      .fork()
      .getKysely<NotificationsTables>()
      .selectFrom('notification_preference')
      .select(['kind', 'email'])
      .where('person_id', '=', actor.personId)
      .execute();
    const stored = rows[0]?.email ?? null;
    const suggested =
      stored === null ? await this.ownContactEmail.findOwnEmail(actor.personId) : null;
    return {
      kinds: new Set(rows.map((row) => row.kind)),
      email: stored ?? suggested,
      emailIsSuggested: stored === null && suggested !== null,
      isGuardian: actor.roles.has('guardian'),
      isPupil: actor.roles.has('pupil'),
    };
  }

  /**
   * Replaces the person's choices: a row per kind ticked, with the address; none for the rest
   * (opting out of everything keeps no address). Audited with the kinds, never the address.
   */
  async savePreferences(actor: Actor, input: PreferenceInput): Promise<void> {
    this.mustBeGuardianOrPupil(actor);
    // A comment is a guardian's: someone who is only a pupil has no answer to be told of.
    const kinds = input.kinds.filter(
      (kind) => KIND_TEXTS[kind].pupil || actor.roles.has('guardian'),
    );
    const now = new Date();
    await this.em.fork().transactional(async (em) => {
      const db = em.getKysely<NotificationsTables>();
      await db
        .deleteFrom('notification_preference')
        .where('person_id', '=', actor.personId)
        .execute();
      const email = input.email;
      if (email !== null && kinds.length > 0) {
        await db
          .insertInto('notification_preference')
          .values(
            kinds.map((kind) => ({
              person_id: actor.personId,
              kind,
              email,
              updated_at: now,
            })),
          )
          .execute();
      }
      await this.audit.record(em, {
        action: 'notification.preferences.changed',
        actor: auditActor(actor),
        targetType: 'person',
        targetId: actor.personId,
        details: {
          kinds: NOTIFICATION_KINDS.filter((kind) => email !== null && kinds.includes(kind)),
        },
      });
    });
  }

  private mustBeGuardianOrPupil(actor: Actor): void {
    // The route's permission lets only guardians and pupils in; this keeps the service honest.
    if (!actor.roles.has('guardian') && !actor.roles.has('pupil')) {
      throw new NotFoundError();
    }
  }

  private loginUrl(next: string): string {
    const url = new URL('/logga-in', this.config.http.publicBaseUrl);
    url.searchParams.set('nasta', next);
    return url.toString();
  }
}
