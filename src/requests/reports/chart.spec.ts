import sharp from 'sharp';

import { requestsChart, scale } from './chart';
import { buildReport, ReportRequest } from './request-report';

function decided(receivedOn: string, late: boolean): ReportRequest {
  return {
    receivedOn,
    status: 'decided',
    decidedOn: receivedOn,
    decisionDue: late ? '2000-01-01' : '2999-01-01',
    waitedWorkingDays: 0,
    outcomes: ['release'],
    firstActionDue: receivedOn,
    firstActionOn: receivedOn,
  };
}

describe('the requests chart', () => {
  it('steps its scale in whole numbers of 1, 2 or 5 times a power of ten, at most five steps', () => {
    expect([0, 1, 3, 7, 10, 11, 48, 120, 9000].map(scale)).toEqual([
      { max: 1, step: 1 },
      { max: 1, step: 1 },
      { max: 3, step: 1 },
      { max: 8, step: 2 },
      { max: 10, step: 2 },
      { max: 15, step: 5 },
      { max: 50, step: 10 },
      { max: 150, step: 50 },
      { max: 10000, step: 2000 },
    ]);
  });

  it('draws a bar part per series with heights in proportion, and is well-formed SVG', async () => {
    const report = buildReport(
      [
        ...Array.from({ length: 8 }, () => decided('2026-10-05', false)),
        ...Array.from({ length: 2 }, () => decided('2026-10-06', true)),
        ...Array.from({ length: 5 }, () => decided('2026-11-05', false)),
      ],
      '2026-09',
      '2026-11',
      '2026-11-28',
    );
    const svg = requestsChart(report.months);
    const bars = [
      ...svg.matchAll(
        /<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)" fill="[^"]+"><title>([^<]+)<\/title>/g,
      ),
    ].map((match) => [match[2], Number(match[1])] as const);
    expect(bars.map(([title]) => title)).toEqual([
      'okt 2026: beslutade i tid 8',
      'okt 2026: beslutade för sent 2',
      'nov 2026: beslutade i tid 5',
    ]);
    const heights = bars.map(([, height]) => height);
    expect((heights[0] ?? 0) / (heights[1] ?? 1)).toBeCloseTo(4, 1);
    expect((heights[0] ?? 0) / (heights[2] ?? 1)).toBeCloseTo(8 / 5, 1);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('<title id="chart-title">');
    // librsvg (through sharp) refuses SVG that is not well-formed.
    const png = await sharp(Buffer.from(svg)).png().toBuffer();
    expect((await sharp(png).metadata()).width).toBeGreaterThan(100);
  });

  it('draws an empty period without dividing by zero', () => {
    const svg = requestsChart(buildReport([], '2026-01', '2026-03', '2026-11-28').months);
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(svg).not.toContain('<title>');
  });
});
