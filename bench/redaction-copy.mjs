// Benchmark: a redacted copy of a 4-page plan, drawn and leak-checked, beside
// bare pdf-lib drawing the same text, measured in the same run.
//   npm run bench:redaction        (builds first; writes bench/results/redaction-copy.{md,json})
import { writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const fontkit = require('@pdf-lib/fontkit');
const { PDFDocument } = require('pdf-lib');
const { planRecordDocument } = require('../dist/redaction/record-document.js');
const { applyRedactions } = require('../dist/redaction/apply-redactions.js');
const { renderRedactedCopy } = require('../dist/redaction/redacted-pdf.js');
const { makeCheckedCopy } = require('../dist/redaction/checked-copy.js');
const { DEJAVU_SANS } = require('../dist/common/pdf/fonts.js');

const WARMUP = 5;
const RUNS = Number(process.argv[2] ?? 40);
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

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return { median: q(0.5), p90: q(0.9), min: sorted[0], max: sorted.at(-1) };
}
const round = (v) => Math.round(v * 10) / 10;

const applied = applyRedactions(document, redactions, GROUNDS);
const visibleLines = applied.document.sections.flatMap((s) =>
  s.fields.flatMap((f) =>
    f.segments
      .filter((g) => g.kind === 'text')
      .flatMap((g) => g.text.match(/.{1,85}(\s|$)/g) ?? []),
  ),
);

const timings = { apply: [], render: [], check: [], total: [], bare: [] };
let pages = 0;
for (let i = 0; i < WARMUP + RUNS; i += 1) {
  const t0 = performance.now();
  const redacted = applyRedactions(document, redactions, GROUNDS);
  const t1 = performance.now();
  const bytes = await renderRedactedCopy(redacted.document, header);
  const t2 = performance.now();
  const { report } = await makeCheckedCopy(redacted, header, GROUNDS, async () => bytes);
  const t3 = performance.now();
  if (!report.passed) throw new Error(`leak check failed: ${JSON.stringify(report.findings)}`);
  pages = report.stats.pages;
  const b0 = performance.now();
  await bareRender(visibleLines);
  const b1 = performance.now();
  if (i >= WARMUP) {
    timings.apply.push(t1 - t0);
    timings.render.push(t2 - t1);
    timings.check.push(t3 - t2);
    timings.total.push(t3 - t0);
    timings.bare.push(b1 - b0);
  }
}
const result = {
  scenario: 'redacted copy of a plan: apply + render + leak check',
  date: new Date().toISOString(),
  node: process.version,
  cores: cpus().length,
  runs: RUNS,
  pages,
  markers: applied.markerCount,
  ms: Object.fromEntries(
    Object.entries(timings).map(([k, v]) => [
      k,
      Object.fromEntries(Object.entries(stats(v)).map(([s, x]) => [s, round(x)])),
    ]),
  ),
};
result.ratioToFloor = round(result.ms.total.median / result.ms.bare.median);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/redaction-copy.json', import.meta.url),
  JSON.stringify(result, null, 2) + '\n',
);
const md = [
  `# Redacted copy of a ${pages}-page plan`,
  '',
  `${result.date}, Node ${result.node}, ${result.cores} cores, ${RUNS} runs after ${WARMUP} warm-up runs, ${result.markers} boxes.`,
  '',
  '| step | median ms | p90 ms | min ms | max ms |',
  '| --- | --- | --- | --- | --- |',
  ...Object.entries(result.ms).map(
    ([k, v]) => `| ${k} | ${v.median} | ${v.p90} | ${v.min} | ${v.max} |`,
  ),
  '',
  `apply + render + leak check: ${result.ms.total.median} ms median, ${result.ratioToFloor}× bare pdf-lib drawing the same text (${result.ms.bare.median} ms).`,
  '',
].join('\n');
writeFileSync(new URL('./results/redaction-copy.md', import.meta.url), md);
process.stdout.write(md);
