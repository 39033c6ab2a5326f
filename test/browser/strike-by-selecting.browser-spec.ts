/// <reference lib="dom" />
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { Browser, Locator, Page } from 'playwright-core';

import {
  ARTIFACTS_DIR,
  checkAccessibility,
  describeInBrowser,
  describeViolations,
  launchBrowser,
  saveScreenshot,
  signInPage,
  statusAfterSubmit,
} from '../support/browser';
import { DEMO_PASSWORD, DemoWorld, query, startDemoWorld } from '../support/demo-world';
import { extractPdfText } from '../support/pdf-text';
import { fileRequestFor } from '../support/requests';

const PUPIL = 'demo:person:pupil-4-5';
const FIRST_GROUND = 'OSL 23 kap. 2 §';
const SECOND_GROUND = 'OSL 21 kap. 3 §';
const THIRD_GROUND = 'OSL 21 kap. 7 §';

/** Ten passages the reviewer strikes, one in each field of the long plan. */
const PASSAGES = [
  'tisdagarna i biblioteket',
  'morfars snickarverkstad',
  'fotbollsträningen på fredagar',
  'resan till farbroderns gård',
  'pianolektionerna hos kantorn',
  'den gamla hundkojan',
  'sommarstugan vid sjön',
  'scoutlägret i skogen',
  'farmors lilla bageri',
  'simskolan på lördagarna',
] as const;

const SENTENCES = [
  'Eleven läser varje dag och återberättar texten med egna ord.',
  'Skolan ger extra lästid på eftermiddagarna när det behövs.',
  'Eleven övar multiplikation med korta övningar varje vecka.',
  'Läraren följer upp arbetet vid varje lektion och ger återkoppling.',
  'Eleven deltar gärna i samtal i gruppen och lyssnar på andra.',
  'Eleven skriver berättelser med tydlig början, mitt och slut.',
  'Eleven arbetar med att planera sitt arbete och hålla tiden.',
];

/** Ordinary plan text of about `length` characters with `passage` in the middle. */
function planText(length: number, passage: string, seed: number): string {
  const sentences: string[] = [];
  for (let i = 0; sentences.join(' ').length < length; i++) {
    sentences.push(SENTENCES[(seed + i) % SENTENCES.length] ?? '');
  }
  const middle = Math.floor(sentences.length / 2);
  sentences.splice(middle, 0, `Vi talade om ${passage} och hur det går.`);
  return sentences.join(' ');
}

/** Clicks and key presses of one journey, each named, so the note can quote them. */
class ActionTally {
  readonly steps: string[] = [];
  count(step: string, times = 1): void {
    for (let i = 0; i < times; i++) this.steps.push(step);
  }
  get total(): number {
    return this.steps.length;
  }
  summary(): Record<string, number> {
    const summary: Record<string, number> = {};
    for (const step of this.steps) summary[step] = (summary[step] ?? 0) + 1;
    return summary;
  }
}

/** Waits (up to 10 s) for what the page shows to settle on `expected`, then asserts it. */
async function pollToBe<T>(read: () => Promise<T>, expected: T): Promise<void> {
  let value = await read();
  for (let tries = 0; tries < 100 && value !== expected; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  expect(value).toBe(expected);
}

async function pollToContain(read: () => Promise<string>, expected: string): Promise<void> {
  let value = await read();
  for (let tries = 0; tries < 100 && !value.includes(expected); tries++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  expect(value).toContain(expected);
}

function fieldOf(page: Page, fieldId: string): Locator {
  return page.locator(`fieldset[data-field-id="${fieldId}"]`);
}

/** The screen points of a passage's first and last characters in a field's text. */
async function passagePoints(
  page: Page,
  fieldId: string,
  passage: string,
): Promise<{ from: { x: number; y: number }; to: { x: number; y: number } }> {
  return page.evaluate(
    ({ fieldId, passage }) => {
      const element = document.querySelector(
        `fieldset[data-field-id="${fieldId}"] [data-field-text]`,
      );
      if (!element) throw new Error(`no field ${fieldId}`);
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      const nodes: Text[] = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
      const whole = nodes.map((node) => node.data).join('');
      const start = whole.indexOf(passage);
      if (start < 0) throw new Error(`"${passage}" is not in ${fieldId}`);
      const locate = (offset: number): [Text, number] => {
        let at = offset;
        for (const node of nodes) {
          if (at < node.data.length) return [node, at];
          at -= node.data.length;
        }
        throw new Error('offset outside the text');
      };
      const rectOf = (offset: number): DOMRect => {
        const [node, at] = locate(offset);
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 1);
        return range.getClientRects()[0] ?? range.getBoundingClientRect();
      };
      element.scrollIntoView({ block: 'center' });
      const first = rectOf(start);
      const last = rectOf(start + passage.length - 1);
      return {
        from: { x: first.left + 1, y: first.top + first.height / 2 },
        to: { x: last.right - 1, y: last.top + last.height / 2 },
      };
    },
    { fieldId, passage },
  );
}

/** A real mouse drag over the passage (one action for the reviewer). */
async function dragOver(page: Page, fieldId: string, passage: string): Promise<void> {
  const { from, to } = await passagePoints(page, fieldId, passage);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 6 });
  await page.mouse.up();
}

