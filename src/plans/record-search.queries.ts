import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type Kysely, sql } from 'kysely';

import { schoolUnitNames, searchablePersons } from '../directory/directory-joins';
import type { SecurityMarking } from '../directory/directory.types';
import { registeredRecords } from '../records/record-joins';
import type { PlansTables } from './plans.entities';

/** What a reviewer's record search asks for (every part given must match). */
export interface RecordSearchMatch {
  readonly registration: {
    readonly series: string;
    readonly year: number;
    readonly serial: number | null;
  } | null;
  readonly civicNumbers: readonly string[];
  readonly period: string | null;
  /** Lower-cased: the pupil's name, fuzzy on the trigram index, or part of the school's name. */
  readonly text: string | null;
}

/** One established plan version, as the record search lists it. */
export interface RecordSearchRow {
  readonly recordId: string;
  readonly registrationNumber: string;
  readonly pupilId: string;
  readonly pupilName: string;
  readonly securityMarking: SecurityMarking;
  readonly schoolUnitName: string;
  readonly period: string;
  readonly version: number;
  /** A timestamp; the driver may hand it over as PostgreSQL's text. */
  readonly establishedAt: Date | string;
  /** The sekretessmarkering's provision; null when unmarked. */
  readonly marking: string | null;
}

/*
 * pg_trgm lives in `public` and the service's search_path names only its own schema, so
 * its operators are written qualified. `%` is similarity (pg_trgm.similarity_threshold, 0.3)
 * of the whole name; `name %> text` is word similarity (0.6): the typed text against the
 * closest stretch of the name, so "Anderson" finds "Ella Andersson". Both are answered by
 * the GIN index person_name_trgm_idx, and so is `like`.
 */

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * The registry's established plan versions matching a reviewer's search: at most
 * `limit`, the closest names first, then the newest. One statement; the directory's and
 * the registry's tables are joined through their owners' derived tables.
 */
@Injectable()
export class RecordSearchQueries {
  constructor(private readonly em: EntityManager) {}

  async search(match: RecordSearchMatch, limit: number): Promise<RecordSearchRow[]> {
    const db = this.em.fork().getKysely<PlansTables>();
    const text = match.text;
    if (!text) {
      return toRows(
        await this.matching(db, match)
          .select(sql<number>`0`.as('rank'))
          .orderBy('v.established_at', 'desc')
          .orderBy('v.record_id')
          .limit(limit)
          .execute(),
      );
    }
    // Two branches, each driven by its own index: the pupil's name (trigram) and the
    // school's name. An OR across the two tables would read every person instead.
    const contains = `%${escapeLike(text)}%`;
    const nameMatches = sql<boolean>`(pe.search_name like ${contains}
      or pe.search_name operator(public.%>) ${text}
      or pe.search_name operator(public.%) ${text})`;
    const byName = this.matching(db, match)
      .where(nameMatches)
      .select(
        sql<number>`greatest(public.similarity(pe.search_name, ${text}), public.word_similarity(${text}, pe.search_name))`.as(
          'rank',
        ),
      );
    const bySchool = this.matching(db, match)
      .where(sql<string>`lower(su.name)`, 'like', contains)
      .where(sql<boolean>`not ${nameMatches}`)
      .select(sql<number>`0`.as('rank'));
    const rows = await db
      .selectFrom(byName.unionAll(bySchool).as('h'))
      .selectAll()
      .orderBy('h.rank', 'desc')
      .orderBy('h.established_at', 'desc')
      .orderBy('h.record_id')
      .limit(limit)
      .execute();
    return toRows(rows);
  }

  /** The established versions matching everything but the free text. */
  private matching(db: Kysely<PlansTables>, match: RecordSearchMatch) {
    let query = db
      .selectFrom('plan_version as v')
      .innerJoin('plan as p', 'p.id', 'v.plan_id')
      .innerJoin(registeredRecords().as('r'), 'r.id', 'v.record_id')
      .innerJoin(searchablePersons().as('pe'), 'pe.id', 'p.pupil_id')
      .innerJoin(schoolUnitNames().as('su'), 'su.id', 'r.school_unit_id')
      .select([
        'v.record_id',
        'r.registration_number',
        'p.pupil_id',
        'pe.name as pupil_name',
        'pe.security_marking',
        'su.name as school_unit_name',
        'p.period',
        'v.version',
        'v.established_at',
        'r.confidentiality_marking',
      ]);
    const registration = match.registration;
    if (registration) {
      query = query.where(
        'r.registration_number',
        'like',
        `${escapeLike(registration.series)}-${registration.year}-%`,
      );
      if (registration.serial !== null) {
        // "2", "002" and "00002" alike: the serial compared without its leading zeros.
        query = query.where(
          sql<string>`ltrim(split_part(r.registration_number, '-', 3), '0')`,
          '=',
          String(registration.serial),
        );
      }
    }
    if (match.civicNumbers.length > 0) {
      query = query.where('pe.civic_no', 'in', [...match.civicNumbers]);
    }
    if (match.period) {
      query = query.where('p.period', '=', match.period);
    }
    return query;
  }
}

function toRows(
  rows: readonly {
    record_id: string;
    registration_number: string;
    pupil_id: string;
    pupil_name: string;
    security_marking: SecurityMarking;
    school_unit_name: string;
    period: string;
    version: number;
    established_at: Date | string;
    confidentiality_marking: string | null;
  }[],
): RecordSearchRow[] {
  return rows.map((row) => ({
    recordId: row.record_id,
    registrationNumber: row.registration_number,
    pupilId: row.pupil_id,
    pupilName: row.pupil_name,
    securityMarking: row.security_marking,
    schoolUnitName: row.school_unit_name,
    period: row.period,
    version: row.version,
    establishedAt: row.established_at,
    marking: row.confidentiality_marking,
  }));
}
