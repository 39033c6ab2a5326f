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

describeInBrowser('a guardian books a development talk in Chromium', () => {
  let world: DemoWorld;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    // With the demo's plans and talk times: 4A's mentor has published ten, one of them taken.
    world = await startDemoWorld({ withPlans: true });
    baseUrl = await world.testApp.listen();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  it('books a time from Mina barn, sees it, and moves it; the mentor sees the booking', async () => {
    const page = await signInPage(browser, baseUrl, 'vardnadshavare', DEMO_PASSWORD);
    await page.goto(`${baseUrl}/mina-barn`);
    await page
      .getByRole('link', { name: /Boka, flytta eller avboka utvecklingssamtal för/ })
      .first()
      .click();
    await page.waitForURL(/\/mina-barn\/samtal/);
    await expectNoAxeViolations(browser, page);
    await saveScreenshot(page, 'talks-guardian-before');

    const child = page.locator('section.card').first();
    await expect(child.getByText('Bokad', { exact: true }).count()).resolves.toBe(1);
    await child.getByRole('button', { name: /^Boka/ }).first().click();
    await page.waitForURL(/\/mina-barn\/samtal/);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain(
      'Samtalet är bokat',
    );
    const booked = page.locator('section.card').first();
    await expect(booked.getByText('Er bokning').count()).resolves.toBe(1);
    await saveScreenshot(page, 'talks-guardian-booked');
    await expectNoAxeViolations(browser, page);

    await booked
      .getByRole('button', { name: /^Flytta hit/ })
      .last()
      .click();
    await page.waitForURL(/\/mina-barn\/samtal/);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain(
      'Samtalet är flyttat till',
    );
    await saveScreenshot(page, 'talks-guardian-moved');
    const bookings = await query(
      world.testApp,
      `select count(*)::int as count from talk_booking b join person p on p.id = b.booked_by_person_id
        where p.external_id = 'demo:person:guardian-shared'`,
    );
    expect(bookings[0]?.count).toBe(1);

    const mentor = await signInPage(browser, baseUrl, 'mentor', DEMO_PASSWORD);
    await mentor.goto(`${baseUrl}/samtal`);
    await mentor.waitForURL(/\/samtal\/[0-9a-f-]{36}$/);
    await expect(mentor.getByText('Karin Lindqvist').count()).resolves.toBe(1);
    await expectNoAxeViolations(browser, mentor);
    await saveScreenshot(mentor, 'talks-mentor');
    await page.context().close();
    await mentor.context().close();
  });
});
