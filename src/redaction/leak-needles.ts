// The leak check's search: what counts as struck text, and finding it in
// extracted text or raw bytes whatever its case, form or spacing.

/**
 * Case, Unicode form, ligatures, soft hyphens, direction controls (a reader
 * drops them), line-end hyphenation and spacing do not hide a match.
 */
export function normaliseForSearch(text: string): string {
  // Written for the raw file's large readings: ASCII is its own NFKC form;
  // the letter-aware hyphen pattern runs only where a hyphen stands before
  // spacing; a lone space is left as it is.
  const folded = (/^\p{ASCII}*$/u.test(text) ? text : text.normalize('NFKC'))
    .toLowerCase()
    .replace(/[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/gu, '');
  const joined = /-\s/u.test(folded) ? folded.replace(/(\p{L})-\s+(\p{L})/gu, '$1$2') : folded;
  return joined.replace(/\s{2,}|[^\S ]/gu, ' ').trim();
}

function compact(normalised: string): string {
  return normalised.replace(/\s/gu, '');
}

export interface Needles {
  /** Searched in text with words apart. */
  readonly normalised: readonly string[];
  /** Searched with all spacing removed (letter-spaced or split text). */
  readonly compacted: readonly string[];
  /**
   * Searched in the file's raw bytes, where numbers, names and binary data
   * abound: only needles long and particular enough not to occur by chance.
   */
  readonly raw: readonly string[];
  readonly alsoVisible: number;
}

/**
 * Words of PDF syntax and of the copy's own fonts and fixed texts: a struck
 * word inside one of these cannot be told apart in the raw bytes (it is still
 * searched for in the text a reader extracts).
 */
const PDF_VOCABULARY = [
  'ascent basefont bfchar bfrange capheight catalog cidfonttype2 cidinit cidsysteminfo',
  'cidtogidmap codespacerange columns contents count currentdict decodeparms def',
  'defineresource descendantfonts descent dict endcmap endobj endstream extgstate filter',
  'findresource flags flatedecode fontbbox fontdescriptor fontfile2 fontname identity',
  'index italicangle kids length1 mediabox metadata objstm ordering parent pop predictor',
  'procset producer registry resources root size startxref stemv stream subtype supplement',
  'title tounicode trailer type0 usecmap xheight xobject xref adobe dejavusans-bold',
  'identity-h begincmap endbfchar endbfrange begincodespacerange cmapname cmaptype',
  'sektor lärande kopia allmän handling',
].flatMap((line) => line.split(' '));

/**
 * What to search for: each struck text of eight characters or more, and each
 * of its words of three or more letters, unless it also stands in the released text (then finding it
 * proves nothing; the review shows the reviewer such words).
 */
export function buildNeedles(struck: readonly string[], visible: readonly string[]): Needles {
  // Joined as a reader's extraction joins them: words that meet where texts meet count as shown.
  const visibleTexts = visible.map(normaliseForSearch);
  const visibleText = visibleTexts.join(' ');
  const visibleCompact = visible.map((each) => compact(normaliseForSearch(each))).join('\n');
  const candidates = new Set<string>();
  for (const text of struck) {
    const whole = normaliseForSearch(text);
    // A short struck piece (a few letters cut from words) would be found by chance
    // where words meet; its words of three letters or more are still searched for.
    if ([...whole].length >= 8 && !metWhereTextsMeet(whole, visibleTexts)) {
      candidates.add(whole);
    }
    for (const word of whole.split(/[^\p{L}\p{N}]+/u)) {
      if ([...word].length >= 3) {
        candidates.add(word);
      }
    }
  }
  const normalised: string[] = [];
  const compacted: string[] = [];
  let alsoVisible = 0;
  for (const candidate of candidates) {
    if (visibleText.includes(candidate)) {
      alsoVisible += 1;
      continue;
    }
    normalised.push(candidate);
    const squeezed = compact(candidate);
    if ([...squeezed].length >= 6 && !visibleCompact.includes(squeezed)) {
      compacted.push(squeezed);
    }
  }
  const raw = normalised.filter((needle) => {
    const length = [...needle].length;
    return /\p{L}/u.test(needle)
      ? length >= 4 && !PDF_VOCABULARY.some((word) => word.includes(needle))
      : length >= 10;
  });
  return { normalised, compacted, raw, alsoVisible };
}

/**
 * A struck piece that the end of one shown text and the start of another make where a reader's
 * extraction joins them with a space: "t. engel", struck out of "idrott. engelska", stands where
 * the explanation's "…tagits bort." meets the heading "Engelska". Finding it there proves nothing,
 * as for a word the released text also shows; its words are still searched for.
 */
function metWhereTextsMeet(piece: string, visibleTexts: readonly string[]): boolean {
  for (let at = piece.indexOf(' '); at > 0; at = piece.indexOf(' ', at + 1)) {
    const before = piece.slice(0, at);
    const after = piece.slice(at + 1);
    if (
      visibleTexts.some((text) => text.endsWith(before)) &&
      visibleTexts.some((text) => text.startsWith(after))
    ) {
      return true;
    }
  }
  return false;
}

/**
 * Struck text in `haystack` with words apart, or with spacing removed in
 * any of `runs` (pieces of text that stand together on one line; by default
 * the haystack itself), which catches letter-spaced text without joining
 * words that merely meet where lines or boxes do.
 */
export function findIn(
  haystack: string,
  needles: Needles,
  runs: readonly string[] = [haystack],
): boolean {
  const normalised = normaliseForSearch(haystack);
  if (needles.normalised.some((needle) => normalised.includes(needle))) {
    return true;
  }
  return runs.some((run) => {
    const squeezed = compact(normaliseForSearch(run));
    return needles.compacted.some((needle) => squeezed.includes(needle));
  });
}

export function findInRaw(haystack: string, needles: Needles): boolean {
  const normalised = normaliseForSearch(haystack);
  return needles.raw.some((needle) => normalised.includes(needle));
}
