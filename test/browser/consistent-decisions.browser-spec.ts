/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import type TestAgent from 'supertest/lib/agent';

import type { RequestDetailView as RequestDetail } from '../../src/requests/views/request-detail.view';
import {
  describeInBrowser,
  expectNoAxeViolations,
  launchBrowser,
  saveScreenshot,
  signInPage,
} from '../support/browser';
import { DEMO_PASSWORD, DemoWorld, query, startDemoWorld } from '../support/demo-world';
import { establishPlan } from '../support/established-plan';
import { fileRequestFor } from '../support/requests';

const PUPIL = 'demo:person:pupil-4-2';
const AGREEMENTS = 'Vi ses igen i mars hos Kim.';
const GROUND = 'OSL 23 kap. 2 §';

describeInBrowser('consistent decisions in Chromium', () => {
  let world: DemoWorld;
  let browser: Browser;
  let baseUrl: string;
  let reviewer: TestAgent;
  let requestId: string;
  let first: RequestDetail['items'][number];
  let second: RequestDetail['items'][number];

  beforeAll(async () => {
    world = await startDemoWorld({ withPlans: true });
    baseUrl = await world.testApp.listen();
    browser = await launchBrowser();
    await query(
      world.testApp,
      `delete from plan where pupil_id = (select id from person where external_id = $1) and period = '2026/27'`,
      [PUPIL],
    );
    // Version 1, then version 2 with the agreements unchanged and the other development rewritten.
    const { planId } = await establishPlan(world, {
      pupil: PUPIL,
      otherDevelopment: 'Eleven läser gärna och mycket.',
      agreements: AGREEMENTS,
    });
    const mentor = await world.signIn('mentor');
    const draft = (await mentor.post(`/api/v1/plans/${planId}/drafts`).send({}).expect(201))
      .body as { revision: number };
    await mentor
      .put(`/api/v1/plans/${planId}/goals`)
      .send({ revision: draft.revision, goals: [], otherDevelopment: 'Eleven räknar gärna.' })
      .expect(200);
    await mentor
      .put(`/api/v1/plans/${planId}/talk`)
      .send({
        revision: draft.revision + 1,
        date: '2026-11-27',
        participants: ['Eleven', 'Mentor', 'Vårdnadshavare'],
        agreements: AGREEMENTS,
        acknowledgeWarnings: true,
      })
      .expect(200);
    await mentor
      .post(`/api/v1/plans/${planId}/establish`)
      .send({ revision: draft.revision + 2, confidentialityMarking: GROUND })
      .expect(200);
    const versions = await query(
      world.testApp,
      'select record_id from plan_version where plan_id = $1 order by version',
      [planId],
    );
    requestId = (await fileRequestFor(world, PUPIL, { description: 'Alla planer för eleven.' })).id;
    reviewer = await world.signIn('granskare');
    const detail = (await reviewer.get(`/api/v1/records-requests/${requestId}`).expect(200))
      .body as RequestDetail;
    const byRecord = (recordId: unknown): RequestDetail['items'][number] => {
      const item = detail.items.find((each) => each.recordId === String(recordId));
      if (!item) throw new Error('the version is not in the request');
      return item;
    };
    first = byRecord(versions[0]?.record_id);
    second = byRecord(versions[1]?.record_id);
    // Version 1: a classmate's name, the pupil's own name and the rewritten field struck.
    const start = AGREEMENTS.indexOf('Kim');
    await reviewer
      .post(`/api/v1/records-requests/${requestId}/items/${first.id}/decision`)
      .send({
        decision: 'release_with_redactions',
        redactions: [
          { fieldId: 'talk.agreements', ground: GROUND, span: { start, end: start + 3 } },
          { fieldId: 'pupil.name', ground: GROUND },
          { fieldId: 'otherDevelopment', ground: GROUND },
        ],
        reasons: 'En klasskamrats namn och elevens namn omfattas av sekretess.',
        version: first.version,
      })
      .expect(204);
  });

  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  it('carries version 1’s decision over to an unchanged field of version 2', async () => {
    const page = await signInPage(browser, baseUrl, 'granskare', DEMO_PASSWORD);
    await page.goto(`${baseUrl}/handlaggning/begaran/${requestId}/handlingar/${second.id}`);
    const table = page.locator('section.other-decisions');
    await expect(
      table.getByRole('heading', { name: 'Beslut i andra handlingar' }).count(),
    ).resolves.toBe(1);
    await expect(table.textContent()).resolves.toContain('Ändrad – pröva uppgiften på nytt');
    await expectNoAxeViolations(browser, page);
    await table
      .getByRole('button', {
        name: `För över beslutet från ${first.registrationNumber} till Utvecklingssamtal – Överenskommelser`,
      })
      .click();
    await page.waitForURL(`**/handlaggning/begaran/${requestId}/handlingar/${second.id}`);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain(
      'Beslutet är överfört till uppgiften.',
    );
    await saveScreenshot(page, 'consistent-decisions-carried');
    await expectNoAxeViolations(browser, page);
    const [row] = await query(
      world.testApp,
      'select decision, redactions from records_request_item where id = $1',
      [second.id],
    );
    expect(row?.decision).toBe('release_with_redactions');
    expect(row?.redactions).toEqual([
      expect.objectContaining({ fieldId: 'talk.agreements', ground: GROUND }),
    ]);
    await page.context().close();
  });

  it('warns that the pupil’s name is struck in one version and released in another, and completes with a reason', async () => {
    // Every other record released as it is: the name struck in version 1 goes out in them.
    const detail = (await reviewer.get(`/api/v1/records-requests/${requestId}`).expect(200))
      .body as RequestDetail;
    for (const item of detail.items.filter((each) => each.decision === null)) {
      await reviewer
        .post(`/api/v1/records-requests/${requestId}/items/${item.id}/decision`)
        .send({
          decision: item.kind === 'draft' ? 'no_public_record' : 'release',
          redactions: [],
          version: item.version,
        })
        .expect(204);
    }
    const page = await signInPage(browser, baseUrl, 'granskare', DEMO_PASSWORD);
    await page.goto(`${baseUrl}/handlaggning/begaran/${requestId}`);
    const warning = page.locator('#beslut-skiljer-sig');
    await expect(warning.textContent()).resolves.toContain(
      `är maskerad i ${first.registrationNumber} (Elev) men lämnas ut i`,
    );
    await saveScreenshot(page, 'consistent-decisions-warning');
    await expectNoAxeViolations(browser, page);
    const reason = 'Namnet är redan känt för den som begärt planerna.';
    await page.getByLabel('Skäl till att besluten skiljer sig åt').fill(reason);
    await page.getByRole('button', { name: 'Begäran är färdigbeslutad' }).click();
    // The confirmation page shows the letter and repeats the conflict; the reason goes on with its form.
    await expect(page.locator('#rubrik-skiljer-sig').textContent()).resolves.toBe(
      'Besluten skiljer sig åt',
    );
    await expect(page.locator('main').textContent()).resolves.toContain(reason);
    await saveScreenshot(page, 'consistent-decisions-confirm');
    await expectNoAxeViolations(browser, page);
    await page.getByRole('button', { name: 'Registrera beslutet' }).click();
    await page.waitForURL(`**/handlaggning/begaran/${requestId}`);
    await expect(page.locator('main').textContent()).resolves.toContain(
      `handläggarens skäl: ${reason}`,
    );
    await expectNoAxeViolations(browser, page);
    const [request] = await query(
      world.testApp,
      'select status, consistency_reason from records_request where id = $1',
      [requestId],
    );
    expect(request).toMatchObject({ status: 'decided', consistency_reason: reason });
    await page.context().close();
  });
});
