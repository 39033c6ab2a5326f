import { DomainError, ErrorCode } from '../../common/errors/domain-error';
import { isIsoDate } from '../../common/stockholm';

/**
 * What makes an import file unreadable, and the few checks both parsers share
 * so that the same fault gets the same Swedish reason whatever the format.
 *
 * Only a file that cannot be read at all throws (ImportFileError). A bad row
 * or item never throws: the parsers put it in `rejected` and go on.
 */
export class ImportFileError extends DomainError {
  constructor(message: string) {
    super(ErrorCode.ValidationFailed, message);
    this.name = 'ImportFileError';
  }
}

/**
 * Items (top-level and nested, or CSV rows) one file may hold. The largest
 * municipality's compulsory school, about 100,000 pupils with their guardians,
 * staff, classes and duties, is some 300,000 items; far more means a wrong or
 * hostile file.
 */
export const MAX_IMPORT_ITEMS = 1_000_000;

/** Characters one file may hold (checked before parsing, so a huge file costs nothing). */
export const MAX_IMPORT_CHARS = 100 * 1024 * 1024;

/** Counts items as a parser visits them and stops the file past MAX_IMPORT_ITEMS. */
export class ItemBudget {
  private used = 0;

  constructor(private readonly limit = MAX_IMPORT_ITEMS) {}

  take(count = 1): void {
    this.used += count;
    if (this.used > this.limit) {
      throw new ImportFileError(
        `Filen innehåller för många poster (högst ${formatCount(this.limit)}). Dela upp importen.`,
      );
    }
  }
}

/** Refuses an oversized file and drops a UTF-8 byte order mark, which spreadsheets add. */
export function prepareContent(content: string): string {
  if (content.length > MAX_IMPORT_CHARS) {
    throw new ImportFileError(
      `Filen är för stor (högst ${formatCount(MAX_IMPORT_CHARS / (1024 * 1024))} MB).`,
    );
  }
  return content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
}

/** A checked value, or the Swedish reason it was refused. */
export type Checked<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/**
 * An optional date field: absent, null or empty is null. Anything else must be
 * YYYY-MM-DD; a timestamp such as 2023-08-21T00:00:00Z is refused rather than
 * cut, because which day it means depends on a time zone the file does not say.
 */
export function checkOptionalDate(value: unknown, field: string): Checked<string | null> {
  if (value === undefined || value === null || value === '') {
    return { ok: true, value: null };
  }
  if (typeof value === 'string' && isIsoDate(value.trim())) {
    return { ok: true, value: value.trim() };
  }
  return {
    ok: false,
    reason: `${field} måste vara ett datum på formen ÅÅÅÅ-MM-DD (fick ${quote(value)}).`,
  };
}

/** A start and end date that are each valid; the end may not come before the start. */
export function checkPeriod(
  start: string | null,
  end: string | null,
): Checked<{ startDate: string | null; endDate: string | null }> {
  if (start !== null && end !== null && end < start) {
    return { ok: false, reason: `Slutdatum (${end}) är före startdatum (${start}).` };
  }
  return { ok: true, value: { startDate: start, endDate: end } };
}

/** Årskurs: absent is null, else an integer 0–10 (0 is förskoleklass), as in SS 12000. */
export function checkSchoolYear(value: unknown, field: string): Checked<number | null> {
  if (value === undefined || value === null || value === '') {
    return { ok: true, value: null };
  }
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 10) {
    return { ok: true, value };
  }
  return { ok: false, reason: `${field} måste vara ett heltal 0–10 (fick ${quote(value)}).` };
}

/** Skolenhetskod as Skolverket assigns it: eight digits. */
export function isSchoolUnitCode(value: string): boolean {
  return /^\d{8}$/.test(value);
}

/**
 * A plausible e-mail address. Deliverability is the mail system's business;
 * this only keeps obvious garbage (and very long strings) out of the directory.
 */
export function isEmailAddress(value: string): boolean {
  return value.length <= 254 && /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(value);
}

/** A value shown back to the administrator in a reason: quoted, and cut short. */
export function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const shown = text === undefined ? String(value) : text;
  return `"${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown}"`;
}

/** 200000 → "200 000", the Swedish way, without depending on the runtime's locale data. */
function formatCount(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+$)/g, ' ');
}
