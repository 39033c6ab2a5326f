import { ImportFileError } from './import-errors';

/*
 * The top-level lists of a JSON object document, read one element at a time from a stream of
 * bytes, so that a directory file of hundreds of megabytes is never held whole, as text or as
 * objects. Each pass over the bytes checks the whole document's structure (brackets, strings,
 * commas, colons and scalars) and hands the elements of one list, each parsed on its own by
 * JSON.parse, to the reader; a file that is not valid JSON is refused in the first pass, before
 * anything of it has been used.
 *
 * A list is either an array (`"persons": [...]`) or the SS 12000 API's page object
 * (`"persons": {"data": [...], "pageToken": "…"}`); the page's token is reported so the caller can
 * refuse a file that is only one page of several.
 */

/** Re-readable bytes: each call starts again from the first byte. */
export type ByteSource = () => AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

export const NOT_JSON = 'Filen kunde inte läsas: den är inte giltig JSON.';

export interface ListShape {
  /** `array`, `page` (an object with a `data` array), `null`, or `other` (any other value). */
  readonly kind: 'array' | 'page' | 'null' | 'other';
  readonly pageToken: unknown;
  /** How many elements the list has. */
  readonly count: number;
}

/** The root is not an object: the caller decides whether the file is JSON at all. */
export class NotAnObject extends Error {}

/** The bytes JSON's structure is made of. */
const Byte = {
  Quote: 0x22,
  Backslash: 0x5c,
  OpenBrace: 0x7b,
  CloseBrace: 0x7d,
  OpenBracket: 0x5b,
  CloseBracket: 0x5d,
  Comma: 0x2c,
  Colon: 0x3a,
  Space: 0x20,
  Tab: 0x09,
  LineFeed: 0x0a,
  Return: 0x0d,
} as const;

/** What a container accepts next: `first` just after it opened (a value or key, or its end). */
type Expect = 'first' | 'key' | 'colon' | 'value' | 'next';

interface Frame {
  readonly type: 'object' | 'array';
  expect: Expect;
  /** The key whose value comes next (in objects). */
  key: string | null;
  /** What this container is: the root, a top-level list, a page object or its `data` array. */
  readonly role: 'root' | 'list' | 'page' | 'data' | 'other';
  /** For a list, page or data container: the top-level key it belongs to. */
  readonly list: string | null;
}

const SCALAR = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)$/;

/** What may follow a backslash in a JSON string (besides u and four hex digits). */
const ESCAPABLE: ReadonlySet<number> = new Set(
  ['"', '\\', '/', 'b', 'f', 'n', 'r', 't'].map((character) => character.charCodeAt(0)),
);

const isHexDigit = (byte: number): boolean =>
  (byte >= 0x30 && byte <= 0x39) ||
  (byte >= 0x41 && byte <= 0x46) ||
  (byte >= 0x61 && byte <= 0x66);

const isWhitespace = (byte: number): boolean =>
  byte === Byte.Space || byte === Byte.LineFeed || byte === Byte.Return || byte === Byte.Tab;

/**
 * One pass over the document: checks its structure, collects the top-level keys with the shape and
 * length of each list, and calls `onElement` with each parsed element of the lists `capture`
 * accepts. A top-level key given twice is refused (JSON.parse would silently keep the last).
 */
