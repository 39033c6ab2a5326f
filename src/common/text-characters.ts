// Characters in free text that the service does not keep as typed: the
// presentation-form ligatures (written as their letters) and the characters
// that cannot be stored or that hide text (refused, named in Swedish).

/** ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ: one glyph standing for two or three letters. */
const LIGATURES = /[\ufb00-\ufb06]/gu;

/**
 * The invisible characters that change the direction text is shown in
 * (Unicode's explicit bidirectional formatting characters and marks). They
 * can make a passage read differently from what it holds, or hide it.
 */
const DIRECTION_CONTROL_NAMES: Readonly<Record<string, string>> = {
  '\u061c': 'arabisk bokstavsmarkering',
  '\u200e': 'vänster-till-höger-markering',
  '\u200f': 'höger-till-vänster-markering',
  '\u202a': 'vänster-till-höger-inbäddning',
  '\u202b': 'höger-till-vänster-inbäddning',
  '\u202c': 'slut på riktningsformatering',
  '\u202d': 'vänster-till-höger-åsidosättning',
  '\u202e': 'höger-till-vänster-åsidosättning',
  '\u2066': 'vänster-till-höger-isolering',
  '\u2067': 'höger-till-vänster-isolering',
  '\u2068': 'isolering efter första starka tecknet',
  '\u2069': 'slut på riktningsisolering',
};

export const DIRECTION_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** NUL (PostgreSQL cannot store it in text) or a direction control, whichever comes first. */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const REFUSED = /[\u0000\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** How much of the text before a refused character is quoted to say where it is. */
const QUOTE_BEFORE = 30;

/**
 * The text with every presentation-form ligature written as its letters
 * ("ﬁnt" → "fint"). Only these code points are changed (their NFKC form):
 * the rest of the text, Swedish letters and all, stays as typed.
 */
export function expandLigatures(text: string): string {
  return text.replace(LIGATURES, (ligature) => ligature.normalize('NFKC'));
}

/** The text without direction controls: for drawing text that was stored before they were refused. */
export function withoutDirectionControls(text: string): string {
  return text.replace(DIRECTION_CONTROLS, '');
}

/** U+202E and the like. */
function codePointOf(character: string): string {
  return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Where in the text the character stands, quoted from the words before it. */
function placeOf(text: string, index: number): string {
  if (text.slice(0, index).trim() === '') {
    return 'i början av texten';
  }
  let before = text.slice(Math.max(0, index - QUOTE_BEFORE), index);
  if (index > QUOTE_BEFORE) {
    before = `…${before.replace(/^\S*\s/u, '')}`;
  }
  return `efter ”${before.replace(/\s+/gu, ' ').trim()}”`;
}

/**
 * Why the text cannot be saved as it is, in Swedish (a problem of the field
 * it was typed in: "innehåller …"), or null. The character is named by its
 * code and what it does, and its place is quoted, since neither shows.
 */
export function refusedCharacterProblem(text: string): string | null {
  const found = REFUSED.exec(text);
  if (!found) {
    return null;
  }
  const character = found[0];
  const place = placeOf(text, found.index);
  if (character === '\u0000') {
    return (
      `innehåller ett otillåtet tecken (NUL, ${codePointOf(character)}) ${place}. ` +
      'Tecknet syns inte (i rutan kan det visas som �) och kan inte sparas. ' +
      'Ta bort det och försök igen; skriv gärna om den delen i stället för att klistra in den.'
    );
  }
  return (
    `innehåller ett osynligt tecken som styr skrivriktningen ` +
    `(${codePointOf(character)}, ${DIRECTION_CONTROL_NAMES[character] ?? 'riktningstecken'}) ${place}. ` +
    'Sådana tecken kan vända eller dölja text och får inte stå här. ' +
    'Ta bort det och försök igen; skriv gärna om den delen i stället för att klistra in den.'
  );
}