async function liveText(page: Page): Promise<string> {
  return (await page.locator('[data-strike-status]').textContent()) ?? '';
}

/** Read in one step: the preview is replaced as it refreshes, so two reads may see two previews. */
async function boxCount(page: Page): Promise<number> {
  return page.evaluate(() =>
    Number(
      document
        .querySelector('[data-copy-preview] [data-box-count]')
        ?.getAttribute('data-box-count') ?? Number.NaN,
    ),
  );
}

async function groundCount(page: Page, ground: string): Promise<number> {
  return page.evaluate((name) => {
    const item = Array.from(document.querySelectorAll('[data-copy-preview] li[data-ground]')).find(
      (each) => each.getAttribute('data-ground') === name,
    );
    return item ? Number(item.getAttribute('data-count')) : 0;
  }, ground);
}

async function expectAxeClean(page: Page, when: string): Promise<void> {
  const violations = describeViolations(await checkAccessibility(page));
  if (violations.length > 0) {
    throw new Error(`axe violations ${when}:\n${violations.join('\n')}`);
  }
}

/** The leak-checked PDF for what the form now says, as the page's PDF button asks for it. */
async function checkedCopyText(page: Page, itemUrl: string): Promise<string> {
  const body = await page.evaluate(() => {
    const form = document.querySelector('[data-strike-workbench]')?.closest('form');
    return new URLSearchParams(new FormData(form ?? undefined) as never).toString();
  });
  const response = await page.request.post(`${itemUrl}/forhandsgranska`, {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    data: body,
  });
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/pdf');
  const text = await extractPdfText(await response.body());
  return text.pages.join('\n');
}

