import { randomUUID } from 'node:crypto';

import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import { stockholmYear } from '../common/stockholm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { disposalDate, RecordSeries } from './registry-rules';

type Row = Record<string, unknown>;

export interface RegisterRecord {
  readonly series: RecordSeries;
  readonly title: string;
  readonly pupilId: string;
  readonly schoolUnitId: string;
  /** The document's own date (for a plan: the development talk). */
  readonly documentDate: string;
  readonly confidentialityMarking: string | null;
}

export interface RegisteredRecord {
  readonly id: string;
  readonly registrationNumber: string;
  readonly disposalDate: string | null;
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
    const leftOn = await this.findCompulsorySchoolEnd(em, record.pupilId);
    const disposeOn = disposalDate(leftOn, this.config.retention.yearsAfterLeaving);
    const id = randomUUID();
    await em.execute(
      `insert into public_record (id, registration_number, kind, title, pupil_id, school_unit_id, document_date,
         registered_at, confidentiality_marking, disposal_date) values (?, ?, 'iup', ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        registrationNumber,
        record.title,
        record.pupilId,
        record.schoolUnitId,
        record.documentDate,
        now,
        record.confidentialityMarking,
        disposeOn,
      ],
    );
    return { id, registrationNumber, disposalDate: disposeOn };
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
    const next = this.nextRegistrationNumberCte(series, now);
    const [row] = await em.execute<Row[]>(
      `with ${next.sql} select registration_number from next_number`,
      next.params,
    );
    return String(row?.registration_number);
  }

  /**
   * The next number as a CTE, `next_number (registration_number)`, for the
   * statement that inserts the row it numbers: the sequence row stays locked
   * until commit, so one statement instead of two keeps the other writers'
   * wait short. The one place numbers are taken and formatted (as the rule
   * `formatRegistrationNumber` states it).
   */
  nextRegistrationNumberCte(series: RecordSeries, now: Date): { sql: string; params: unknown[] } {
    return {
      sql: `next_number as (
        insert into registration_sequence (series, year, last_value) values (?, ?, 1)
        on conflict (series, year) do update set last_value = registration_sequence.last_value + 1
        returning series || '-' || year || '-' || lpad(last_value::text, greatest(5, length(last_value::text)), '0')
          as registration_number)`,
      params: [series, stockholmYear(now)],
    };
  }

  /**
   * The day the pupil left compulsory school: the latest end date of their
   * enrolments, or null while any enrolment is still open.
   */
  private async findCompulsorySchoolEnd(
    em: EntityManager,
    pupilId: string,
  ): Promise<string | null> {
    const [row] = await em.execute<Row[]>(
      `select bool_or(end_date is null) as open, max(end_date)::text as left_on from enrolment where person_id = ?`,
      [pupilId],
    );
    return row?.open === false && typeof row.left_on === 'string' ? row.left_on : null;
  }
}
