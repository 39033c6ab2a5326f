import { baseUsername } from './usernames';

describe('usernames', () => {
  it('folds Swedish letters and joins given and family name', () => {
    expect(baseUsername('Åsa', 'Öberg Lind')).toBe('asa.oberg-lind');
    expect(baseUsername('Anna-Karin', 'Älmqvist')).toBe('anna-karin.almqvist');
    expect(baseUsername('Zoë José', "O'Brien")).toBe('zoe.obrien');
  });
});
