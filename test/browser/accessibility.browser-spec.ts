/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';

import type { DemoUsername } from '../../src/demo/demo-directory';
import { DIGG_REPORT_URL } from '../../src/web/accessibility.pages.controller';
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
import { DEMO_PASSWORD, DemoWorld, query, startDemoWorld } from '../support/demo-world';

const ROLES: readonly DemoUsername[] = [
  'granskare',
  'teamledare',
  'mentor',
  'larare',
  'rektor',
  'vardnadshavare',
  'elev',
  'arkivarie',
  'admin',
];

async function expectAccessible(page: Page): Promise<void> {
  expect(describeViolations(await checkAccessibility(page))).toEqual([]);
}

/** The footer's link to the statement, as a person finds it. */
async function statementLinks(page: Page): Promise<(string | null)[]> {
  const links = page
    .getByRole('contentinfo')
    .getByRole('link', { name: 'Tillgänglighetsredogörelse' });
  return Promise.all((await links.all()).map((link) => link.getAttribute('href')));
}

describeInBrowser('accessibility statement, favicon and import progress in Chromium', () => {
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

  it('the statement is reached from the footer, says what the law asks for and is axe clean', async () => {
    const context = await newSwedishContext(browser);
    const page = await context.newPage();
    const failed: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${baseUrl}/`);
    await page
      .getByRole('contentinfo')
      .getByRole('link', { name: 'Tillgänglighetsredogörelse' })
      .click();
    await page.waitForURL(`${baseUrl}/tillganglighet`);

    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Tillgänglighetsredogörelse för IUP-tjänsten',
    );
    const headings = await page.getByRole('heading', { level: 2 }).allTextContents();
    expect(headings).toEqual([
      'Hur tillgänglig är tjänsten?',
      'Vad kan du göra om du inte kan använda delar av tjänsten?',
      'Rapportera brister i tjänstens tillgänglighet',
      'Tillsyn',
      'Teknisk information om tjänstens tillgänglighet',
      'Innehåll som inte är tillgängligt',
      'Hur vi testat tjänsten',
    ]);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('lagen (2018:1937) om tillgänglighet till digital offentlig service');
    expect(text).toContain('delvis förenlig');
    expect(text).toContain('0302-52 10 00');
    expect(text).toContain('Myndigheten för digital förvaltning (DIGG)');
    expect(text).toContain('PDF-kopior av allmänna handlingar');
    expect(text).toContain('Kööversikten för administratörer');
    expect(text).toContain('axe-core');
    expect(text).toContain('enbart tangentbord');
    expect(text).toMatch(/uppdaterades senast den \d{4}-\d{2}-\d{2}/);
    await expect(
      page
        .getByRole('link', { name: /kontakta Myndigheten för digital förvaltning/ })
        .getAttribute('href'),
    ).resolves.toBe(DIGG_REPORT_URL);
    await expect(
      page.getByRole('link', { name: 'www.lerum.se/iup' }).first().getAttribute('href'),
    ).resolves.toBe('https://www.lerum.se/iup');

    // The icon: linked from the page and answered at /favicon.ico too.
    await expect(page.locator('link[rel="icon"]').getAttribute('href')).resolves.toBe(
      '/static/favicon.svg',
    );
    const icon = await page.request.get(`${baseUrl}/favicon.ico`);
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toContain('image/svg+xml');
    expect(failed).toEqual([]);

    await expectAccessible(page);
    await saveScreenshot(page, 'accessibility-statement');
    await context.close();
  });

  it('every page has the link, for visitors and for every role', async () => {
    const context = await newSwedishContext(browser);
    const page = await context.newPage();
    for (const path of [
      '/',
      '/begaran',
      '/logga-in',
      '/information',
      '/tillganglighet',
      '/finns-inte',
    ]) {
      await page.goto(`${baseUrl}${path}`);
      expect([path, await statementLinks(page)]).toEqual([path, ['/tillganglighet']]);
    }
    await context.close();

    for (const role of ROLES) {
      const signedIn = await signInPage(browser, baseUrl, role, DEMO_PASSWORD);
      expect([role, await statementLinks(signedIn)]).toEqual([role, ['/tillganglighet']]);
      await signedIn.goto(`${baseUrl}/tillganglighet`);
      expect([role, await statementLinks(signedIn)]).toEqual([role, ['/tillganglighet']]);
      await signedIn.context().close();
    }
  });

  it('the import report shows progress in a polite live region, without reloading itself', async () => {
    const [row] = await query(
      world.testApp,
      `insert into directory_import
         (id, format, file_name, content_sha256, status, total_items, processed_items, created_at, started_at)
       values (gen_random_uuid(), 'csv', 'elever.csv', 'sha', 'running', 200, 50, now(), now())
       returning id`,
    );
    const importId = String(row?.id);
    const page = await signInPage(browser, baseUrl, 'admin', DEMO_PASSWORD);
    await page.goto(`${baseUrl}/admin/import/${importId}`);
    // A reload would drop this.
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });

    await expect(page.locator('meta[http-equiv="refresh"]').count()).resolves.toBe(0);
    const live = page.locator('[aria-live="polite"]');
    await expect(live.count()).resolves.toBe(1);
    await expect(live.textContent()).resolves.toBe('Importen pågår: 50 av 200 poster (25 %).');
    await expect(page.getByRole('status').count()).resolves.toBe(1);
    await expect(page.getByRole('link', { name: 'Uppdatera' }).getAttribute('href')).resolves.toBe(
      `/admin/import/${importId}`,
    );
    await expectAccessible(page);
    await saveScreenshot(page, 'admin-import-progress');

    await query(world.testApp, 'update directory_import set processed_items = 150 where id = $1', [
      importId,
    ]);
    await page.getByText('Importen pågår: 150 av 200 poster (75 %).').waitFor({ timeout: 10000 });
    await expect(page.locator('progress').getAttribute('value')).resolves.toBe('75');

    await query(
      world.testApp,
      `update directory_import
          set status = 'completed', processed_items = 200, created_count = 198, rejected_count = 2,
              report = '[{"source":"rad 7","kind":"person","outcome":"rejected","reason":"Personnumret har fel kontrollsiffra."}]'::jsonb,
              finished_at = now()
        where id = $1`,
      [importId],
    );
    await page.getByText('Importen är klar. Resultatet visas nedan.').waitFor({ timeout: 10000 });
    await expect(live.textContent()).resolves.toBe('Importen är klar. Resultatet visas nedan.');
    const facts = await page.locator('.facts').textContent();
    expect(facts).toMatch(/Skapade\s*198/);
    expect(facts).toMatch(/Avvisade\s*2/);
    await expect(page.getByText('Personnumret har fel kontrollsiffra.').count()).resolves.toBe(1);
    await expect(page.locator('progress').count()).resolves.toBe(0);
    await expect(
      page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded),
    ).resolves.toBe(true);
    await expectAccessible(page);
    await page.context().close();
  });

  it('the import report works without JavaScript: the link updates it by hand', async () => {
    const [row] = await query(
      world.testApp,
      `insert into directory_import
         (id, format, file_name, content_sha256, status, total_items, processed_items, created_at, started_at)
       values (gen_random_uuid(), 'csv', 'personal.csv', 'sha', 'queued', 0, 0, now(), null)
       returning id`,
    );
    const importId = String(row?.id);
    const page = await signInPage(browser, baseUrl, 'admin', DEMO_PASSWORD, { javaScript: false });
    await page.goto(`${baseUrl}/admin/import/${importId}`);
    await expect(page.getByRole('status').textContent()).resolves.toBe(
      'Importen väntar på att starta.',
    );
    await expect(page.getByText('Sidan laddar inte om sig själv').count()).resolves.toBe(1);

    await query(
      world.testApp,
      "update directory_import set status = 'running', total_items = 10, processed_items = 4 where id = $1",
      [importId],
    );
    await page.getByRole('link', { name: 'Uppdatera' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe(
      'Importen pågår: 4 av 10 poster (40 %).',
    );
    await expectNoAxeViolations(browser, page);
    await page.context().close();
  });
});
