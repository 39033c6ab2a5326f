import { randomUUID } from 'node:crypto';
import { setTimeout as rest } from 'node:timers/promises';

import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';

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
import { stockholmToday, uuidArray } from '../common/stockholm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { isUuid } from '../common/uuid';
import { PUPIL_DISPOSAL_DATES } from '../records/disposal-dates';
import {
  HoldReason,
  holdReasonText,
  horizon,
  requestClosedOn,
  requestDisposalDate,
  RULES,
} from './retention-rules';

type Row = Record<string, unknown>;

/** A request still open: not delivered, or an appeal against it not answered. */
const OPEN_REQUEST = `(q.status <> 'delivered' or exists (
  select 1 from records_request_appeal a where a.request_id = q.id and a.court_outcome is null))`;

/** Held: named in an open request or appeal, or held by the archivist. */
const HELD = `(exists (select 1 from records_request_item i join records_request q on q.id = i.request_id
                 where i.record_id = r.id and ${OPEN_REQUEST})
            or exists (select 1 from retention_hold h where h.record_id = r.id and h.lifted_at is null))`;

/**
 * Plans that never became a record, of pupils past their date (params: the
 * years after leaving, today), not named in an open request: a FROM … WHERE.
 */
const DRAFT_PLANS_DUE = `
  from plan p join (${PUPIL_DISPOSAL_DATES}) d on d.person_id = p.pupil_id
 where d.disposal_date <= ?::date
   and not exists (select 1 from plan_version v where v.plan_id = p.id)
   and not exists (select 1 from records_request_item i join records_request q on q.id = i.request_id
                    where i.plan_id = p.id and ${OPEN_REQUEST})`;

export interface DueRecord {
  readonly registrationNumber: string;
  readonly disposalDate: string;
}

export interface HeldRecord extends DueRecord {
  readonly reasons: readonly { readonly text: string; readonly holdId: string | null }[];
}

export interface DisposalPlan {
  readonly records: number;
  readonly draftPlans: number;
  readonly requests: number;
  /** The first registration numbers that would go (records, then requests). */
  readonly registrationNumbers: readonly string[];
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
}

