import { readFileSync } from 'node:fs';

import * as fontkit from '@cantoo/fontkit';

/**
 * DejaVu covers Swedish and most scripts pupils' and guardians' names are
 * written in. Embedded as subsets: only glyphs a document draws go in.
 */
export const DEJAVU_SANS = readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
export const DEJAVU_SANS_BOLD = readFileSync(
  require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
);

type ParsedFont = fontkit.Font;

const parsedFonts = new WeakMap<Uint8Array, ParsedFont>();

/**
 * fontkit for pdf-lib that parses a font file once per process instead of
 * once per document, and lays text out only as far as pdf-lib uses it.
 *
 * Parsing DejaVu's tables (cmap, GSUB, GPOS, metrics) cost more than drawing
 * a whole plan. A parsed font must still not be handed to two documents as
 * it is: fontkit keeps each glyph object with the code points it was first
 * asked for, and pdf-lib writes a subset's ToUnicode map from those, so one
 * document's text would change what another's copy says it shows (a ligature
 * glyph drawn for "fl" in one maps ﬂ as "fl" in the next; seen in the
 * redaction property test as dropped letters). So each document gets a view
 * of the parsed font: the parsed tables are shared (decoded once, never
 * changed after), the glyph objects and the layout engine that makes them
 * (fontkit caches it on whichever object asks first: the view) are the
 * document's own, exactly as with a freshly parsed font.
 *
 * pdf-lib writes glyph ids and places each glyph by its advance width: it
 * never uses the positions fontkit's layout works out. So the view has no
 * positioning tables (GPOS, kern), and layout skips kerning and mark
 * attachment; the substitutions that choose glyphs (GSUB) all stay, so the
 * same text gives the same glyphs, widths and bytes.
 *
 * Latin text is laid out word by word from what the process already knows
 * (see `latinLayout`): shaping (GSUB) a line cost most of drawing a copy.
 */
export const FONTKIT_FOR_PDF_LIB: { create(bytes: Uint8Array): ParsedFont } = {
  create(bytes) {
    let parsed = parsedFonts.get(bytes);
    if (!parsed) {
      const file = fontkit.create(bytes);
      if ('fonts' in file) {
        throw new Error('A font collection was given where one font was expected');
      }
      parsed = file;
      parsedFonts.set(bytes, parsed);
    }
    const words = shapedWordsOf(parsed);
    const view: ParsedFont = Object.create(parsed, {
      _glyphs: { value: {}, writable: true },
      GPOS: { value: undefined },
      kern: { value: undefined },
      layout: {
        value: (...args: Parameters<ParsedFont['layout']>) =>
          args.length <= 2 && args[1] === undefined && LATIN_RUN.test(args[0])
            ? latinLayout(view, words, args[0])
            : parsed.layout.apply(view, args),
      },
    }) as ParsedFont;
    return view;
  },
};

/**
 * Text that fontkit shapes as Latin and whose words it shapes apart: Latin
 * letters (with at least one of them, so the run's script is Latin), ASCII,
 * Latin-1 and Latin Extended A and B, and combining diacritics; none of the
 * characters fontkit hides as default ignorable (soft hyphen, U+034F).
 * DejaVu's Latin substitutions (ligatures, composed accents) never reach
 * across a space; fonts.spec.ts checks that such text draws the same bytes.
 */
const LATIN_RUN =
  /^(?=[^]*\p{Script=Latin})(?:[\u0020-\u007e\u00a0-\u00ac\u00ae-\u024f]|[\u0300-\u034e]|[\u0350-\u036f])*$/u;

/** One word (or space) as fontkit shapes it in a Latin run. */
interface ShapedWord {
  /** The glyph each character maps to (the cmap), as fontkit asks the font for them first. */
  readonly characters: readonly (readonly [id: number, codePoints: number[]])[];
  /** Every glyph fontkit asked the font for after mapping the characters, in order. */
  readonly requests: readonly (readonly [id: number, codePoints: number[]])[];
  /** The glyph ids the word is drawn with. */
  readonly ids: readonly number[];
}

