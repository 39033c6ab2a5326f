/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';

import {
  checkAccessibility,
  describeInBrowser,
  describeViolations,
  expectNoAxeViolations,
  launchBrowser,
  newSwedishContext,
  saveScreenshot,
  signInPage,
} from '../support/browser';
import { DEMO_PASSWORD, DemoWorld, startDemoWorld } from '../support/demo-world';

describeInBrowser('the plan cycle in Chromium (forms without JavaScript, autosave with it)', () => {
  let world: DemoWorld;
  let browser: Browser;
  let baseUrl: string;
  let planUrl: string;

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
  const expectAccessible = (page: Page): Promise<void> => expectNoAxeViolations(browser, page);

  it('the mentor starts the plan and writes goals', async () => {
    const page = await signIn('mentor');
    // The demo pupil account is one of the mentor's mentees.
    const pupilId = await world.personId('demo:person:pupil-4-1');
    await page.locator(`.pupil-list a[href="/elever/${pupilId}"]`).click();
    await page.getByRole('button', { name: 'Påbörja plan för innevarande läsår' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe('Planen är påbörjad.');
    planUrl = page.url().split('?')[0]!;
    // Back on the pupil's page the plan is listed, and no second one for the period is offered.
    await page.goto(`${baseUrl}/elever/${pupilId}`);
    await expect(
      page.getByRole('button', { name: 'Påbörja plan för innevarande läsår' }).count(),
    ).resolves.toBe(0);
    await page.goto(planUrl);

    await page
      .getByLabel('Mål', { exact: true })
      .fill('Läsa en kapitelbok på egen hand under hösten.');
    await page.getByLabel('Det här gör skolan').fill('Lästräning två gånger i veckan.');
    await page.getByLabel('Det här gör eleven').fill('Läser tjugo minuter varje dag.');
    await page.getByLabel('Det här gör vårdnadshavare').fill('Frågar om boken vid middagen.');
    await page.getByRole('button', { name: 'Spara mål' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe('Målen är sparade.');
    await expectAccessible(page);
    await saveScreenshot(page, 'plan-mentor-draft');
    await page.context().close();
  });

  it('the teacher assesses mathematics, the pupil self-assesses, the guardian comments', async () => {
    const teacher = await signIn('larare');
    await teacher.goto(planUrl);
    await teacher.getByLabel('Kunskaper').selectOption({ label: 'Godtagbara kunskaper' });
    await teacher
      .getByLabel('Skriftligt omdöme')
      .fill('Räknar säkert med de fyra räknesätten och förklarar hur.');
    await teacher.getByRole('button', { name: 'Spara matematik' }).click();
    await expect(teacher.getByRole('status').textContent()).resolves.toBe('Bedömningen är sparad.');
    await teacher.context().close();

    const pupil = await signIn('elev');
    await pupil.goto(planUrl);
    await pupil
      .getByLabel('Vad tycker du att du är bra på?')
      .fill('Jag är bra på att räkna i huvudet.');
    await pupil.getByLabel('Med egna ord').fill('Jag vill läsa fler böcker.');
    await pupil.getByRole('button', { name: 'Spara min självskattning' }).click();
    await expect(pupil.getByRole('status').textContent()).resolves.toBe(
      'Din självskattning är sparad.',
    );
    await expectAccessible(pupil);
    await pupil.context().close();

    const guardian = await signIn('vardnadshavare');
    await guardian.goto(planUrl);
    await guardian.getByLabel('Din kommentar').fill('Vi läser tillsammans på helgerna.');
    await guardian.getByRole('button', { name: 'Spara kommentar' }).click();
    await expect(guardian.getByRole('status').textContent()).resolves.toBe(
      'Din kommentar är sparad.',
    );
    await expectAccessible(guardian);
    await saveScreenshot(guardian, 'plan-guardian');
    await guardian.context().close();
  });

  it('the mentor records the talk and establishes the plan as a registered record', async () => {
    const page = await signIn('mentor');
    await page.goto(planUrl);
    await page.getByLabel('Datum').fill('2026-11-20');
    await page.getByLabel('Deltagare, en per rad').fill('Eleven\nMentor\nVårdnadshavare');
    await page.getByLabel('Överenskommelser').fill('Eleven läser tjugo minuter varje dag.');
    await page.getByRole('button', { name: 'Spara samtalet' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe(
      'Utvecklingssamtalet är sparat.',
    );

    await page.getByRole('button', { name: 'Fastställ efter hållet samtal' }).click();
    // What becomes a public record is shown first; its own button establishes.
    await page.getByRole('button', { name: 'Fastställ planen', exact: true }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe(
      'Planen är fastställd och registrerad som allmän handling.',
    );
    await expect(page.getByRole('link', { name: 'Version 1' }).count()).resolves.toBe(1);
    await expect(page.locator('body').textContent()).resolves.toMatch(
      /diarienummer IUP-\d{4}-\d{5}/,
    );
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Version 1' }).click();
    await expect(page.locator('body').textContent()).resolves.toContain(
      'Jag vill läsa fler böcker.',
    );
    await expect(page.locator('body').textContent()).resolves.toContain(
      'Räknar säkert med de fyra räknesätten',
    );
    await expectAccessible(page);
    await saveScreenshot(page, 'plan-version-1');
    await page.context().close();
  });

  it('autosaves a section where JavaScript runs, keeping later saves in step', async () => {
    const context = await newSwedishContext(browser);
    const page = await context.newPage();
    await page.goto(`${baseUrl}/logga-in`);
    await page.getByLabel('Användarnamn').fill('mentor');
    await page.getByLabel('Lösenord').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/logga-in'));
    await page.goto(planUrl);
    await page.getByRole('button', { name: 'Öppna nytt utkast' }).click();

    await page.getByLabel('Utveckling i övrigt').fill('Sparas utan att trycka på knappen.');
    await page.getByText(/^Sparat automatiskt/).waitFor({ timeout: 10000 });
    // The second save is made from the revision the first one answered (JSON, no page).
    const secondSave = page.waitForResponse(
      (response) =>
        response.request().method() === 'POST' && /\/planer\/[^/]+\/mal$/.test(response.url()),
    );
    await page.getByLabel('Utveckling i övrigt').fill('Och en gång till, med ny revision.');
    const second = await secondSave;
    expect(second.status()).toBe(200);
    expect(second.headers()['content-type']).toMatch(/^application\/json/);
    await page.getByText(/^Sparat automatiskt/).waitFor({ timeout: 10000 });

    await page.reload();
    await expect(page.getByLabel('Utveckling i övrigt').inputValue()).resolves.toBe(
      'Och en gång till, med ny revision.',
    );
    await context.close();
  });

  const focusedId = (page: Page): Promise<string> =>
    page.evaluate(() => {
      const active = document.activeElement;
      return active?.id || (active?.hasAttribute('data-error-summary') ? 'summary' : '');
    });

  it('the guard stops a save: the summary takes focus, its link moves focus to the marked field; axe finds nothing', async () => {
    const page = await signInPage(browser, baseUrl, 'mentor', DEMO_PASSWORD, { javaScript: true });
    const pupilId = await world.personId('demo:person:pupil-4-2');
    await page.goto(`${baseUrl}/elever/${pupilId}`);
    await page.getByRole('button', { name: 'Påbörja plan för innevarande läsår' }).click();
    await page.getByRole('status').waitFor();

    await page.getByLabel('Mål', { exact: true }).fill('Läsa en kapitelbok under hösten.');
    await page.getByLabel('Det här gör skolan').fill('Lästräning två gånger i veckan.');
    await page.getByLabel('Det här gör eleven').fill('Eleven har ADHD och tar pauser.');
    await page.getByRole('button', { name: 'Spara mål' }).click();

    const summary = page.getByRole('alert');
    await summary.waitFor();
    // The summary is in the page before its script has run: wait for the script to give it focus.
    await page.waitForFunction(() => document.activeElement?.hasAttribute('data-error-summary'));
    await expect(focusedId(page)).resolves.toBe('summary');
    await expect(summary.textContent()).resolves.toContain('Det gick inte att spara');
    const link = summary.getByRole('link', { name: 'Mål 1 – Det här gör eleven: ”ADHD”' });

    await link.click();

    await expect(focusedId(page)).resolves.toBe('goal-0-pupil');
    const field = page.locator('#goal-0-pupil');
    await expect(field.getAttribute('aria-invalid')).resolves.toBe('true');
    const message = page.locator(`#${(await field.getAttribute('aria-describedby'))!}`);
    await expect(message.locator('mark').textContent()).resolves.toBe('ADHD');
    await expect(message.textContent()).resolves.toContain(
      'Skriv om behovet av stöd utan diagnosen',
    );
    await expect(field.inputValue()).resolves.toBe('Eleven har ADHD och tar pauser.');
    // Nothing a person reads names the content's internal paths.
    await expect(page.locator('main').textContent()).resolves.not.toMatch(/goals\.\d|actions\./);

    const violations = describeViolations(await checkAccessibility(page));
    expect(violations).toEqual([]);
    await saveScreenshot(page, 'plan-guard-error-summary');
    await page.context().close();
  });
});
