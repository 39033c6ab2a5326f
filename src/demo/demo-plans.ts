import { randomUUID } from 'node:crypto';

import type { EntityManager } from '@mikro-orm/postgresql';

import type { AppConfig } from '../config/app-config';
import { SchoolLeavingQueries } from '../directory/school-leaving.queries';
import { DirectoryDemoSeedWriter } from '../directory/demo-seed.writer';
import { PlanDemoSeedWriter } from '../plans/demo-seed.writer';
import { RecordsService } from '../records/records.service';
import { applyPart } from '../plans/plan-parts';
import type { PlanPartChange } from '../plans/plan-parts';
import { emptyContent, nextDraftContent, PlanContent } from '../plans/plan-content';
import { DEFAULT_PLAN_TEMPLATE } from '../plans/plan-template';

/** Realistic Swedish plan texts for the demo, a few variants each. */
const ASSESSMENTS: Record<string, readonly string[]> = {
  Svenska: [
    'Läser med flyt och återberättar handlingen i en text med egna ord. Skriver berättelser med tydlig början, handling och slut.',
    'Läser enkla texter och börjar dra egna slutsatser om vad som händer. Behöver fortsätta öva på stavning av vanliga ord.',
  ],
  Matematik: [
    'Räknar säkert med de fyra räknesätten inom talområdet 0–1000 och förklarar sina lösningar muntligt.',
    'Löser problem i ett steg och visar hur genom bilder. Övar vidare på att välja räknesätt i problem med flera steg.',
  ],
  Engelska: [
    'Förstår enkla instruktioner och berättar kort om sig själv och sin familj.',
    'Deltar gärna i samtal på engelska och använder ett växande ordförråd.',
  ],
};

const GOALS = [
  {
    subject: 'Svenska',
    text: 'Läsa en kapitelbok på egen hand och berätta om den för klassen.',
    actions: {
      school: 'Lästräning i liten grupp två gånger i veckan.',
      pupil: 'Läser tjugo minuter varje dag.',
      guardian: 'Frågar om boken och läser högt tillsammans på helgen.',
    },
  },
  {
    subject: 'Matematik',
    text: 'Visa uträkningar i flera steg när problem löses.',
    actions: {
      school: 'Genomgång av lösningsstrategier varje vecka.',
      pupil: 'Skriver ner varje steg i räknehäftet.',
      guardian: 'Låter eleven förklara en uppgift hemma.',
    },
  },
  {
    subject: null,
    text: 'Ta ansvar för sina uppgifter i grupparbeten.',
    actions: {
      school: 'Tydliga roller i grupparbeten.',
      pupil: 'Säger till när något är oklart.',
      guardian: 'Pratar om hur grupparbetet går.',
    },
  },
];

const SELF = [
  {
    trivsel: 'Jag trivs bra i klassen och har många kompisar.',
    styrkor: 'Jag är bra på att räkna i huvudet.',
    utveckla: 'Jag vill bli bättre på att läsa högt.',
  },
  {
    trivsel: 'Det är roligt på rasterna.',
    styrkor: 'Jag är bra på att rita och berätta.',
    utveckla: 'Jag vill lära mig gångertabellerna.',
  },
];

/**
 * Plans for the demo pupils of class 4A in every state: established plans of
 * last school year with two versions (autumn and spring talks), established
 * and draft plans this year. Written through the same pure part rules as
 * real edits, and registered in the same registry.
 */
