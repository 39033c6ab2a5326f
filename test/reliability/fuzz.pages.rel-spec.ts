import type { Response } from 'supertest';

import { pageProblems, runsOf } from '../support/fuzz';
import { fuzzEntry, FuzzWorld, startFuzzWorld, validParams } from '../support/fuzz-agents';
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
        .post(path)
        .set('X-CSRF-Token', reviewer.csrf)
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

  it('a NUL in a request form: the form again, everything typed kept, the field named in Swedish', async () => {
    // The forms whose handlers check every field themselves (SelfCheckedForm): a NUL in any
    // text field once ended on the generic error page, naming the field by its code.
    const routes = [
      'POST /begaran',
      'POST /vidarebefordra-begaran',
      'POST /handlaggning/registrera',
      'POST /mina-barn/:pupilId/begaran',
    ];
    const swedishNames: Record<string, string> = {
      description: 'Beskrivningen',
      pupilName: 'Elevens namn',
      school: 'Skolan',
      period: 'Läsåret eller terminen',
      contactName: 'Namnet',
      contactPhone: 'Telefonnumret',
      postalAddress: 'Postadressen',
    };
    // The guardian's form asks for less: the child and the guardian's name are known.
    const shownOn = (route: string): string[] =>
      route === 'POST /mina-barn/:pupilId/begaran'
        ? ['description', 'period', 'contactPhone', 'postalAddress']
        : Object.keys(swedishNames);
    const problems: string[] = [];
    let cases = 0;
    for (const entry of FORM_ENTRIES.filter((each) => routes.includes(each.route))) {
      const shown = shownOn(entry.route);
      const { agent, csrf } = fuzzing.agents.get(entry.as)!;
      const params = validParams(entry, fuzzing.context);
      const path = entry.route
        .split(' ')[1]
        .replace(/:(\w+)/g, (_, name: string) => params[name] ?? name);
      const sample = entry.sample(fuzzing.context) as Record<string, string>;
      for (const [field, name] of Object.entries(swedishNames).filter(([each]) =>
        shown.includes(each),
      )) {
        cases += 1;
        const typed = { ...sample, [field]: `Före${'\u0000'}efter` };
        const response = await agent
          .post(path)
          .set('Accept', 'text/html')
          .set('X-CSRF-Token', csrf)
          .type('form')
          .send(typed);
        const at = `${entry.route} ${field}`;
        problems.push(...pageProblems(response, []).map((problem) => `${at}: ${problem}`));
        if (response.status !== 400) problems.push(`${at}: answered ${response.status}`);
        if (!response.text.includes(`${name}: innehåller ett otillåtet tecken (NUL, U+0000)`)) {
          problems.push(`${at}: no Swedish message naming the field`);
        }
        if (response.text.includes(`${field}:`))
          problems.push(`${at}: names the field by its code`);
        if (!response.text.includes('Före\ufffdefter')) problems.push(`${at}: the text is lost`);
        const kept = Object.entries(sample).filter(
          ([other, value]) => other !== field && shown.includes(other) && value !== '',
        );
        for (const [other, value] of kept) {
          if (!response.text.includes(value.split('\n')[0])) {
            problems.push(`${at}: ${other} is lost`);
          }
        }
      }
    }
    tally('fuzz', { cases, failures: problems.length });
    expect(cases).toBe(3 * 7 + 4);
    expect(problems).toEqual([]);
  });
});
