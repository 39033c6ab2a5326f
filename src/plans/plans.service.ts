import { randomUUID } from 'node:crypto';

import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import type { Kysely, Selectable } from 'kysely';

import { AuditService } from '../audit/audit.service';
import { canAccessPupil } from '../auth/access-policy';
import { auditActor } from '../auth/actor';
import type { Actor, PupilFacts } from '../auth/actor';
import {
  AccessRefusedError,
  DomainError,
  ErrorCode,
  NotFoundError,
} from '../common/errors/domain-error';
import { stockholmToday } from '../common/stockholm';
import { isUuid } from '../common/uuid';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { pupilFacts, toPupilFacts } from '../directory/directory-joins';
import { DirectoryQueries } from '../directory/directory.queries';
import { SchoolLeavingQueries } from '../directory/school-leaving.queries';
import { NotificationsService } from '../notifications/notifications.service';
import { checkMarking } from '../records/confidentiality';
import { registeredRecords } from '../records/record-joins';
import type { RecordsTables } from '../records/records.entities';
import { RecordsService } from '../records/records.service';
import type { NumberedTables } from '../records/records.service';
import { jsonb } from './jsonb';
import { emptyContent, nextDraftContent, PlanContent } from './plan-content';
import { diffVersions } from './plan-diff';
import { guardFreeText, refuseHiddenCharacters } from './plan-free-text';
import { REFUSAL_MESSAGES, transition, PlanEvent, PlanLifecycle } from './plan-lifecycle';
import type { PlanPartChange } from './plan-parts';
import { applyPart, bookedTalkDate, isTalkHeld, partAction } from './plan-parts';
import { renderPlanPdf } from './plan-pdf';
import { periodOf } from './plan-template';
import { PlanTemplatesService } from './plan-templates.service';
import {
  PLAN_NOT_FOUND,
  PlanSummary,
  PlanView,
  subjectsOnly,
  toSummary,
  VersionView,
} from './plan-views';
import { Plan, PlanVersion } from './plans.entities';
import type { PlansTables } from './plans.entities';

/** A plan row as a change reads it. */
type PlanRow = Selectable<PlansTables['plan']>;

/** What establishing takes besides the plan: the revision seen and the marking chosen. */
export interface EstablishInput {
  readonly revision: number;
  /** One of CONFIDENTIALITY_GROUNDS, or null (or '') for none; checked by `checkMarking`. */
  readonly confidentialityMarking: string | null;
  /** The day by which the marking is to be reviewed (optional, `YYYY-MM-DD`). */
  readonly confidentialityReviewOn?: string | null;
}

/**
 * Plans: who may read which part, who writes which part, and the lifecycle
 * from draft to an established, registered version. Every read and change
 * is checked against the access policy and written to the audit log.
 */
