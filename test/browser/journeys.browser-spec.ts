/// <reference lib="dom" />
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';

import {
  checkAccessibility,
  describeInBrowser,
  describeViolations,
  launchBrowser,
  newSwedishContext,
  saveScreenshot,
  signInPage,
} from '../support/browser';
import { DEMO_PASSWORD, DemoWorld, startDemoWorld } from '../support/demo-world';

async function expectAccessible(page: Page): Promise<void> {
  expect(describeViolations(await checkAccessibility(page))).toEqual([]);
}

describeInBrowser('journeys in Chromium', () => {
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
    signInPage(browser, baseUrl, username, DEMO_PASSWORD);

  it('the login page is accessible and says what went wrong', async () => {
    const context = await newSwedishContext(browser);
    const page = await context.newPage();
    await page.goto(`${baseUrl}/logga-in`);
    await expectAccessible(page);

    await page.getByLabel('Användarnamn').fill('mentor');
    await page.getByLabel('Lösenord').fill('fel lösenord');
    await page.getByRole('button', { name: 'Logga in' }).click();

    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      'Fel användarnamn eller lösenord.',
    );
    await expectAccessible(page);
    await saveScreenshot(page, 'login-error');
    await context.close();
  });

  it('a mentor signs in and sees their mentees, and opens one', async () => {
    const page = await signIn('mentor');

    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(
      /^Välkommen, /,
    );
    await expect(page.getByRole('heading', { name: /^4A, Björkängsskolan/ }).count()).resolves.toBe(
      1,
    );
    const mentees = page.locator('.pupil-list li');
    expect(await mentees.count()).toBe(8);
    await expectAccessible(page);
    await saveScreenshot(page, 'mentor-start');

    const first = mentees.first().getByRole('link');
    const name = await first.textContent();
    await first.click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(name);
    await expect(page.locator('.facts').textContent()).resolves.toContain('4A');
    await expectAccessible(page);
    await saveScreenshot(page, 'mentor-pupil');

    await page.getByRole('button', { name: 'Logga ut' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe('Du är utloggad.');
    await page.context().close();
  });

  it('an administrator imports an SS 12000 file and reads the report', async () => {
    const page = await signIn('admin');
    await page.getByRole('link', { name: 'Importera elever, vårdnadshavare och personal' }).click();
    await expectAccessible(page);

    await page
      .getByLabel(/Fil/)
      .setInputFiles(join(__dirname, '..', 'fixtures', 'directory', 'ss12000-realistic.json'));
    await page.getByRole('button', { name: 'Importera' }).click();
    await page.waitForURL(/\/admin\/import\/[0-9a-f-]{36}$/);
    // The page shows the progress while the job runs (its script asks; it never reloads itself).
    await page.getByText('Importen är klar.').waitFor({ timeout: 30000 });

    const facts = await page.locator('.facts').textContent();
    expect(facts).toMatch(/Skapade\s*40/);
    expect(facts).toMatch(/Avvisade\s*6/);
    await expect(page.getByRole('heading', { name: 'Avvisade rader' }).count()).resolves.toBe(1);
    await expect(page.getByText('Personnumret har fel kontrollsiffra.').count()).resolves.toBe(1);
    await expectAccessible(page);
    await saveScreenshot(page, 'admin-import-report');
    await page.context().close();
  });

  it('a guardian sees only their children, edits the profile, uploads a photo and opens the class list', async () => {
    const page = await signIn('vardnadshavare');

    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Mina barn');
    const children = page.locator('.card');
    expect(await children.count()).toBe(2);
    const schools = await children.locator('.facts').allTextContents();
    expect(schools.join(' ')).toContain('Björkängsskolan');
    expect(schools.join(' ')).toContain('Solbackaskolan');
    await expectAccessible(page);
    await saveScreenshot(page, 'guardian-children');

    await page.getByRole('link', { name: 'Mina kontaktuppgifter och bild' }).click();
    await page.getByLabel('Postnummer', { exact: true }).fill('123');
    await page.getByRole('button', { name: 'Spara uppgifter' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      'Postnummer ska vara fem siffror',
    );
    await expectAccessible(page);
    await saveScreenshot(page, 'guardian-profile-error');

    await page.getByLabel('Gatuadress', { exact: true }).fill('Björkvägen 7');
    await page.getByLabel('Postnummer', { exact: true }).fill('44331');
    await page.getByLabel('Ort', { exact: true }).fill('Lerum');
    await page.getByRole('textbox', { name: 'Mobiltelefon', exact: true }).fill('070-111 22 33');
    await page.getByRole('button', { name: 'Spara uppgifter' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe(
      'Dina uppgifter är sparade.',
    );

    const photo = await sharp({
      create: { width: 800, height: 800, channels: 3, background: { r: 230, g: 180, b: 60 } },
    })
      .jpeg()
      .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '57/1 48/1 0/1' } })
      .toBuffer();
    await page
      .getByLabel('Ladda upp en bild')
      .setInputFiles({ name: 'foto.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByRole('button', { name: 'Spara bilden' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe('Bilden är sparad.');
    await expect(
      page
        .getByRole('img', { name: 'Din bild' })
        .evaluate((img) => (img as HTMLImageElement).naturalWidth),
    ).resolves.toBe(600);
    // The class list shows the name only, unless the guardian chooses more.
    await page.getByRole('checkbox', { name: /^Adress/ }).check();
    await page.getByRole('checkbox', { name: 'Bild' }).check();
    await page.getByRole('button', { name: 'Spara valet' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe(
      'Ditt val av vad klasslistan visar är sparat.',
    );
    await expect(page.getByRole('checkbox', { name: 'Bild' }).isChecked()).resolves.toBe(true);
    await expectAccessible(page);
    await saveScreenshot(page, 'guardian-profile');

    await page.getByRole('link', { name: 'Tillbaka till mina barn' }).click();
    await page.getByRole('link', { name: '4A' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Klasslista 4A',
    );
    await expect(page.getByText('Björkvägen 7, 443 31 Lerum').count()).resolves.toBe(1);
    await expect(page.getByRole('img', { name: /^Bild på / }).count()).resolves.toBe(1);
    await expectAccessible(page);
    await saveScreenshot(page, 'guardian-class-list');
    await page.context().close();
  });
});
