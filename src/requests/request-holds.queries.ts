import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { expressionBuilder, sql } from 'kysely';
import type { Expression, SqlBool } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';

import type { RequestsTables } from './requests.entities';

/**
 * A request that names a record and keeps it: still open, an appeal against
 * it pending, or its decision still open to appeal.
 */
export type OpenRequestNaming =
  | {
      readonly recordId: string;
      readonly registrationNumber: string;
      /** `request`: not yet delivered; `appeal`: delivered, an appeal not answered. */
      readonly kind: 'request' | 'appeal';
    }
  | {
      readonly recordId: string;
      readonly registrationNumber: string;
      /** Delivered with a decision the requester may still appeal, until `until` (inclusive). */
      readonly kind: 'appeal_window';
      readonly until: string;
    };

/** A delivered or withdrawn request with every appeal answered, as retention weighs it. */
export interface ClosedRequest {
  readonly id: string;
  readonly registrationNumber: string;
  readonly status: string;
  /** The Swedish day the copies (or the letter) went out. */
  readonly deliveredOn: string | null;
  /** The Swedish day it was withdrawn. */
  readonly closedOn: string | null;
  readonly appeals: readonly { readonly decidedOn: string | null }[];
}

const eb = expressionBuilder<RequestsTables>();

/** An appeal against the request not yet answered by the court. */
function hasPendingAppeal(requestId: Expression<string>) {
  return eb.exists(
    eb
      .selectFrom('records_request_appeal as a')
      .select(eb.lit(1).as('one'))
      .where('a.request_id', '=', requestId)
      .where('a.court_outcome', 'is', null),
  );
}

/** Any appeal against the request, answered or not. */
function hasAppeal(requestId: Expression<string>) {
  return eb.exists(
    eb
      .selectFrom('records_request_appeal as a')
      .select(eb.lit(1).as('one'))
      .where('a.request_id', '=', requestId),
  );
}

/**
 * Holding its records on `today`: not yet delivered or withdrawn, an appeal against it not
 * answered by the court, or its decision still open to appeal (until the
 * last day of the window; once an appeal has come in, the court's answer
 * ends the matter instead).
 */
export function isHolding(
  request: {
    readonly status: Expression<string>;
    readonly id: Expression<string>;
    readonly appealHoldUntil: Expression<string | null>;
  },
  today: string,
): Expression<SqlBool> {
  return eb.or([
    eb(request.status, 'not in', ['delivered', 'withdrawn']),
    hasPendingAppeal(request.id),
    eb.and([eb(request.appealHoldUntil, '>=', today), eb.not(hasAppeal(request.id))]),
  ]);
}

/** Named in a request that holds it on `today`, by the item's record or plan column. */
function isNamedInOpenRequest(
  column: 'i.record_id' | 'i.plan_id',
  id: Expression<string>,
  today: string,
): Expression<SqlBool> {
  return eb.exists(
    eb
      .selectFrom('records_request_item as i')
      .innerJoin('records_request as q', 'q.id', 'i.request_id')
      .select(eb.lit(1).as('one'))
      .where(column, '=', id)
      .where((inner) =>
        isHolding(
          {
            status: inner.ref('q.status'),
            id: inner.ref('q.id'),
            appealHoldUntil: inner.ref('q.appeal_hold_until'),
          },
          today,
        ),
      ),
  );
}

/**
 * What retention needs from requests: which records and plans open requests
 * and appeals hold, and the closed requests past their own retention. Holds
 * are predicates on a record's or plan's id, for the owner's own query, so a
 * batch is found in one statement.
 */
@Injectable()
export class RequestHoldsQueries {
  /**
   * True on `today` while a request naming the record is open, an appeal
   * against it pending, or its decision still open to appeal.
   */
  isRecordHeld(recordId: Expression<string>, today: string): Expression<SqlBool> {
    return isNamedInOpenRequest('i.record_id', recordId, today);
  }

  /** The same for a (draft) plan a request names. */
  isPlanHeld(planId: Expression<string>, today: string): Expression<SqlBool> {
    return isNamedInOpenRequest('i.plan_id', planId, today);
  }