export async function seedDemoPlans(em: EntityManager, config: AppConfig): Promise<number> {
  const records = new RecordsService(config);
  const plans = new PlanDemoSeedWriter();
  const pupils = await new DirectoryDemoSeedWriter().findEnrolledPupils(
    em,
    'demo:person:pupil-4-%',
  );
  let created = 0;
  for (const [index, { id: pupilId, schoolUnitId }] of pupils.entries()) {
    const variant = index % 2;
    const content = (talkDate: string | null): PlanContent => {
      let draft = emptyContent(DEFAULT_PLAN_TEMPLATE);
      const changes: PlanPartChange[] = [
        ...Object.entries(ASSESSMENTS).map(([subject, texts]) => ({
          part: 'assessment' as const,
          subject,
          scaleValue: variant === 0 ? 'godtagbara' : 'mer_an_godtagbara',
          text: texts[variant],
        })),
        {
          part: 'goals',
          goals: GOALS.slice(variant, variant + 2).map((goal) => ({ ...goal, followUp: '' })),
          otherDevelopment: 'Hjälper gärna klasskamrater och lyssnar på andra.',
        },
        {
          part: 'selfAssessment',
          answers: Object.entries(SELF[variant]).map(([questionId, answer]) => ({
            questionId,
            answer,
          })),
          text: 'Jag vill att det är lugnt i klassrummet när vi läser.',
        },
      ];
      if (talkDate) {
        changes.push({
          part: 'talk',
          date: talkDate,
          participants: ['Eleven', 'Mentor', 'Vårdnadshavare'],
          agreements: 'Eleven läser hemma varje dag och berättar om boken på nästa samtal.',
        });
      }
      for (const change of changes) {
        draft = applyPart(draft, DEFAULT_PLAN_TEMPLATE, change, {
          guardianId: pupilId,
          now: new Date('2026-11-28'),
        });
      }
      return draft;
    };

    const establish = async (
      planId: string,
      period: string,
      version: number,
      body: PlanContent,
    ): Promise<void> => {
      const date = body.talk.date!;
      const record = await records.registerRecord(
        em,
        {
          series: 'IUP',
          title: `Individuell utvecklingsplan ${period}, version ${version}`,
          pupilId,
          schoolUnitId,
          documentDate: date,
          confidentialityMarking: null,
          leftSchoolOn: await new SchoolLeavingQueries().findLeavingDate(em, pupilId),
        },
        new Date(`${date}T15:00:00Z`),
      );
      await plans.insertVersion(em, {
        planId,
        version,
        content: body,
        template: DEFAULT_PLAN_TEMPLATE,
        talkDate: date,
        establishedAt: new Date(`${date}T15:00:00Z`),
        recordId: record.id,
      });
    };
    const plan = {
      pupilId,
      schoolUnitId,
      template: DEFAULT_PLAN_TEMPLATE,
    };

    // Last school year: established twice (autumn and spring talks).
    if (index < 4) {
      const planId = randomUUID();
      const autumn = content('2025-10-15');
      const spring = { ...nextDraftContent(autumn), talk: { ...content('2026-03-18').talk } };
      await plans.insertPlan(em, {
        ...plan,
        id: planId,
        period: '2025/26',
        state: 'established',
        establishedVersion: 2,
        revision: 6,
        draft: null,
        createdAt: '2025-09-01',
        updatedAt: '2026-03-18',
      });
      await establish(planId, '2025/26', 1, autumn);
      await establish(planId, '2025/26', 2, spring);
      created += 1;
    }
    // This school year: some established, the rest drafts before the talk (one with a talk booked).
    const planId = randomUUID();
    if (index % 3 === 1) {
      await plans.insertPlan(em, {
        ...plan,
        id: planId,
        period: '2026/27',
        state: 'established',
        establishedVersion: 1,
        revision: 4,
        draft: null,
        createdAt: '2026-09-01',
        updatedAt: '2026-11-12',
      });
      await establish(planId, '2026/27', 1, content('2026-11-12'));
    } else {
      const draft =
        index % 3 === 0
          ? content(null)
          : { ...content(null), talk: { date: '2026-12-10', participants: [], agreements: '' } };
      await plans.insertPlan(em, {
        ...plan,
        id: planId,
        period: '2026/27',
        state: 'draft',
        establishedVersion: 0,
        revision: 3,
        draft,
        createdAt: '2026-09-01',
        updatedAt: '2026-11-20',
      });
    }
    created += 1;
  }
  return created;
}
