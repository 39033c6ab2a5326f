// Benchmark (issue 10, scenario 3): the release of a redacted copy of a
// 4-page plan — drawn and leak-checked — beside bare pdf-lib drawing the same
// text (the floor), measured in the same run.
//   npm run bench:release [-- copies]   (builds first; writes bench/results/release.{md,json})
//   BENCH_RUNS=5 rounds of `copies` (default 30) copies each, after warm-up;
//   each round's medians, then the median and spread over the rounds.
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';

import { machine, runsFromEnv, summarize, writeResult } from './lib/common.mjs';

const require = createRequire(import.meta.url);
const fontkit = require('@cantoo/fontkit');
const { PDFDocument } = require('@cantoo/pdf-lib');
const { planRecordDocument } = require('../dist/redaction/record-document.js');
const { applyRedactions } = require('../dist/redaction/apply-redactions.js');
const { renderRedactedCopy } = require('../dist/redaction/redacted-pdf.js');
const { makeCheckedCopy } = require('../dist/redaction/checked-copy.js');
const { DEJAVU_SANS } = require('../dist/common/pdf/fonts.js');

const ROUNDS = runsFromEnv(5);
const COPIES = Number(process.argv[2] ?? 30);
const WARMUP = 10;
const TARGET_MS = 50;

const GROUNDS = ['OSL 23 kap. 2 §', 'OSL 21 kap. 3 §', 'OSL 21 kap. 7 §'];
const SUBJECTS = [
  'Svenska',
  'Matematik',
  'Engelska',
  'Bild',
  'Musik',
  'Idrott och hälsa',
  'Biologi',
  'Historia',
  'Teknik',
];
const PARAGRAPH =
  'Eleven läser med flyt och återberättar handlingen med egna ord. Hon tar ansvar för sina uppgifter ' +
  'och arbetar självständigt under lektionerna. Hon har haft stöd av specialpedagog Karin Öberg sedan ' +
  'vårterminen på grund av dyskalkyli, och behöver fortsatt träna på problemlösning i flera steg. ' +
  'Hemma övar hon glosor med sin mamma varje vecka. ';

const template = {
  periodKind: 'school_year',
  subjects: SUBJECTS,
  scale: [
    { value: 'g', label: 'Godtagbara kunskaper' },
    { value: 'm', label: 'Mer än godtagbara kunskaper' },
  ],
  selfAssessmentQuestions: [
    { id: 'q1', text: 'Vad är du bäst på?' },
    { id: 'q2', text: 'Vad vill du bli bättre på?' },
  ],
  includesOtherDevelopment: true,
};
const content = {
  assessments: SUBJECTS.map((subject, i) => ({
    subject,
    scaleValue: i % 2 ? 'm' : 'g',
    text: PARAGRAPH.repeat(2 + (i % 2)),
  })),
  goals: [0, 1, 2].map((i) => ({
    id: `g${i}`,
    subject: SUBJECTS[i],
    text: 'Lösa textuppgifter i flera steg och visa uträkningen.',
    actions: {
      school: 'Extra genomgång varje tisdag med specialpedagog.',
      pupil: 'Göra läxan.',
      guardian: 'Fråga om läxan.',
    },
    followUp: '',
  })),
  selfAssessment: {
    answers: [
      { questionId: 'q1', answer: 'Jag är bäst på att läsa.' },
      { questionId: 'q2', answer: 'Gångertabellerna.' },
    ],
    text: PARAGRAPH,
  },
  otherDevelopment: PARAGRAPH,
  guardianComments: [],
  talk: {
    date: '2026-11-20',
    participants: ['Ester Lind', 'Maria Lind', 'Karin Öberg'],
    agreements: PARAGRAPH,
  },
};
const document = planRecordDocument({
  registrationNumber: 'IUP-2026-00012',
  pupilName: 'Ester Lind',
  schoolUnitName: 'Almekärrsskolan',
  period: '2026/27',
  version: 1,
  establishedOn: '2026-11-20',
  template,
  content,
});
const struck =
  'Hon har haft stöd av specialpedagog Karin Öberg sedan vårterminen på grund av dyskalkyli,';
const at = PARAGRAPH.indexOf(struck);
const redactions = [
  ...SUBJECTS.map((_, i) => ({
    fieldId: `assessments.${i}.text`,
    ground: GROUNDS[0],
    span: { start: at, end: at + struck.length },
  })),
  { fieldId: 'selfAssessment.text', ground: GROUNDS[0] },
  { fieldId: 'talk.participants', ground: GROUNDS[1], span: { start: 12, end: 22 } },
];
const header = {
  municipalityName: 'Lerums kommun',
  release: { registrationNumber: 'BEG-2026-00042', date: '2026-11-28' },
  preparedOn: '2026-11-28',
};

/** The floor: bare pdf-lib drawing the same visible text, line by line, no layout rules, no check. */
async function bareRender(lines) {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(fontkit);
  const font = await pdf.embedFont(DEJAVU_SANS, { subset: true });
  let page = pdf.addPage();
  let y = 780;
  for (const line of lines) {
    if (y < 60) {
      page = pdf.addPage();
      y = 780;
    }
    page.drawText(line, { x: 56, y, size: 10.5, font });
    y -= 15;
  }
  return pdf.save();
}

