import { randomUUID } from 'node:crypto';
import { setTimeout as rest } from 'node:timers/promises';

import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { expressionBuilder } from 'kysely';

import { AuditService } from '../audit/audit.service';
import { canPerform } from '../auth/access-policy';
import type { Actor } from '../auth/actor';
import { auditActor } from '../auth/actor';
import {
  DomainError,
  ErrorCode,
  NotFoundError,
  ValidationFailedError,
} from '../common/errors/domain-error';
import { stockholmToday } from '../common/stockholm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { isUuid } from '../common/uuid';
import { DirectoryQueries } from '../directory/directory.queries';
import { PlanDisposalQueries } from '../plans/plan-disposal.queries';
import {
  DisposalKey,
  RecordCondition,
  RecordDisposalQueries,
} from '../records/record-disposal.queries';
import { RequestHoldsQueries } from '../requests/request-holds.queries';
import {
  HoldReason,
  horizon,
  requestClosedOn,
  requestDisposalDate,
  RULES,
} from './retention-rules';
import { PeopleDisposalService } from './people-disposal.service';
import type { PeopleDisposalSummary } from './people-disposal.service';
import { RetentionHoldsQueries } from './retention-holds.queries';
import { DisposalLog, RetentionHold } from './retention.entities';
import type { DisposalRule, RetentionTables } from './retention.entities';

export interface DueRecord {
  readonly registrationNumber: string;
  readonly disposalDate: string;
}

/** A record kept past (or near) its date, and why (`views/retention-overview.view.ts` words it). */
export interface HeldRecord {
  readonly registrationNumber: string;
  /** Null while the pupil is still enrolled (held by the archivist all the same). */
  readonly disposalDate: string | null;
  readonly reasons: readonly HoldReason[];
}

export interface DisposalPlan {
  readonly records: number;
  readonly draftPlans: number;
  readonly requests: number;
  /** The first registration numbers that would go (records, then requests). */
  readonly registrationNumbers: readonly string[];
}

/** A record a disposal now would take, as the archivist's confirmation lists it. */
export interface DisposalItem {
  readonly registrationNumber: string;
  /** The record's title: what it is and for which period. */
  readonly title: string;
  /** The pupil's name; null for a pupil with protected identity, who is never named in a list. */
  readonly pupilName: string | null;
}

/** What "dispose of what is due now" would take today, for the archivist to confirm. */
export interface DisposalConfirmation {
  readonly today: string;
  readonly records: { readonly count: number; readonly listed: readonly DisposalItem[] };
  readonly draftPlans: number;
  readonly requests: { readonly count: number; readonly registrationNumbers: readonly string[] };
}

export interface DisposalLogEntry {
  readonly occurredAt: string;
  readonly rule: string;
  readonly counts: Readonly<Record<string, number>>;
  readonly registrationNumbers: readonly string[];
}

export interface RetentionOverview {
  readonly today: string;
  readonly yearsAfterLeaving: number;
  readonly requestYears: number;
  readonly due30: { readonly count: number; readonly first: readonly DueRecord[] };
  readonly due90: { readonly count: number; readonly first: readonly DueRecord[] };
  readonly held: readonly HeldRecord[];
  readonly dryRun: DisposalPlan;
  readonly log: readonly DisposalLogEntry[];
}

export interface DisposalSummary {
  readonly runId: string;
  readonly records: number;
  readonly planVersions: number;
  readonly plans: number;
  readonly requests: number;
  readonly batches: number;
  /** The people whose purpose ended, by kind (people-disposal.service.ts). */
  readonly people: PeopleDisposalSummary;
}

const LIST = 100;
/** How many of what goes the confirmation names; the rest are counted. */
const CONFIRM_LIST = 500;

/**
 * After each batch the run rests as long as the batch took (at most
 * MAX_REST_MS): the database and the event loop serve intake and others in
 * between, whatever the machine's load, at a bounded cost to the run (twice
 * its working time). Resting half as long, intake's p95 during a
 * 100,000-record run was 2.25× idle on a quiet machine
 * (bench/results/disposal.md); the run took 26.5 s of the 60 s allowed.
 */
const MAX_REST_MS = 250;

