import fc from 'fast-check';
import type { Response } from 'supertest';

import { tally } from './tally';

/**
 * The fuzzing category's shared parts: hostile values, the seed, a runner
 * that collects every failing input instead of stopping at the first (so the
 * tally counts them all), and the checks every answer must pass.
 */

/** `FUZZ_SEED` replays a failed run; otherwise a fresh seed, printed with any failure. */
export const FUZZ_SEED = process.env.FUZZ_SEED
  ? Number(process.env.FUZZ_SEED)
  : Math.floor(Math.random() * 0x7fffffff);

/** Runs per property; `FUZZ_RUNS_FACTOR` (e.g. 10) multiplies them for a longer hunt. */
export function runsOf(normal: number): number {
  const factor = Number(process.env.FUZZ_RUNS_FACTOR ?? '1');
  return Math.max(1, Math.round(normal * (Number.isFinite(factor) ? factor : 1)));
}

export const SCRIPT = '<script>alert(1)</script>';
export const IMG_ONERROR = '"><img src=x onerror=alert(1)>';

/** Payloads people actually try, and strings that broke parsers and encoders before. */
export const NASTY_STRINGS: readonly string[] = [
  SCRIPT,
  IMG_ONERROR,
  "'><svg onload=alert(1)>",
  'javascript:alert(1)',
  "'; drop table records_request; --",
  "' or '1'='1",
  '1; select pg_sleep(5)',
  '../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '..\\..\\windows\\win.ini',
  '/etc/passwd\u0000.png',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\ud83d',
  '\u202eexe.fdp',
  '\u200b\u200c\u200d\ufeff',
  'e\u0301\u0301\u0301\u0308',
  'Z̤͔ͧ̑̓ä͖̭̈̇l͖͎g̞̥͈o̞',
  '👩‍👩‍👧‍👦🇸🇪',
  'ﷺ',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '\r\nSet-Cookie: x=1',
  '{{7*7}}',
  '${7*7}',
  '{% raw %}',
  '%s%s%s%n',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  '9999999999999999999999',
  '2026-02-30',
  '0000-00-00',
  '00000000-0000-0000-0000-000000000000',
  ' ',
  '',
];

/** A string beyond every field's limit but well inside the 1 MB body limit. */
const hugeString = fc
  .tuple(fc.integer({ min: 4_001, max: 40_000 }), fc.constantFrom('x', 'å', '😀', '<'))
  .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)));

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.constantFrom(...NASTY_STRINGS), { minLength: 2, maxLength: 4 })
      .map((parts) => parts.join(' ')),
  },
  { weight: 1, arbitrary: hugeString },
);

/** Anything JSON can carry where a field expects something else (and the odd right thing). */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: hostileString },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.integer(),
      fc.double({ noNaN: true }),
      fc.constantFrom(0, -1, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2),
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 4 }) },
  {
    weight: 1,
    arbitrary: fc.dictionary(fc.constantFrom('a', '__proto__', 'constructor', 'x'), hostileString, {
      maxKeys: 3,
    }),
  },
  { weight: 1, arbitrary: fc.array(fc.constant({}), { minLength: 1_001, maxLength: 2_000 }) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 10, max: 2_000 }).map((depth) => {
      let nested: unknown = 'innerst';
      for (let level = 0; level < depth; level += 1) nested = { a: [nested] };
      return nested;
    }),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** Names a DTO never declares, prototype keys among them. */
export const unknownFieldName = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'status', 'isAdmin', '$where'),
  fc.string({ minLength: 1, maxLength: 20 }),
);

/** A URL path segment that is no id: traversal, encoded or raw, huge, Unicode, a random UUID. */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '..',
    '%2e%2e',
    '..%2f..%2fetc%2fpasswd',
    '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '..%5c..%5cwindows',
    '%00',
    '%ZZ',
    '%',
    'null',
    '-1',
    '0',
    '1e309',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '%27%20or%201%3D1--',
    '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
    '%E2%80%AE',
    '%ED%A0%80',
    '%F0%9F%98%80',
  ),
  fc.uuid(),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).map(encodeURIComponent),
  fc.integer({ min: 300, max: 6_000 }).map((length) => 'a'.repeat(length)),
);

