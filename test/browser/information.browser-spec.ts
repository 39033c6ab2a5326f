/// <reference lib="dom" />
import type { Browser } from 'playwright-core';

import {
  checkAccessibility,
  describeInBrowser,
  describeViolations,
  launchBrowser,
  newSwedishContext,
  saveScreenshot,
} from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';

describeInBrowser('the information page in Chromium', () => {
  let testApp: TestApp;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    baseUrl = await testApp.listen();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  it('shows each category of personal data as a card, readable and without accessibility violations', async () => {
    const context = await newSwedishContext(browser);
    const page = await context.newPage();
    await page.goto(`${baseUrl}/information`);

    const cards = page.locator('#personuppgifter + p + .cards > .card');
    expect(await cards.count()).toBe(11);
    await expect(cards.nth(3).locator('dd').last().textContent()).resolves.toContain(
      '30 dagar efter att ditt sista barn slutat',
    );
    // The facts stack under their headings inside a card (no grid columns squeezing them).
    const display = await cards
      .first()
      .locator('dl')
      .evaluate((element) => getComputedStyle(element).display);
    expect(display).toBe('block');
    await saveScreenshot(page, 'information-page');

    const results = await checkAccessibility(page);
    expect(describeViolations(results)).toEqual([]);
    await context.close();
  });
});