const median = (values) => summarize(values, 3).median;

const applied = applyRedactions(document, redactions, GROUNDS);
const visibleLines = applied.document.sections.flatMap((s) =>
  s.fields.flatMap((f) =>
    f.segments
      .filter((g) => g.kind === 'text')
      .flatMap((g) => g.text.match(/.{1,85}(\s|$)/g) ?? []),
  ),
);

/** One checked copy, step by step, in milliseconds. */
async function releaseCopy() {
  const t0 = performance.now();
  const redacted = applyRedactions(document, redactions, GROUNDS);
  const t1 = performance.now();
  const bytes = await renderRedactedCopy(redacted.document, header);
  const t2 = performance.now();
  const { report } = await makeCheckedCopy(redacted, header, GROUNDS, async () => bytes);
  const t3 = performance.now();
  if (!report.passed) throw new Error(`leak check failed: ${JSON.stringify(report.findings)}`);
  return { apply: t1 - t0, render: t2 - t1, check: t3 - t2, total: t3 - t1, report, bytes };
}

async function floorCopy() {
  const b0 = performance.now();
  await bareRender(visibleLines);
  return performance.now() - b0;
}

const loadBefore = loadavg()[0];
let last;
for (let i = 0; i < WARMUP; i += 1) {
  last = await releaseCopy();
  await floorCopy();
}

const STEPS = ['apply', 'render', 'check', 'total', 'floor'];
const rounds = [];
for (let round = 0; round < ROUNDS; round += 1) {
  const times = Object.fromEntries(STEPS.map((step) => [step, []]));
  for (let i = 0; i < COPIES; i += 1) {
    // Alternate which goes first, so neither always pays the other's garbage.
    const floorFirst = i % 2 === 1;
    const floorBefore = floorFirst ? await floorCopy() : undefined;
    last = await releaseCopy();
    const floor = floorFirst ? floorBefore : await floorCopy();
    for (const step of ['apply', 'render', 'check', 'total']) times[step].push(last[step]);
    times.floor.push(floor);
  }
  rounds.push(Object.fromEntries(STEPS.map((step) => [step, median(times[step])])));
}

const over = Object.fromEntries(STEPS.map((step) => [step, summarize(rounds.map((r) => r[step]))]));
const ratio = +(over.total.median / over.floor.median).toFixed(2);
const row = (metric, step, extra = {}) => ({
  metric,
  unit: 'ms',
  median: over[step].median,
  min: over[step].min,
  max: over[step].max,
  ...extra,
});
const summary = [
  row('release of a redacted copy (render + leak check), per copy', 'total', {
    floor: over.floor.median,
    ratio,
    target: `< ${TARGET_MS} ms`,
    met: over.total.median < TARGET_MS,
  }),
  row('render (draw the redacted copy)', 'render'),
  row('leak check (read the copy back)', 'check'),
];
const { pages, textItems, objects, streamsScanned, needles, alsoVisible } = last.report.stats;
const result = {
  scenario: 'release',
  title: `Release of a redacted copy of a ${pages}-page plan: render + leak check`,
  ...machine(),
  // The machine is shared: the 1-minute load average before and after the run.
  loadAverage: [+loadBefore.toFixed(2), +loadavg()[0].toFixed(2)],
  rounds: ROUNDS,
  copiesPerRound: COPIES,
  warmup: WARMUP,
  copy: {
    pages,
    bytes: last.bytes.length,
    boxes: applied.markerCount,
    textItems,
    objects,
    streamsScanned,
    needles,
    alsoVisible,
  },
  summary,
  steps: over,
  floor:
    'bare pdf-lib drawing the same visible text line by line with DejaVu Sans embedded as a subset; no layout rules, no boxes, no check',
  note: 'each round: median over its copies; figures: median, min and max of the round medians. total = render + leak check; apply (redacting the record, before drawing) is shown apart. The same plan is released every copy; as in the service, word widths are kept from copy to copy (plans share most of their words).',
};

const fmt = (v) => (Number.isFinite(v) ? String(v) : '–');
const markdown = [
  `# ${result.title}`,
  '',
  `${result.date}, Node ${result.node}, ${result.cores} cores (${result.cpu}), ${ROUNDS} rounds of ${COPIES} copies after ${WARMUP} warm-up copies; ${result.copy.boxes} boxes, ${result.copy.bytes} bytes; load average ${result.loadAverage.join(' → ')}.`,
  '',
  '| metric | median ms | min ms | max ms | floor ms | ratio | target | met |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ...summary.map(
    (r) =>
      `| ${r.metric} | ${r.median} | ${r.min} | ${r.max} | ${fmt(r.floor)} | ${fmt(r.ratio)} | ${r.target ?? ''} | ${r.met === undefined ? '' : r.met ? 'yes' : 'no'} |`,
  ),
  '',
  `Per step (median of round medians, ms): apply ${over.apply.median}, render ${over.render.median}, leak check ${over.check.median}; floor (bare pdf-lib, same text) ${over.floor.median}.`,
  '',
].join('\n');

writeResult('release', result, markdown);