/**
 * Retention (gallring): plans are disposed of the set years after the pupil
 * left compulsory school, requests and what went out with them the set years
 * after they closed. Nothing under an open request or appeal, and nothing the
 * archivist holds, goes. Disposal deletes for real, in bounded batches (one
 * transaction each: everything of a record or nothing), and logs what went
 * under which rule, by registration number, without personal data.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly records: RecordDisposalQueries,
    private readonly plans: PlanDisposalQueries,
    private readonly requests: RequestHoldsQueries,
    private readonly directory: DirectoryQueries,
    private readonly holds: RetentionHoldsQueries,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly people: PeopleDisposalService,
  ) {}

  /**
   * What a disposal now would take, named: each due record not held (pupil, title with the
   * period, registration number), drafts by count, closed requests by number. Held records are
   * not among them. A pupil with protected identity is listed without a name. The archivist's
   * reading of the pupils' names is audited, by registration number only.
   */
  async disposalToConfirm(
    actor: Actor,
    today = stockholmToday(new Date()),
  ): Promise<DisposalConfirmation> {
    this.requireArchivist(actor);
    const em = this.em.fork();
    const isHeld = this.heldOn(today);
    const dryRun = await this.plan(em, today);
    const due = await this.records.findDueDescribed(em, {
      until: today,
      limit: CONFIRM_LIST,
      isHeld,
    });
    const names = await this.directory.findPupilNames(due.map((record) => record.pupilId));
    const requests = await this.closedRequests(em, today, 10_000, false);
    const listed = due.map((record) => {
      const pupil = names.get(record.pupilId);
      return {
        registrationNumber: record.registrationNumber,
        title: record.title,
        pupilName: pupil && !pupil.hasProtectedIdentity ? pupil.name : null,
      };
    });
    if (listed.length > 0) {
      await this.audit.recordNow({
        action: 'retention.due.read',
        actor: auditActor(actor),
        targetType: 'disposal_run',
        targetId: null,
        details: {
          records: dryRun.records,
          registrationNumbers: listed.map((record) => record.registrationNumber).join(' '),
        },
      });
    }
    return {
      today,
      records: { count: dryRun.records, listed },
      draftPlans: dryRun.draftPlans,
      requests: {
        count: requests.length,
        registrationNumbers: requests.slice(0, CONFIRM_LIST).map((r) => r.registrationNumber),
      },
    };
  }

  /** The archivist's view: what is due in 30 and 90 days, what is held and why, a dry run, the log. */
  async overview(actor: Actor, today = stockholmToday(new Date())): Promise<RetentionOverview> {
    this.requireArchivist(actor);
    const em = this.em.fork();
    const [due30, due90, held, dryRun, log] = [
      await this.dueBy(em, horizon(today, 30)),
      await this.dueBy(em, horizon(today, 90)),
      await this.held(em, horizon(today, 90), today),
      await this.plan(em, today),
      await em.find(DisposalLog, {}, { orderBy: { occurredAt: 'desc' }, limit: 50 }),
    ];
    return {
      today,
      yearsAfterLeaving: this.config.retention.yearsAfterLeaving,
      requestYears: this.config.retention.requestYears,
      due30,
      due90,
      held,
      dryRun,
      log: log.map((entry) => ({
        occurredAt: entry.occurredAt.toISOString(),
        rule: entry.rule,
        counts: entry.counts,
        registrationNumbers: entry.registrationNumbers,
      })),
    };
  }

  /** The archivist holds a record past its date, with the reason. */
  async placeHold(
    actor: Actor,
    input: { registrationNumber: string; reason: string },
  ): Promise<{ id: string }> {
    this.requireArchivist(actor);
    const reason = input.reason.trim();
    const number = input.registrationNumber.trim().toUpperCase();
    const problems = [];
    if (!/^IUP-\d{4}-\d{5}$/.test(number)) {
      problems.push({
        field: 'registrationNumber',
        problems: ['ska vara ett diarienummer för en IUP, till exempel IUP-2026-00012'],
      });
    }
    if (!reason || reason.length > 500) {
      problems.push({ field: 'reason', problems: ['Skriv skälet (högst 500 tecken).'] });
    }
    if (problems.length > 0) {
      throw new ValidationFailedError(problems);
    }
    return this.em.fork().transactional(async (em) => {
      // Locked first: a disposal batch that locked the record before sees the hold after it.
      const record = await this.records.lockByRegistrationNumber(em, number);
      if (!record) {
        throw new ValidationFailedError([
          { field: 'registrationNumber', problems: ['finns inte (den kan redan vara gallrad)'] },
        ]);
      }
      const hold = em.create(RetentionHold, {
        id: randomUUID(),
        recordId: record.id,
        reason,
        placedAt: new Date(),
        placedByAccountId: actor.accountId,
        liftedAt: null,
        liftedByAccountId: null,
        liftReason: null,
      });
      await em.flush();
      await this.audit.record(em, {
        action: 'retention.hold.placed',
        actor: auditActor(actor),
        pupilId: record.pupilId,
        targetType: 'public_record',
        targetId: record.id,
        details: { registrationNumber: number, holdId: hold.id },
      });
      return { id: hold.id };
    });
  }

  /** The hold ends; the record goes at the next disposal if it is due. */
  async liftHold(actor: Actor, holdId: string, input: { reason: string }): Promise<void> {
    this.requireArchivist(actor);
    if (!isUuid(holdId)) {
      throw new NotFoundError('Spärren finns inte.');
    }
    const reason = input.reason.trim();
    if (!reason || reason.length > 500) {
      throw new ValidationFailedError([
        { field: 'reason', problems: ['Skriv varför spärren hävs (högst 500 tecken).'] },
      ]);
    }
    await this.em.fork().transactional(async (em) => {
      const hold = await em.findOne(
        RetentionHold,
        { id: holdId },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      // A hold's record is there while the hold is (deleting a record deletes its holds).
      const record = hold ? await this.records.findForAudit(em, hold.recordId) : undefined;
      if (!hold || !record) {
        throw new NotFoundError('Spärren finns inte.');
      }
      if (hold.liftedAt) {
        throw new DomainError(ErrorCode.Conflict, 'Spärren är redan hävd.');
      }
      hold.liftedAt = new Date();
      hold.liftedByAccountId = actor.accountId;
      hold.liftReason = reason;
      await em.flush();
      await this.audit.record(em, {
        action: 'retention.hold.lifted',
        actor: auditActor(actor),
        pupilId: record.pupilId,
        targetType: 'public_record',
        targetId: hold.recordId,
        details: { registrationNumber: record.registrationNumber, holdId },
      });
    });
  }

  /**
   * Disposes of everything due on `today`: records (with their versions and,
   * when none is left, their plan), plans that never became records, and
   * closed requests past their own retention. Batch by batch; between
   * batches the event loop serves others.
   */
  async dispose(today: string): Promise<DisposalSummary> {
    const runId = randomUUID();
    const totals = { records: 0, planVersions: 0, plans: 0, requests: 0, batches: 0 };
    // Where the run is among the due records: each batch starts after the last one's key.
    let after: DisposalKey | null = null;
    for (const step of [
      async () => {
        const done = await this.disposeRecordBatch(runId, today, after);
        after = done.last ?? after;
        return done;
      },
      () => this.disposeDraftPlanBatch(runId, today),
      () => this.disposeRequestBatch(runId, today),
    ]) {
      for (;;) {
        const started = performance.now();
        const done = await step();
        if (done.found === 0) {
          break;
        }
        if (done.records + done.plans + done.requests > 0) {
          totals.records += done.records;
          totals.planVersions += done.planVersions;
          totals.plans += done.plans;
          totals.requests += done.requests;
          totals.batches += 1;
        }
        await rest(Math.min(performance.now() - started, MAX_REST_MS));
      }
    }
    if (totals.batches > 0) {
      this.logger.log({ runId, today, ...totals }, 'Disposal run finished');
    }
    // Last: a pupil's person row goes once their last plan has gone.
    const people = await this.people.dispose(runId, today);
    return { runId, ...totals, people };
  }

  /**
   * Held on `today`: named in an open request or appeal, or in a decision
   * still open to appeal (requests says which), or held by the archivist. A
   * condition on a record's id, for the records' own queries: a batch is
   * still found in one statement.
   */
  private heldOn(today: string): RecordCondition {
    return (recordId) => {
      const eb = expressionBuilder<RetentionTables>();
      return eb.or([
        this.requests.isRecordHeld(recordId, today),
        this.holds.isHeldByArchivist(recordId),
      ]);
    };
  }

  /**
   * One batch of due records, set-based: the first due ones not held, locked
   * (skipping any another transaction holds), then held ones looked for again
   * in a statement of its own, whose snapshot sees a hold committed while the
   * first waited (placing a hold locks the record first), then the versions
   * and emptied plans in one statement and the records in one. Finding a
   * batch costs its size, not the number of records still due, nor the
   * number held: it starts after `after`, the last key of the batch before
   * (a record skipped as locked goes at the next run).
   */
  private async disposeRecordBatch(runId: string, today: string, after: DisposalKey | null) {
    const isHeld = this.heldOn(today);
    return this.em.fork().transactional(async (em) => {
      const { locked, last } = await this.records.lockDisposable(em, {
        until: today,
        limit: this.config.retention.batchSize,
        isHeld,
        after,
      });
      if (last === null) {
        return { records: 0, planVersions: 0, plans: 0, requests: 0, found: 0 };
      }
      const ids = locked.map((row) => row.id);
      const rows = await this.records.findNotHeld(em, ids, isHeld);
      if (rows.length === 0) {
        return { records: 0, planVersions: 0, plans: 0, requests: 0, found: 1, last };
      }
      const recordIds = rows.map((row) => row.id);
      const { planVersions, plans } = await this.plans.disposeVersionsOfRecords(em, recordIds);
      // The archivist's lifted holds go with the record (on delete cascade).
      await this.records.disposeRecords(em, recordIds);
      const numbers = rows.map((row) => row.registrationNumber).sort();
      const counts = { records: recordIds.length, planVersions, plans };
      await this.log(em, runId, 'plans', counts, numbers);
      return { ...counts, requests: 0, found: 1, last };
    });
  }

  /** Plans that never became a public record (drafts), of pupils past their date. */
  private async disposeDraftPlanBatch(runId: string, today: string) {
    return this.em.fork().transactional(async (em) => {
      const plans = await this.plans.disposeDueDrafts(em, {
        today,
        yearsAfterLeaving: this.config.retention.yearsAfterLeaving,
        limit: this.config.retention.batchSize,
        isHeld: (planId) => this.requests.isPlanHeld(planId, today),
      });
      if (plans === 0) {
        return { records: 0, planVersions: 0, plans: 0, requests: 0, found: 0 };
      }
      const counts = { records: 0, planVersions: 0, plans };
      await this.log(em, runId, 'plans', counts, []);
      return { ...counts, requests: 0, found: plans };
    });
  }

  /** Closed requests past their own retention, with their letters, copies, appeals and history. */
  private async disposeRequestBatch(runId: string, today: string) {
    return this.em.fork().transactional(async (em) => {
      const candidates = await this.closedRequests(
        em,
        today,
        this.config.retention.batchSize,
        true,
      );
      if (candidates.length === 0) {
        return { records: 0, planVersions: 0, plans: 0, requests: 0, found: 0 };
      }
      const ids = candidates.map((row) => row.id);
      // Items, notes, events, letters, copies, links, appeals and e-mails go with the request.
      const { documents, letters } = await this.requests.disposeRequests(em, ids);
      const numbers = [...candidates.map((row) => row.registrationNumber), ...letters].sort();
      await this.log(em, runId, 'requests', { requests: ids.length, documents }, numbers);
      return { records: 0, planVersions: 0, plans: 0, requests: ids.length, found: ids.length };
    });
  }

  /**
   * Delivered requests whose retention has run out on `today`, worked out by
   * `requestDisposalDate` (an unanswered appeal keeps a request open).
   */
  private async closedRequests(
    em: EntityManager,
    today: string,
    limit: number,
    lock: boolean,
  ): Promise<{ id: string; registrationNumber: string }[]> {
    const years = this.config.retention.requestYears;
    const requests = await this.requests.findClosedRequests(em, { years, today, limit }, lock);
    return requests
      .filter((request) => {
        const due = requestDisposalDate(request, years);
        return requestClosedOn(request) !== null && due !== null && due <= today;
      })
      .map((request) => ({ id: request.id, registrationNumber: request.registrationNumber }));
  }

  private async log(
    em: EntityManager,
    runId: string,
    rule: DisposalRule,
    counts: Record<string, number>,
    registrationNumbers: readonly string[],
  ): Promise<void> {
    const ruleText =
      rule === 'plans'
        ? RULES.plans(this.config.retention.yearsAfterLeaving)
        : RULES.requests(this.config.retention.requestYears);
    em.create(DisposalLog, {
      id: randomUUID(),
      runId,
      occurredAt: new Date(),
      rule,
      counts,
      registrationNumbers: [...registrationNumbers],
    });
    await em.flush();
    await this.audit.record(em, {
      action: 'retention.disposed',
      actor: { accountId: null, personId: null },
      targetType: 'disposal_run',
      targetId: runId,
      details: { rule: ruleText, ...counts, registrationNumbers },
    });
  }

  /**
   * Records due by `until` and not held then: requests and holds as they
   * stand today, an appeal window by whether it has run out on `until`.
   */
  private async dueBy(
    em: EntityManager,
    until: string,
  ): Promise<{ count: number; first: DueRecord[] }> {
    const isHeld = this.heldOn(until);
    return {
      count: await this.records.countDue(em, until, isHeld),
      first: await this.records.findDue(em, { until, limit: LIST, isHeld }),
    };
  }

  /**
   * Records due by `until` but held on `today`, and every record the
   * archivist holds, with the reasons.
   */
  private async held(em: EntityManager, until: string, today: string): Promise<HeldRecord[]> {
    const records = await this.records.findHeld(em, {
      until,
      limit: LIST,
      isHeld: this.heldOn(today),
      isAlwaysShown: this.holds.isHeldByArchivist,
    });
    const ids = records.map((record) => record.id);
    const requests = await this.requests.findOpenRequestsNaming(em, ids, today);
    const holds =
      ids.length === 0
        ? []
        : await em.find(
            RetentionHold,
            { recordId: { $in: ids }, liftedAt: null },
            { orderBy: { placedAt: 'asc' } },
          );
    return records.map((record) => {
      const named = requests.filter((request) => request.recordId === record.id);
      const reasons: HoldReason[] = [
        ...named
          .filter((request) => request.kind === 'request')
          .map(({ registrationNumber }) => ({ kind: 'request', registrationNumber }) as const),
        ...[
          ...new Set(
            named
              .filter((request) => request.kind === 'appeal')
              .map((request) => request.registrationNumber),
          ),
        ].map((registrationNumber) => ({ kind: 'appeal', registrationNumber }) as const),
        ...named.flatMap((request) =>
          request.kind === 'appeal_window'
            ? [
                {
                  kind: 'appeal_window',
                  registrationNumber: request.registrationNumber,
                  until: request.until,
                } as const,
              ]
            : [],
        ),
        ...holds
          .filter((hold) => hold.recordId === record.id)
          .map((hold) => ({ kind: 'manual', reason: hold.reason, holdId: hold.id }) as const),
      ];
      return {
        registrationNumber: record.registrationNumber,
        disposalDate: record.disposalDate,
        reasons,
      };
    });
  }

  /** What a disposal on `today` would take: the dry run. */
  private async plan(em: EntityManager, today: string): Promise<DisposalPlan> {
    const due = await this.dueBy(em, today);
    const drafts = await this.plans.countDueDrafts(em, {
      today,
      yearsAfterLeaving: this.config.retention.yearsAfterLeaving,
      isHeld: (planId) => this.requests.isPlanHeld(planId, today),
    });
    const requests = await this.closedRequests(em, today, 10_000, false);
    return {
      records: due.count,
      draftPlans: drafts,
      requests: requests.length,
      registrationNumbers: [
        ...due.first.map((record) => record.registrationNumber),
        ...requests.slice(0, LIST).map((request) => request.registrationNumber),
      ],
    };
  }

  /** The archivist asked for a run now: checked and audited before the job is added. */
  async runRequested(actor: Actor, enqueue: () => Promise<string>): Promise<string> {
    this.requireArchivist(actor);
    const jobId = await enqueue();
    await this.audit.recordNow({
      action: 'retention.run.requested',
      actor: auditActor(actor),
      targetType: 'disposal_run',
      targetId: null,
      details: { jobId },
    });
    return jobId;
  }

  private requireArchivist(actor: Actor): void {
    if (!canPerform(actor, 'retention.manage')) {
      throw new NotFoundError('Sidan finns inte.');
    }
  }
}
