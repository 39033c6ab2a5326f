import { validateProfile } from './profile-input';

describe('validateProfile', () => {
  it('accepts a complete Swedish profile and tidies it', () => {
    const result = validateProfile(
      {
        streetAddress: '  Storgatan 12 B ',
        postalCode: '44330',
        city: 'Lerum',
        phone: '0302-52 10 00',
        mobile: '070-123 45 67',
        email: 'Karin.Lindqvist@Exempel.se',
      },
      { hasProtectedIdentity: false },
    );

    expect(result).toEqual({
      ok: true,
      values: {
        streetAddress: 'Storgatan 12 B',
        postalCode: '443 30',
        city: 'Lerum',
        phone: '0302-52 10 00',
        mobile: '070-123 45 67',
        email: 'karin.lindqvist@exempel.se',
      },
    });
  });

  it('treats empty fields as removed', () => {
    const result = validateProfile(
      { streetAddress: '', phone: '   ' },
      { hasProtectedIdentity: false },
    );

    expect(result).toEqual({
      ok: true,
      values: {
        streetAddress: null,
        postalCode: null,
        city: null,
        phone: null,
        mobile: null,
        email: null,
      },
    });
  });

  it('says field by field what is wrong, in Swedish', () => {
    const result = validateProfile(
      {
        postalCode: '4433',
        phone: 'ring mig',
        mobile: '0302-123456',
        email: 'inte en adress',
        city: 'Lerum<script>',
        streetAddress: 'x'.repeat(101),
      },
      { hasProtectedIdentity: false },
    );

    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.map((problem) => problem.field)).toEqual([
      'streetAddress',
      'postalCode',
      'city',
      'phone',
      'mobile',
      'email',
    ]);
    expect(result.ok ? '' : result.problems[1].problems[0]).toBe(
      'ska vara fem siffror, till exempel 443 30',
    );
  });

  it('refuses any address from a person with protected identity, but keeps their phone', () => {
    const refused = validateProfile(
      {
        streetAddress: 'Hemliga vägen 1',
        postalCode: '44330',
        city: 'Lerum',
        phone: '0302-11 22 33',
      },
      { hasProtectedIdentity: true },
    );
    const accepted = validateProfile({ phone: '0302-11 22 33' }, { hasProtectedIdentity: true });

    expect(refused.ok ? [] : refused.problems.map((problem) => problem.field)).toEqual([
      'streetAddress',
      'postalCode',
      'city',
    ]);
    expect(accepted.ok).toBe(true);
  });

  it('refuses values that are not text', () => {
    const result = validateProfile({ email: ['a@b.se'] }, { hasProtectedIdentity: false });

    expect(result).toEqual({
      ok: false,
      problems: [{ field: 'email', problems: ['måste vara text'] }],
    });
  });
});
