/// <reference lib="dom" />
import type { Browser } from 'playwright-core';

import {
  describeInBrowser,
  expectNoAxeViolations,
  launchBrowser,
  saveScreenshot,
  signInPage,
  statusAfterSubmit,
} from '../support/browser';
import { DEMO_PASSWORD, DemoWorld, eventually, query, startDemoWorld } from '../support/demo-world';
import { extractPdfText } from '../support/pdf-text';

describeInBrowser('requests for public records in Chromium, without JavaScript', () => {
  let world: DemoWorld;
  let browser: Browser;
  let baseUrl: string;
  let registrationNumber: string;
  let receiptCode: string;
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
    receiptCode = code;
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
    expect(await statusAfterSubmit(page)).toContain('Du har tagit begäran.');
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
    expect(await statusAfterSubmit(page)).toContain('Beslutet är sparat.');
    await expect(page.locator('table').textContent()).resolves.toContain(
      'Lämnas ut med maskeringar (1 maskering)',
    );
    await page.context().close();
  });

  it('the reviewer decides the rest, completes the decision and makes the copies available', async () => {
    const page = await signInPage(browser, baseUrl, 'granskare', DEMO_PASSWORD, {
      javaScript: false,
    });
    await page.goto(`${baseUrl}/handlaggning`);
    await page.getByRole('link', { name: registrationNumber }).click();
    const requestUrl = page.url();

    // The records not yet decided, released together; each draft answered on its own page.
    const boxes = page.locator('input[type=checkbox][name=item]');
    if ((await boxes.count()) > 0) {
      for (const box of await boxes.all()) await box.check();
      await page.getByRole('button', { name: 'Lämna ut de valda utan maskering' }).click();
    }
    for (;;) {
      const draft = page
        .locator('tr', { hasText: 'Inte beslutad' })
        .locator('a', { hasText: 'Utkast' });
      if ((await draft.count()) === 0) break;
      await draft.first().click();
      await page.getByRole('button', { name: 'Svara att ingen allmän handling finns' }).click();
      await page.goto(requestUrl);
    }

    await page.getByRole('button', { name: 'Begäran är färdigbeslutad' }).click();
    // The letter is shown first; its own button registers it.
    await page.getByRole('button', { name: 'Registrera beslutet', exact: true }).click();
    expect(await statusAfterSubmit(page)).toContain(
      'Begäran är beslutad. Beslutet och kopiorna är framtagna.',
    );
    await expect(page.locator('main').textContent()).resolves.toMatch(
      /Beslut om utlämnande av allmänna handlingar \(BES-\d{4}-\d{5}\)/,
    );
    await saveScreenshot(page, 'requests-decided');
    await expectNoAxeViolations(browser, page);

    await page.getByRole('button', { name: 'Gör kopiorna tillgängliga för nedladdning' }).click();
    expect(await statusAfterSubmit(page)).toContain('Handlingarna är utlämnade.');
    await expect(page.locator('main').textContent()).resolves.toContain('Utlämnad');
    await expectNoAxeViolations(browser, page);

    // The back office's other pages for the same reviewer.
    await page.goto(`${baseUrl}/handlaggning/rapporter`);
    await expect(page.locator('svg[role=img] title').first().textContent()).resolves.toBe(
      'Begäranden per månad',
    );
    await saveScreenshot(page, 'requests-reports');
    await expectNoAxeViolations(browser, page);
    await page.goto(`${baseUrl}/handlaggning/post`);
    await expectNoAxeViolations(browser, page);
    await page.context().close();
  });

  it('the citizen downloads the decision and the redacted copy with the receipt code', async () => {
    const context = await browser.newContext({
      locale: 'sv-SE',
      viewport: { width: 1280, height: 900 },
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/begaran/status`);
    await page.getByLabel('Din kod').fill(receiptCode);
    await page.getByRole('button', { name: 'Visa status' }).click();
    await expect(page.locator('main').textContent()).resolves.toContain('Utlämnad');
    // The code was posted: neither the address bar nor the history holds it.
    expect(page.url()).toBe(`${baseUrl}/begaran/status`);
    await expectNoAxeViolations(browser, page);
    await page.getByRole('button', { name: 'Hämta kopiorna och beslutet' }).click();
    await page.waitForURL('**/begaran/hamta/**');
    await expect(page.locator('h1').textContent()).resolves.toBe('Hämta dina kopior');
    await saveScreenshot(page, 'requests-downloads');
    await expectNoAxeViolations(browser, page);

    const links = page.locator('ul.documents a');
    const files = await Promise.all(
      (await links.all()).map(async (link) => {
        const response = await page.request.get(
          `${baseUrl}${(await link.getAttribute('href')) ?? ''}`,
        );
        expect(response.status()).toBe(200);
        expect(response.headers()['content-type']).toBe('application/pdf');
        return (await extractPdfText(await response.body())).pages.join('\n');
      }),
    );
    const letter = files.find((text) => /kammarrätt/i.test(text));
    expect(letter).toContain(registrationNumber);
    // The struck field: its box with the ground is there, its text is not.
    const struck = files.find(
      (text) => text.includes('OSL 23 kap. 2 §') && !/kammarrätt/i.test(text),
    );
    expect(struck).toBeDefined();
    expect(struck).toContain('Kopia av allmän handling');
    await context.close();
  });

  it('the citizen appeals online; the reviewer reconsiders, forwards it with its file, and carries out the court’s change', async () => {
    // The citizen appeals on the status page, with the code and no account.
    const citizen = await browser.newContext({
      locale: 'sv-SE',
      viewport: { width: 1280, height: 900 },
      javaScriptEnabled: false,
    });
    const status = await citizen.newPage();
    await status.goto(`${baseUrl}/begaran/status`);
    await status.getByLabel('Din kod').fill(receiptCode);
    await status.getByRole('button', { name: 'Visa status' }).click();
    await status
      .getByLabel(/Överklaga här/)
      .fill('Jag vill få ut överenskommelsen; den gäller mitt eget barn.');
    await status.getByRole('button', { name: 'Skicka överklagandet' }).click();
    expect(await statusAfterSubmit(status)).toMatch(
      /^Ditt överklagande kom in \d{4}-\d{2}-\d{2}\./,
    );
    await saveScreenshot(status, 'requests-appealed');
    await expectNoAxeViolations(browser, status);

    const [row] = await query(
      world.testApp,
      'select id from records_request where registration_number = $1',
      [registrationNumber],
    );
    const page = await signInPage(browser, baseUrl, 'granskare', DEMO_PASSWORD, {
      javaScript: false,
    });
    const requestUrl = `${baseUrl}/handlaggning/begaran/${String(row?.id)}`;
    await page.goto(requestUrl);
    await expect(page.locator('main').textContent()).resolves.toContain(
      'Via statussidan: Jag vill',
    );
    await expectNoAxeViolations(browser, page);

    // Reconsidered first (FL 37–39 §§): the reviewer keeps the decision, and it goes out anew.
    await page.getByRole('button', { name: 'Ompröva beslutet (begäran öppnas igen)' }).click();
    expect(await statusAfterSubmit(page)).toContain('Begäran är öppen för ett nytt beslut.');
    await page.getByRole('button', { name: 'Begäran är färdigbeslutad' }).click();
    // The letter is shown first; its own button registers it.
    await page.getByRole('button', { name: 'Registrera beslutet', exact: true }).click();
    expect(await statusAfterSubmit(page)).toContain('Begäran är beslutad.');
    await page.getByRole('button', { name: 'Gör kopiorna tillgängliga för nedladdning' }).click();
    expect(await statusAfterSubmit(page)).toContain('Handlingarna är utlämnade.');

    // Still appealed: it goes to the court with its file.
    await page.getByRole('button', { name: 'Lämna över med handlingarna' }).click();
    expect(await statusAfterSubmit(page)).toContain('Överklagandet är överlämnat till domstolen.');
    await expect(page.locator('main').textContent()).resolves.toContain(
      'Överklagandeakt till Kammarrätten',
    );
    await expectNoAxeViolations(browser, page);

    // The court changes the decision: the struck agreement is to be released.
    await page.getByLabel('Utfall').selectOption('changed');
    await page.getByLabel('Målnummer').fill('Mål nr 2345-26');
    await page.getByRole('button', { name: 'Registrera utfallet' }).click();
    expect(await statusAfterSubmit(page)).toContain('Utfallet är registrerat.');
    await page
      .getByRole('button', { name: 'Verkställ domen: gör den kopia domstolen beslutat' })
      .click();
    expect(await statusAfterSubmit(page)).toContain('Begäran är öppen för ett nytt beslut.');
    await saveScreenshot(page, 'requests-reopened');
    await expectNoAxeViolations(browser, page);
    await page.locator('a[href*="/handlingar/"]', { hasText: 'IUP-' }).first().click();
    const agreements = page.locator('fieldset.review-field', { hasText: 'Överenskommelser' });
    await agreements.getByLabel('Maskera hela uppgiften').uncheck();
    await page.getByLabel('Lämnas ut utan maskering').check();
    await page.getByLabel('Skäl').fill('Kammarrätten har beslutat att överenskommelsen lämnas ut.');
    await page.getByRole('button', { name: 'Fatta beslut' }).click();
    expect(await statusAfterSubmit(page)).toContain('Beslutet är sparat.');
    await page.goto(requestUrl);
    await page.getByRole('button', { name: 'Begäran är färdigbeslutad' }).click();
    // The letter is shown first; its own button registers it.
    await page.getByRole('button', { name: 'Registrera beslutet', exact: true }).click();
    expect(await statusAfterSubmit(page)).toContain('Begäran är beslutad.');
    await page.getByRole('button', { name: 'Gör kopiorna tillgängliga för nedladdning' }).click();
    expect(await statusAfterSubmit(page)).toContain('Handlingarna är utlämnade.');
    await expect(page.locator('main').textContent()).resolves.toContain(
      'ersatt av ett senare beslut',
    );
    await page.context().close();

    // The citizen fetches the new letter and copy: the court's change carried out, nothing struck.
    // The status page is still open in the citizen's browser (their session holds the request).
    await status.goto(`${baseUrl}/begaran/status`);
    await status.getByRole('button', { name: 'Hämta kopiorna och beslutet' }).click();
    await status.waitForURL('**/begaran/hamta/**');
    const texts = await Promise.all(
      (await status.locator('ul.documents a').all()).map(async (link) => {
        const response = await status.request.get(
          `${baseUrl}${(await link.getAttribute('href')) ?? ''}`,
        );
        return (await extractPdfText(await response.body())).pages.join('\n').replace(/\s+/g, ' ');
      }),
    );
    expect(texts.some((text) => text.includes('Kammarrätten i Göteborg har ändrat beslut'))).toBe(
      true,
    );
    expect(texts.some((text) => text.includes('OSL 23 kap. 2 §'))).toBe(false);
    await citizen.close();
    // A whole appeal, from the citizen to the court's change: a dozen pages and two letters.
  }, 150_000);

  it('the archivist holds a record against disposal and lifts the hold, on an accessible page', async () => {
    const [record] = await query(
      world.testApp,
      "select registration_number from public_record where registration_number like 'IUP-2026-%' order by registration_number limit 1",
    );
    const number = String(record?.registration_number);
    const page = await signInPage(browser, baseUrl, 'arkivarie', DEMO_PASSWORD, {
      javaScript: false,
    });
    await page.goto(`${baseUrl}/gallring`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Gallring');
    await expectNoAxeViolations(browser, page);
    await page.getByLabel('Diarienummer').fill(number);
    await page.getByLabel('Skäl', { exact: true }).fill('Skolinspektionens tillsyn pågår.');
    await page.getByRole('button', { name: 'Spärra mot gallring' }).click();
    expect(await statusAfterSubmit(page)).toBe('Handlingen är spärrad mot gallring.');
    await expect(
      page.getByRole('row', { name: new RegExp(number) }).textContent(),
    ).resolves.toContain('Spärrad av arkivarien: Skolinspektionens tillsyn pågår.');
    await saveScreenshot(page, 'retention-page');
    await expectNoAxeViolations(browser, page);
    await page.getByLabel(`Skäl att häva spärren för ${number}`).fill('Tillsynen är avslutad.');
    await page.getByRole('button', { name: `Häv spärren för ${number}` }).click();
    expect(await statusAfterSubmit(page)).toBe('Spärren är hävd.');
    await page.context().close();
  });
});
