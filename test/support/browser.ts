/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { AxeResults } from 'axe-core';

/** Debian's Chromium; playwright-core never downloads a browser of its own. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const ARTIFACTS_DIR = resolve(__dirname, '..', 'artifacts');

export function isBrowserAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export function isBrowserRequired(): boolean {
  return process.env.TEST_REQUIRE_BROWSER === '1';
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS, headless: true });
}

/**
 * A context as a Swedish user on a laptop. CSP is bypassed only so axe-core can
 * be injected; the pages' own scripts are still what the CSP allows.
 */
export function newSwedishContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
    viewport: { width: 1280, height: 900 },
    bypassCSP: true,
  });
}

/** Runs axe-core (WCAG 2.1 A and AA rules) on the page as it is now. */
export async function checkAccessibility(page: Page): Promise<AxeResults> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  return page.evaluate(() =>
    (window as unknown as { axe: typeof import('axe-core') }).axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
      },
    }),
  );
}

/** A readable summary of violations, for a failing assertion's message. */
export function describeViolations(results: AxeResults): string[] {
  return results.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact ?? 'n/a'}): ${violation.help} — ${violation.nodes
        .map((node) => node.target.join(' '))
        .join(', ')}`,
  );
}

/** Saves a full-page screenshot under test/artifacts/ for a person to look at. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * `describe` for suites that need Chromium: skipped with a message where it is
 * missing, a failure where TEST_REQUIRE_BROWSER=1 (as in CI).
 */
export function describeInBrowser(name: string, suite: () => void): void {
  if (!isBrowserAvailable() && isBrowserRequired()) {
    throw new Error(
      'TEST_REQUIRE_BROWSER=1 but /usr/bin/chromium is missing (apt-get install -y chromium)',
    );
  }
  if (!isBrowserAvailable()) {
    // eslint-disable-next-line no-console -- tells the person running the tests why these were skipped
    console.warn(`Skipped "${name}": /usr/bin/chromium is missing (apt-get install -y chromium).`);
  }
  (isBrowserAvailable() ? describe : describe.skip)(name, suite);
}

/**
 * A signed-in page as a demo user. `javaScript: false` uses the pages as
 * someone without scripts would (every form must work that way).
 */
export async function signInPage(
  browser: Browser,
  baseUrl: string,
  username: string,
  password: string,
  options: { javaScript?: boolean } = {},
): Promise<Page> {
  const context = await browser.newContext({
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
    viewport: { width: 1280, height: 900 },
    bypassCSP: true,
    javaScriptEnabled: options.javaScript ?? true,
  });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/logga-in`);
  await page.getByLabel('Användarnamn').fill(username);
  await page.getByLabel('Lösenord').fill(password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/logga-in'));
  return page;
}

/** Zero axe violations on the page as its user sees it (checked in a script-enabled copy with the same cookies). */
export async function expectNoAxeViolations(browser: Browser, page: Page): Promise<void> {
  const context = await newSwedishContext(browser);
  await context.addCookies(await page.context().cookies());
  const checker = await context.newPage();
  await checker.goto(page.url());
  const violations = describeViolations(await checkAccessibility(checker));
  await context.close();
  if (violations.length > 0) {
    throw new Error(`axe violations on ${page.url()}:\n${violations.join('\n')}`);
  }
}

/**
 * The outcome of a form the page just sent: its status message, or (failing
 * the test with the reason the page gave) its error summary.
 */
export async function statusAfterSubmit(page: Page): Promise<string> {
  const outcome = page.getByRole('status').or(page.getByRole('alert')).first();
  try {
    await outcome.waitFor({ timeout: 45_000 });
  } catch {
    const heading = await page
      .locator('h1')
      .first()
      .textContent({ timeout: 1000 })
      .catch(() => null);
    throw new Error(`No status or error on ${page.url()} (h1: ${heading ?? 'none'})`);
  }
  if ((await outcome.getAttribute('role')) === 'alert') {
    throw new Error(`The page answered with an error: ${(await outcome.textContent()) ?? ''}`);
  }
  return (await outcome.textContent()) ?? '';
}