export async function scanJsonLists(
  source: ByteSource,
  capture: (list: string) => boolean,
  onElement: (list: string, element: unknown) => void | Promise<void>,
): Promise<Map<string, ListShape>> {
  const shapes = new Map<string, ListShape>();
  const stack: Frame[] = [];
  let started = false;
  let ended = false;
  let inString = false;
  let escaped = false;
  /** Hex digits still to come in a \uXXXX escape. */
  let hexLeft = 0;
  /** The bytes of a string being kept (top-level keys, a page's keys and pageToken). */
  let kept: Uint8Array[] | null = null;
  let keptFrom = 0;
  /** A scalar being read (a number, true, false, null), possibly across chunks. */
  let scalar = '';
  /** The element being captured: its pieces from earlier chunks, its start in this chunk. */
  let capturing = false;
  let captureDepth = 0;
  let pieces: Uint8Array[] = [];
  let captureFrom = 0;
  /** The top-level list being read now, if its elements are captured. */
  let capturedList: string | null = null;

  const fail = (): never => {
    throw new ImportFileError(NOT_JSON);
  };
  const top = (): Frame | undefined => stack[stack.length - 1];

  const setShape = (list: string, change: Partial<ListShape>): void => {
    const shape = shapes.get(list) ?? { kind: 'other', pageToken: undefined, count: 0 };
    shapes.set(list, { ...shape, ...change });
  };

  /** Checks that a value may start here; starts capturing it if it is an element of the wanted list. */
  const beginValue = (at: number): void => {
    const parent = top();
    if (!parent) {
      if (started) fail();
      started = true;
      return;
    }
    const accepts =
      parent.type === 'array'
        ? parent.expect === 'first' || parent.expect === 'value'
        : parent.expect === 'value';
    if (!accepts) fail();
    const isElement = parent.type === 'array' && (parent.role === 'list' || parent.role === 'data');
    if (isElement) {
      const list = parent.list as string;
      setShape(list, { count: (shapes.get(list)?.count ?? 0) + 1 });
    }
    if (!capturing && isElement && capturedList !== null) {
      capturing = true;
      captureDepth = stack.length;
      pieces = [];
      captureFrom = at;
    }
  };

  /**
   * After a value: its container expects a comma or its end; a captured element is parsed and
   * handed on. Synchronous but for the reader's own promise (a file has millions of values, and
   * an `await` of each would cost a promise and a microtask each).
   */
  const endValue = (chunk: Uint8Array, end: number, text?: unknown): void | Promise<void> => {
    const parent = top();
    if (!parent) {
      ended = true;
      return;
    }
    if (parent.role === 'page' && parent.key === 'pageToken') {
      setShape(parent.list as string, { pageToken: text ?? true });
    }
    parent.expect = 'next';
    if (capturing && stack.length === captureDepth) {
      pieces.push(chunk.subarray(captureFrom, end));
      const bytes = pieces.length === 1 ? pieces[0] : Buffer.concat(pieces);
      capturing = false;
      pieces = [];
      let element: unknown;
      try {
        element = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString());
      } catch {
        fail();
      }
      return onElement(capturedList as string, element);
    }
    return undefined;
  };

  const endScalar = (chunk: Uint8Array, end: number): void | Promise<void> => {
    if (!SCALAR.test(scalar)) fail();
    const parent = top();
    if (parent?.role === 'root') {
      setShape(parent.key as string, { kind: scalar === 'null' ? 'null' : 'other' });
    }
    scalar = '';
    return endValue(chunk, end);
  };

  let first = true;
  for await (const chunk of source()) {
    captureFrom = 0;
    keptFrom = 0;
    // A UTF-8 byte order mark, which spreadsheets and some exports put first, is not JSON.
    const bom = first && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? 3 : 0;
    first = false;
    for (let i = bom; i < chunk.length; i += 1) {
      const byte = chunk[i];
      if (inString) {
        if (hexLeft > 0) {
          if (!isHexDigit(byte)) fail();
          hexLeft -= 1;
        } else if (escaped) {
          escaped = false;
          if (byte === 0x75 /* u */) {
            hexLeft = 4;
          } else if (!ESCAPABLE.has(byte)) {
            fail();
          }
        } else if (byte === Byte.Backslash) {
          escaped = true;
        } else if (byte === Byte.Quote) {
          inString = false;
          let text: unknown;
          if (kept) {
            kept.push(chunk.subarray(keptFrom, i));
            try {
              text = JSON.parse(`"${Buffer.concat(kept).toString()}"`);
            } catch {
              fail();
            }
            kept = null;
          }
          const frame = top();
          if (frame?.type === 'object' && (frame.expect === 'first' || frame.expect === 'key')) {
            frame.key = typeof text === 'string' ? text : null;
            frame.expect = 'colon';
            if (frame.role === 'root' && frame.key !== null) {
              if (shapes.has(frame.key)) {
                throw new ImportFileError(
                  `Filen har listan "${frame.key}" två gånger. Lägg ihop dem till en lista.`,
                );
              }
              shapes.set(frame.key, { kind: 'array', pageToken: undefined, count: 0 });
            }
          } else {
            if (frame?.role === 'root') setShape(frame.key as string, { kind: 'other' });
            const handedOn = endValue(chunk, i + 1, text);
            if (handedOn) await handedOn;
          }
        } else if (byte < Byte.Space) {
          fail();
        } else {
          // The rest of a run of plain characters at once: only a quote, a backslash or a
          // control character (refused) changes anything.
          let next = i + 1;
          while (next < chunk.length) {
            const ahead = chunk[next];
            if (ahead === Byte.Quote || ahead === Byte.Backslash || ahead < Byte.Space) break;
            next += 1;
          }
          i = next - 1;
        }
        continue;
      }
      if (scalar !== '') {
        if (
          byte === Byte.Comma ||
          byte === Byte.CloseBrace ||
          byte === Byte.CloseBracket ||
          isWhitespace(byte)
        ) {
          const handedOn = endScalar(chunk, i);
          if (handedOn) await handedOn;
        } else {
          scalar += String.fromCharCode(byte);
          if (scalar.length > 400) fail();
          continue;
        }
      }
      if (isWhitespace(byte)) continue;
      if (ended) fail();
      switch (byte) {
        case Byte.Quote: {
          const frame = top();
          const isKey =
            frame?.type === 'object' && (frame.expect === 'first' || frame.expect === 'key');
          if (!isKey) beginValue(i);
          if (!frame) throw new NotAnObject();
          inString = true;
          const keep =
            (isKey && (frame.role === 'root' || frame.role === 'page')) ||
            (!isKey && frame.role === 'page' && frame.key === 'pageToken');
          kept = keep ? [] : null;
          keptFrom = i + 1;
          break;
        }
        case Byte.OpenBrace:
        case Byte.OpenBracket: {
          beginValue(i);
          const parent = top();
          const type = byte === Byte.OpenBrace ? 'object' : 'array';
          if (!parent && type !== 'object') throw new NotAnObject();
          let role: Frame['role'] = 'other';
          let list: string | null = null;
          if (!parent) {
            role = 'root';
          } else if (parent.role === 'root') {
            list = parent.key ?? '';
            capturedList = capture(list) ? list : null;
            role = type === 'array' ? 'list' : 'page';
            if (type === 'object') setShape(list, { kind: 'other' });
          } else if (parent.role === 'page' && parent.key === 'data') {
            list = parent.list;
            if (type === 'array') {
              role = 'data';
              setShape(list as string, { kind: 'page' });
            }
          }
          stack.push({ type, expect: 'first', key: null, role, list });
          break;
        }
        case Byte.CloseBrace:
        case Byte.CloseBracket: {
          const frame = stack.pop();
          if (!frame || frame.type !== (byte === Byte.CloseBrace ? 'object' : 'array')) fail();
          if (frame?.expect !== 'first' && frame?.expect !== 'next') fail();
          if (frame?.role === 'list' || frame?.role === 'page') capturedList = null;
          const handedOn = endValue(chunk, i + 1);
          if (handedOn) await handedOn;
          break;
        }
        case Byte.Colon: {
          const frame = top();
          if (frame?.expect !== 'colon') fail();
          (frame as Frame).expect = 'value';
          break;
        }
        case Byte.Comma: {
          const frame = top();
          if (frame?.expect !== 'next') fail();
          (frame as Frame).expect = (frame as Frame).type === 'object' ? 'key' : 'value';
          break;
        }
        default: {
          beginValue(i);
          if (!top()) throw new NotAnObject();
          scalar = String.fromCharCode(byte);
        }
      }
    }
    if (inString && kept) {
      kept.push(Buffer.from(chunk.subarray(keptFrom)));
    }
    if (capturing) {
      // The element goes on in the next chunk: keep a copy of this chunk's part of it.
      pieces.push(Buffer.from(chunk.subarray(captureFrom)));
    }
  }
  if (!started) fail();
  if (inString || scalar !== '' || stack.length > 0 || !ended) fail();
  return shapes;
}
