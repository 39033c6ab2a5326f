import { readFileSync } from 'node:fs';

/**
 * DejaVu covers Swedish and most scripts pupils' and guardians' names are
 * written in. Embedded as subsets: only glyphs a document draws go in.
 */
export const DEJAVU_SANS = readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
export const DEJAVU_SANS_BOLD = readFileSync(
  require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
);

/*
 * A parsed fontkit font must not be shared between documents: reusing one
 * across pdf-lib subsets dropped glyphs from later documents (seen in the
 * redaction property test), so every document parses its fonts anew.
 */

/** A4 in PostScript points. */
export const A4 = { width: 595.28, height: 841.89 } as const;
