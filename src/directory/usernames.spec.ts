import { baseUsername, createUsername } from './usernames';

describe('usernames', () => {
  it('folds Swedish letters and joins given and family name', () => {
    expect(baseUsername('Åsa', 'Öberg Lind')).toBe('asa.oberg-lind');
    expect(baseUsername('Anna-Karin', 'Älmqvist')).toBe('anna-karin.almqvist');
    expect(baseUsername('Zoë José', "O'Brien")).toBe('zoe.obrien');
  });

  it('takes the lowest free number when the name is taken', async () => {
    const taken = new Set(['ali.hassan', 'ali.hassan2']);

    await expect(
      createUsername('Ali', 'Hassan', (name) => Promise.resolve(taken.has(name))),
    ).resolves.toBe('ali.hassan3');
  });
});
