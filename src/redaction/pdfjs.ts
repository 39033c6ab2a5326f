type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let loading: Promise<Pdfjs> | undefined;

/**
 * Mozilla's PDF reader, loaded once. It is an ES module, so it comes in
 * through `import()` (under jest that needs `--experimental-vm-modules`,
 * which the test command sets).
 */
export function loadPdfjs(): Promise<Pdfjs> {
  loading ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return loading;
}

/** Opens a PDF for reading only: no scripts, no system fonts, no network. */
export async function openPdf(bytes: Uint8Array) {
  const pdfjs = await loadPdfjs();
  return pdfjs.getDocument({
    // pdfjs takes ownership of the buffer it is given; keep the caller's intact.
    data: new Uint8Array(bytes),
    verbosity: 0,
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    enableXfa: false,
  }).promise;
}
