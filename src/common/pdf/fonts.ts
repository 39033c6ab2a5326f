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
    return Object.create(parsed, {
      _glyphs: { value: {}, writable: true },
      GPOS: { value: undefined },
      kern: { value: undefined },
    }) as ParsedFont;
  },
};

/** A4 in PostScript points. */
export const A4 = { width: 595.28, height: 841.89 } as const;
