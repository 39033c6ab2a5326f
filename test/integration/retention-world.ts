import { randomUUID } from 'node:crypto';

import { SchoolLeavingQueries } from '../../src/directory/school-leaving.queries';
import { PlanVersion } from '../../src/plans/plans.entities';
import { emptyContent } from '../../src/plans/plan-content';
import { DEFAULT_PLAN_TEMPLATE } from '../../src/plans/plan-template';
import { PublicRecord } from '../../src/records/records.entities';
import { RecordsService } from '../../src/records/records.service';
import {
  RecordsRequest,
  RecordsRequestAppeal,
  RecordsRequestItem,
} from '../../src/requests/requests.entities';
import type { MediumDatabase } from './medium';

/**
 * What the retention suites need beside `given`: an established plan (its
 * version registered as a record, due on a given day), a request in a given
 * state naming a record or plan, and an appeal against it.
 */
export class RetentionWorld {
  private readonly records: RecordsService;

  constructor(private readonly db: MediumDatabase) {
    this.records = new RecordsService(db.config);
  }

  /** A pupil's plan with one established version, registered as a record due on `disposalDate`. */
  async establishedPlan(
    disposalDate: string | null,
    versions = 1,
  ): Promise<{ planId: string; recordIds: string[]; registrationNumbers: string[] }> {
    const unit = await this.db.given.schoolUnit();
    const pupil = await this.db.given.pupil({ schoolUnitId: unit.id, endDate: '2020-06-12' });
    const plan = await this.db.given.plan(pupil.id, unit.id);
    const recordIds: string[] = [];
    const registrationNumbers: string[] = [];
    for (let version = 1; version <= versions; version += 1) {
      await this.db.em().transactional(async (em) => {
        const record = await this.records.registerRecord(
          em,
          {
            series: 'IUP',
            title: 'IUP 2026/27',
            pupilId: pupil.id,
            schoolUnitId: unit.id,
            documentDate: '2026-11-20',
            confidentialityMarking: null,
            leftSchoolOn: await new SchoolLeavingQueries().findLeavingDate(em, pupil.id),
          },
          new Date('2026-11-20T12:00:00Z'),
        );
        em.create(PlanVersion, {
          planId: plan.id,
          version,
          content: emptyContent(DEFAULT_PLAN_TEMPLATE),
          template: DEFAULT_PLAN_TEMPLATE,
          talkDate: '2026-11-20',
          establishedAt: new Date(),
          establishedByAccountId: null,
          recordId: record.id,
        });
        await em.flush();
        await em.nativeUpdate(PublicRecord, { id: record.id }, { disposalDate });
        recordIds.push(record.id);
        registrationNumbers.push(record.registrationNumber);
      });
    }
    return { planId: plan.id, recordIds, registrationNumbers };
  }

  /**
   * A request naming the record or plan, in `status`; delivered (withdrawn,
   * when that is the status) at `deliveredAt` if given, its decision open to
   * appeal until `appealHoldUntil`.
   */
  async request(
    names: { readonly recordId?: string; readonly planId?: string },
    status: RecordsRequest['status'],
    deliveredAt: Date | null = null,
    appealHoldUntil: string | null = null,
  ): Promise<RecordsRequest> {
    const request = await this.db.given.request();
    const em = this.db.em();
    await em.nativeUpdate(
      RecordsRequest,
      { id: request.id },
      status === 'withdrawn'
        ? { status, deliveredAt: null, closedAt: deliveredAt, appealHoldUntil }
        : { status, deliveredAt, appealHoldUntil },
    );
    if (names.recordId || names.planId) {
      em.create(RecordsRequestItem, {
        id: randomUUID(),
        requestId: request.id,
        recordId: names.recordId ?? null,
        planId: names.planId ?? null,
        kind: names.recordId ? 'record' : 'draft',
        source: 'matched',
        decision: null,
        refusalGround: null,
        reasons: null,
        decidedByAccountId: null,
        decidedAt: null,
        createdAt: new Date(),
      });
      await em.flush();
    }
    return request;
  }

  /** An appeal against the request; answered by the court on `decidedOn` unless null. */
  async appeal(requestId: string, decidedOn: string | null): Promise<void> {
    const em = this.db.em();
    em.create(RecordsRequestAppeal, {
      id: randomUUID(),
      requestId,
      receivedOn: '2026-03-10',
      deadline: '2026-03-23',
      inTime: true,
      forwardedOn: '2026-03-12',
      court: 'Kammarrätten i Stockholm',
      courtReference: null,
      courtOutcome: decidedOn ? 'upheld' : null,
      courtDecidedOn: decidedOn,
      note: null,
      createdAt: new Date(),
      createdByAccountId: null,
    });
    await em.flush();
  }
}
