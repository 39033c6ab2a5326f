/**
 * The day a register extract must be sent by: one month after the request (GDPR art. 12.3),
 * the same day of the next month, or that month's last day when it has no such day
 * (31 January → 28 or 29 February).
 */
export function extractDueOn(requestedOn: string): string {
  const [year = 0, month = 1, day = 1] = requestedOn.split('-').map(Number);
  const nextMonth = month === 12 ? 1 : month + 1;
  const nextYear = month === 12 ? year + 1 : year;
  const lastDay = new Date(Date.UTC(nextYear, nextMonth, 0)).getUTCDate();
  const dueDay = Math.min(day, lastDay);
  return `${nextYear}-${String(nextMonth).padStart(2, '0')}-${String(dueDay).padStart(2, '0')}`;
}

/** True when the extract is not sent and its day has passed. */
export function isOverdue(dueOn: string, today: string, sent: boolean): boolean {
  return !sent && today > dueOn;
}
