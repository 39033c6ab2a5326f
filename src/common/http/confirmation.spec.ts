import { carriedFields, isConfirmed } from './confirmation';

describe('a confirmation page’s form', () => {
  it('is confirmed only by its own field', () => {
    expect(isConfirmed({ bekraftat: 'ja' })).toBe(true);
    expect(isConfirmed({})).toBe(false);
    expect(isConfirmed({ bekraftat: ['ja', 'ja'] })).toBe(false);
    expect(isConfirmed({ bekraftat: 'nej' })).toBe(false);
  });

  it('carries every field of the first form on, repeated ones too, but never the token or the confirmation', () => {
    expect(
      carriedFields({
        _csrf: 'token',
        bekraftat: 'ja',
        consistencyReason: 'Skälet.',
        item: ['a:1', 'b:2'],
        nested: { x: '1' },
      }),
    ).toEqual([
      { name: 'consistencyReason', value: 'Skälet.' },
      { name: 'item', value: 'a:1' },
      { name: 'item', value: 'b:2' },
    ]);
  });
});
