import { randomUUID } from 'node:crypto';

import type { EntityManager } from '@mikro-orm/postgresql';

import { stockholmToday } from '../common/stockholm';
import type { AppConfig } from '../config/app-config';
import { demoCivicNumber } from './demo-directory';
import { applyPart } from '../plans/plan-parts';
import { emptyContent } from '../plans/plan-content';
import { DEFAULT_PLAN_TEMPLATE } from '../plans/plan-template';
import { RecordsService } from '../records/records.service';
import { addDays } from '../requests/working-days';

type Row = Record<string, unknown>;

/**
 * Former pupils who left compulsory school about three years ago, each with
 * an established plan, so the archivist's page is alive on first start:
 * days relative to today's date (negative: already due).
 */
const FORMER_PUPILS = [
  { key: 'former-1', given: 'Hugo', family: 'Ahlström', dueInDays: 20, hold: null },
  { key: 'former-2', given: 'Ines', family: 'Berglund', dueInDays: 60, hold: null },
  {
    key: 'former-3',
    given: 'Tage',
    family: 'Cederlund',
    dueInDays: -5,
    hold: 'Begärd av Skolinspektionen i ett pågående tillsynsärende.',
  },
  { key: 'former-4', given: 'Vera', family: 'Dahlin', dueInDays: -2, hold: null },
] as const;

export async function seedDemoRetention(em: EntityManager, config: AppConfig): Promise<number> {
  const records = new RecordsService(config);
  const today = stockholmToday(new Date());
  const years = config.retention.yearsAfterLeaving;
  const [unit] = await em.execute<Row[]>(
    "select id from school_unit where name = 'Björkängsskolan' limit 1",
  );
  const [archivist] = await em.execute<Row[]>(
    "select id from account where username = 'arkivarie'",
  );
  if (!unit) {
    return 0;
  }
  const schoolUnitId = String(unit.id);
  for (const [index, former] of FORMER_PUPILS.entries()) {
    const dueOn = addDays(today, former.dueInDays);
    const monthDay = dueOn.slice(4) === '-02-29' ? '-02-28' : dueOn.slice(4);
    const leftOn = `${Number(dueOn.slice(0, 4)) - years}${monthDay}`;
    const leftYear = Number(leftOn.slice(0, 4));
    const personId = randomUUID();
    await em.execute(
      `insert into person (id, external_id, civic_no, given_name, family_name, security_marking, created_at, updated_at)
       values (?, ?, ?, ?, ?, 'Ingen', now(), now())`,
      [
        personId,
        `demo:person:${former.key}`,
        demoCivicNumber(`${leftYear - 16}-0${index + 3}-1${index}`, 900 + index),
        former.given,
        former.family,
      ],
    );
    await em.execute(
      `insert into enrolment (id, person_id, school_unit_id, school_form, school_year, start_date, end_date, updated_at)
       values (?, ?, ?, 'grundskola', 9, ?, ?, now())`,
      [randomUUID(), personId, schoolUnitId, `${leftYear - 9}-08-17`, leftOn],
    );
    const period = `${leftYear - 1}/${String(leftYear).slice(2)}`;
    const talkDate = `${leftYear}-03-1${index}`;
    let content = emptyContent(DEFAULT_PLAN_TEMPLATE);
    content = applyPart(
      content,
      DEFAULT_PLAN_TEMPLATE,
      {
        part: 'goals',
        goals: [],
        otherDevelopment: 'Har tagit ansvar för sitt skolarbete och ser fram emot gymnasiet.',
      },
      { guardianId: personId, now: new Date(`${talkDate}T12:00:00Z`) },
    );
    content = applyPart(
      content,
      DEFAULT_PLAN_TEMPLATE,
      {
        part: 'talk',
        date: talkDate,
        participants: ['Eleven', 'Mentor', 'Vårdnadshavare'],
        agreements: 'Eleven söker till gymnasiet och får stöd av studie- och yrkesvägledaren.',
      },
      { guardianId: personId, now: new Date(`${talkDate}T12:00:00Z`) },
    );
    const planId = randomUUID();
    await em.execute(
      `insert into plan (id, pupil_id, school_unit_id, period, state, established_version, revision, draft, template, created_at, updated_at)
       values (?, ?, ?, ?, 'established', 1, 3, null, ?::jsonb, ?, ?)`,
      [
        planId,
        personId,
        schoolUnitId,
        period,
        JSON.stringify(DEFAULT_PLAN_TEMPLATE),
        new Date(`${talkDate}T12:00:00Z`),
        new Date(`${talkDate}T12:00:00Z`),
      ],
    );
    const record = await records.registerRecord(
      em,
      {
        series: 'IUP',
        title: `Individuell utvecklingsplan ${period}, version 1`,
        pupilId: personId,
        schoolUnitId,
        documentDate: talkDate,
        confidentialityMarking: null,
        leftSchoolOn: leftOn,
      },
      new Date(`${talkDate}T15:00:00Z`),
    );
    await em.execute(
      `insert into plan_version (plan_id, version, content, template, talk_date, established_at, record_id)
       values (?, 1, ?::jsonb, ?::jsonb, ?, ?, ?)`,
      [
        planId,
        JSON.stringify(content),
        JSON.stringify(DEFAULT_PLAN_TEMPLATE),
        talkDate,
        new Date(`${talkDate}T15:00:00Z`),
        record.id,
      ],
    );
    if (former.hold) {
      await em.execute(
        `insert into retention_hold (id, record_id, reason, placed_at, placed_by_account_id) values (?, ?, ?, now(), ?)`,
        [randomUUID(), record.id, former.hold, archivist ? String(archivist.id) : null],
      );
    }
  }
  return FORMER_PUPILS.length;
}
