/// <reference lib="dom" />
import type { Browser } from 'playwright-core';

import {
  describeInBrowser,
  expectNoAxeViolations,
  launchBrowser,
  saveScreenshot,
  signInPage,
} from '../support/browser';
import { DEMO_PASSWORD, DemoWorld, eventually, query, startDemoWorld } from '../support/demo-world';

describeInBrowser('requests for public records in Chromium, without JavaScript', () => {
  let world: DemoWorld;
  let browser: Browser;
  let baseUrl: string;
  let registrationNumber: string;
  let pupilName: string;

  beforeAll(async () => {
    world = await startDemoWorld({ withPlans: true });
    baseUrl = await world.testApp.listen();
    browser = await launchBrowser();
    const [pupil] = await query(
      world.testApp,
      "select given_name, family_name from person where external_id = 'demo:person:pupil-4-5'",
    );
    pupilName = `${String(pupil?.given_name)} ${String(pupil?.family_name)}`;
  });

  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  it('a citizen files a request anonymously, gets a receipt and follows it by code', async () => {
    const context = await browser.newContext({
      locale: 'sv-SE',
      viewport: { width: 1280, height: 900 },
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/begaran`);
    await expectNoAxeViolations(browser, page);

    // Sent empty first: the errors are said in Swedish, next to the fields.
    await page.getByRole('button', { name: 'Skicka begäran' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      'Begäran skickades inte',
    );
    await expectNoAxeViolations(browser, page);

    await page.getByLabel('Vilka handlingar vill du ta del av?').fill('Elevens utvecklingsplaner.');
    await page.getByLabel('Elevens namn').fill(pupilName);
    await page.getByLabel(/Elektronisk kopia/).check();
    await page.getByRole('button', { name: 'Skicka begäran' }).click();
    await page.waitForURL('**/begaran/kvitto');
    const code = (await page.locator('.code').textContent()) ?? '';
    registrationNumber = /BEG-\d{4}-\d{5}/.exec(await page.content())?.[0] ?? '';
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await saveScreenshot(page, 'requests-receipt');
    await expectNoAxeViolations(browser, page);

    await page.getByRole('link', { name: 'statussidan' }).click();
    await page.getByLabel('Din kod').fill(code.toLowerCase());
    await page.getByRole('button', { name: 'Visa status' }).click();
    await expect(page.locator('main, body').first().textContent()).resolves.toMatch(
      /Mottagen|Under handläggning/,
    );
    await saveScreenshot(page, 'requests-status');
    await expectNoAxeViolations(browser, page);
    await context.close();
  });

  it('a reviewer finds it in the queue, claims it, strikes a field with a ground and decides', async () => {
    await eventually(async () => {
      const rows = await query(
        world.testApp,
        'select 1 from records_request where registration_number = $1 and processed_at is not null',
        [registrationNumber],
      );
      return rows.length > 0 ? rows : null;
    }, 'the first steps');
    const page = await signInPage(browser, baseUrl, 'granskare', DEMO_PASSWORD, {
      javaScript: false,
    });
    await page.goto(`${baseUrl}/handlaggning`);
    await saveScreenshot(page, 'requests-queue');
    await expectNoAxeViolations(browser, page);

    await page.getByRole('link', { name: registrationNumber }).click();
    await page.getByRole('button', { name: 'Ta begäran' }).click();
    await expect(page.getByRole('status').first().textContent()).resolves.toContain(
      'Du har tagit begäran.',
    );
    await saveScreenshot(page, 'requests-request');
    await expectNoAxeViolations(browser, page);

    await page.locator('a[href*="/handlingar/"]', { hasText: 'IUP-' }).first().click();
    await expect(page.locator('h1').textContent()).resolves.toMatch(/Pröva IUP-/);
    await expectNoAxeViolations(browser, page);
    const agreements = page.locator('fieldset.review-field', { hasText: 'Överenskommelser' });
    await agreements.locator('summary').click();
    await agreements.getByLabel('Maskera hela uppgiften').check();
    await agreements.getByLabel('Sekretessgrund').selectOption('OSL 23 kap. 2 §');
    await page.getByLabel('Lämnas ut med de markerade maskeringarna').check();
    await page.getByLabel('Skäl').fill('Överenskommelsen rör elevhälsans insatser.');
    await saveScreenshot(page, 'requests-review');
    await page.getByRole('button', { name: 'Fatta beslut' }).click();
    await expect(page.getByRole('status').first().textContent()).resolves.toContain(
      'Beslutet är sparat.',
    );
    await expect(page.locator('table').textContent()).resolves.toContain(
      'Lämnas ut med maskeringar (1 maskering)',
    );
    await page.context().close();
  });
});
