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

describeInBrowser('start page in Chromium', () => {
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

  it('renders in Swedish with its stylesheet and has no accessibility violations', async () => {
    const context = await newSwedishContext(browser);
    const page = await context.newPage();
    const failedRequests: string[] = [];
    page.on('requestfailed', (request) => failedRequests.push(request.url()));
    page.on('response', (response) => {
      if (response.status() >= 400) failedRequests.push(`${response.status()} ${response.url()}`);
    });

    await page.goto(`${baseUrl}/`);

    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    expect(await page.title()).toBe('IUP och allmänna handlingar – IUP-tjänsten, Lerums kommun');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'IUP och allmänna handlingar',
    );
    const headerColour = await page
      .locator('.site-header')
      .evaluate((element) => getComputedStyle(element).backgroundColor);
    expect(headerColour).toBe('rgb(0, 69, 124)');
    expect(failedRequests).toEqual([]);
    await saveScreenshot(page, 'start-page');

    const results = await checkAccessibility(page);
    expect(describeViolations(results)).toEqual([]);
    await context.close();
  });

  it('shows the Swedish 404 page for an unknown address', async () => {
    const context = await newSwedishContext(browser);
    const page = await context.newPage();

    const response = await page.goto(`${baseUrl}/finns-inte`);

    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Sidan finns inte',
    );
    expect(describeViolations(await checkAccessibility(page))).toEqual([]);
    await saveScreenshot(page, 'not-found-page');
    await context.close();
  });

  it('lets a keyboard user skip to the content', async () => {
    const context = await newSwedishContext(browser);
    const page = await context.newPage();
    await page.goto(`${baseUrl}/`);

    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      'Hoppa till innehållet',
    );
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('innehall');
    await context.close();
  });

  it('shows the API documentation without breaking the CSP', async () => {
    const context = await browser.newContext({ locale: 'sv-SE' });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });

    await page.goto(`${baseUrl}/api/docs`);

    await expect(page.getByText('/health/ready').first().textContent()).resolves.toBe(
      '/health/ready',
    );
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
