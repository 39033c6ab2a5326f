/** Series of registration numbers (diarienummer): plans, requests for public records, and decisions on them. */
export type RecordSeries = 'IUP' | 'BEG' | 'BES';

/** `IUP-2026-00042`: series, year of registration, running number within the year. */
export function formatRegistrationNumber(
  series: RecordSeries,
  year: number,
  sequence: number,
): string {
  return `${series}-${year}-${String(sequence).padStart(5, '0')}`;
}

/**
 * When a plan is disposed of (DOMAIN.md, "Retention"): the given number of
 * years after the pupil left compulsory school. A pupil still enrolled has no
 * date yet. 29 February moves to 28 February in a year without one.
 */
export function disposalDate(
  leftSchoolOn: string | null,
  yearsAfterLeaving: number,
): string | null {
  if (leftSchoolOn === null) {
    return null;
  }
  const [year, month, day] = leftSchoolOn.split('-').map(Number) as [number, number, number];
  const targetYear = year + yearsAfterLeaving;
  const lastDay = new Date(Date.UTC(targetYear, month, 0)).getUTCDate();
  return `${targetYear}-${String(month).padStart(2, '0')}-${String(Math.min(day, lastDay)).padStart(2, '0')}`;
}
