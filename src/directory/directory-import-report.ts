import type { ImportReportEntry } from './directory-importer';

/* The import's per-row report: what changed, in Swedish column names. */

export function withChange(
  entry: ImportReportEntry,
  changed: boolean,
  what: string,
): ImportReportEntry {
  if (!changed || entry.outcome === 'created') {
    return entry;
  }
  return { ...entry, outcome: 'updated', changes: [...(entry.changes ?? []), what] };
}

export type ColumnValue = string | number | null;

/** The columns whose wanted values differ from the row's, and those values (to update only them). */
export function diffColumns<Wanted extends Readonly<Record<string, ColumnValue>>>(
  existing: { readonly [Column in keyof Wanted]: ColumnValue },
  wanted: Wanted,
): { changed: (keyof Wanted & string)[]; values: Partial<Wanted> } {
  const changed = (Object.keys(wanted) as (keyof Wanted & string)[]).filter(
    (column) => normalise(existing[column]) !== normalise(wanted[column]),
  );
  const values: Partial<Wanted> = {};
  for (const column of changed) {
    values[column] = wanted[column];
  }
  return { changed, values };
}

export function reportOf(
  changed: readonly string[],
  source: string,
  kind: string,
): ImportReportEntry {
  return changed.length === 0
    ? { source, kind, outcome: 'unchanged' }
    : { source, kind, outcome: 'updated', changes: changed.map(describeColumn) };
}

/** Dates come back from the driver as strings (YYYY-MM-DD); everything compares as text. */
export function normalise(value: unknown): string | null {
  if (value === null || value === undefined) {
    return null;
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export const COLUMN_NAMES: Readonly<Record<string, string>> = {
  external_id: 'källans id',
  name: 'namn',
  school_unit_code: 'skolenhetskod',
  municipality_id: 'huvudman',
  organisation_number: 'organisationsnummer',
  given_name: 'förnamn',
  family_name: 'efternamn',
  security_marking: 'skyddad identitet',
  imported_email: 'e-post',
  school_unit_id: 'skolenhet',
  group_type: 'grupptyp',
  school_year: 'årskurs',
  start_date: 'startdatum',
  end_date: 'slutdatum',
  person_id: 'person',
  role: 'roll',
  group_id: 'grupp',
  pupil_id: 'elev',
  subject: 'ämne',
};

export function describeColumn(column: string): string {
  return COLUMN_NAMES[column] ?? column;
}
