import { randomUUID } from 'node:crypto';

import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import { AuditService } from '../audit/audit.service';
import { canAccessPupil } from '../auth/access-policy';
import { auditActor } from '../auth/actor';
import type { Actor, PupilFacts } from '../auth/actor';
import { DomainError, ErrorCode, NotFoundError } from '../common/errors/domain-error';
import { uuidArray } from '../common/stockholm';
import { isUuid } from '../common/uuid';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DirectoryQueries } from '../directory/directory.queries';
import { RecordsService } from '../records/records.service';
import { emptyContent, nextDraftContent, PlanContent } from './plan-content';
import { diffVersions } from './plan-diff';
import { guardFreeText } from './plan-free-text';
import {
  REFUSAL_MESSAGES,
  transition,
  PlanEvent,
  PlanLifecycle,
  PlanState,
} from './plan-lifecycle';
import type { PlanPartChange } from './plan-parts';
import { applyPart, isTalkHeld, partAction } from './plan-parts';
import { renderPlanPdf } from './plan-pdf';
import { periodOf, PlanTemplate } from './plan-template';
import { PlanTemplatesService } from './plan-templates.service';
import {
  LatestPlan,
  PLAN_NOT_FOUND,
  PlanSummary,
  PlanView,
  subjectsOnly,
  toSummary,
  VersionView,
} from './plan-views';

