import type { Browser } from 'playwright-core';

import type { RequestDetailView as RequestDetail } from '../../src/requests/views/request-detail.view';
import {
  describeInBrowser,
  expectNoAxeViolations,
  launchBrowser,
  saveScreenshot,
  signInPage,
  statusAfterSubmit,
} from '../support/browser';
import { csrfFrom, DEMO_PASSWORD, DemoWorld, startDemoWorld } from '../support/demo-world';
import { establishPlan } from '../support/established-plan';
import { fileRequestFor } from '../support/requests';

const PUPIL = 'demo:person:pupil-4-1';
const AGREEMENTS = 'Vi ses igen i mars. Eleven tränar läsning hemma varje kväll.';
const GROUND = 'OSL 23 kap. 2 §';

describeInBrowser('who read my child’s plan, and what the class list shows, in Chromium', () => {
  let world: DemoWorld;
  let browser: Browser;
  let baseUrl: string;
  let pupilId: string;

  beforeAll(async () => {
    world = await startDemoWorld();
    baseUrl = await world.testApp.listen();
    browser = await launchBrowser();
    pupilId = await world.personId(PUPIL);
    const { planId } = await establishPlan(world, {
      pupil: PUPIL,
      otherDevelopment: 'Eleven läser gärna och mycket.',
      agreements: AGREEMENTS,
    });
    const mentor = await world.signIn('mentor');
    await mentor.get(`/planer/${planId}/pdf`).expect(200);
    await (await world.signIn('larare')).get(`/planer/${planId}`).expect(200);
    await (await world.signIn('rektor')).get(`/planer/${planId}/version/1`).expect(200);

    const filed = await fileRequestFor(world, PUPIL);
    const reviewer = await world.signIn('granskare');
    const detail = (await reviewer.get(`/api/v1/records-requests/${filed.id}`).expect(200))
      .body as RequestDetail;
    const item = detail.items.find((each) => each.kind === 'record');
    if (!item) throw new Error('the plan’s record is not in the request');
    const start = AGREEMENTS.indexOf('läsning');
    await reviewer
      .post(`/api/v1/records-requests/${filed.id}/items/${item.id}/decision`)
      .send({
        decision: 'release_with_redactions',
        redactions: [
          { fieldId: 'talk.agreements', ground: GROUND, span: { start, end: start + 7 } },
        ],
        reasons: 'Uppgifter om elevens förhållanden omfattas av sekretess.',
        version: item.version,
      })
      .expect(204);
    await reviewer.post(`/api/v1/records-requests/${filed.id}/complete`).expect(204);
    await reviewer.post(`/api/v1/records-requests/${filed.id}/deliver`).expect(204);

    // The guardian has a phone and a mobile on their profile (shown only once chosen).
    const guardian = await world.signIn('vardnadshavare');
    const profile = await guardian.get('/profil').expect(200);
    await guardian
      .post('/profil')
      .type('form')
      .send({ _csrf: csrfFrom(profile.text), phone: '0302-12 34 56', mobile: '070-111 22 33' })
      .expect(303);
  });

  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  it('opens the log from Mina barn: the reads by role and the release, without accessibility violations', async () => {
    const page = await signInPage(browser, baseUrl, 'vardnadshavare', DEMO_PASSWORD);
    await page.goto(`${baseUrl}/mina-barn`);
    const link = page.getByRole('link', { name: /^Vem har läst .+s plan\?$/ }).first();
    await link.click();
    await page.waitForURL(`${baseUrl}/elever/${pupilId}/vem-har-last-planen`);

    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Vem har läst planen',
    );
    const reads = page.getByRole('table', { name: /Läsningar av planen/ });
    expect(await reads.getByRole('row').count()).toBeGreaterThan(4);
    const roles = await reads.locator('tbody td:nth-child(2)').allTextContents();
    for (const role of ['Mentor', 'Lärare', 'Rektor']) {
      expect(roles).toContain(role);
    }
    const releases = page.getByRole('table', { name: /Kopior av planen som har lämnats ut/ });
    await expect(releases.locator('tbody tr').first().textContent()).resolves.toContain(
      '1 avsnitt',
    );
    await saveScreenshot(page, 'plan-access-log');
    await expectNoAxeViolations(browser, page);
    await page.context().close();
  });

  it('lets the guardian choose what the class list shows on Min profil, without accessibility violations', async () => {
    const page = await signInPage(browser, baseUrl, 'vardnadshavare', DEMO_PASSWORD);
    await page.goto(`${baseUrl}/profil`);
    await expectNoAxeViolations(browser, page);
    const choices = page.getByRole('group', { name: /Välj vad andra vårdnadshavare/ });
    await expect(
      choices.getByRole('checkbox', { name: 'Telefon', exact: true }).isChecked(),
    ).resolves.toBe(false);
    await choices.getByRole('checkbox', { name: 'Telefon', exact: true }).check();
    await page.getByRole('button', { name: 'Spara valet' }).click();
    await expect(statusAfterSubmit(page)).resolves.toContain(
      'Ditt val av vad klasslistan visar är sparat.',
    );
    await expect(
      choices.getByRole('checkbox', { name: 'Telefon', exact: true }).isChecked(),
    ).resolves.toBe(true);
    await page.locator('#klasslista').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'profile-class-list-choices');
    await expectNoAxeViolations(browser, page);

    await page.goto(`${baseUrl}/mina-barn`);
    await page.getByRole('link', { name: '4A' }).click();
    const list = (await page.locator('main').textContent()) ?? '';
    expect(list).toContain('Telefon: 0302-12 34 56');
    expect(list).not.toContain('070-111 22 33');
    await saveScreenshot(page, 'class-list-by-choice');
    await page.context().close();
  });
});