/** A body as the wire sees it, for the ways a client gets the framing wrong. */
export interface RawBody {
  readonly contentType: string;
  readonly body: string;
}

export const malformedJson: fc.Arbitrary<RawBody> = fc
  .oneof(
    fc.constantFrom(
      '{',
      '{"description": ',
      '{"a":1,}',
      "{'a': 1}",
      '[1, 2',
      'nul',
      '{"a": "\\ud800"}',
      '{"a": "\\u0000"}',
      '{"__proto__": {"isAdmin": true}}',
      '\ufeff{"a": 1}',
      '{"a": 1}{"b": 2}',
      '',
    ),
    fc.string({ unit: 'binary', maxLength: 80 }),
  )
  .map((body) => ({ contentType: 'application/json', body }));

export const wrongContentType: fc.Arbitrary<RawBody> = fc
  .tuple(
    fc.constantFrom(
      'text/plain',
      'application/xml',
      'application/x-www-form-urlencoded',
      'multipart/form-data',
      'multipart/form-data; boundary=',
      'application/octet-stream',
      'text/html',
      'application/json; charset=latin1',
      'application/json; charset=utf-7',
      'image/png',
    ),
    fc.constantFrom('a=1&b=2', '<x>1</x>', '{"a": 1}', '--x\r\n\r\n', SCRIPT),
  )
  .map(([contentType, body]) => ({ contentType, body }));

export interface Failure {
  readonly input: string;
  readonly problems: readonly string[];
}

/** Shortened, so a failure report with a 100 kB input stays readable. */
export function describeInput(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : fc.stringify(value);
  } catch {
    try {
      text = JSON.stringify(value) ?? typeof value;
    } catch {
      text = `(${typeof value})`;
    }
  }
  return text.length > 300 ? `${text.slice(0, 300)}… (${text.length} tecken)` : text;
}

/**
 * Runs `check` on `numRuns` generated inputs and gathers every failing one (no
 * early stop, no shrinking: the count is what the tally reports). Throws with
 * the seed when anything failed.
 */
export async function fuzz<T>(
  name: string,
  arbitrary: fc.Arbitrary<T>,
  numRuns: number,
  check: (input: T) => Promise<readonly string[]>,
): Promise<void> {
  const failures: Failure[] = [];
  const details = await fc.check(
    fc.asyncProperty(arbitrary, async (input) => {
      const problems = await check(input);
      if (problems.length > 0) failures.push({ input: describeInput(input), problems });
      return true;
    }),
    { numRuns, seed: FUZZ_SEED, endOnFailure: true },
  );
  if (details.failed) {
    // The check itself threw (a broken connection, a bug in the test): report it as such.
    failures.push({
      input: describeInput(details.counterexample?.[0]),
      problems: [`the check threw: ${String(details.errorInstance)}`],
    });
  }
  tally('fuzz', { cases: details.numRuns, failures: failures.length });
  if (failures.length > 0) {
    throw new Error(
      `${name}: ${failures.length} of ${details.numRuns} inputs failed (FUZZ_SEED=${FUZZ_SEED}):\n` +
        failures
          .slice(0, 10)
          .map((failure) => `- ${failure.input}\n    ${failure.problems.join('\n    ')}`)
          .join('\n'),
    );
  }
}

const SWEDISH = /[åäöÅÄÖ]|\b(och|inte|är|att|för|finns|måste|ska|får|kan|eller|ett|en|var|det)\b/i;