  /** The requests holding the records on `today`, by registration number. */
  async findOpenRequestsNaming(
    em: EntityManager,
    recordIds: readonly string[],
    today: string,
  ): Promise<OpenRequestNaming[]> {
    if (recordIds.length === 0) {
      return [];
    }
    const rows = await em
      .getKysely<RequestsTables>()
      .selectFrom('records_request_item as i')
      .innerJoin('records_request as q', 'q.id', 'i.request_id')
      .select((s) => [
        'i.record_id',
        'q.registration_number',
        'q.status',
        'q.appeal_hold_until',
        hasPendingAppeal(s.ref('q.id')).as('appeal_pending'),
      ])
      .where('i.record_id', '=', eb.fn.any(eb.val([...recordIds])))
      .where((inner) =>
        isHolding(
          {
            status: inner.ref('q.status'),
            id: inner.ref('q.id'),
            appealHoldUntil: inner.ref('q.appeal_hold_until'),
          },
          today,
        ),
      )
      .orderBy('q.registration_number')
      .execute();
    return rows.flatMap((row): OpenRequestNaming[] => {
      const named = { recordId: row.record_id, registrationNumber: row.registration_number };
      if (named.recordId === null) {
        return [];
      }
      const recordId = named.recordId;
      if (row.status !== 'delivered' && row.status !== 'withdrawn') {
        return [{ recordId, registrationNumber: named.registrationNumber, kind: 'request' }];
      }
      if (row.appeal_pending) {
        return [{ recordId, registrationNumber: named.registrationNumber, kind: 'appeal' }];
      }
      return row.appeal_hold_until === null
        ? []
        : [
            {
              recordId,
              registrationNumber: named.registrationNumber,
              kind: 'appeal_window',
              until: row.appeal_hold_until,
            },
          ];
    });
  }

  /**
   * Delivered or withdrawn requests with every appeal answered whose closing day plus
   * `years` is on or before `today`, oldest delivery first; locked (skipping
   * those another transaction holds) when `lock`.
   */
  async findClosedRequests(
    em: EntityManager,
    input: { readonly years: number; readonly today: string; readonly limit: number },
    lock: boolean,
  ): Promise<ClosedRequest[]> {
    let query = em
      .getKysely<RequestsTables>()
      .selectFrom('records_request as q')
      .select((s) => [
        'q.id',
        'q.registration_number',
        'q.status',
        // Kysely has no AT TIME ZONE: the Swedish day of the delivery.
        sql<string | null>`(${s.ref('q.delivered_at')} at time zone 'Europe/Stockholm')::date`.as(
          'delivered_on',
        ),
        sql<string | null>`(${s.ref('q.closed_at')} at time zone 'Europe/Stockholm')::date`.as(
          'closed_on',
        ),
        jsonArrayFrom(
          s
            .selectFrom('records_request_appeal as a')
            .select('a.court_decided_on as decided_on')
            .whereRef('a.request_id', '=', 'q.id'),
        ).as('appeals'),
      ])
      .where('q.status', 'in', ['delivered', 'withdrawn'])
      .where((w) =>
        w.not(
          w.exists(
            w
              .selectFrom('records_request_appeal as a')
              .select(w.lit(1).as('one'))
              .whereRef('a.request_id', '=', 'q.id')
              .where('a.court_decided_on', 'is', null),
          ),
        ),
      )
      .where((w) => {
        const closedOn = w.fn<string>('greatest', [
          sql<string>`(coalesce(${w.ref('q.delivered_at')}, ${w.ref('q.closed_at')}) at time zone 'Europe/Stockholm')::date`,
          w
            .selectFrom('records_request_appeal as a')
            .select((m) => m.fn.max('a.court_decided_on').as('decided_on'))
            .whereRef('a.request_id', '=', 'q.id'),
        ]);
        // date + interval: Kysely builds neither make_interval nor the cast back to a date.
        return w(
          sql<string>`(${closedOn} + make_interval(years => ${input.years}))::date`,
          '<=',
          input.today,
        );
      })
      .orderBy('q.delivered_at')
      .orderBy('q.id')
      .limit(input.limit);
    if (lock) {
      query = query.forUpdate('q').skipLocked();
    }
    const rows = await query.execute();
    return rows.map((row) => ({
      id: row.id,
      registrationNumber: row.registration_number,
      status: row.status,
      deliveredOn: row.delivered_on,
      closedOn: row.closed_on,
      appeals: row.appeals.map((appeal) => ({ decidedOn: appeal.decided_on })),
    }));
  }

  /**
   * Deletes the requests with everything that goes with them (items, notes,
   * events, letters, copies, links, appeals, e-mails: on delete cascade), in
   * one statement that also counts their documents and returns the letters'
   * registration numbers.
   */
  async disposeRequests(
    em: EntityManager,
    requestIds: readonly string[],
  ): Promise<{ documents: number; letters: string[] }> {
    if (requestIds.length === 0) {
      return { documents: 0, letters: [] };
    }
    const ids = eb.fn.any(eb.val([...requestIds]));
    // The main query reads the snapshot from before the CTE's delete: the documents are still there.
    const row = await em
      .getKysely<RequestsTables>()
      .with('gone', (db) => db.deleteFrom('records_request').where('id', '=', ids).returning('id'))
      .selectFrom('records_request_document')
      .select((s) => [
        s.cast<number>(s.fn.countAll(), 'integer').as('documents'),
        s
          .fn<string[]>('array_remove', [
            s.fn.agg<string[]>('array_agg', ['registration_number']),
            s.lit(null),
          ])
          .as('letters'),
      ])
      .where('request_id', '=', ids)
      .executeTakeFirstOrThrow();
    return { documents: row.documents, letters: row.letters ?? [] };
  }
}
