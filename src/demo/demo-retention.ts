import { randomUUID } from 'node:crypto';

import type { EntityManager } from '@mikro-orm/postgresql';

import { AccountDemoSeedWriter } from '../auth/demo-seed.writer';
import { stockholmToday } from '../common/stockholm';
import type { AppConfig } from '../config/app-config';
import { DirectoryDemoSeedWriter } from '../directory/demo-seed.writer';
import { demoCivicNumber } from './demo-directory';
import { PlanDemoSeedWriter } from '../plans/demo-seed.writer';
import { applyPart } from '../plans/plan-parts';
import { emptyContent } from '../plans/plan-content';
import { DEFAULT_PLAN_TEMPLATE } from '../plans/plan-template';
import { RecordsService } from '../records/records.service';
import { addDays } from '../requests/working-days';
import { RetentionDemoSeedWriter } from '../retention/demo-seed.writer';

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
  const directory = new DirectoryDemoSeedWriter();
  const plans = new PlanDemoSeedWriter();
  const schoolUnitId = await directory.findSchoolUnitId(em, 'Björkängsskolan');
  const archivistId = await new AccountDemoSeedWriter().findAccountId(em, 'arkivarie');
  if (!schoolUnitId) {
    return 0;
  }
  for (const [index, former] of FORMER_PUPILS.entries()) {
    const dueOn = addDays(today, former.dueInDays);
    const monthDay = dueOn.slice(4) === '-02-29' ? '-02-28' : dueOn.slice(4);
    const leftOn = `${Number(dueOn.slice(0, 4)) - years}${monthDay}`;
    const leftYear = Number(leftOn.slice(0, 4));
    const personId = await directory.insertFormerPupil(em, {
      externalId: `demo:person:${former.key}`,
      civicNo: demoCivicNumber(`${leftYear - 16}-0${index + 3}-1${index}`, 900 + index),
      givenName: former.given,
      familyName: former.family,
      schoolUnitId,
      startDate: `${leftYear - 9}-08-17`,
      endDate: leftOn,
    });
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
    await plans.insertPlan(em, {
      id: planId,
      pupilId: personId,
      schoolUnitId,
      period,
      state: 'established',
      establishedVersion: 1,
      revision: 3,
      draft: null,
      template: DEFAULT_PLAN_TEMPLATE,
      createdAt: new Date(`${talkDate}T12:00:00Z`),
      updatedAt: new Date(`${talkDate}T12:00:00Z`),
    });
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
    await plans.insertVersion(em, {
      planId,
      version: 1,
      content,
      template: DEFAULT_PLAN_TEMPLATE,
      talkDate,
      establishedAt: new Date(`${talkDate}T15:00:00Z`),
      recordId: record.id,
    });
    if (former.hold) {
      await new RetentionDemoSeedWriter().insertHold(em, {
        recordId: record.id,
        reason: former.hold,
        placedByAccountId: archivistId,
      });
    }
  }
  return FORMER_PUPILS.length;
}