/** Signs of an internal error leaking out: a stack, an SQL message, a driver's name. */
const LEAKS =
  /\bat [\w.<>]+ \(|QueryFailedError|DriverException|syntax error at|node_modules|TypeError:/;

/**
 * What every answer must be: never a 5xx, never an internal error's text;
 * an accepted status, or a 4xx in the API's stable shape with a Swedish message.
 */
export function apiProblems(response: Response, accepted: readonly number[]): string[] {
  const problems: string[] = [];
  const text = response.text ?? '';
  if (response.status >= 500) problems.push(`answered ${response.status}: ${text.slice(0, 200)}`);
  if (LEAKS.test(text)) problems.push(`internal details in the answer: ${text.slice(0, 200)}`);
  if (accepted.includes(response.status)) return problems;
  if (response.status < 400 || response.status >= 500) {
    if (response.status < 500) problems.push(`unexpected status ${response.status}`);
    return problems;
  }
  if (!/^application\/json/.test(String(response.headers['content-type']))) {
    problems.push(`a ${response.status} as ${String(response.headers['content-type'])}, not JSON`);
    return problems;
  }
  const error = (response.body as { error?: Record<string, unknown> } | undefined)?.error;
  if (
    !error ||
    error.status !== response.status ||
    typeof error.code !== 'string' ||
    typeof error.message !== 'string' ||
    !Array.isArray(error.fields) ||
    typeof error.requestId !== 'string'
  ) {
    problems.push(`not the stable error shape: ${text.slice(0, 200)}`);
  } else if (!SWEDISH.test(error.message)) {
    problems.push(`message not in Swedish: ${error.message}`);
  }
  return problems;
}

/**
 * A page's answer: an accepted status or a Swedish error page, never a 5xx. A route that
 * answers the page's script with an HTML fragment (the copy preview) may answer a 4xx with a
 * Swedish fragment marked `data-preview-error` instead of a whole page.
 */
export function pageProblems(
  response: Response,
  accepted: readonly number[],
  options: { fragment?: boolean } = {},
): string[] {
  const problems: string[] = [];
  const text = response.text ?? '';
  if (response.status >= 500) problems.push(`answered ${response.status}: ${text.slice(0, 200)}`);
  if (LEAKS.test(text)) problems.push(`internal details in the page: ${text.slice(0, 200)}`);
  if (accepted.includes(response.status)) return problems;
  if (response.status >= 300 && response.status < 400) {
    const location = String(response.headers.location ?? '');
    if (!location.startsWith('/') || location.startsWith('//')) {
      problems.push(`redirects off the site: ${location}`);
    }
    return problems;
  }
  if (response.status < 400 || response.status >= 500) {
    if (response.status < 500) problems.push(`unexpected status ${response.status}`);
    return problems;
  }
  if (!/^text\/html/.test(String(response.headers['content-type']))) {
    problems.push(`a ${response.status} page as ${String(response.headers['content-type'])}`);
  } else if (options.fragment && text.includes('data-preview-error')) {
    if (!SWEDISH.test(text))
      problems.push(`a ${response.status} fragment not in Swedish: ${text.slice(0, 200)}`);
  } else if (!text.includes('<html lang="sv">')) {
    problems.push(`a ${response.status} that is no Swedish page: ${text.slice(0, 200)}`);
  }
  return problems;
}

/**
 * The HTML payloads must come back as text: escaped, never as live markup
 * (a tag, or an attribute broken out of its quotes).
 */
export function unescapedIn(html: string): string[] {
  const problems: string[] = [];
  if (html.includes('<script>alert')) problems.push('a live <script>alert in the page');
  if (/<img src=x onerror=/i.test(html)) problems.push('a live <img onerror> in the page');
  if (/<svg onload=/i.test(html)) problems.push('a live <svg onload> in the page');
  return problems;
}

const ABSENT = Symbol('absent');

/** One generated request: the path with its parameters filled in, and what is sent. */
export interface FuzzInput {
  readonly path: string;
  readonly body:
    | { readonly type: 'none' }
    | { readonly type: 'json'; readonly value: unknown }
    | { readonly type: 'form'; readonly pairs: readonly (readonly [string, string])[] }
    | { readonly type: 'raw'; readonly raw: RawBody };
}

/** A path with each `:param` a real id (mostly), a handler name, or a hostile segment. */
export function pathArbitrary(
  template: string,
  valid: Readonly<Record<string, string>>,
  choices: Readonly<Record<string, readonly string[]>> = {},
): fc.Arbitrary<string> {
  const parts = template.split('/').map((part) => {
    if (!part.startsWith(':')) return fc.constant(part);
    const name = part.slice(1);
    const known = choices[name] ?? (valid[name] === undefined ? [] : [valid[name]]);
    if (known.length === 0) return hostileSegment;
    return fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...known.map((each) => encodeURIComponent(each))) },
      { weight: 1, arbitrary: hostileSegment },
    );
  });
  return fc.tuple(...parts).map((segments) => segments.join('/'));
}

