import type TestAgent from 'supertest/lib/agent';

import type { DemoWorld } from './demo-world';
import { query } from './demo-world';

export interface DraftOptions {
  readonly pupil: string;
  readonly otherDevelopment: string;
  readonly agreements: string;
  /** Put in the draft directly, as if written before the guard knew the class (it would refuse it now). */
  readonly writtenEarlier?: string;
}

/**
 * The mentor of 4A starts a plan for one of their pupils and records the
 * talk, through the API: a draft ready to be established at `revision`.
 */
export async function writeDraftWithTalk(
  world: DemoWorld,
  options: DraftOptions,
): Promise<{ mentor: TestAgent; planId: string; revision: number }> {
  const mentor = await world.signIn('mentor');
  const pupilId = await world.personId(options.pupil);
  const plan = (await mentor.post(`/api/v1/pupils/${pupilId}/plans`).expect(201)).body as {
    id: string;
    revision: number;
  };
  await mentor
    .put(`/api/v1/plans/${plan.id}/goals`)
    .send({ revision: plan.revision, goals: [], otherDevelopment: options.otherDevelopment })
    .expect(200);
  if (options.writtenEarlier !== undefined) {
    await query(
      world.testApp,
      `update plan set draft = jsonb_set(draft, '{otherDevelopment}', to_jsonb($2::text)) where id = $1`,
      [plan.id, options.writtenEarlier],
    );
  }
  await mentor
    .put(`/api/v1/plans/${plan.id}/talk`)
    .send({
      revision: plan.revision + 1,
      date: '2026-11-20',
      participants: ['Eleven', 'Mentor', 'Vårdnadshavare'],
      agreements: options.agreements,
      acknowledgeWarnings: true,
    })
    .expect(200);
  return { mentor, planId: plan.id, revision: plan.revision + 2 };
}

/**
 * The mentor of 4A writes a plan for one of their pupils, records the talk
 * and establishes it with a sekretessmarkering, through the API as the plans
 * issue made it. Returns the public record the established version became.
 */
export async function establishPlan(
  world: DemoWorld,
  options: DraftOptions,
): Promise<{ planId: string; recordId: string }> {
  const { mentor, planId, revision } = await writeDraftWithTalk(world, options);
  await mentor
    .post(`/api/v1/plans/${planId}/establish`)
    .send({ revision, confidentialityMarking: 'OSL 23 kap. 2 §' })
    .expect(200);
  const [row] = await query(
    world.testApp,
    'select record_id from plan_version where plan_id = $1 and version = 1',
    [planId],
  );
  return { planId, recordId: String(row?.record_id) };
}