describeInBrowser('strike by selecting on the review page, in Chromium', () => {
  let world: DemoWorld;
  let browser: Browser;
  let baseUrl: string;
  let itemUrl: string;
  let requestId: string;
  let itemId: string;
  const journeys: Record<string, ActionTally> = {};

  beforeAll(async () => {
    world = await startDemoWorld();
    baseUrl = await world.testApp.listen();
    browser = await launchBrowser();

    // A long plan (four pages as a copy) with each passage in a field of its own.
    const mentor = await world.signIn('mentor');
    const pupilId = await world.personId(PUPIL);
    const plan = (await mentor.post(`/api/v1/pupils/${pupilId}/plans`).expect(201)).body as {
      id: string;
      revision: number;
    };
    const goal = (first: number, seed: number) => ({
      subject: null,
      text: planText(800, PASSAGES[first] ?? '', seed),
      actions: {
        school: planText(800, PASSAGES[first + 1] ?? '', seed + 1),
        pupil: planText(800, PASSAGES[first + 2] ?? '', seed + 2),
        guardian: planText(800, PASSAGES[first + 3] ?? '', seed + 3),
      },
      followUp: planText(800, PASSAGES[first + 4] ?? '', seed + 4),
    });
    await mentor
      .put(`/api/v1/plans/${plan.id}/goals`)
      .send({
        revision: plan.revision,
        goals: [goal(0, 0), { ...goal(5, 5), followUp: 'Följs upp i maj.' }],
        otherDevelopment: planText(600, PASSAGES[9], 3),
        acknowledgeWarnings: true,
      })
      .expect(200);
    await mentor
      .put(`/api/v1/plans/${plan.id}/talk`)
      .send({
        revision: plan.revision + 1,
        date: '2026-11-20',
        participants: ['Eleven', 'Mentor', 'Vårdnadshavare'],
        agreements: 'Vi ses i mars. Mamma nås på 070-111 22 33 på kvällarna.',
        acknowledgeWarnings: true,
      })
      .expect(200);
    await mentor
      .post(`/api/v1/plans/${plan.id}/establish`)
      .send({ revision: plan.revision + 2 })
      .expect(200);

    const filed = await fileRequestFor(world, PUPIL);
    requestId = filed.id;
    const [item] = await query(
      world.testApp,
      `select i.id from records_request_item i
         join plan_version v on v.record_id = i.record_id
        where i.request_id = $1 and v.plan_id = $2`,
      [requestId, plan.id],
    );
    itemId = String(item?.id);
    itemUrl = `${baseUrl}/handlaggning/begaran/${requestId}/handlingar/${itemId}`;
    const reviewer = await signInPage(browser, baseUrl, 'granskare', DEMO_PASSWORD);
    await reviewer.goto(`${baseUrl}/handlaggning/begaran/${requestId}`);
    await reviewer.getByRole('button', { name: 'Ta begäran' }).click();
    expect(await statusAfterSubmit(reviewer)).toContain('Du har tagit begäran.');
    await reviewer.context().close();
  });

  afterAll(async () => {
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    await writeFile(
      join(ARTIFACTS_DIR, 'strike-actions.json'),
      `${JSON.stringify(
        Object.fromEntries(
          Object.entries(journeys).map(([name, tally]) => [
            name,
            { total: tally.total, steps: tally.summary() },
          ]),
        ),
        null,
        2,
      )}\n`,
    );
    await browser?.close();
    await world?.close();
  });

  it('strikes with the mouse and the keyboard, changes a ground, removes, undoes, takes a suggestion; the preview follows', async () => {
    const page = await signInPage(browser, baseUrl, 'granskare', DEMO_PASSWORD);
    await page.goto(itemUrl);
    const preview = page.locator('[data-copy-preview] [data-box-count]');
    await preview.waitFor();
    // The guard's finding (the phone number) is pre-marked: a box already, shown as a suggestion.
    expect(await boxCount(page)).toBe(1);
    await expect(page.locator('[data-suggestion-count]').textContent()).resolves.toContain(
      '1 förslag',
    );
    await expectAxeClean(page, 'on the review page before any strike');

    // The suggestion, taken.
    const agreements = fieldOf(page, 'talk.agreements');
    await agreements.locator('.strike-chip', { hasText: 'Förslag' }).click();
    await agreements.getByRole('button', { name: 'Godta förslaget' }).click();
    await pollToContain(() => liveText(page), 'Förslaget godtaget');
    await pollToBe(() => page.locator('[data-suggestion-bar]').isHidden(), true);

    // With the mouse: a drag over the passage, then the ground's number.
    const goalText = fieldOf(page, 'goals.0.text');
    await dragOver(page, 'goals.0.text', PASSAGES[0]);
    await goalText.locator('.strike-menu').waitFor();
    await page.keyboard.press('1');
    await pollToBe(() => liveText(page), `Struket: ”${PASSAGES[0]}” (${FIRST_GROUND})`);
    await expect(goalText.locator('mark.strike').textContent()).resolves.toBe(PASSAGES[0]);
    await pollToBe(() => boxCount(page), 2);

    // With the keyboard: into the field's text, word by word to the passage, Shift to select it.
    const school = fieldOf(page, 'goals.0.actions.school');
    const schoolText = school.locator('[data-field-text]');
    await schoolText.focus();
    const text = JSON.parse((await schoolText.getAttribute('data-field-text')) ?? '""') as string;
    const start = text.indexOf(PASSAGES[1]);
    const wordsBefore = text.slice(0, start).split(/\s+/).filter(Boolean).length;
    const wordsIn = PASSAGES[1].split(' ').length;
    await page.keyboard.press('Home');
    for (let i = 0; i < wordsBefore; i++) await page.keyboard.press('Control+ArrowRight');
    for (let i = 0; i < wordsIn - 1; i++) await page.keyboard.press('Control+Shift+ArrowRight');
    // The last word without the space after it: to its end letter by letter.
    const lastWord = PASSAGES[1].split(' ').pop() ?? '';
    for (let i = 0; i < lastWord.length; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('2');
    await pollToBe(() => liveText(page), `Struket: ”${PASSAGES[1]}” (${SECOND_GROUND})`);
    await expect(school.locator('mark.strike').textContent()).resolves.toBe(PASSAGES[1]);
    await pollToBe(() => groundCount(page, SECOND_GROUND), 1);
    await expectAxeClean(page, 'with strikes');
    await saveScreenshot(page, 'strike-by-selecting');

    // The ground changed, from the box's own menu.
    await goalText.locator('.strike-chip', { hasText: PASSAGES[0] }).click();
    await goalText.getByRole('button', { name: `Grund: ${THIRD_GROUND}` }).click();
    await pollToContain(() => liveText(page), `Grunden ändrad: ”${PASSAGES[0]}”`);
    await expect(goalText.locator('.strike-chip').textContent()).resolves.toContain(THIRD_GROUND);
    await pollToBe(() => groundCount(page, THIRD_GROUND), 1);
    await pollToBe(() => groundCount(page, FIRST_GROUND), 1);

    // Removed, then back with Ctrl+Z, removed again with the Ångra button's opposite.
    await school.locator('.strike-chip', { hasText: PASSAGES[1] }).click();
    await school.getByRole('button', { name: 'Ta bort maskeringen' }).click();
    await pollToContain(() => liveText(page), 'Maskering borttagen');
    await pollToBe(() => school.locator('mark.strike').count(), 0);
    await pollToBe(() => groundCount(page, SECOND_GROUND), 0);
    await page.keyboard.press('Control+z');
    await pollToContain(() => liveText(page), 'Ångrat: Maskering borttagen');
    await pollToBe(() => school.locator('mark.strike').count(), 1);
    await pollToBe(() => groundCount(page, SECOND_GROUND), 1);

    // A whole field is one button; Ångra takes back the last change.
    const participants = fieldOf(page, 'talk.participants');
    await participants.getByRole('button', { name: 'Maskera hela uppgiften' }).click();
    await pollToBe(() => participants.locator('mark.strike').count(), 1);
    await pollToBe(() => boxCount(page), 4);
    await page.getByRole('button', { name: 'Ångra' }).click();
    await pollToBe(() => participants.locator('mark.strike').count(), 0);
    await pollToBe(() => boxCount(page), 3);

    // The copy as it goes out: the leak-checked PDF has none of the struck passages.
    const copy = await checkedCopyText(page, itemUrl);
    expect(copy).not.toContain(PASSAGES[0]);
    expect(copy).not.toContain(PASSAGES[1]);
    expect(copy).not.toContain('070-111');
    expect(copy).toContain('Vi ses i mars.');
    expect(copy).toContain(THIRD_GROUND);
    await page.context().close();
  });

  it('a four-page plan with ten struck passages by selection, decided; the copy holds none of them', async () => {
    const tally = new ActionTally();
    journeys.selection = tally;
    const page = await signInPage(browser, baseUrl, 'granskare', DEMO_PASSWORD);
    await page.goto(itemUrl);
    await page.locator('[data-copy-preview] [data-box-count]').waitFor();
    const fieldIds = [
      'goals.0.text',
      'goals.0.actions.school',
      'goals.0.actions.pupil',
      'goals.0.actions.guardian',
      'goals.0.followUp',
      'goals.1.text',
      'goals.1.actions.school',
      'goals.1.actions.pupil',
      'goals.1.actions.guardian',
      'otherDevelopment',
    ];
    for (const [index, passage] of PASSAGES.entries()) {
      const fieldId = fieldIds[index] ?? '';
      await dragOver(page, fieldId, passage);
      tally.count('drag over the passage');
      await fieldOf(page, fieldId).locator('.strike-menu').waitFor();
      await page.keyboard.press('1');
      tally.count('key 1 for the ground');
      await pollToBe(() => liveText(page), `Struket: ”${passage}” (${FIRST_GROUND})`);
    }
    // The phone number is the guard's suggestion: taken with the others at once.
    await page.getByRole('button', { name: 'Godta alla förslag' }).click();
    tally.count('accept all suggestions');
    await pollToBe(() => boxCount(page), 11);
    expect(await groundCount(page, FIRST_GROUND)).toBe(11);

    const pages = (await extractPdfText(await pdfOf(page))).pages.length;
    expect(pages).toBe(4);

    await page.getByLabel('Lämnas ut med de markerade maskeringarna').check();
    tally.count('decision: release with redactions');
    await page
      .getByLabel('Skäl')
      .fill('Uppgifter om elevens familj och fritid omfattas av sekretess.');
    tally.count('click into the reasons (typing not counted)');
    await page.getByRole('button', { name: 'Fatta beslut' }).click();
    tally.count('decide');
    expect(await statusAfterSubmit(page)).toContain('Beslutet är sparat.');

    const [saved] = await query(
      world.testApp,
      'select jsonb_array_length(redactions) as count from records_request_item where id = $1',
      [itemId],
    );
    expect(saved?.count).toBe(11);

    // Opened again: the saved strikes are there, each in place with its ground.
    await page.goto(itemUrl);
    await page.locator('[data-copy-preview] [data-box-count]').waitFor();
    expect(await boxCount(page)).toBe(11);
    const copy = await checkedCopyText(page, itemUrl);
    for (const passage of PASSAGES) expect(copy).not.toContain(passage);
    expect(copy).toContain('Eleven läser varje dag');
    await page.context().close();

    async function pdfOf(current: Page): Promise<Buffer> {
      const body = await current.evaluate(() => {
        const form = document.querySelector('[data-strike-workbench]')?.closest('form');
        return new URLSearchParams(new FormData(form ?? undefined) as never).toString();
      });
      const response = await current.request.post(`${itemUrl}/forhandsgranska`, {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        data: body,
      });
      return response.body();
    }
  });

  it('without JavaScript the paste form still strikes, and the saved strikes are ticked boxes', async () => {
    const tally = new ActionTally();
    journeys.paste = tally;
    const page = await signInPage(browser, baseUrl, 'granskare', DEMO_PASSWORD, {
      javaScript: false,
    });
    await page.goto(itemUrl);
    // The strikes saved by selection come back as ticked boxes, each with its ground.
    const saved = page.locator('input[type=checkbox][name^="strike__"]:checked');
    await pollToBe(() => saved.count(), PASSAGES.length);
    // Untick them all: the reviewer now strikes the same ten passages by pasting.
    const strikeBoxes = page.locator('input[type=checkbox][name^="strike__"]');
    for (const box of await strikeBoxes.all()) await box.uncheck();

    const fieldIds = [
      'goals.0.text',
      'goals.0.actions.school',
      'goals.0.actions.pupil',
      'goals.0.actions.guardian',
      'goals.0.followUp',
      'goals.1.text',
      'goals.1.actions.school',
      'goals.1.actions.pupil',
      'goals.1.actions.guardian',
      'otherDevelopment',
    ];
    for (const [index, passage] of PASSAGES.entries()) {
      const field = fieldOf(page, fieldIds[index] ?? '');
      const details = field.locator('details.redact');
      if ((await details.getAttribute('open')) === null) {
        await field.locator('summary').click();
        tally.count('open "Maskera i den här uppgiften"');
      }
      // A reviewer selects the passage in the text, copies it, clicks into the box and pastes.
      tally.count('drag over the passage');
      tally.count('Ctrl+C');
      await field.getByLabel('Maskera text (klistra in, en per rad)').click();
      tally.count('click into the paste box');
      await field.getByLabel('Maskera text (klistra in, en per rad)').fill(passage);
      tally.count('Ctrl+V');
    }
    // The phone number, the guard's suggestion saved before, is still ticked.
    await page.getByLabel('Lämnas ut med de markerade maskeringarna').check();
    tally.count('decision: release with redactions');
    await page
      .getByLabel('Skäl')
      .fill('Uppgifter om elevens familj och fritid omfattas av sekretess.');
    tally.count('click into the reasons (typing not counted)');
    await page.getByRole('button', { name: 'Fatta beslut' }).click();
    tally.count('decide');
    expect(await statusAfterSubmit(page)).toContain('Beslutet är sparat.');
    const [row] = await query(
      world.testApp,
      'select jsonb_array_length(redactions) as count from records_request_item where id = $1',
      [itemId],
    );
    expect(row?.count).toBe(11);
    await page.context().close();

    // The page with the saved strikes, checked by axe as it is with scripts.
    const checker = await signInPage(browser, baseUrl, 'granskare', DEMO_PASSWORD);
    await checker.goto(itemUrl);
    await checker.locator('[data-copy-preview] [data-box-count]').waitFor();
    expect(await boxCount(checker)).toBe(11);
    await expectAxeClean(checker, 'with saved strikes');
    const copy = await checkedCopyText(checker, itemUrl);
    for (const passage of PASSAGES) expect(copy).not.toContain(passage);
    await checker.context().close();

    const selection = journeys.selection?.total ?? 0;
    // eslint-disable-next-line no-console -- the note quotes these numbers
    console.log(
      `Actions for a four-page plan with ten struck passages: paste form ${tally.total}, selection ${selection}`,
    );
    expect(selection).toBeLessThan(tally.total);
  });
});
