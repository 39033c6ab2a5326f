/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';

import {
  describeInBrowser,
  expectNoAxeViolations,
  launchBrowser,
  saveScreenshot,
  signInPage,
} from '../support/browser';
import { DEMO_PASSWORD, DemoWorld, query, startDemoWorld } from '../support/demo-world';

describeInBrowser(
  'notifications and a comment’s answer in Chromium (forms without JavaScript)',
  () => {
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

    const signIn = (username: string): Promise<Page> =>
      signInPage(browser, baseUrl, username, DEMO_PASSWORD, { javaScript: false });

    it('a guardian finds the preference page from Mina barn and opts in', async () => {
      const page = await signIn('vardnadshavare');
      await page.getByRole('link', { name: 'Aviseringar via e-post' }).click();
      await expect(page.locator('h1').textContent()).resolves.toBe('Aviseringar via e-post');
      await page.getByLabel('En ny utvecklingsplan kan förberedas').check();
      await page.getByLabel('Mentorn har svarat på din kommentar').check();
      await page.getByLabel('E-postadress').fill('karin@exempel.se');
      await page.getByRole('button', { name: 'Spara mina val' }).click();
      await expect(page.getByRole('status').textContent()).resolves.toBe('Dina val är sparade.');
      await expect(
        page.getByLabel('Mentorn har svarat på din kommentar').isChecked(),
      ).resolves.toBe(true);
      await saveScreenshot(page, 'notifications-preferences');
      await expectNoAxeViolations(browser, page);

      // A wrong address is told beside the field and in the summary, and nothing is saved.
      await page.getByLabel('E-postadress').fill('karin');
      await page.getByRole('button', { name: 'Spara mina val' }).click();
      await expect(page.getByRole('alert').textContent()).resolves.toContain(
        'E-postadress måste vara en giltig e-postadress',
      );
      await saveScreenshot(page, 'notifications-preferences-error');
      await expectNoAxeViolations(browser, page);
    });

    it('the mentor answers a guardian’s comment; both see the answer on the plan', async () => {
      const mentor = await signIn('mentor');
      const pupilId = await world.personId('demo:person:pupil-4-1');
      await mentor.goto(`${baseUrl}/elever/${pupilId}`);
      await mentor.getByRole('button', { name: 'Påbörja plan för innevarande läsår' }).click();
      const planUrl = mentor.url().split('?')[0];

      const guardian = await signIn('vardnadshavare');
      await guardian.goto(planUrl);
      await guardian.getByLabel('Din kommentar').fill('Vi läser tillsammans på helgerna.');
      await guardian.getByRole('button', { name: 'Spara kommentar' }).click();
      await expect(guardian.getByRole('status').textContent()).resolves.toBe(
        'Din kommentar är sparad.',
      );

      await mentor.goto(planUrl);
      await mentor
        .getByLabel('Svara på kommentar 1')
        .fill('Vad roligt! Ta gärna med boken till utvecklingssamtalet.');
      await mentor.getByRole('button', { name: 'Spara svaret' }).click();
      await expect(mentor.getByRole('status').textContent()).resolves.toBe(
        'Svaret på kommentaren är sparat.',
      );
      await expect(mentor.getByLabel('Ändra ditt svar på kommentar 1').inputValue()).resolves.toBe(
        'Vad roligt! Ta gärna med boken till utvecklingssamtalet.',
      );
      await mentor.locator('#kommentar').scrollIntoViewIfNeeded();
      await saveScreenshot(mentor, 'plan-comment-answer-mentor');
      await expectNoAxeViolations(browser, mentor);

      await guardian.goto(planUrl);
      const section = guardian.locator('#kommentar');
      await expect(section.locator('.comment__answer').textContent()).resolves.toContain(
        'Ta gärna med boken till utvecklingssamtalet.',
      );
      await section.scrollIntoViewIfNeeded();
      await saveScreenshot(guardian, 'plan-comment-answer-guardian');
      await expectNoAxeViolations(browser, guardian);

      const [email] = await query(
        world.testApp,
        "select to_address, subject from email_outbox where kind = 'notification_comment_answered'",
      );
      expect(email).toMatchObject({ to_address: 'karin@exempel.se' });
    });
  },
);
