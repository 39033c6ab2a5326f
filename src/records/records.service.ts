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

/** The tables of a statement that took a number in its CTE `next_number` (`takeRegistrationNumber`). */
export type NumberedTables = RecordsTables & {
  next_number: { registration_number: string };
};

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
    const row = await em
      .getKysely<RecordsTables>()
      .with('next_number', (db) => this.takeRegistrationNumber(db, record.series, now))
      .with('record', (db) => this.insertRecord(db, record, now))
      .selectFrom('record')
      .select(['record.id', 'record.registration_number', 'record.disposal_date'])
      .executeTakeFirstOrThrow();
    return {
      id: row.id,
      registrationNumber: row.registration_number,
      disposalDate: row.disposal_date,
    };
  }

  /**
   * Inserts the record numbered by the CTE `next_number` (`takeRegistrationNumber`) of the same
   * statement, as the query of a CTE after it: `.with('next_number', …).with('record', (db) =>
   * records.insertRecord(db, record, now))`, giving `record (id, registration_number,
   * disposal_date)`. Taking the number and inserting the record in the caller's one statement
   * holds the series' sequence row from that statement to commit only.
   */
  insertRecord(db: QueryCreator<NumberedTables>, record: RegisterRecord, now: Date) {
    const disposeOn = disposalDate(record.leftSchoolOn, this.config.retention.yearsAfterLeaving);
    const marking = markingColumns(record.confidentialityMarking, now);
    // Kysely, not em.insert: the demo seeding registers records through an ORM without entities.
    return db
      .insertInto('public_record')
      .columns([
        'id',
        'registration_number',
        'kind',
        'title',
        'pupil_id',
        'school_unit_id',
        'document_date',
        'registered_at',
        'confidentiality_marking',
        'confidentiality_marked_on',
        'confidentiality_marked_by_account_id',
        'confidentiality_review_on',
        'disposal_date',
      ])
      .expression((eb) =>
        eb
          .selectFrom('next_number')
          .select([
            eb.val(randomUUID()).as('id'),
            'next_number.registration_number',
            eb.val('iup').as('kind'),
            eb.val(record.title).as('title'),
            eb.val(record.pupilId).as('pupil_id'),
            eb.val(record.schoolUnitId).as('school_unit_id'),
            eb.val(record.documentDate).as('document_date'),
            eb.val(now).as('registered_at'),
            eb.val(marking.confidentiality_marking).as('confidentiality_marking'),
            eb.val(marking.confidentiality_marked_on).as('confidentiality_marked_on'),
            eb
              .val(marking.confidentiality_marked_by_account_id)
              .as('confidentiality_marked_by_account_id'),
            eb.val(marking.confidentiality_review_on).as('confidentiality_review_on'),
            eb.val(disposeOn).as('disposal_date'),
          ]),
      )
      .returning(['id', 'registration_number', 'disposal_date']);
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
