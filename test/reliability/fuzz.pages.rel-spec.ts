import type { Response } from 'supertest';

import { pageProblems, runsOf } from '../support/fuzz';
import { fuzzEntry, FuzzWorld, startFuzzWorld } from '../support/fuzz-agents';
import { FORM_ENTRIES } from '../support/fuzz-routes';
import { tally } from '../support/tally';

/**
 * Fuzzing of the page forms, signed in as the role whose form it is and with
 * a valid CSRF token (so the handler itself runs): hostile and huge values,
 * repeated and unknown fields, JSON where a form is expected, broken
 * urlencoding, too many fields, wrong content types. Always the normal
 * redirect or page, or a 4xx Swedish page; never a 5xx.
 */

const FORM_RUNS = runsOf(12);

describe('fuzzing the page forms', () => {
  let fuzzing: FuzzWorld;

  beforeAll(async () => {
    fuzzing = await startFuzzWorld(FORM_ENTRIES.map((entry) => entry.as));
  }, 120_000);

  afterAll(() => fuzzing?.close());

  it.each(FORM_ENTRIES.map((entry) => [entry.route, entry] as const))(
    '%s: hostile forms get the page or a 4xx Swedish page, never a 5xx',
    async (_route, entry) => {
      await fuzzEntry(entry, fuzzing, FORM_RUNS);
    },
  );

  it('forms that once answered 500 or an empty page get a Swedish page', async () => {
    const reviewer = fuzzing.agents.get('granskare')!;
    const { context } = fuzzing;
    const post = (path: string, type: string, body: string) =>
      reviewer.agent
        .post(`${path}?_csrf=${encodeURIComponent(reviewer.csrf)}`)
        .set('Accept', 'text/html')
        .set('Content-Type', type)
        .send(body);
    const item = `/handlaggning/begaran/${context.itemRequestId}/handlingar/${context.itemId}`;
    const appeal = `/handlaggning/begaran/${context.appealRequestId}/overklagande/${context.appealId}`;
    // Each case with what it may get besides a 4xx page: the request page's actions redirect
    // back with the problem in a flash message.
    const cases: [string, () => Promise<Response>, number[]][] = [
      // No parser reads image/png: the handler got `undefined` for its form.
      ['a form sent as image/png', () => post('/handlaggning/registrera', 'image/png', '--x'), []],
      // The error page was rendered beside a passthrough response that had already ended.
      [
        'a preview with an unknown ground',
        () =>
          post(
            `${item}/forhandsgranska`,
            'application/x-www-form-urlencoded',
            'whole__pupil.name=1&ground__pupil.name=okand',
          ),
        [],
      ],
      // The page's date went to PostgreSQL unchecked.
      [
        'an appeal forwarded on no date',
        () => post(`${appeal}/overlamna`, 'application/x-www-form-urlencoded', 'forwardedOn=x'),
        [303],
      ],
    ];
    const problems: string[] = [];
    for (const [name, send, accepted] of cases) {
      const response = await send();
      if (response.status < 400 && !accepted.includes(response.status)) {
        problems.push(`${name}: ${response.status}`);
      }
      problems.push(...pageProblems(response, accepted).map((problem) => `${name}: ${problem}`));
    }
    tally('fuzz', { cases: cases.length, failures: problems.length });
    expect(problems).toEqual([]);
  });
});