const LIST = 100;

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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The archivist's view: what is due in 30 and 90 days, what is held and why, a dry run, the log. */
  async overview(actor: Actor, today = stockholmToday(new Date())): Promise<RetentionOverview> {
    this.requireArchivist(actor);
    const em = this.em.fork();
    const [due30, due90, held, dryRun, log] = [
      await this.dueBy(em, horizon(today, 30)),
      await this.dueBy(em, horizon(today, 90)),
      await this.held(em, horizon(today, 90)),
      await this.plan(em, today),
      await em.execute<Row[]>(
        `select occurred_at, rule, counts, registration_numbers from disposal_log
          order by occurred_at desc limit 50`,
      ),
    ];
    return {
      today,
      yearsAfterLeaving: this.config.retention.yearsAfterLeaving,
      requestYears: this.config.retention.requestYears,
      due30,
      due90,
      held,
      dryRun,
      log: log.map((row) => ({
        occurredAt: new Date(String(row.occurred_at)).toISOString(),
        rule: String(row.rule),
        counts: row.counts as Record<string, number>,
        registrationNumbers: row.registration_numbers as string[],
      })),
    };
  }

  /** The archivist holds a record past its date, with the reason. */
  async placeHold(
    actor: Actor,
    input: { registrationNumber: string; reason: string },
    requestId: string | null,
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
      const [record] = await em.execute<Row[]>(
        'select id, pupil_id from public_record where registration_number = ? for update',
        [number],
      );
      if (!record) {
        throw new ValidationFailedError([
          { field: 'registrationNumber', problems: ['finns inte (den kan redan vara gallrad)'] },
        ]);
      }
      const id = randomUUID();
      await em.execute(
        `insert into retention_hold (id, record_id, reason, placed_at, placed_by_account_id) values (?, ?, ?, ?, ?)`,
        [id, record.id, reason, new Date(), actor.accountId],
      );
      await this.audit.record(em, {
        action: 'retention.hold.placed',
        actor: auditActor(actor),
        pupilId: String(record.pupil_id),
        targetType: 'public_record',
        targetId: String(record.id),
        details: { registrationNumber: number, holdId: id },
        requestId,
      });
      return { id };
    });
  }

  /** The hold ends; the record goes at the next disposal if it is due. */
  async liftHold(
    actor: Actor,
    holdId: string,
    input: { reason: string },
    requestId: string | null,
  ): Promise<void> {
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
      const [hold] = await em.execute<Row[]>(
        `select h.id, h.lifted_at, r.id as record_id, r.pupil_id, r.registration_number
           from retention_hold h join public_record r on r.id = h.record_id where h.id = ? for update of h`,
        [holdId],
      );
      if (!hold) {
        throw new NotFoundError('Spärren finns inte.');
      }
      if (hold.lifted_at) {
        throw new DomainError(ErrorCode.Conflict, 'Spärren är redan hävd.');
      }
      await em.execute(
        'update retention_hold set lifted_at = ?, lifted_by_account_id = ?, lift_reason = ? where id = ?',
        [new Date(), actor.accountId, reason, holdId],
      );
      await this.audit.record(em, {
        action: 'retention.hold.lifted',
        actor: auditActor(actor),
        pupilId: String(hold.pupil_id),
        targetType: 'public_record',
        targetId: String(hold.record_id),
        details: { registrationNumber: String(hold.registration_number), holdId },
        requestId,
      });
    });
  }

  /**
   * Disposes of everything due on `today`: records (with their versions and,
   * when none is left, their plan), plans that never became records, and
   * closed requests past their own retention. Batch by batch; between
   * batches the event loop serves others.
   */
  async dispose(today: string, jobId: string | null = null): Promise<DisposalSummary> {
    const runId = randomUUID();
    const totals = { records: 0, planVersions: 0, plans: 0, requests: 0, batches: 0 };
    for (const step of [
      () => this.disposeRecordBatch(runId, today, jobId),
      () => this.disposeDraftPlanBatch(runId, today, jobId),
      () => this.disposeRequestBatch(runId, today, jobId),
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
    return { runId, ...totals };
  }

  /**
   * One batch of due records, set-based: the first due ones not held, locked
   * (skipping any another transaction holds), then held ones looked for again
   * in a statement of its own, whose snapshot sees a hold committed while the
   * first waited (placing a hold locks the record first), and one delete per
   * table. The (disposal_date, id) index makes finding a batch cost its size,
   * not the number of records still due.
   */
  private async disposeRecordBatch(runId: string, today: string, jobId: string | null) {
    return this.em.fork().transactional(async (em) => {
      const locked = await em.execute<Row[]>(
        `select r.id from public_record r
          where r.disposal_date <= ?::date and not ${HELD}
          order by r.disposal_date, r.id limit ? for update of r skip locked`,
        [today, this.config.retention.batchSize],
      );
      if (locked.length === 0) {
        return { records: 0, planVersions: 0, plans: 0, requests: 0, found: 0 };
      }
      const rows = await em.execute<Row[]>(
        `select r.id, r.registration_number, v.plan_id from public_record r
           left join plan_version v on v.record_id = r.id
          where r.id = any(?::uuid[]) and not ${HELD}`,
        [uuidArray(locked.map((row) => String(row.id)))],
      );
      if (rows.length === 0) {
        return { records: 0, planVersions: 0, plans: 0, requests: 0, found: locked.length };
      }
      const recordIds = rows.map((row) => String(row.id));
      const planIds = [
        ...new Set(rows.flatMap((row) => (typeof row.plan_id === 'string' ? [row.plan_id] : []))),
      ];
      const versions = rows.filter((row) => row.plan_id).length;
      // plan_version goes with its record (on delete cascade); so do the archivist's lifted holds.
      await em.execute('delete from public_record where id = any(?::uuid[])', [
        uuidArray(recordIds),
      ]);
      const plans = planIds.length
        ? await em.execute<Row[]>(
            `delete from plan p where p.id = any(?::uuid[])
               and not exists (select 1 from plan_version v where v.plan_id = p.id) returning p.id`,
            [uuidArray(planIds)],
          )
        : [];
      const numbers = rows.map((row) => String(row.registration_number)).sort();
      const counts = { records: recordIds.length, planVersions: versions, plans: plans.length };
      await this.log(em, runId, 'plans', counts, numbers, jobId);
      return { ...counts, requests: 0, found: locked.length };
    });
  }

  /** Plans that never became a public record (drafts), of pupils past their date. */
  private async disposeDraftPlanBatch(runId: string, today: string, jobId: string | null) {
    return this.em.fork().transactional(async (em) => {
      const rows = await em.execute<Row[]>(
        `delete from plan p where p.id in (
           select p.id ${DRAFT_PLANS_DUE} limit ? for update of p skip locked)
         returning p.id, p.period`,
        [this.config.retention.yearsAfterLeaving, today, this.config.retention.batchSize],
      );
      if (rows.length === 0) {
        return { records: 0, planVersions: 0, plans: 0, requests: 0, found: 0 };
      }
      const counts = { records: 0, planVersions: 0, plans: rows.length };
      await this.log(em, runId, 'plans', counts, [], jobId);
      return { ...counts, requests: 0, found: rows.length };
    });
  }

  /** Closed requests past their own retention, with their letters, copies, appeals and history. */
  private async disposeRequestBatch(runId: string, today: string, jobId: string | null) {
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
      const [documents] = await em.execute<Row[]>(
        `select count(*)::int as count, array_remove(array_agg(registration_number), null) as letters
           from records_request_document where request_id = any(?::uuid[])`,
        [uuidArray(ids)],
      );
      // Items, notes, events, letters, copies, links, appeals and e-mails go with the request.
      await em.execute('delete from records_request where id = any(?::uuid[])', [uuidArray(ids)]);
      const numbers = [
        ...candidates.map((row) => row.registrationNumber),
        ...((documents?.letters as string[] | undefined) ?? []),
      ].sort();
      await this.log(
        em,
        runId,
        'requests',
        { requests: ids.length, documents: Number(documents?.count ?? 0) },
        numbers,
        jobId,
      );
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
    const rows = await em.execute<Row[]>(
      `select q.id, q.registration_number, q.status,
              (q.delivered_at at time zone 'Europe/Stockholm')::date::text as delivered_on,
              coalesce((select json_agg(a.court_decided_on::text) from records_request_appeal a
                         where a.request_id = q.id), '[]') as appeals
         from records_request q
        where q.status = 'delivered'
          and not exists (select 1 from records_request_appeal a
                           where a.request_id = q.id and a.court_decided_on is null)
          and (greatest((q.delivered_at at time zone 'Europe/Stockholm')::date,
                        (select max(a.court_decided_on) from records_request_appeal a where a.request_id = q.id))
               + make_interval(years => ?))::date <= ?::date
        order by q.delivered_at, q.id
        limit ? ${lock ? 'for update of q skip locked' : ''}`,
      [years, today, limit],
    );
    return rows
      .filter((row) => {
        const request = {
          status: String(row.status),
          deliveredOn: typeof row.delivered_on === 'string' ? row.delivered_on : null,
          appeals: (row.appeals as (string | null)[]).map((decidedOn) => ({ decidedOn })),
        };
        const due = requestDisposalDate(request, years);
        return requestClosedOn(request) !== null && due !== null && due <= today;
      })
      .map((row) => ({ id: String(row.id), registrationNumber: String(row.registration_number) }));
  }

  private async log(
    em: EntityManager,
    runId: string,
    rule: 'plans' | 'requests',
    counts: Record<string, number>,
    registrationNumbers: readonly string[],
    jobId: string | null,
  ): Promise<void> {
    const ruleText =
      rule === 'plans'
        ? RULES.plans(this.config.retention.yearsAfterLeaving)
        : RULES.requests(this.config.retention.requestYears);
    await em.execute(
      `insert into disposal_log (id, run_id, occurred_at, rule, counts, registration_numbers)
       values (?, ?, ?, ?, ?::jsonb, ?::text[])`,
      [
        randomUUID(),
        runId,
        new Date(),
        rule,
        JSON.stringify(counts),
        `{${registrationNumbers.join(',')}}`,
      ],
    );
    await this.audit.record(em, {
      action: 'retention.disposed',
      actor: { accountId: null, personId: null },
      targetType: 'disposal_run',
      targetId: runId,
      details: { rule: ruleText, ...counts, registrationNumbers },
      requestId: jobId,
    });
  }

  private async dueBy(
    em: EntityManager,
    until: string,
  ): Promise<{ count: number; first: DueRecord[] }> {
    const [count] = await em.execute<Row[]>(
      `select count(*)::int as count from public_record r where r.disposal_date <= ?::date and not ${HELD}`,
      [until],
    );
    const rows = await em.execute<Row[]>(
      `select r.registration_number, r.disposal_date::text as disposal_date from public_record r
        where r.disposal_date <= ?::date and not ${HELD}
        order by r.disposal_date, r.registration_number limit ${LIST}`,
      [until],
    );
    return {
      count: Number(count?.count ?? 0),
      first: rows.map((row) => ({
        registrationNumber: String(row.registration_number),
        disposalDate: String(row.disposal_date),
      })),
    };
  }

  /** Records held past (or near) their date, and every record the archivist holds, with the reasons. */
  private async held(em: EntityManager, until: string): Promise<HeldRecord[]> {
    const rows = await em.execute<Row[]>(
      `select r.registration_number, r.disposal_date::text as disposal_date,
              array(select q.registration_number from records_request_item i
                      join records_request q on q.id = i.request_id
                     where i.record_id = r.id and q.status <> 'delivered') as open_requests,
              array(select distinct q.registration_number from records_request_item i
                      join records_request q on q.id = i.request_id
                      join records_request_appeal a on a.request_id = q.id
                     where i.record_id = r.id and q.status = 'delivered' and a.court_outcome is null) as open_appeals,
              coalesce((select json_agg(json_build_object('id', h.id, 'reason', h.reason) order by h.placed_at)
                          from retention_hold h where h.record_id = r.id and h.lifted_at is null), '[]') as holds
         from public_record r
        where (r.disposal_date <= ?::date and ${HELD})
           or exists (select 1 from retention_hold h where h.record_id = r.id and h.lifted_at is null)
        order by r.disposal_date nulls last, r.registration_number limit ${LIST}`,
      [until],
    );
    return rows.map((row) => {
      const reasons: HoldReason[] = [
        ...(row.open_requests as string[]).map(
          (registrationNumber) => ({ kind: 'request', registrationNumber }) as const,
        ),
        ...(row.open_appeals as string[]).map(
          (registrationNumber) => ({ kind: 'appeal', registrationNumber }) as const,
        ),
        ...(row.holds as { id: string; reason: string }[]).map(
          (hold) => ({ kind: 'manual', reason: hold.reason, holdId: hold.id }) as const,
        ),
      ];
      return {
        registrationNumber: String(row.registration_number),
        disposalDate: typeof row.disposal_date === 'string' ? row.disposal_date : '–',
        reasons: reasons.map((reason) => ({
          text: holdReasonText(reason),
          holdId: reason.kind === 'manual' ? reason.holdId : null,
        })),
      };
    });
  }

  /** What a disposal on `today` would take: the dry run. */
  private async plan(em: EntityManager, today: string): Promise<DisposalPlan> {
    const due = await this.dueBy(em, today);
    const [drafts] = await em.execute<Row[]>(`select count(*)::int as count ${DRAFT_PLANS_DUE}`, [
      this.config.retention.yearsAfterLeaving,
      today,
    ]);
    const requests = await this.closedRequests(em, today, 10_000, false);
    return {
      records: due.count,
      draftPlans: Number(drafts?.count ?? 0),
      requests: requests.length,
      registrationNumbers: [
        ...due.first.map((record) => record.registrationNumber),
        ...requests.slice(0, LIST).map((request) => request.registrationNumber),
      ],
    };
  }

  /** The archivist asked for a run now: checked and audited before the job is added. */
  async runRequested(
    actor: Actor,
    enqueue: () => Promise<string>,
    requestId: string | null,
  ): Promise<string> {
    this.requireArchivist(actor);
    const jobId = await enqueue();
    await this.audit.recordNow({
      action: 'retention.run.requested',
      actor: auditActor(actor),
      targetType: 'disposal_run',
      targetId: null,
      details: { jobId },
      requestId,
    });
    return jobId;
  }

  private requireArchivist(actor: Actor): void {
    if (!canPerform(actor, 'retention.manage')) {
      throw new NotFoundError('Sidan finns inte.');
    }
  }
}
