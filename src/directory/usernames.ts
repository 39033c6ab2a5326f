const FOLDED: Readonly<Record<string, string>> = { å: 'a', ä: 'a', ö: 'o', é: 'e', è: 'e', ü: 'u' };

/** `Åsa Öberg-Lind` → `asa.oberg-lind`: lower-case ASCII, safe to type on any keyboard. */
export function baseUsername(givenName: string, familyName: string): string {
  const fold = (text: string): string =>
    text
      .toLowerCase()
      .normalize('NFC')
      .replace(/[åäöéèü]/g, (letter) => FOLDED[letter] ?? letter)
      .normalize('NFD')
      .replace(/[^a-z0-9-]+/g, '');
  const first = fold(givenName.split(/\s+/)[0] ?? '') || 'anvandare';
  const last = fold(familyName.replace(/\s+/g, '-')) || 'x';
  return `${first}.${last}`.slice(0, 40);
}