@Injectable()
export class PlansService {
  constructor(
    private readonly em: EntityManager,
    private readonly directory: DirectoryQueries,
    private readonly schoolLeaving: SchoolLeavingQueries,
    private readonly records: RecordsService,
    private readonly audit: AuditService,
    private readonly templates: PlanTemplatesService,
    private readonly notifications: NotificationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async listPlans(actor: Actor, pupilId: string): Promise<PlanSummary[]> {
    const facts = await this.requirePupil(actor, pupilId, 'plan.subject.read');
    const rows = await this.em
      .fork()
      .find(Plan, { pupilId: facts.pupilId }, { orderBy: { period: 'desc' } });
    await this.audit.recordNow({
      action: 'plan.list.read',
      actor: auditActor(actor),
      pupilId,
      details: { count: rows.length },
    });
    return rows.map(toSummary);
  }

  /** The plan as a PDF for the talk: a version, or the current draft (else the newest version). */
  async renderPdf(actor: Actor, planId: string, version: number | null): Promise<Uint8Array> {
    // The whole plan or nothing: a teacher's subjects-only read is refused before it is audited.
    const plan = await this.readPlan(actor, planId, { whole: true });
    const wanted = version ?? (plan.draft ? null : plan.establishedVersion);
    const chosen = wanted === null ? null : await this.readVersion(actor, planId, wanted);
    const content = chosen?.content ?? plan.draft;
    if (!content) {
      throw new NotFoundError(PLAN_NOT_FOUND);
    }
    await this.audit.recordNow({
      action: 'plan.pdf.read',
      actor: auditActor(actor),
      pupilId: plan.pupilId,
      targetType: 'plan',
      targetId: planId,
      details: { version: chosen?.version ?? 0 },
    });
    return renderPlanPdf({
      municipalityName: this.config.municipality.name,
      pupilName: plan.pupilName,
      period: plan.period,
      status: chosen
        ? `Version ${chosen.version}, fastställd efter utvecklingssamtalet ${chosen.talkDate}`
        : 'Utkast inför utvecklingssamtalet (arbetsmaterial, inte allmän handling)',
      registrationNumber: chosen?.registrationNumber ?? null,
      template: chosen?.template ?? plan.template,
      content,
    });
  }

  /**
   * The period a plan started now would be for ("2026/27"), from the template of the pupil's
   * school unit; null when the pupil is enrolled nowhere (no plan can be started).
   */
  async currentPeriod(
    facts: { readonly schoolUnitIds: ReadonlySet<string> },
    now = new Date(),
  ): Promise<string | null> {
    const schoolUnitId = [...facts.schoolUnitIds][0];
    return schoolUnitId ? periodOf(await this.templates.findTemplate(schoolUnitId), now) : null;
  }

  /** Starts the plan of the current period for a pupil: the mentor. */
  async createPlan(actor: Actor, pupilId: string, now = new Date()): Promise<PlanView> {
    const facts = await this.requirePupil(actor, pupilId, 'plan.mentor.write');
    const schoolUnitId = [...facts.schoolUnitIds][0];
    if (!schoolUnitId) {
      throw new DomainError(
        ErrorCode.InvalidState,
        'Eleven är inte inskriven på någon skolenhet just nu.',
      );
    }
    const template = await this.templates.findTemplate(schoolUnitId);
    const period = periodOf(template, now);
    const id = randomUUID();
    const emails = await this.em.fork().transactional(async (em) => {
      const inserted = await em
        .getKysely<PlansTables>()
        .insertInto('plan')
        .values({
          id,
          pupil_id: pupilId,
          school_unit_id: schoolUnitId,
          period,
          state: 'draft',
          revision: 0,
          draft: jsonb(emptyContent(template)),
          template: jsonb(template),
          created_at: sql<Date>`now()`,
          updated_at: sql<Date>`now()`,
        })
        .onConflict((oc) => oc.columns(['pupil_id', 'period']).doNothing())
        .returning('id')
        .execute();
      if (inserted.length === 0) {
        throw new DomainError(ErrorCode.Conflict, `Eleven har redan en plan för ${period}.`);
      }
      await this.audit.record(em, {
        action: 'plan.created',
        actor: auditActor(actor),
        pupilId,
        targetType: 'plan',
        targetId: id,
      });
      // Those who opted in are told the plan can be prepared (nothing of it is in the e-mail).
      return this.notifications.notifyAboutPupil(em, {
        pupilId,
        kind: 'plan-ready',
        actor: auditActor(actor),
      });
    });
    await this.notifications.dispatch(emails);
    return this.readPlan(actor, id);
  }

  async readPlan(
    actor: Actor,
    planId: string,
    options: { whole?: boolean } = {},
  ): Promise<PlanView> {
    const row = await this.findPlan(planId);
    const facts = row ? await this.directory.findPupilFacts(row.pupilId) : null;
    if (!row || !facts) {
      throw new NotFoundError(PLAN_NOT_FOUND);
    }
    const template = row.template;
    const readsAll = canAccessPupil(actor, 'plan.read', facts);
    const subjects = template.subjects.filter((subject) =>
      canAccessPupil(actor, 'plan.subject.read', facts, subject),
    );
    if (!readsAll && (options.whole === true || subjects.length === 0)) {
      throw refusedPlan('plan.read', planId, facts);
    }
    // The policy has allowed the read: the rest of the plan and the pupil's name at once.
    const [versions, [pupil]] = await Promise.all([
      this.em
        .fork()
        .getKysely<PlansTables>()
        .selectFrom('plan_version as v')
        .innerJoin(registeredRecords().as('r'), 'r.id', 'v.record_id')
        .select([
          'v.version',
          sql<string>`v.talk_date::text`.as('talk_date'),
          'v.established_at',
          'r.registration_number',
        ])
        .where('v.plan_id', '=', planId)
        .orderBy('v.version')
        .execute(),
      this.directory.findPupilSummaries([facts.pupilId]),
    ]);
    const draft = row.draft ?? null;
    await this.audit.recordNow({
      action: 'plan.read',
      actor: auditActor(actor),
      pupilId: facts.pupilId,
      targetType: 'plan',
      targetId: planId,
      details: readsAll ? {} : { subjects },
    });
    return {
      ...toSummary(row),
      pupilName: pupil ? `${pupil.givenName} ${pupil.familyName}` : '',
      template,
      draft: draft && !readsAll ? subjectsOnly(draft, subjects) : draft,
      versions: versions.map((version) => ({
        version: version.version,
        talkDate: version.talk_date,
        establishedAt: new Date(version.established_at).toISOString(),
        registrationNumber: version.registration_number,
      })),
      canWrite: {
        mentor: canAccessPupil(actor, 'plan.mentor.write', facts),
        selfAssessment: canAccessPupil(actor, 'plan.selfAssessment.write', facts),
        comment: canAccessPupil(actor, 'plan.comment.write', facts),
        subjects: template.subjects.filter((subject) =>
          canAccessPupil(actor, 'plan.assessment.write', facts, subject),
        ),
      },
      isPartial: !readsAll,
    };
  }

  async readVersion(actor: Actor, planId: string, version: number): Promise<VersionView> {
    const row = await this.findPlan(planId);
    const facts = row ? await this.directory.findPupilFacts(row.pupilId) : null;
    if (!row || !facts || !Number.isInteger(version)) {
      throw new NotFoundError(PLAN_NOT_FOUND);
    }
    if (!canAccessPupil(actor, 'plan.read', facts)) {
      throw refusedPlan('plan.read', planId, facts);
    }
    const found = await this.em
      .fork()
      .getKysely<PlansTables>()
      .selectFrom('plan_version as v')
      .innerJoin(registeredRecords().as('r'), 'r.id', 'v.record_id')
      .select([
        'v.content',
        'v.template',
        sql<string>`v.talk_date::text`.as('talk_day'),
        'v.established_at',
        'r.registration_number',
      ])
      .where('v.plan_id', '=', planId)
      .where('v.version', '=', version)
      .executeTakeFirst();
    if (!found) {
      throw new NotFoundError('Versionen finns inte.');
    }
    const previous =
      version > 1
        ? await this.em
            .fork()
            .findOne(PlanVersion, { planId, version: version - 1 }, { fields: ['content'] })
        : null;
    await this.audit.recordNow({
      action: 'plan.version.read',
      actor: auditActor(actor),
      pupilId: facts.pupilId,
      targetType: 'plan_version',
      targetId: `${planId}:${version}`,
    });
    return {
      changes: previous ? diffVersions(previous.content, found.content) : null,
      planId,
      version,
      content: found.content,
      template: found.template,
      talkDate: found.talk_day,
      establishedAt: new Date(found.established_at).toISOString(),
      registrationNumber: found.registration_number,
    };
  }

  /** Saves one part of the draft (`writePart`) and answers the plan as it is now (the API). */
  async savePart(
    actor: Actor,
    planId: string,
    change: PlanPartChange,
    revision: number,
    options: { acknowledgeWarnings?: boolean } = {},
  ): Promise<PlanView> {
    await this.writePart(actor, planId, change, revision, options);
    return this.readPlan(actor, planId);
  }

  /**
   * Saves one part of the draft, if this person may write it and nobody has saved since the
   * revision they started from; answers the new revision. Everything is read and checked
   * first, without a lock; then one statement writes the draft only if the row still has the
   * revision that was read (optimistic locking: a save in between makes it write nothing,
   * and the caller is told the plan changed, as the lock's waiter was) and adds the audit
   * entry in the same statement, which is its own transaction: no lock is held across a round
   * trip to this process, and no save waits for another's (the entry is linked into the audit
   * chain after it commits, AuditLinker).
   */
  async writePart(
    actor: Actor,
    planId: string,
    change: PlanPartChange,
    revision: number,
    options: { acknowledgeWarnings?: boolean } = {},
  ): Promise<number> {
    const { row, facts } = await this.findPlanToChange(actor, planId);
    const { action, subject } = partAction(change);
    if (!canAccessPupil(actor, action, facts, subject)) {
      // They may see the plan (or not): either way, this part is not theirs to write.
      throw canAccessPupil(actor, 'plan.subject.read', facts, subject)
        ? new DomainError(ErrorCode.Forbidden, 'Du kan inte ändra den här delen av planen.')
        : refusedPlan(action, planId, facts);
    }
    refuseTransition(row, { type: 'save', revision });
    const before = requireDraft(row);
    const content = applyPart(before, row.template, change, {
      guardianId: actor.personId,
      now: new Date(),
    });
    refuseHiddenCharacters(before, content, row.template);
    const acceptedWarnings = guardFreeText(
      before,
      content,
      row.template,
      await this.directory.findGuardContext(row.pupil_id),
      options.acknowledgeWarnings === true,
    );
    const event = {
      action: acceptedWarnings.length > 0 ? 'plan.part.saved_with_warnings' : 'plan.part.saved',
      actor: auditActor(actor),
      pupilId: facts.pupilId,
      targetType: 'plan',
      targetId: planId,
      details: {
        part: change.part,
        ...(acceptedWarnings.length > 0 ? { warnings: acceptedWarnings.join(',') } : {}),
      },
    };
    const write = (db: Kysely<PlansTables>) =>
      db
        .with('saved', (db) =>
          db
            .updateTable('plan')
            .set((eb) => ({
              draft: jsonb(content),
              revision: eb('revision', '+', 1),
              updated_at: sql<Date>`now()`,
            }))
            .where('id', '=', planId)
            .where('state', '=', 'draft')
            .where('revision', '=', row.revision)
            .returning('revision'),
        )
        .selectFrom('saved')
        // In the select over the changed row: appended exactly when the draft was written.
        .select(['saved.revision', this.audit.appendCall(event).as('audit_entry_id')])
        .executeTakeFirst();
    if (change.part !== 'commentAnswer') {
      const saved = await write(this.em.fork().getKysely<PlansTables>());
      if (!saved) {
        throw await this.changedMeanwhile(planId, revision);
      }
      return saved.revision;
    }
    // An answer (rare) tells the guardian who wrote the comment, in the answer's transaction.
    const commenter = before.guardianComments[change.comment]?.guardianId;
    const isNewText =
      before.guardianComments[change.comment]?.answer?.text !==
      content.guardianComments[change.comment]?.answer?.text;
    const { saved, emails } = await this.em.fork().transactional(async (em) => {
      const written = await write(em.getKysely<PlansTables>());
      return {
        saved: written,
        emails:
          written && commenter && isNewText
            ? await this.notifications.notifyAboutPupil(em, {
                pupilId: facts.pupilId,
                kind: 'comment-answered',
                actor: auditActor(actor),
                guardianIds: [commenter],
                includePupil: false,
              })
            : [],
      };
    });
    if (!saved) {
      throw await this.changedMeanwhile(planId, revision);
    }
    await this.notifications.dispatch(emails);
    return saved.revision;
  }

  /** Establishes the draft (`establishDraft`) and answers the plan as it is now (the API). */
  async establishPlan(actor: Actor, planId: string, input: EstablishInput): Promise<PlanView> {
    await this.establishDraft(actor, planId, input);
    return this.readPlan(actor, planId);
  }

  /**
   * The mentor records that the talk was held: the draft becomes an immutable, registered
   * version, with the sekretessmarkering the mentor chose (set by them, today), if any.
   * Read and checked first without a lock; the transaction then changes the plan row only if
   * it still has the revision read (else it writes nothing and the mentor is told), takes the
   * notifications, then in one statement takes the registration number, inserts the record
   * and the version and adds the audit entry: the sequence row, which every establishment in
   * the municipality waits for, is held from that statement to commit.
   */
  async establishDraft(actor: Actor, planId: string, input: EstablishInput): Promise<void> {
    const { row, facts } = await this.findPlanToChange(actor, planId);
    this.requireMentor(actor, planId, facts);
    refuseTransition(row, { type: 'save', revision: input.revision });
    const content = requireDraft(row);
    const now = new Date();
    // A talk booked for a later day has not been held yet.
    const event = {
      type: 'establish',
      revision: input.revision,
      talkDate: isTalkHeld(content.talk.date, now) ? content.talk.date : null,
    } as const;
    const result = transition(lifecycleOf(row), event);
    if (!result.ok) {
      throw new DomainError(ErrorCode.InvalidState, REFUSAL_MESSAGES[result.reason]);
    }
    const version = result.newVersion!;
    const marking = checkMarking(
      {
        provision: input.confidentialityMarking,
        reviewOn: input.confidentialityReviewOn,
      },
      stockholmToday(now),
      { provision: 'confidentialityMarking', reviewOn: 'confidentialityReviewOn' },
    );
    const leftSchoolOn = await this.schoolLeaving.findLeavingDate(this.em.fork(), facts.pupilId);
    const emails = await this.em.fork().transactional(async (em) => {
      const db = em.getKysely<PlansTables>();
      const changed = await db
        .updateTable('plan')
        .set((eb) => ({
          state: 'established',
          established_version: version,
          draft: null,
          revision: eb('revision', '+', 1),
          updated_at: sql<Date>`now()`,
        }))
        .where('id', '=', planId)
        .where('state', '=', 'draft')
        .where('revision', '=', row.revision)
        .returning('id')
        .executeTakeFirst();
      if (!changed) {
        throw await this.changedMeanwhile(planId, input.revision);
      }
      // Before the number is taken: what follows holds the year's sequence row until commit.
      const emails = await this.notifications.notifyAboutPupil(em, {
        pupilId: facts.pupilId,
        kind: 'plan-established',
        actor: auditActor(actor),
      });
      // One statement takes the registration number, registers the record, inserts the version
      // and adds the audit entry: the sequence row, which every establishment in the
      // municipality waits for, is held from there to commit only.
      await db
        .with('next_number', () =>
          this.records.takeRegistrationNumber(em.getKysely<RecordsTables>(), 'IUP', now),
        )
        .with('record', () =>
          this.records.insertRecord(
            em.getKysely<NumberedTables>(),
            {
              series: 'IUP',
              title: `Individuell utvecklingsplan ${row.period}, version ${version}`,
              pupilId: facts.pupilId,
              schoolUnitId: row.school_unit_id,
              documentDate: content.talk.date!,
              confidentialityMarking: marking && { ...marking, markedByAccountId: actor.accountId },
              leftSchoolOn,
            },
            now,
          ),
        )
        .with('version', (inner) =>
          inner
            .insertInto('plan_version')
            .columns([
              'plan_id',
              'version',
              'content',
              'template',
              'talk_date',
              'established_at',
              'established_by_account_id',
              'record_id',
            ])
            .expression((eb) =>
              eb
                .selectFrom('record')
                .select([
                  eb.val(planId).as('plan_id'),
                  eb.val(version).as('version'),
                  jsonb(content).as('content'),
                  jsonb(row.template).as('template'),
                  eb.val(content.talk.date!).as('talk_date'),
                  eb.val(now).as('established_at'),
                  eb.val(actor.accountId).as('established_by_account_id'),
                  'record.id',
                ]),
            )
            .returning('plan_id'),
        )
        .selectFrom(['version', 'record'])
        .select(
          this.audit
            .appendCall(
              {
                action: 'plan.established',
                actor: auditActor(actor),
                pupilId: facts.pupilId,
                targetType: 'plan',
                targetId: planId,
                details: {
                  version,
                  ...(marking ? { confidentialityMarking: marking.provision } : {}),
                  ...(marking?.reviewOn ? { confidentialityReviewOn: marking.reviewOn } : {}),
                },
              },
              { registrationNumber: sql.ref('record.registration_number') },
            )
            .as('audit_entry_id'),
        )
        .executeTakeFirstOrThrow();
      return emails;
    });
    await this.notifications.dispatch(emails);
  }

  /**
   * The draft as it would be established, for the mentor's confirmation page: only the mentor
   * (others are told "not found", as establishing answers them), and only a draft. Read and
   * audited as any read of the plan.
   */
  async readPlanToEstablish(
    actor: Actor,
    planId: string,
    marking: { confidentialityMarking: string | null; confidentialityReviewOn: string | null },
  ): Promise<PlanView> {
    const row = await this.findPlan(planId);
    const facts = row ? await this.directory.findPupilFacts(row.pupilId) : null;
    if (!row || !facts) {
      throw new NotFoundError(PLAN_NOT_FOUND);
    }
    this.requireMentor(actor, planId, facts);
    // A marking establishing would refuse is told now, on the plan, not after confirming.
    checkMarking(
      { provision: marking.confidentialityMarking, reviewOn: marking.confidentialityReviewOn },
      stockholmToday(new Date()),
      { provision: 'confidentialityMarking', reviewOn: 'confidentialityReviewOn' },
    );
    const plan = await this.readPlan(actor, planId, { whole: true });
    if (plan.state !== 'draft' || !plan.draft) {
      throw new DomainError(ErrorCode.InvalidState, 'Planen är redan fastställd.');
    }
    return plan;
  }

  /**
   * The draft for the stranger's view (what an anonymous requester would most likely receive,
   * shown to the mentor before establishing): only the mentor (others are told "not found"),
   * only a draft. Read and audited as any read of the plan.
   */
  async readDraftAsMentor(
    actor: Actor,
    planId: string,
  ): Promise<{ plan: PlanView; schoolUnitName: string }> {
    const row = await this.findPlan(planId);
    const facts = row ? await this.directory.findPupilFacts(row.pupilId) : null;
    if (!row || !facts) {
      throw new NotFoundError(PLAN_NOT_FOUND);
    }
    this.requireMentor(actor, planId, facts);
    const plan = await this.readPlan(actor, planId, { whole: true });
    if (plan.state !== 'draft' || !plan.draft) {
      throw new DomainError(
        ErrorCode.InvalidState,
        'Planen är fastställd och redan en allmän handling. Öppna ett nytt utkast för att se hur nästa version kan se ut.',
      );
    }
    const [unit] = await this.directory.findSchoolUnits([row.schoolUnitId]);
    return { plan, schoolUnitName: unit?.name ?? '' };
  }

  /** Opens the next version's draft of an established plan: the mentor. */
  async openNextDraft(actor: Actor, planId: string): Promise<PlanView> {
    let emails: string[] = [];
    await this.changePlan(
      actor,
      planId,
      { type: 'reopen' },
      (facts) => this.requireMentor(actor, planId, facts),
      async (em, row) => {
        const db = em.getKysely<PlansTables>();
        const latest = await db
          .selectFrom('plan_version')
          .select('content')
          .where('plan_id', '=', planId)
          .orderBy('version', 'desc')
          .limit(1)
          .executeTakeFirstOrThrow();
        await db
          .updateTable('plan')
          .set({ state: 'draft', draft: jsonb(nextDraftContent(latest.content)) })
          .where('id', '=', planId)
          .execute();
        emails = await this.notifications.notifyAboutPupil(em, {
          pupilId: row.pupil_id,
          kind: 'plan-ready',
          actor: auditActor(actor),
        });
        return { action: 'plan.draft.opened', details: {} };
      },
    );
    await this.notifications.dispatch(emails);
    return this.readPlan(actor, planId);
  }

  /**
   * A booked development talk's day as the talk date of the pupil's current plan (the talks
   * module, in its transaction, after the booking changed): only a draft is changed, never an
   * established plan; without a draft nothing is written (the mentor's talk page shows the
   * booking, and the date is written at the next booking change once a draft exists). The row
   * is locked and its revision bumped, so a mentor's save from before is told the plan changed
   * rather than writing the old date back; audited as `plan.talk_date.booked`.
   */
  async applyBookedTalkDate(
    em: EntityManager,
    input: {
      readonly actor: Actor;
      readonly pupilId: string;
      /** The day of the pupil's earliest booked talk after the change; null when none is left. */
      readonly booked: string | null;
      /** The same before the change. */
      readonly previousBooked: string | null;
    },
  ): Promise<'written' | 'unchanged' | 'no_draft'> {
    const db = em.getKysely<PlansTables>();
    const row = await db
      .selectFrom('plan')
      .select(['id', 'state', 'draft', 'revision'])
      .where('pupil_id', '=', input.pupilId)
      .orderBy('period', 'desc')
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
    if (!row || row.state !== 'draft' || !row.draft) {
      return 'no_draft';
    }
    const date = bookedTalkDate(row.draft.talk.date, input.previousBooked, input.booked);
    if (date === row.draft.talk.date) {
      return 'unchanged';
    }
    const content: PlanContent = { ...row.draft, talk: { ...row.draft.talk, date } };
    await db
      .updateTable('plan')
      .set((eb) => ({
        draft: jsonb(content),
        revision: eb('revision', '+', 1),
        updated_at: sql<Date>`now()`,
      }))
      .where('id', '=', row.id)
      .execute();
    await this.audit.record(em, {
      action: 'plan.talk_date.booked',
      actor: auditActor(input.actor),
      pupilId: input.pupilId,
      targetType: 'plan',
      targetId: row.id,
      details: { cleared: date === null },
    });
    return 'written';
  }

  /** Establishing and reopening are the mentor's: for anyone else the plan is not found. */
  private requireMentor(actor: Actor, planId: string, facts: PupilFacts): void {
    if (!canAccessPupil(actor, 'plan.mentor.write', facts)) {
      throw refusedPlan('plan.mentor.write', planId, facts);
    }
  }

  /**
   * One change to a plan in one transaction: lock the row, check the
   * caller's right to this change (`permit` throws), then the lifecycle
   * (state and revision), apply, bump the revision, audit. Rights come
   * before state, so a caller who may never make the change is not told
   * what state the plan is in. Opening the next draft (rare) still takes this
   * path; saves and establishing, which every mentor does at the start of a
   * term, read first and write with the revision checked (`writePart`,
   * `establishDraft`), in that same order of checks.
   */
  private async changePlan(
    actor: Actor,
    planId: string,
    event: PlanEvent,
    permit: (facts: PupilFacts) => void,
    apply: (
      em: EntityManager,
      row: PlanRow,
      facts: PupilFacts,
      lifecycle: PlanLifecycle,
    ) => Promise<{
      action: string;
      details: Record<string, string | number>;
      lifecycle?: PlanLifecycle;
    }>,
  ): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      const db = em.getKysely<PlansTables>();
      const row = isUuid(planId)
        ? await db
            .selectFrom('plan')
            .selectAll()
            .where('id', '=', planId)
            .forUpdate()
            .executeTakeFirst()
        : undefined;
      // On the transaction's own connection: the row is locked now.
      const facts = row ? await this.directory.findPupilFacts(row.pupil_id, em) : null;
      if (!row || !facts) {
        throw new NotFoundError(PLAN_NOT_FOUND);
      }
      if (!canAccessPupil(actor, 'plan.subject.read', facts)) {
        throw refusedPlan('plan.subject.read', planId, facts);
      }
      permit(facts);
      const lifecycle = lifecycleOf(row);
      refuseTransition(row, event);
      const outcome = await apply(em, row, facts, lifecycle);
      const nextState =
        outcome.lifecycle?.state ?? (event.type === 'reopen' ? 'draft' : lifecycle.state);
      await db
        .updateTable('plan')
        .set((eb) => ({
          revision: eb('revision', '+', 1),
          state: nextState,
          updated_at: sql<Date>`now()`,
        }))
        .where('id', '=', planId)
        .execute();
      await this.audit.record(em, {
        action: outcome.action,
        actor: auditActor(actor),
        pupilId: facts.pupilId,
        targetType: 'plan',
        targetId: planId,
        details: outcome.details,
      });
    });
  }

  /**
   * The plan row and its pupil's facts, for a change: "not found" unless the policy lets the
   * caller see the plan. Read without a lock; the change's write checks the revision again.
   */
  private async findPlanToChange(
    actor: Actor,
    planId: string,
  ): Promise<{ row: PlanRow; facts: PupilFacts }> {
    // One statement: the plan with its pupil's facts for the policy (none: not found).
    const found = isUuid(planId)
      ? await this.em
          .fork()
          .getKysely<PlansTables>()
          .selectFrom('plan')
          .innerJoin(pupilFacts().as('pf'), 'pf.id', 'plan.pupil_id')
          .selectAll('plan')
          .select(['pf.school_unit_ids', 'pf.group_ids'])
          .where('plan.id', '=', planId)
          .executeTakeFirst()
      : undefined;
    if (!found) {
      throw new NotFoundError(PLAN_NOT_FOUND);
    }
    const { school_unit_ids, group_ids, ...row } = found;
    const facts = toPupilFacts({ id: row.pupil_id, school_unit_ids, group_ids });
    if (!canAccessPupil(actor, 'plan.subject.read', facts)) {
      throw refusedPlan('plan.subject.read', planId, facts);
    }
    return { row, facts };
  }

  /**
   * Why a write that found the row changed since it was read wrote nothing: the plan is gone,
   * is no longer a draft, or has a newer revision — told as the lock's waiter was told.
   */
  private async changedMeanwhile(planId: string, revision: number): Promise<DomainError> {
    const now = await this.em
      .fork()
      .getKysely<PlansTables>()
      .selectFrom('plan')
      .select(['state', 'established_version', 'revision'])
      .where('id', '=', planId)
      .executeTakeFirst();
    if (!now) {
      return new NotFoundError(PLAN_NOT_FOUND);
    }
    const result = transition(lifecycleOf(now), { type: 'save', revision });
    const reason = result.ok ? 'stale_revision' : result.reason;
    return new DomainError(
      reason === 'stale_revision' ? ErrorCode.Conflict : ErrorCode.InvalidState,
      REFUSAL_MESSAGES[reason],
    );
  }

  private async requirePupil(
    actor: Actor,
    pupilId: string,
    action: 'plan.subject.read' | 'plan.mentor.write',
  ): Promise<PupilFacts> {
    const facts = await this.directory.findPupilFacts(pupilId);
    if (!facts) {
      throw new NotFoundError(PUPIL_NOT_FOUND);
    }
    if (!canAccessPupil(actor, action, facts)) {
      throw new AccessRefusedError(PUPIL_NOT_FOUND, {
        action,
        targetType: 'pupil',
        targetId: facts.pupilId,
        pupilId: facts.pupilId,
      });
    }
    return facts;
  }

  private async findPlan(planId: string): Promise<Plan | null> {
    return isUuid(planId) ? this.em.fork().findOne(Plan, planId) : null;
  }
}

