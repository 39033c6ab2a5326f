/// <reference lib="dom" />
import type { Browser } from 'playwright-core';

import {
  describeInBrowser,
  expectNoAxeViolations,
  launchBrowser,
  saveScreenshot,
  signInPage,
  statusAfterSubmit,
} from '../support/browser';
import { DEMO_PASSWORD, DemoWorld, query, startDemoWorld } from '../support/demo-world';
import { establishPlan } from '../support/established-plan';

/**
 * The principal follows up the law's cadence and reminds a mentor, who sees the reminder on the
 * start page; the mentor looks at a draft as a stranger would get it. Without JavaScript (every
 * form works without), axe clean, with screenshots in test/artifacts/.
 */
describeInBrowser('the principal’s follow-up and the stranger’s view in Chromium', () => {
  let world: DemoWorld;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    world = await startDemoWorld();
    baseUrl = await world.testApp.listen();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  it('shows the principal who lacks a plan or a talk, and reminds the mentor once', async () => {
    await establishPlan(world, {
      pupil: 'demo:person:pupil-4-2',
      otherDevelopment: 'Läser en kapitelbok i veckan.',
      agreements: 'Vi följer upp läsningen i mars.',
    });
    const page = await signInPage(browser, baseUrl, 'rektor', DEMO_PASSWORD, {
      javaScript: false,
    });
    await page.getByRole('link', { name: 'uppföljning av planer och utvecklingssamtal' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe(
      'Uppföljning av planer och utvecklingssamtal',
    );
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('skollagen 10 kap. 12 §');
    expect(main).toContain('Per klass och mentor');
    await expectNoAxeViolations(browser, page);
    await saveScreenshot(page, 'principal-cadence');

    await page.getByRole('button', { name: 'Påminn mentorn för 4A' }).click();
    expect(await statusAfterSubmit(page)).toContain('Påminnelsen skickades till 1 mentor');
    expect(await page.getByText('Mentorn påmindes i dag.').count()).toBe(1);
    await expectNoAxeViolations(browser, page);
    await saveScreenshot(page, 'principal-cadence-reminded');

    const mentor = await signInPage(browser, baseUrl, 'mentor', DEMO_PASSWORD, {
      javaScript: false,
    });
    const reminders = mentor.getByRole('region', { name: 'Påminnelser från rektor' });
    expect(await reminders.textContent()).toMatch(/i 4A saknar \d+ elever en fastställd plan/);
    await expectNoAxeViolations(browser, mentor);
    await saveScreenshot(mentor, 'mentor-start-page-reminder');
  });

  it('shows the mentor the draft as a stranger would most likely get it', async () => {
    const pupilId = await world.personId('demo:person:pupil-4-6');
    const api = await world.signIn('mentor');
    const plan = (await api.post(`/api/v1/pupils/${pupilId}/plans`).expect(201)).body as {
      id: string;
      revision: number;
    };
    await api
      .put(`/api/v1/plans/${plan.id}/goals`)
      .send({
        revision: plan.revision,
        goals: [],
        otherDevelopment: 'Eleven läser gärna och vill skriva längre berättelser.',
      })
      .expect(200);
    // As if written before the guard knew the words (it would refuse them now).
    await query(
      world.testApp,
      `update plan set draft = jsonb_set(draft, '{talk,agreements}', to_jsonb($2::text)) where id = $1`,
      [plan.id, 'Eleven har adhd och får medicin. Pappa nås på 070-987 65 43.'],
    );
    const page = await signInPage(browser, baseUrl, 'mentor', DEMO_PASSWORD, {
      javaScript: false,
    });
    await page.goto(`${baseUrl}/planer/${plan.id}`);
    await page
      .getByRole('link', { name: 'Så här kan planen se ut för en utomstående' })
      .first()
      .click();
    await expect(page.locator('h1').textContent()).resolves.toBe(
      'Så här kan planen se ut för en utomstående',
    );
    const copy = (await page.locator('.copy-preview__page').textContent()) ?? '';
    expect(copy).toContain('Eleven läser gärna');
    expect(copy).not.toContain('adhd');
    expect(copy).not.toContain('070-987');
    expect(await page.locator('.copy-box').count()).toBeGreaterThanOrEqual(2);
    await expectNoAxeViolations(browser, page);
    await saveScreenshot(page, 'stranger-view');
  });
});
