import type { MonthReport } from './request-report';
import { monthLabel } from './request-report';

const WIDTH = 720;
const HEIGHT = 300;
const PLOT = { left: 48, right: 16, top: 40, bottom: 48 };

/** The bars' parts, bottom up; colours with at least 3:1 contrast against white. */
const SERIES = [
  { key: 'decidedOnTime', label: 'Beslutade i tid', colour: '#1b6e3a' },
  { key: 'decidedLate', label: 'Beslutade för sent', colour: '#b3261e' },
  { key: 'open', label: 'Ej beslutade', colour: '#6b6b6b' },
] as const;

function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (character) =>
      ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[character] ??
      character,
  );
}

/**
 * The scale: whole-number steps of 1, 2 or 5 × 10ⁿ, at most five of them,
 * up to at least the highest bar.
 */
export function scale(value: number): { max: number; step: number } {
  const highest = Math.max(1, Math.ceil(value));
  for (let magnitude = 1; ; magnitude *= 10) {
    for (const base of [1, 2, 5]) {
      const step = base * magnitude;
      if (highest / step <= 5) {
        return { max: Math.ceil(highest / step) * step, step };
      }
    }
  }
}

/**
 * Requests per month as stacked bars (decided in time, decided late, not
 * decided), drawn on the server as SVG: no script, nothing fetched, the
 * numbers also in the table beside it. Each bar part has a title, so a
 * screen reader or a hover tells its count.
 */
export function requestsChart(months: readonly MonthReport[]): string {
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const { max, step } = scale(Math.max(0, ...months.map((month) => month.received)));
  const slot = plotWidth / Math.max(1, months.length);
  const barWidth = Math.max(4, Math.min(40, slot * 0.6));
  const y = (value: number) => PLOT.top + plotHeight - (value / max) * plotHeight;
  const parts: string[] = [];
  for (let value = 0; value <= max; value += step) {
    const ty = y(value).toFixed(1);
    parts.push(
      `<line x1="${PLOT.left}" x2="${WIDTH - PLOT.right}" y1="${ty}" y2="${ty}" stroke="#d0d0d0" stroke-width="1"/>`,
      `<text x="${PLOT.left - 6}" y="${ty}" text-anchor="end" dominant-baseline="middle" font-size="12" fill="#333">${value}</text>`,
    );
  }
  months.forEach((month, index) => {
    const x = PLOT.left + slot * index + (slot - barWidth) / 2;
    let base = 0;
    for (const series of SERIES) {
      const count = month[series.key];
      if (count > 0) {
        const top = y(base + count);
        const height = y(base) - top;
        parts.push(
          `<rect x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${height.toFixed(1)}" fill="${series.colour}"><title>${escapeXml(`${monthLabel(month.month)}: ${series.label.toLowerCase()} ${count}`)}</title></rect>`,
        );
        base += count;
      }
    }
    const labelX = (x + barWidth / 2).toFixed(1);
    parts.push(
      `<text x="${labelX}" y="${HEIGHT - PLOT.bottom + 16}" text-anchor="middle" font-size="11" fill="#333">${escapeXml(monthLabel(month.month).split(' ')[0] ?? '')}</text>`,
    );
    if (index === 0 || month.month.endsWith('-01')) {
      parts.push(
        `<text x="${labelX}" y="${HEIGHT - PLOT.bottom + 30}" text-anchor="middle" font-size="11" fill="#333">${month.month.slice(0, 4)}</text>`,
      );
    }
  });
  SERIES.forEach((series, index) => {
    const lx = PLOT.left + index * 190;
    parts.push(
      `<rect x="${lx}" y="12" width="14" height="14" fill="${series.colour}"/>`,
      `<text x="${lx + 20}" y="23" font-size="13" fill="#1a1a1a">${escapeXml(series.label)}</text>`,
    );
  });
  const total = months.reduce((sum, month) => sum + month.received, 0);
  const summary = `Begäranden per månad de kom in, ${months.length} månader, ${total} totalt; staplarna delas i beslutade i tid, beslutade för sent och ej beslutade.`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" role="img" aria-labelledby="chart-title chart-desc" class="chart">`,
    `<title id="chart-title">Begäranden per månad</title>`,
    `<desc id="chart-desc">${escapeXml(summary)}</desc>`,
    `<line x1="${PLOT.left}" x2="${PLOT.left}" y1="${PLOT.top}" y2="${HEIGHT - PLOT.bottom}" stroke="#333" stroke-width="1"/>`,
    ...parts,
    '</svg>',
  ].join('\n');
}