/** The draft a save or an establishment works on; the lifecycle has already refused a plan without one. */
const PUPIL_NOT_FOUND = 'Eleven finns inte, eller så har du inte tillgång till eleven.';

/** The policy refused this plan: answered as a plan that does not exist, recorded as a security event. */
function refusedPlan(action: string, planId: string, facts: PupilFacts): AccessRefusedError {
  return new AccessRefusedError(PLAN_NOT_FOUND, {
    action,
    targetType: 'plan',
    targetId: planId,
    pupilId: facts.pupilId,
  });
}

function requireDraft(row: PlanRow): PlanContent {
  if (!row.draft) {
    throw new DomainError(ErrorCode.InvalidState, REFUSAL_MESSAGES.not_a_draft);
  }
  return row.draft;
}

function lifecycleOf(
  row: Pick<PlanRow, 'state' | 'established_version' | 'revision'>,
): PlanLifecycle {
  return { state: row.state, establishedVersion: row.established_version, revision: row.revision };
}

/** Refuses an event the plan's lifecycle does not allow now: a stale revision is a conflict. */
function refuseTransition(row: PlanRow, event: PlanEvent): void {
  const result = transition(lifecycleOf(row), event);
  if (!result.ok) {
    throw new DomainError(
      result.reason === 'stale_revision' ? ErrorCode.Conflict : ErrorCode.InvalidState,
      REFUSAL_MESSAGES[result.reason],
    );
  }
}
