/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';

import { stockholmToday } from '../../src/common/stockholm';
import {
  describeInBrowser,
  expectNoAxeViolations,
  launchBrowser,
  signInPage,
  statusAfterSubmit,
} from '../support/browser';
import { DEMO_PASSWORD, DemoWorld, query, startDemoWorld } from '../support/demo-world';
import { establishPlan, writeDraftWithTalk } from '../support/established-plan';
import { fileRequestFor } from '../support/requests';

/**
 * The three actions that cannot be undone each ask first, on a page of its own, without
 * JavaScript: establishing a plan, completing a request, disposing now. "Tillbaka" changes
 * nothing; the page's own button does it.
 */
describeInBrowser('confirming what cannot be undone, without JavaScript', () => {
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
  const heading = (page: Page): Promise<string | null> => page.locator('h1').textContent();
  const main = async (page: Page): Promise<string> =>
    (await page.locator('main').textContent()) ?? '';

  it('establishing a plan shows what becomes a public record, and only its own button establishes', async () => {
    const { planId } = await writeDraftWithTalk(world, {
      pupil: 'demo:person:pupil-4-5',
      otherDevelopment: 'Läser en kapitelbok i veckan.',
      agreements: 'Vi följer upp läsningen i mars.',
    });
    const page = await signIn('mentor');
    await page.goto(`${baseUrl}/planer/${planId}`);
    await page.getByRole('button', { name: 'Fastställ efter hållet samtal' }).click();
    await expect(heading(page)).resolves.toBe(
      'Fastställ utvecklingsplanen och registrera den som allmän handling',
    );
    const shown = await main(page);
    expect(shown).toContain('Läser en kapitelbok i veckan.');
    expect(shown).toContain('Vi följer upp läsningen i mars.');
    expect(shown).toContain('vem som helst begära att ta del av den');
    expect(shown).toContain('Det går inte att ångra.');
    await expectNoAxeViolations(browser, page);

    await page.getByRole('link', { name: 'Tillbaka', exact: true }).click();
    await expect(main(page)).resolves.toContain('Ett utkast är ett arbetsmaterial');
    await page.getByRole('button', { name: 'Fastställ efter hållet samtal' }).click();
    await page.getByRole('button', { name: 'Fastställ planen', exact: true }).click();
    await expect(statusAfterSubmit(page)).resolves.toBe(
      'Planen är fastställd och registrerad som allmän handling.',
    );
    await page.context().close();
  });

  it('completing a request shows the decision letter first, and only its own button registers it', async () => {
    await establishPlan(world, {
      pupil: 'demo:person:pupil-4-6',
      otherDevelopment: 'Planens text.',
      agreements: 'Överenskommelse.',
    });
    const filed = await fileRequestFor(world, 'demo:person:pupil-4-6');
    const reviewer = await world.signIn('granskare');
    const detail = (await reviewer.get(`/api/v1/records-requests/${filed.id}`).expect(200))
      .body as { items: { id: string; kind: string; version: number }[] };
    for (const item of detail.items) {
      await reviewer
        .post(`/api/v1/records-requests/${filed.id}/items/${item.id}/decision`)
        .send({
          decision: item.kind === 'draft' ? 'no_public_record' : 'refuse',
          refusalGround: 'OSL 23 kap. 2 §',
          reasons: 'Uppgifter om elevhälsans insatser.',
          redactions: [],
          version: item.version,
        })
        .expect(204);
    }
    const page = await signIn('granskare');
    const requestUrl = `${baseUrl}/handlaggning/begaran/${filed.id}`;
    await page.goto(requestUrl);
    await page.getByRole('button', { name: 'Begäran är färdigbeslutad' }).click();
    await expect(heading(page)).resolves.toBe('Registrera beslutet och avsluta prövningen');
    const shown = await main(page);
    expect(shown).toContain('Beslut om utlämnande av allmänna handlingar');
    expect(shown).toContain('Uppgifter om elevhälsans insatser.');
    expect(shown).toContain('Det går inte att ångra.');
    await expectNoAxeViolations(browser, page);

    await page.getByRole('link', { name: 'Tillbaka', exact: true }).click();
    expect(page.url()).toBe(requestUrl);
    await expect(main(page)).resolves.toContain('Begäran är färdigbeslutad');
    await page.getByRole('button', { name: 'Begäran är färdigbeslutad' }).click();
    await page.getByRole('button', { name: 'Registrera beslutet', exact: true }).click();
    await expect(statusAfterSubmit(page)).resolves.toContain('Begäran är beslutad.');
    await page.context().close();
  });

  it('disposing now lists what goes, and only its own button disposes', async () => {
    const made = await establishPlan(world, {
      pupil: 'demo:person:pupil-4-7',
      otherDevelopment: 'Planens text.',
      agreements: 'Överenskommelse.',
    });
    const [row] = await query(
      world.testApp,
      'update public_record set disposal_date = $2 where id = $1 returning registration_number',
      [made.recordId, stockholmToday(new Date())],
    );
    const number = String(row?.registration_number);
    const page = await signIn('arkivarie');
    await page.goto(`${baseUrl}/gallring`);
    await page.getByRole('button', { name: 'Gallra det förfallna nu' }).click();
    await expect(heading(page)).resolves.toBe('Gallra det förfallna nu');
    const shown = await main(page);
    expect(shown).toContain(number);
    expect(shown).toContain('Det går inte att ångra:');
    await expectNoAxeViolations(browser, page);

    await page.getByRole('link', { name: 'Tillbaka', exact: true }).click();
    await expect(heading(page)).resolves.toBe('Gallring');
    await page.getByRole('button', { name: 'Gallra det förfallna nu' }).click();
    await page.getByRole('button', { name: 'Gallra det här nu', exact: true }).click();
    await expect(statusAfterSubmit(page)).resolves.toContain('Gallringen körs nu i bakgrunden.');
    await page.context().close();
  });
});
