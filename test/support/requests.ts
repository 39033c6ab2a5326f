import type TestAgent from 'supertest/lib/agent';

import type { DemoWorld } from './demo-world';
import { eventually, query } from './demo-world';

export interface FiledTestRequest {
  readonly id: string;
  readonly registrationNumber: string;
  readonly receiptCode: string;
}

/**
 * An anonymous request through the public API naming a demo pupil (as a
 * requester who knows the name would), returned once its first steps ran.
 */
export async function fileRequestFor(
  world: DemoWorld,
  pupilExternalId: string,
  extra: Record<string, string | boolean> = {},
): Promise<FiledTestRequest> {
  const [pupil] = await query(
    world.testApp,
    'select given_name, family_name from person where external_id = $1',
    [pupilExternalId],
  );
  return fileRequest(world, {
    description: 'Elevens utvecklingsplaner.',
    pupilName: `${String(pupil?.given_name)} ${String(pupil?.family_name)}`,
    delivery: 'electronic',
    ...extra,
  });
}

/** A request through the public API with this body, returned once its first steps ran. */
export async function fileRequest(
  world: DemoWorld,
  body: Record<string, string | boolean>,
): Promise<FiledTestRequest> {
  const filed = await world.testApp.http().post('/api/v1/records-requests').send(body).expect(201);
  const registrationNumber = String(filed.body.registrationNumber);
  return {
    id: await processedRequestId(world, registrationNumber),
    registrationNumber,
    receiptCode: String(filed.body.receiptCode),
  };
}

/** The id of the request with this registration number, once its first steps ran. */
export async function processedRequestId(
  world: DemoWorld,
  registrationNumber: string,
): Promise<string> {
  const [row] = await eventually(async () => {
    const rows = await query(
      world.testApp,
      'select id from records_request where registration_number = $1 and processed_at is not null',
      [registrationNumber],
    );
    return rows.length > 0 ? rows : null;
  }, `the first steps of ${registrationNumber}`);
  return String(row?.id);
}

/**
 * As the reviewer `reviewer`: refuses every record of the request (a draft:
 * no public record yet, OSL 23 kap. 2 § otherwise), completes and delivers it.
 */
export async function refuseAndDeliver(reviewer: TestAgent, requestId: string): Promise<void> {
  const detail = (await reviewer.get(`/api/v1/records-requests/${requestId}`).expect(200)).body as {
    items: { id: string; kind: string; version: number }[];
  };
  for (const item of detail.items) {
    await reviewer
      .post(`/api/v1/records-requests/${requestId}/items/${item.id}/decision`)
      .send({
        decision: item.kind === 'draft' ? 'no_public_record' : 'refuse',
        refusalGround: 'OSL 23 kap. 2 §',
        reasons: 'Uppgifter om elevhälsans insatser.',
        redactions: [],
        version: item.version,
      })
      .expect(204);
  }
  await reviewer.post(`/api/v1/records-requests/${requestId}/complete`).expect(204);
  await reviewer.post(`/api/v1/records-requests/${requestId}/deliver`).expect(204);
}
