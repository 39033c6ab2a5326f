import type { SMTPServer } from 'smtp-server';

import { DemoWorld, eventually, query, startDemoWorld } from '../support/demo-world';
import { fileRequestFor } from '../support/requests';
import { freePort } from '../support/service-process';
import { Received, startSmtp } from '../support/smtp-inbox';

describe('e-mail to the requester, through a real SMTP server', () => {
  let world: DemoWorld;
  let smtp: SMTPServer;
  let port: number;
  const inbox: Received[] = [];

  beforeAll(async () => {
    port = await freePort();
    smtp = await startSmtp(port, inbox);
    world = await startDemoWorld({
      withPlans: true,
      env: { SMTP_URL: `smtp://127.0.0.1:${port}` },
    });
  });

  afterAll(async () => {
    await world.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  const mailTo = (address: string, subject: string) =>
    eventually(
      () => Promise.resolve(inbox.find((m) => m.to === address && m.text.includes(subject))),
      `mail "${subject}"`,
    );

  it('sends the receipt, the decision and the download link; the outbox keeps no text once sent', async () => {
    const filed = await fileRequestFor(world, 'demo:person:pupil-4-5', {
      description: 'Elevens planer.',
      contactEmail: 'anna@example.se',
    });
    const receipt = (await mailTo('anna@example.se', 'Vi har tagit emot din begäran')).text;
    expect(receipt).toContain(filed.registrationNumber);
    expect(receipt).toContain(filed.receiptCode);
    await eventually(async () => {
      const rows = await query(
        world.testApp,
        "select body from email_outbox where kind = 'receipt' and sent_at is not null",
      );
      return rows.length > 0 && rows.every((row) => row.body === null) ? rows : null;
    }, 'the sent receipt wiped');

    const request = { id: filed.id };
    const reviewer = await world.signIn('granskare');
    const detail = (await reviewer.get(`/api/v1/records-requests/${request.id}`).expect(200))
      .body as {
      items: { id: string; kind: string; version: number }[];
    };
    for (const item of detail.items) {
      await reviewer
        .post(`/api/v1/records-requests/${request.id}/items/${item.id}/decision`)
        .send({
          decision: item.kind === 'draft' ? 'no_public_record' : 'release',
          redactions: [],
          version: item.version,
        })
        .expect(204);
    }
    await reviewer.post(`/api/v1/records-requests/${request.id}/complete`).expect(204);
    const decision = (await mailTo('anna@example.se', 'Beslut i ärende')).text;
    expect(decision).toContain(filed.registrationNumber);

    await reviewer.post(`/api/v1/records-requests/${request.id}/deliver`).expect(204);
    const delivery = (await mailTo('anna@example.se', 'kan hämtas')).text;
    const url = /https?:\/\/\S+\/begaran\/hamta\/[A-Za-z0-9_-]{43}/.exec(delivery)?.[0];
    expect(url).toBeDefined();
    await world.testApp
      .http()
      .get(new URL(url ?? '').pathname)
      .expect(200);
  });

  it('a send that fails is retried by the queue and nothing is lost', async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await world.testApp
      .http()
      .post('/api/v1/records-requests')
      .send({
        description: 'Medan e-posten ligger nere.',
        delivery: 'on_site',
        contactEmail: 'bo@example.se',
      })
      .expect(201);
    await eventually(async () => {
      const rows = await query(
        world.testApp,
        "select attempts, last_error from email_outbox where to_address = 'bo@example.se' and attempts > 0",
      );
      return rows.length > 0 ? rows : null;
    }, 'a failed attempt');
    smtp = await startSmtp(port, inbox);
    await mailTo('bo@example.se', 'Vi har tagit emot din begäran');
    const [row] = await query(
      world.testApp,
      "select attempts, sent_at from email_outbox where to_address = 'bo@example.se'",
    );
    expect(Number(row?.attempts)).toBeGreaterThanOrEqual(2);
    expect(row?.sent_at).not.toBeNull();
  }, 60_000);
});
