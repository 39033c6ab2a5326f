import { runsOf } from '../support/fuzz';
import { fuzzEntry, FuzzWorld, startFuzzWorld } from '../support/fuzz-agents';
import { FORM_ENTRIES } from '../support/fuzz-routes';

/**
 * Fuzzing of the page forms, signed in as the role whose form it is and with
 * a valid CSRF token (so the handler itself runs): hostile and huge values,
 * repeated and unknown fields, JSON where a form is expected, broken
 * urlencoding, too many fields, wrong content types. Always the normal
 * redirect or page, or a 4xx Swedish page; never a 5xx.
 */

const FORM_RUNS = runsOf(15);

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
});
