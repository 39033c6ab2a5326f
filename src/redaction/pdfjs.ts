type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let loading: Promise<Pdfjs> | undefined;

/**
 * Mozilla's PDF reader, loaded once. It is an ES module, so it comes in
 * through `import()` (under jest that needs `--experimental-vm-modules`,
 * which the test command sets).
 *
 * Its reading half (the "worker") runs in this thread, as always under
 * Node: loaded here too, where pdfjs looks for it (`globalThis.pdfjsWorker`),
 * rather than on the first document.
 */
export function loadPdfjs(): Promise<Pdfjs> {
  loading ??= (async () => {
    const natives = builtInsReplacedByPdfjs();
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    restore(natives);
    return pdfjs;
  })();
  return loading;
}

/**
 * The legacy build bundles core-js, which on this Node replaces built-ins
 * for the whole process, not only for pdfjs: `Array.prototype.push` (for
 * arrays of 2^32 elements or a frozen length) and `JSON.stringify` (for the
 * `JSON.rawJSON` proposal) with JavaScript versions — push 3×, stringify 18×
 * slower, so every drawing, every check and every JSON answer of the service
 * after the first leak check paid for them. pdfjs needs neither edge case;
 * the built-ins are put back once it has loaded. (The polyfills it adds
 * where Node has nothing, such as `Promise.withResolvers`, stay.)
 */
function builtInsReplacedByPdfjs() {
  return {
    push: Object.getOwnPropertyDescriptor(Array.prototype, 'push'),
    stringify: Object.getOwnPropertyDescriptor(JSON, 'stringify'),
    parse: Object.getOwnPropertyDescriptor(JSON, 'parse'),
  };
}

function restore(natives: ReturnType<typeof builtInsReplacedByPdfjs>): void {
  if (natives.push) {
    Object.defineProperty(Array.prototype, 'push', natives.push);
  }
  if (natives.stringify) {
    Object.defineProperty(JSON, 'stringify', natives.stringify);
  }
  if (natives.parse) {
    Object.defineProperty(JSON, 'parse', natives.parse);
  }
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
