import { randomUUID } from 'node:crypto';

import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import type { QueryCreator } from 'kysely';

import { stockholmToday, stockholmYear } from '../common/stockholm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { NewMarking } from './confidentiality';
import type { RecordsTables } from './records.entities';
import { disposalDate, RecordSeries } from './registry-rules';

/** `IUP-2026-00042` from the sequence row just taken (as `formatRegistrationNumber` states it). */
const REGISTRATION_NUMBER_SQL = `series || '-' || year || '-' || lpad(last_value::text, greatest(5, length(last_value::text)), '0')`;

export interface RegisterRecord {
  readonly series: RecordSeries;
  readonly title: string;
  readonly pupilId: string;
  readonly schoolUnitId: string;
  /** The document's own date (for a plan: the development talk). */
  readonly documentDate: string;
  /** The sekretessmarkering the author sets as the record is registered, if any. */
  readonly confidentialityMarking: NewMarking | null;
  /**
   * The day the pupil left compulsory school, null while still enrolled, as the
   * directory knows it (`SchoolLeavingQueries`): the record's disposal date follows it.
   */
  readonly leftSchoolOn: string | null;
}

export interface RegisteredRecord {
  readonly id: string;
  readonly registrationNumber: string;
  readonly disposalDate: string | null;
}

/** A record whose marking was just set or removed: what the caller audits it under. */
export interface MarkedRecord {
  readonly registrationNumber: string;
  readonly pupilId: string;
}

/** The marking's four columns: all null for none, else dated the Swedish day of `now`. */
function markingColumns(marking: NewMarking | null, now: Date) {
  return {
    confidentiality_marking: marking?.provision ?? null,
    confidentiality_marked_on: marking ? stockholmToday(now) : null,
    confidentiality_marked_by_account_id: marking?.markedByAccountId ?? null,
    confidentiality_review_on: marking?.reviewOn ?? null,
  };
}

/**
 * The registry of public records (allmänna handlingar). Registration happens
 * inside the caller's transaction, so a record exists exactly when the
 * document it registers does.
 */
@Injectable()
export class RecordsService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async registerRecord(
    em: EntityManager,
    record: RegisterRecord,
    now: Date,
  ): Promise<RegisteredRecord> {
    const registrationNumber = await this.nextRegistrationNumber(em, record.series, now);
    const disposeOn = disposalDate(record.leftSchoolOn, this.config.retention.yearsAfterLeaving);
    const id = randomUUID();
    // Kysely, not em.insert: the demo seeding registers records through an ORM without entities.
    await em
      .getKysely<RecordsTables>()
      .insertInto('public_record')
      .values({
        id,
        registration_number: registrationNumber,
        kind: 'iup',
        title: record.title,
        pupil_id: record.pupilId,
        school_unit_id: record.schoolUnitId,
        document_date: record.documentDate,
        registered_at: now,
        ...markingColumns(record.confidentialityMarking, now),
        disposal_date: disposeOn,
      })
      .execute();
    return { id, registrationNumber, disposalDate: disposeOn };
  }

  /**
   * Sets, changes (dated anew, by the one changing it) or, with null, removes a
   * record's sekretessmarkering, in the caller's transaction. Only the marking
   * changes: it is a signal, and no decision reads it. Null when there is no
   * such record (disposed of meanwhile).
   */
  async markRecord(
    em: EntityManager,
    recordId: string,
    marking: NewMarking | null,
    now: Date,
  ): Promise<MarkedRecord | null> {
    const row = await em
      .getKysely<RecordsTables>()
      .updateTable('public_record')
      .set(markingColumns(marking, now))
      .where('id', '=', recordId)
      .returning(['registration_number', 'pupil_id'])
      .executeTakeFirst();
    return row ? { registrationNumber: row.registration_number, pupilId: row.pupil_id } : null;
  }

  /**
   * The next number of the series in the year (Swedish time), taken inside
   * the caller's transaction: a number is used exactly when the row it
   * numbers is committed.
   */
  async nextRegistrationNumber(
    em: EntityManager,
    series: RecordSeries,
    now: Date,
  ): Promise<string> {
    const row = await this.takeRegistrationNumber(
      em.getKysely<RecordsTables>(),
      series,
      now,
    ).executeTakeFirstOrThrow();
    return row.registration_number;
  }

  /**
   * Takes the next number, as the query for a CTE of the statement that inserts the row it
   * numbers (`.with('next_number', (db) => records.takeRegistrationNumber(db, ...))`, giving
   * `next_number (registration_number)`): the sequence row stays locked until commit, so one
   * statement instead of two keeps the other writers' wait short. The one place numbers are
   * taken and formatted (as the rule `formatRegistrationNumber` states it).
   */
  takeRegistrationNumber(db: QueryCreator<RecordsTables>, series: RecordSeries, now: Date) {
    return db
      .insertInto('registration_sequence')
      .values({ series, year: stockholmYear(now), last_value: 1 })
      .onConflict((oc) =>
        oc
          .columns(['series', 'year'])
          .doUpdateSet((eb) => ({ last_value: eb('registration_sequence.last_value', '+', 1) })),
      )
      .returning(sql.raw<string>(REGISTRATION_NUMBER_SQL).as('registration_number'));
  }
}