interface ShapedWords {
  readonly known: Map<string, ShapedWord>;
  /** A view that shapes unknown words, with no glyphs of its own between them. */
  readonly shaper: ParsedFont & { _glyphs: Record<number, unknown> };
  readonly requests: [number, number[]][];
}

const shapedWords = new WeakMap<ParsedFont, ShapedWords>();
/** Enough for the words of many plans; past it the list starts over. */
const MAX_SHAPED_WORDS = 20_000;

function shapedWordsOf(parsed: ParsedFont): ShapedWords {
  let words = shapedWords.get(parsed);
  if (!words) {
    const requests: [number, number[]][] = [];
    const shaper = Object.create(parsed, {
      _glyphs: { value: {}, writable: true },
      GPOS: { value: undefined },
      kern: { value: undefined },
      getGlyph: {
        value(this: ParsedFont, id: number, codePoints: number[] = []) {
          requests.push([id, [...codePoints]]);
          return parsed.getGlyph.call(this, id, codePoints);
        },
      },
    }) as ShapedWords['shaper'];
    words = { known: new Map(), shaper, requests };
    shapedWords.set(parsed, words);
  }
  return words;
}

/** Shapes a word alone, as a fresh font would, and notes what it asked for. */
function shapeWord(words: ShapedWords, word: string): ShapedWord {
  let shaped = words.known.get(word);
  if (shaped) {
    return shaped;
  }
  words.shaper._glyphs = {};
  words.requests.length = 0;
  const run = words.shaper.layout(word, undefined, 'latn');
  // First one request per character (the cmap), last the space that fontkit
  // puts in for hidden characters: what lies between is the shaping's.
  const characters = [...word].length;
  shaped = {
    characters: words.requests.slice(0, characters),
    requests: words.requests.slice(characters, -1),
    ids: run.glyphs.map((glyph) => glyph.id),
  };
  if (words.known.size >= MAX_SHAPED_WORDS) {
    words.known.clear();
  }
  words.known.set(word, shaped);
  return shaped;
}

interface LayoutInternals {
  _glyphs: Record<number, fontkit.Glyph>;
  _layoutEngine: {
    hideDefaultIgnorables(glyphs: fontkit.Glyph[], positions: fontkit.GlyphPosition[]): void;
  };
}

/**
 * fontkit's layout of a Latin run, for pdf-lib (which reads only the
 * glyphs): the same glyph objects, asked of the document's view in the same
 * order, so each keeps the code points a real layout would have given it
 * (the subset's ToUnicode map). Each word is shaped once per process.
 */
function latinLayout(view: ParsedFont, words: ShapedWords, text: string): fontkit.GlyphRun {
  const internals = view as unknown as LayoutInternals;
  const made = internals._glyphs;
  const shaped = text
    .split(/( )/)
    .filter((word) => word !== '')
    .map((word) => shapeWord(words, word));
  // fontkit asks for a glyph per character, then for the shaped glyphs; a
  // glyph object is made on the first ask (later asks change nothing).
  for (const word of shaped) {
    for (const [id, codePoints] of word.characters) {
      if (!made[id]) {
        view.getGlyph(id, codePoints);
      }
    }
  }
  const glyphs: fontkit.Glyph[] = [];
  for (const word of shaped) {
    for (const [id, codePoints] of word.requests) {
      if (!made[id]) {
        view.getGlyph(id, codePoints);
      }
    }
    for (const id of word.ids) {
      glyphs.push(made[id]);
    }
  }
  // As fontkit ends a layout (a glyph first made for a hidden character is
  // drawn as a space); the positions are not worked out: pdf-lib reads a
  // layout's glyphs only.
  const positions = glyphs.map(() => ({ xAdvance: 0, yAdvance: 0, xOffset: 0, yOffset: 0 }));
  if (glyphs.length > 0) {
    internals._layoutEngine.hideDefaultIgnorables(glyphs, positions);
  }
  return { glyphs, positions } as unknown as fontkit.GlyphRun;
}

/** A4 in PostScript points. */
export const A4 = { width: 595.28, height: 841.89 } as const;
