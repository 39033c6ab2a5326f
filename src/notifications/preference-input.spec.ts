import { parsePreferenceForm } from './preference-input';

describe('the preference form', () => {
  it('takes the kinds ticked and the address, in lower case', () => {
    expect(
      parsePreferenceForm({
        'kind_plan-ready': 'ja',
        'kind_talk-booked': 'nej',
        'kind_comment-answered': 'ja',
        kind_unknown: 'ja',
        email: ' Mira@Example.se ',
      }),
    ).toEqual({
      ok: true,
      value: { kinds: ['plan-ready', 'comment-answered'], email: 'mira@example.se' },
    });
  });

  it('needs an address when anything is ticked, and not otherwise', () => {
    expect(parsePreferenceForm({ 'kind_plan-ready': 'ja', email: '' })).toEqual({
      ok: false,
      problems: { email: 'behövs för att vi ska kunna skicka e-post till dig' },
    });
    expect(parsePreferenceForm({})).toEqual({ ok: true, value: { kinds: [], email: null } });
  });

  it('refuses what is not an address, and hidden characters', () => {
    for (const email of ['mira', 'mira@example', 'a b@example.se', `${'a'.repeat(250)}@x.se`]) {
      expect(parsePreferenceForm({ email })).toMatchObject({ ok: false });
    }
    const hidden = parsePreferenceForm({ email: 'mira\u202e@example.se' });
    expect(hidden.ok).toBe(false);
    expect(!hidden.ok && hidden.problems.email).toMatch(/osynligt tecken/);
  });
});