type Row = Record<string, unknown>;

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
    private readonly records: RecordsService,
    private readonly audit: AuditService,
    private readonly templates: PlanTemplatesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async listPlans(actor: Actor, pupilId: string, requestId: string | null): Promise<PlanSummary[]> {
    const facts = await this.requirePupil(actor, pupilId, 'plan.subject.read');
    const rows = await this.em
      .fork()
      .execute<Row[]>('select * from plan where pupil_id = ? order by period desc', [
        facts.pupilId,
      ]);
    await this.audit.recordNow({
      action: 'plan.list.read',
      actor: auditActor(actor),
      pupilId,
      requestId,
      details: { count: rows.length },
    });
    return rows.map(toSummary);
  }

  /**
   * The newest plan of each pupil, for overviews. Callers have already asked
   * the policy about each pupil (e.g. a guardian's own children).
   */
  async findLatestPlans(pupilIds: readonly string[]): Promise<Map<string, LatestPlan>> {
    if (pupilIds.length === 0) {
      return new Map();
    }
    const rows = await this.em.fork().execute<Row[]>(
      `select distinct on (p.pupil_id) p.pupil_id, p.id, p.period, p.state, p.established_version,
              p.draft #>> '{talk,date}' as planned_talk,
              (select max(v.talk_date)::text from plan_version v where v.plan_id = p.id) as last_talk
         from plan p where p.pupil_id = any(?::uuid[]) order by p.pupil_id, p.period desc`,
      [uuidArray(pupilIds)],
    );
    return new Map(
      rows.map((row) => [
        String(row.pupil_id),
        {
          planId: String(row.id),
          period: String(row.period),
          state: row.state as PlanState,
          establishedVersion: Number(row.established_version),
          lastTalk: (row.last_talk as string | null) ?? null,
          plannedTalk: (row.planned_talk as string | null) ?? null,
        },
      ]),
    );
  }

  /**
   * For overviews: which of these pupils' plans this person may read, and the
   * newest plan of each of those.
   */
  async findPlanOverview(
    actor: Actor,
    pupilIds: readonly string[],
  ): Promise<{ readable: Set<string>; latest: Map<string, LatestPlan> }> {
    const facts = await this.directory.findPupilFactsMany(pupilIds);
    const readable = new Set(
      [...facts.values()]
        .filter((pupil) => canAccessPupil(actor, 'plan.subject.read', pupil))
        .map((pupil) => pupil.pupilId),
    );
    return { readable, latest: await this.findLatestPlans([...readable]) };
  }

  /** For a pupil's page: their plans if this person may see them, and whether they may start one. */
  async findPlansOverview(
    actor: Actor,
    pupilId: string,
    requestId: string | null,
  ): Promise<{ visible: boolean; plans: PlanSummary[]; canStart: boolean }> {
    const facts = await this.directory.findPupilFacts(pupilId);
    if (!facts || !canAccessPupil(actor, 'plan.subject.read', facts)) {
      return { visible: false, plans: [], canStart: false };
    }
    return {
      visible: true,
      plans: await this.listPlans(actor, pupilId, requestId),
      canStart: canAccessPupil(actor, 'plan.mentor.write', facts),
    };
  }

  /** The plan as a PDF for the talk: a version, or the current draft (else the newest version). */
  async renderPdf(
    actor: Actor,
    planId: string,
    version: number | null,
    requestId: string | null,
  ): Promise<Uint8Array> {
    // The whole plan or nothing: a teacher's subjects-only read is refused before it is audited.
    const plan = await this.readPlan(actor, planId, requestId, { whole: true });
    const wanted = version ?? (plan.draft ? null : plan.establishedVersion);
    const chosen =
      wanted === null ? null : await this.readVersion(actor, planId, wanted, requestId);
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
      requestId,
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

  /** Starts the plan of the current period for a pupil: the mentor. */
  async createPlan(
    actor: Actor,
    pupilId: string,
    requestId: string | null,
    now = new Date(),
  ): Promise<PlanView> {
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
    await this.em.fork().transactional(async (em) => {
      const inserted = await em.execute<Row[]>(
        `insert into plan (id, pupil_id, school_unit_id, period, state, revision, draft, template, created_at, updated_at)
         values (?, ?, ?, ?, 'draft', 0, ?::jsonb, ?::jsonb, now(), now())
         on conflict (pupil_id, period) do nothing returning id`,
        [
          id,
          pupilId,
          schoolUnitId,
          period,
          JSON.stringify(emptyContent(template)),
          JSON.stringify(template),
        ],
      );
      if (inserted.length === 0) {
        throw new DomainError(ErrorCode.Conflict, `Eleven har redan en plan för ${period}.`);
      }
      await this.audit.record(em, {
        action: 'plan.created',
        actor: auditActor(actor),
        pupilId,
        targetType: 'plan',
        targetId: id,
        requestId,
      });
    });
    return this.readPlan(actor, id, requestId);
  }

  async readPlan(
    actor: Actor,
    planId: string,
    requestId: string | null,
    options: { whole?: boolean } = {},
  ): Promise<PlanView> {
    const row = await this.findPlanRow(planId);
    const facts = row ? await this.directory.findPupilFacts(String(row.pupil_id)) : null;
    if (!row || !facts) {
      throw new NotFoundError(PLAN_NOT_FOUND);
    }
    const template = row.template as PlanTemplate;
    const readsAll = canAccessPupil(actor, 'plan.read', facts);
    const subjects = template.subjects.filter((subject) =>
      canAccessPupil(actor, 'plan.subject.read', facts, subject),
    );
    if (!readsAll && (options.whole === true || subjects.length === 0)) {
      throw new NotFoundError(PLAN_NOT_FOUND);
    }
    const versions = await this.em.fork().execute<Row[]>(
      `select v.version, v.talk_date::text as talk_date, v.established_at, r.registration_number
         from plan_version v join public_record r on r.id = v.record_id where v.plan_id = ? order by v.version`,
      [planId],
    );
    const draft = (row.draft as PlanContent | null) ?? null;
    const [pupil] = await this.directory.findPupilSummaries([facts.pupilId]);
    await this.audit.recordNow({
      action: 'plan.read',
      actor: auditActor(actor),
      pupilId: facts.pupilId,
      targetType: 'plan',
      targetId: planId,
      requestId,
      details: readsAll ? {} : { subjects },
    });
    return {
      ...toSummary(row),
      pupilName: pupil ? `${pupil.givenName} ${pupil.familyName}` : '',
      template,
      draft: draft && !readsAll ? subjectsOnly(draft, subjects) : draft,
      versions: versions.map((version) => ({
        version: Number(version.version),
        talkDate: String(version.talk_date),
        establishedAt: new Date(version.established_at as string | Date).toISOString(),
        registrationNumber: String(version.registration_number),
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

  async readVersion(
    actor: Actor,
    planId: string,
    version: number,
    requestId: string | null,
  ): Promise<VersionView> {
    const row = await this.findPlanRow(planId);
    const facts = row ? await this.directory.findPupilFacts(String(row.pupil_id)) : null;
    if (
      !row ||
      !facts ||
      !canAccessPupil(actor, 'plan.read', facts) ||
      !Number.isInteger(version)
    ) {
      throw new NotFoundError(PLAN_NOT_FOUND);
    }
    const [found] = await this.em.fork().execute<Row[]>(
      `select v.*, v.talk_date::text as talk_day, r.registration_number from plan_version v
         join public_record r on r.id = v.record_id where v.plan_id = ? and v.version = ?`,
      [planId, version],
    );
    if (!found) {
      throw new NotFoundError('Versionen finns inte.');
    }
    const [previous] =
      version > 1
        ? await this.em
            .fork()
            .execute<Row[]>('select content from plan_version where plan_id = ? and version = ?', [
              planId,
              version - 1,
            ])
        : [];
    await this.audit.recordNow({
      action: 'plan.version.read',
      actor: auditActor(actor),
      pupilId: facts.pupilId,
      targetType: 'plan_version',
      targetId: `${planId}:${version}`,
      requestId,
    });
    return {
      changes: previous
        ? diffVersions(previous.content as PlanContent, found.content as PlanContent)
        : null,
      planId,
      version,
      content: found.content as PlanContent,
      template: found.template as PlanTemplate,
      talkDate: String(found.talk_day),
      establishedAt: new Date(found.established_at as string | Date).toISOString(),
      registrationNumber: String(found.registration_number),
    };
  }

  /**
   * Saves one part of the draft, if this person may write it and nobody has
   * saved since the revision they started from.
   */
  async savePart(
    actor: Actor,
    planId: string,
    change: PlanPartChange,
    revision: number,
    requestId: string | null,
    options: { acknowledgeWarnings?: boolean } = {},
  ): Promise<PlanView> {
    await this.changePlan(
      actor,
      planId,
      { type: 'save', revision },
      requestId,
      (facts) => {
        const { action, subject } = partAction(change);
        if (!canAccessPupil(actor, action, facts, subject)) {
          // They may see the plan (or not): either way, this part is not theirs to write.
          throw canAccessPupil(actor, 'plan.subject.read', facts, subject)
            ? new DomainError(ErrorCode.Forbidden, 'Du kan inte ändra den här delen av planen.')
            : new NotFoundError(PLAN_NOT_FOUND);
        }
      },
      async (em, row) => {
        const before = row.draft as PlanContent;
        const content = applyPart(before, row.template as PlanTemplate, change, {
          guardianId: actor.personId,
          now: new Date(),
        });
        const acceptedWarnings = guardFreeText(
          before,
          content,
          options.acknowledgeWarnings === true,
        );
        await em.execute('update plan set draft = ?::jsonb where id = ?', [
          JSON.stringify(content),
          planId,
        ]);
        return {
          action: acceptedWarnings.length > 0 ? 'plan.part.saved_with_warnings' : 'plan.part.saved',
          details: {
            part: change.part,
            ...(acceptedWarnings.length > 0 ? { warnings: acceptedWarnings.join(',') } : {}),
          },
        };
      },
    );
    return this.readPlan(actor, planId, requestId);
  }

  /** The mentor records that the talk was held: the draft becomes an immutable, registered version. */
  async establishPlan(
    actor: Actor,
    planId: string,
    input: { revision: number; confidentialityMarking: string | null },
    requestId: string | null,
  ): Promise<PlanView> {
    await this.changePlan(
      actor,
      planId,
      { type: 'establish', revision: input.revision, talkDate: null },
      requestId,
      (facts) => this.requireMentor(actor, facts),
      async (em, row, facts, lifecycle) => {
        const content = row.draft as PlanContent;
        // A talk booked for a later day has not been held yet.
        const result = transition(lifecycle, {
          type: 'establish',
          revision: input.revision,
          talkDate: isTalkHeld(content.talk.date, new Date()) ? content.talk.date : null,
        });
        if (!result.ok) {
          throw new DomainError(ErrorCode.InvalidState, REFUSAL_MESSAGES[result.reason]);
        }
        const version = result.newVersion!;
        const now = new Date();
        const record = await this.records.registerRecord(
          em,
          {
            series: 'IUP',
            title: `Individuell utvecklingsplan ${String(row.period)}, version ${version}`,
            pupilId: facts.pupilId,
            schoolUnitId: String(row.school_unit_id),
            documentDate: content.talk.date!,
            confidentialityMarking: input.confidentialityMarking,
          },
          now,
        );
        await em.execute(
          `insert into plan_version (plan_id, version, content, template, talk_date, established_at,
             established_by_account_id, record_id) values (?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?)`,
          [
            planId,
            version,
            JSON.stringify(content),
            JSON.stringify(row.template),
            content.talk.date,
            now,
            actor.accountId,
            record.id,
          ],
        );
        await em.execute(
          `update plan set state = 'established', established_version = ?, draft = null where id = ?`,
          [version, planId],
        );
        return {
          action: 'plan.established',
          details: { version, registrationNumber: record.registrationNumber },
          lifecycle: result.next,
        };
      },
    );
    return this.readPlan(actor, planId, requestId);
  }

  /** Opens the next version's draft of an established plan: the mentor. */
  async openNextDraft(actor: Actor, planId: string, requestId: string | null): Promise<PlanView> {
    await this.changePlan(
      actor,
      planId,
      { type: 'reopen' },
      requestId,
      (facts) => this.requireMentor(actor, facts),
      async (em) => {
        const [latest] = await em.execute<Row[]>(
          'select content from plan_version where plan_id = ? order by version desc limit 1',
          [planId],
        );
        await em.execute(`update plan set state = 'draft', draft = ?::jsonb where id = ?`, [
          JSON.stringify(nextDraftContent(latest?.content as PlanContent)),
          planId,
        ]);
        return { action: 'plan.draft.opened', details: {} };
      },
    );
    return this.readPlan(actor, planId, requestId);
  }

  /** Establishing and reopening are the mentor's: for anyone else the plan is not found. */
  private requireMentor(actor: Actor, facts: PupilFacts): void {
    if (!canAccessPupil(actor, 'plan.mentor.write', facts)) {
      throw new NotFoundError(PLAN_NOT_FOUND);
    }
  }

  /**
   * One change to a plan in one transaction: lock the row, check the
   * caller's right to this change (`permit` throws), then the lifecycle
   * (state and revision), apply, bump the revision, audit. Rights come
   * before state, so a caller who may never make the change is not told
   * what state the plan is in.
   */
  private async changePlan(
    actor: Actor,
    planId: string,
    event: PlanEvent,
    requestId: string | null,
    permit: (facts: PupilFacts) => void,
    apply: (
      em: EntityManager,
      row: Row,
      facts: PupilFacts,
      lifecycle: PlanLifecycle,
    ) => Promise<{
      action: string;
      details: Record<string, string | number>;
      lifecycle?: PlanLifecycle;
    }>,
  ): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      const [row] = isUuid(planId)
        ? await em.execute<Row[]>('select * from plan where id = ? for update', [planId])
        : [];
      // On the transaction's own connection: the row is locked now.
      const facts = row ? await this.directory.findPupilFacts(String(row.pupil_id), em) : null;
      if (!row || !facts || !canAccessPupil(actor, 'plan.subject.read', facts)) {
        throw new NotFoundError(PLAN_NOT_FOUND);
      }
      permit(facts);
      const lifecycle: PlanLifecycle = {
        state: row.state as PlanState,
        establishedVersion: Number(row.established_version),
        revision: Number(row.revision),
      };
      if (event.type !== 'establish') {
        const result = transition(lifecycle, event);
        if (!result.ok) {
          throw new DomainError(
            result.reason === 'stale_revision' ? ErrorCode.Conflict : ErrorCode.InvalidState,
            REFUSAL_MESSAGES[result.reason],
          );
        }
      } else if (event.revision !== lifecycle.revision && lifecycle.state === 'draft') {
        throw new DomainError(ErrorCode.Conflict, REFUSAL_MESSAGES.stale_revision);
      }
      const outcome = await apply(em, row, facts, lifecycle);
      const nextState =
        outcome.lifecycle?.state ?? (event.type === 'reopen' ? 'draft' : lifecycle.state);
      await em.execute(
        'update plan set revision = revision + 1, state = ?, updated_at = now() where id = ?',
        [nextState, planId],
      );
      await this.audit.record(em, {
        action: outcome.action,
        actor: auditActor(actor),
        pupilId: facts.pupilId,
        targetType: 'plan',
        targetId: planId,
        details: outcome.details,
        requestId,
      });
    });
  }

  private async requirePupil(
    actor: Actor,
    pupilId: string,
    action: 'plan.subject.read' | 'plan.mentor.write',
  ): Promise<PupilFacts> {
    const facts = await this.directory.findPupilFacts(pupilId);
    if (!facts || !canAccessPupil(actor, action, facts)) {
      throw new NotFoundError('Eleven finns inte, eller så har du inte tillgång till eleven.');
    }
    return facts;
  }

  private async findPlanRow(planId: string): Promise<Row | undefined> {
    if (!isUuid(planId)) {
      return undefined;
    }
    const [row] = await this.em.fork().execute<Row[]>('select * from plan where id = ?', [planId]);
    return row;
  }
}
