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

/** The base name, or the base name with the lowest free number after it. */
export async function createUsername(
  givenName: string,
  familyName: string,
  isTaken: (username: string) => Promise<boolean>,
): Promise<string> {
  const base = baseUsername(givenName, familyName);
  if (!(await isTaken(base))) {
    return base;
  }
  for (let suffix = 2; ; suffix += 1) {
    const candidate = `${base}${suffix}`;
    if (!(await isTaken(candidate))) {
      return candidate;
    }
  }
}
