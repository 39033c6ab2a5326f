import { NO_CLASS_LIST_CHOICES, validateClassListChoices } from './class-list-choices';

describe('validateClassListChoices', () => {
  const open = { hasProtectedIdentity: false };

  it('chooses nothing when no box is ticked: the class list shows only the name', () => {
    expect(validateClassListChoices(undefined, open)).toEqual({
      ok: true,
      choices: NO_CLASS_LIST_CHOICES,
    });
  });

  it('takes one ticked box (a single value) and several (a list)', () => {
    expect(validateClassListChoices('phone', open)).toEqual({
      ok: true,
      choices: { ...NO_CLASS_LIST_CHOICES, phone: true },
    });
    expect(validateClassListChoices(['email', 'photo', 'email'], open)).toEqual({
      ok: true,
      choices: { ...NO_CLASS_LIST_CHOICES, email: true, photo: true },
    });
  });

  it('refuses anything that is not one of the choices, in Swedish', () => {
    for (const raw of ['civicNo', ['phone', 'x'], [{}], 7]) {
      const result = validateClassListChoices(raw, open);
      expect(result.ok).toBe(false);
      expect(result.ok ? null : result.problems[0]?.problems[0]).toBe(
        'är inte ett av valen på sidan',
      );
    }
  });

  it('never lets a person with protected identity choose their address', () => {
    expect(validateClassListChoices(['address'], { hasProtectedIdentity: true }).ok).toBe(false);
    expect(validateClassListChoices(['phone'], { hasProtectedIdentity: true }).ok).toBe(true);
  });
});