/**
 * The sample's fields, each kept, replaced by `hostile` or dropped, joined by
 * unknown ones (prototype keys kept as own properties, as JSON.parse makes them).
 */
function mutatedFields(
  sample: Record<string, unknown>,
  hostile: fc.Arbitrary<unknown>,
): fc.Arbitrary<[string, unknown][]> {
  const fields = fc.record(
    Object.fromEntries(
      Object.entries(sample).map(([key, value]) => [
        key,
        fc.oneof(
          { weight: 3, arbitrary: fc.constant<unknown>(value) },
          { weight: 3, arbitrary: hostile },
          { weight: 1, arbitrary: fc.constant<unknown>(ABSENT) },
        ),
      ]),
    ),
  );
  return fc
    .tuple(fields, fc.option(fc.dictionary(unknownFieldName, hostile, { maxKeys: 3 })))
    .map(([known, unknown]) =>
      [...Object.entries(known), ...Object.entries(unknown ?? {})].filter(
        ([, value]) => value !== ABSENT,
      ),
    );
}

/** The sample's fields mutated as JSON; or no object at all. */
export function jsonBodyArbitrary(
  sample: Record<string, unknown>,
): fc.Arbitrary<FuzzInput['body']> {
  const object = mutatedFields(sample, hostileValue).map((entries) => {
    const body: Record<string, unknown> = {};
    for (const [key, value] of entries) {
      Object.defineProperty(body, key, { value, enumerable: true, writable: true });
    }
    return body;
  });
  return fc.oneof(
    { weight: 8, arbitrary: object.map((value) => ({ type: 'json' as const, value })) },
    { weight: 1, arbitrary: hostileValue.map((value) => ({ type: 'json' as const, value })) },
    {
      weight: 2,
      arbitrary: fc
        .oneof(malformedJson, wrongContentType)
        .map((raw) => ({ type: 'raw' as const, raw })),
    },
  );
}

const formValue = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.array(hostileString, { minLength: 2, maxLength: 3 }) },
);

/** A page form's fields as the browser would send them, and as no browser would. */
export function formBodyArbitrary(
  sample: Record<string, unknown>,
  options: { maxLength?: number } = {},
): fc.Arbitrary<FuzzInput['body']> {
  const cap = (value: string | string[]): string | string[] =>
    options.maxLength === undefined
      ? value
      : Array.isArray(value)
        ? value.map((each) => each.slice(0, options.maxLength))
        : value.slice(0, options.maxLength);
  const pairs = mutatedFields(sample, formValue).map((entries) =>
    entries.flatMap(([key, value]) => {
      const capped = cap(Array.isArray(value) ? (value as string[]) : String(value));
      return (Array.isArray(capped) ? capped : [capped]).map((each) => [key, each] as const);
    }),
  );
  return fc.oneof(
    { weight: 8, arbitrary: pairs.map((list) => ({ type: 'form' as const, pairs: list })) },
    {
      weight: 1,
      // Wrong types only JSON can carry, sent to a page form.
      arbitrary: jsonBodyArbitrary(sample).filter((body) => body.type === 'json'),
    },
    {
      weight: 1,
      arbitrary: fc
        .oneof(
          fc.constantFrom('%', '%FF%FE=%FF', 'a=%ED%A0%80', 'a[b][c]=1', '&&==&', 'x=%00%00'),
          fc
            .integer({ min: 1_001, max: 1_500 })
            .map((count) => Array.from({ length: count }, (_, index) => `f${index}=1`).join('&')),
        )
        .map((body) => ({
          type: 'raw' as const,
          raw: { contentType: 'application/x-www-form-urlencoded', body },
        })),
    },
    { weight: 1, arbitrary: wrongContentType.map((raw) => ({ type: 'raw' as const, raw })) },
  );
}

/** Percent-encodes every UTF-8 byte (lone surrogates become U+FFFD, as a browser sends them). */
export function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

export function formEncode(pairs: readonly (readonly [string, string])[]): string {
  return pairs.map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`).join('&');
}
