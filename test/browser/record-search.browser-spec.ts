/// <reference lib="dom" />
import type { Browser } from 'playwright-core';

import {
  describeInBrowser,
  expectNoAxeViolations,
  launchBrowser,
  saveScreenshot,
  signInPage,
} from '../support/browser';
import { DEMO_PASSWORD, DemoWorld, query, startDemoWorld } from '../support/demo-world';
import { fileRequest } from '../support/requests';

describeInBrowser('the reviewer finds any record and searches the queue, in Chromium', () => {
  let world: DemoWorld;
  let browser: Browser;
  let baseUrl: string;
  let target: { registrationNumber: string; pupilName: string; misspelt: string };

  beforeAll(async () => {
    world = await startDemoWorld({ withPlans: true });
    baseUrl = await world.testApp.listen();
    browser = await launchBrowser();
    const [row] = await query(
      world.testApp,
      `select r.registration_number, pe.given_name, pe.family_name
         from public_record r join person pe on pe.id = r.pupil_id
        where r.registration_number like 'IUP-%-00002'`,
    );
    const family = String(row?.family_name);
    target = {
      registrationNumber: String(row?.registration_number),
      pupilName: `${String(row?.given_name)} ${family}`,
      misspelt: `${String(row?.given_name)} ${family.slice(0, 2)}${family.slice(3)}`,
    };
  });

  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  for (const javaScript of [true, false]) {
    it(`finds a record from a request's page by a misspelt name and adds it (JavaScript ${javaScript ? 'on' : 'off'})`, async () => {
      const filed = await fileRequest(world, {
        description: 'Min sons utvecklingsplan, jag minns inte exakt hur namnet stavas.',
        pupilName: `Okänd Elevsson ${javaScript ? 'A' : 'B'}`,
        delivery: 'electronic',
      });
      const page = await signInPage(browser, baseUrl, 'granskare', DEMO_PASSWORD, { javaScript });
      await page.goto(`${baseUrl}/handlaggning/begaran/${filed.id}`);
      if (javaScript) {
        await expectNoAxeViolations(browser, page);
      }
      await page.getByLabel('Sök en handling att lägga till').fill(target.misspelt);
      await page.getByRole('button', { name: 'Sök handlingar' }).click();
      await page.waitForURL('**/handlaggning/handlingar?**');
      const row = page.getByRole('row').filter({ hasText: target.registrationNumber });
      await expect(row.textContent()).resolves.toContain(target.pupilName);
      await saveScreenshot(page, `record-search-results-js-${javaScript ? 'on' : 'off'}`);
      await expectNoAxeViolations(browser, page);

      await row.getByRole('button', { name: `Lägg till i ${filed.registrationNumber}` }).click();
      await page.waitForURL(`**/handlaggning/begaran/${filed.id}`);
      await expect(page.getByRole('status').first().textContent()).resolves.toContain(
        'Handlingen är tillagd.',
      );
      await expect(
        page.getByRole('table', { name: 'Handlingar i begäran' }).textContent(),
      ).resolves.toContain(target.registrationNumber);
      await page.context().close();
    });
  }

  it('finds a record by a loose registration number from the queue, and the queue by free text', async () => {
    const filed = await fileRequest(world, {
      description:
        'Alla skriftliga omdömen i engelska för min dotter från årskurs 3 till årskurs 5, tack så mycket för hjälpen.',
      pupilName: 'Stina Sökbar',
      delivery: 'electronic',
    });
    const page = await signInPage(browser, baseUrl, 'granskare', DEMO_PASSWORD);
    await page.goto(`${baseUrl}/handlaggning`);
    await page.getByLabel('Sök', { exact: true }).fill('sökbar');
    await page.getByRole('button', { name: 'Visa' }).click();
    await page.waitForURL('**/handlaggning?**');
    const rows = page.getByRole('table').getByRole('row');
    await expect(rows.count()).resolves.toBe(2);
    const row = rows.filter({ hasText: filed.registrationNumber });
    await expect(row.textContent()).resolves.toContain('Alla skriftliga omdömen i engelska');
    await expect(row.textContent()).resolves.toContain('Ny – ingen har påbörjat');
    // The dates do not wrap.
    const whiteSpace = await row
      .locator('td.nowrap')
      .first()
      .evaluate((cell) => getComputedStyle(cell).whiteSpace);
    expect(whiteSpace).toBe('nowrap');
    await saveScreenshot(page, 'queue-search');
    await expectNoAxeViolations(browser, page);

    await page.getByRole('link', { name: 'Sök handlingar' }).click();
    const year = target.registrationNumber.split('-')[1] ?? '';
    await page
      .getByLabel('Sök på elev, personnummer, skola, läsår eller diarienummer')
      .fill(`iup ${year} 2`);
    await page.getByRole('button', { name: 'Sök', exact: true }).click();
    await page.waitForURL('**/handlaggning/handlingar?**');
    await expect(page.getByRole('table').textContent()).resolves.toContain(
      target.registrationNumber,
    );
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('1 träff');
    await expectNoAxeViolations(browser, page);
    await page.context().close();
  });
});
