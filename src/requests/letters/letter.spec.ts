import { join } from 'node:path';

import { loadPdfjs } from '../../redaction/pdfjs';
import type { DeliveryMethod } from '../request-lifecycle';
import {
  dismissalLetterText,
  letterKind,
  LetterInput,
  LetterRecord,
  LetterRevision,
  letterText,
  parseLetter,
  renderLetterPdf,
} from './letter';

const TEMPLATES = join(__dirname, '..', '..', '..', 'templates');

const INPUT: LetterInput = {
  municipalityName: 'Lerums kommun',
  letterRegistrationNumber: 'BES-2026-00003',
  requestRegistrationNumber: 'BEG-2026-00012',
  date: '2026-11-30',
  receivedOn: '2026-11-27',
  description: 'Min sons utvecklingsplaner från läsåret 2025/26.',
  recipient: { name: 'Anna Andersson', postalAddress: 'Storgatan 1\n443 30 Lerum' },
  records: [
    {
      registrationNumber: 'IUP-2026-00001',
      title: 'Individuell utvecklingsplan 2025/26, version 1',
      decision: 'release_with_redactions',
      grounds: ['OSL 23 kap. 2 §'],
      redactionCount: 2,
      reasons: 'Uppgifter om elevhälsans insatser omfattas av sekretess.',
    },
    {
      registrationNumber: 'IUP-2026-00002',
      title: 'Individuell utvecklingsplan 2025/26, version 2',
      decision: 'refuse',
      grounds: ['OSL 21 kap. 3 §'],
      redactionCount: 0,
      reasons: 'Eleven har skyddade personuppgifter.',
    },
    {
      registrationNumber: 'IUP-2026-00003',
      title: 'Individuell utvecklingsplan 2026/27, version 1',
      decision: 'release',
      grounds: [],
      redactionCount: 0,
      reasons: null,
    },
  ],
  decisionMaker: { name: 'Lena Forsberg', title: 'handläggare vid Sektor Lärande' },
  delegation: 'barn- och utbildningsnämndens delegationsordning, punkt 1.5',
  appealCourt: 'Kammarrätten i Göteborg',
  delivery: 'paper',
  pages: 12,
  feeKr: 54,
  closure: null,
  revision: null,
};

describe('the decision letter', () => {
  const text = letterText(INPUT, TEMPLATES);

  it('is a formal decision when anything is refused or struck, else a cover letter', () => {
    expect(letterKind(INPUT.records)).toBe('decision');
    expect(letterKind(INPUT.records.filter((r) => r.decision === 'release'))).toBe('cover');
    expect(
      letterKind([{ ...INPUT.records[2], decision: 'no_public_record', registrationNumber: null }]),
    ).toBe('decision');
  });

  it.each([
    ['what was asked', 'Min sons utvecklingsplaner från läsåret 2025/26.'],
    ['the request', 'BEG-2026-00012'],
    [
      'outcome per record',
      'IUP-2026-00001 (Individuell utvecklingsplan 2025/26, version 1): Lämnas ut med maskeringar',
    ],
    [
      'the refused record',
      'IUP-2026-00002 (Individuell utvecklingsplan 2025/26, version 2): Lämnas inte ut (avslag) med stöd av OSL 21 kap. 3 §',
    ],
    [
      'the released record',
      'IUP-2026-00003 (Individuell utvecklingsplan 2026/27, version 1): Lämnas ut',
    ],
    ['the ground of each redaction', 'Lämnas ut med maskeringar med stöd av OSL 23 kap. 2 §'],
    ['the reasons', 'Uppgifter om elevhälsans insatser omfattas av sekretess.'],
    ['the decision-maker', 'Lena Forsberg, handläggare vid Sektor Lärande'],
    ['the delegation', 'barn- och utbildningsnämndens delegationsordning, punkt 1.5'],
    ['the appeal court', 'Kammarrätten i Göteborg'],
    ['the three weeks', 'inom tre veckor från den dag du fick del av beslutet'],
    ['where to hand it in', 'Skicka eller lämna det till Lerums kommun, Sektor Lärande'],
    ['the legal basis of appeal', 'OSL 6 kap. 7–8 §§, förvaltningslagen 2017:900 44 §'],
    ['the fee', 'Avgift: 54 kr'],
    ['the recipient', 'Anna Andersson'],
  ])('states %s', (_what, expected) => {
    expect(text.replace(/\s+/g, ' ')).toContain(expected);
  });

  it('to an anonymous requester names nobody', () => {
    const anonymous = letterText(
      { ...INPUT, recipient: { name: null, postalAddress: null } },
      TEMPLATES,
    );
    expect(anonymous).toContain('Till den som begärt handlingarna');
    expect(anonymous).not.toContain('Anna');
  });

  it('says which records went out ahead of the decision', () => {
    const early = letterText(
      {
        ...INPUT,
        records: INPUT.records.map((record) =>
          record.decision === 'release' ? { ...record, deliveredOn: '2026-11-28' } : record,
        ),
      },
      TEMPLATES,
    );
    expect(early.replace(/\s+/g, ' ')).toContain(
      'IUP-2026-00003 (Individuell utvecklingsplan 2026/27, version 1): Lämnas ut (utlämnad redan 2026-11-28)',
    );
  });

  it('tells a guardian, record by record, whether OSL 12 kap. 3 § lifted the confidentiality toward them', () => {
    const [struck, refused, released] = INPUT.records as [LetterRecord, LetterRecord, LetterRecord];
    const guardian = letterText(
      {
        ...INPUT,
        records: [
          { ...struck, concernedParty: 'lifted' },
          { ...refused, concernedParty: 'protects_against_guardian' },
          released,
        ],
      },
      TEMPLATES,
    ).replace(/\s+/g, ' ');
    expect(guardian).toContain(
      'IUP-2026-00001 (Individuell utvecklingsplan 2025/26, version 1): Du har begärt handlingen som vårdnadshavare för barnet. Sekretessen till skydd för barnet gäller inte mot dig',
    );
    expect(guardian).toContain('det som har maskerats är uppgifter om andra personer än barnet');
    expect(guardian).toContain(
      'IUP-2026-00002 (Individuell utvecklingsplan 2025/26, version 2): Du har begärt handlingen som vårdnadshavare för barnet. Sekretessen till skydd för barnet gäller även mot dig',
    );
    // The record decided as for anyone says nothing of it.
    expect(guardian.match(/som vårdnadshavare för barnet/g)).toHaveLength(2);
    // A full release to the guardian: the cover letter says why.
    const cover = letterText(
      { ...INPUT, records: [{ ...released, concernedParty: 'lifted' }] },
      TEMPLATES,
    ).replace(/\s+/g, ' ');
    expect(cover).toContain('Utlämnande av allmänna handlingar');
    expect(cover).toContain(
      'gäller inte mot dig för uppgifter som du behöver för att utöva vårdnaden',
    );
    expect(cover).not.toContain('det som har maskerats');
  });

  it('a plain release gets a short cover letter without an appeal notice', () => {
    const cover = letterText(
      { ...INPUT, records: [INPUT.records[2]], feeKr: 0, delivery: 'electronic' },
      TEMPLATES,
    );
    expect(cover).toContain('Utlämnande av allmänna handlingar');
    expect(cover).not.toContain('överklaga');
    expect(cover).toContain('Avgift: kostnadsfritt');
  });

  /** Every kind of outcome, alone: what its letter must and must not say. */
  const [redacted, refused, released] = INPUT.records as [LetterRecord, LetterRecord, LetterRecord];
  const draft: LetterRecord = {
    registrationNumber: null,
    title: 'Utkast till utvecklingsplan 2026/27',
    decision: 'no_public_record',
    grounds: [],
    redactionCount: 0,
    reasons: null,
  };
  const APPEAL = 'Hur man överklagar';
  const NO_COPIES = 'Inga kopior lämnas ut';
  it.each<[string, LetterRecord[], DeliveryMethod, readonly string[], readonly string[]]>([
    [
      'released in whole, electronically',
      [released],
      'electronic',
      ['Utlämnande av allmänna handlingar', 'hämtas via länken'],
      [APPEAL, NO_COPIES, 'Beslut om'],
    ],
    [
      'released with passages struck, by post',
      [redacted],
      'paper',
      ['Beslut om utlämnande', APPEAL, 'svart ruta', 'skickas på papper per post (12 sidor)'],
      [NO_COPIES, 'inte en allmän handling'],
    ],
    [
      'refused, electronically',
      [refused],
      'electronic',
      ['Beslut om utlämnande', APPEAL, 'Lämnas inte ut (avslag)', NO_COPIES, 'Ingen avgift'],
      ['hämtas via länken', 'Avgift:', 'svart ruta'],
    ],
    [
      'a draft: no public record yet, electronically',
      [draft],
      'electronic',
      [
        'Beslut om utlämnande',
        APPEAL,
        'Utkast till utvecklingsplan 2026/27: Ingen allmän handling ännu',
        'ännu inte en allmän handling (tryckfrihetsförordningen 2 kap. 10 §)',
        NO_COPIES,
      ],
      ['hämtas via länken', 'Avgift:', 'svart ruta', 'avslag'],
    ],
    [
      'a draft and a released record, on site',
      [draft, released],
      'on_site',
      [APPEAL, 'finns att läsa på plats', 'ännu inte en allmän handling'],
      [NO_COPIES],
    ],
  ])('%s: the letter says only what is true of it', (_name, records, delivery, says, never) => {
    const letter = letterText({ ...INPUT, records, delivery }, TEMPLATES).replace(/\s+/g, ' ');
    for (const phrase of says)
      expect({ phrase, found: letter.includes(phrase) }).toEqual({ phrase, found: true });
    for (const phrase of never)
      expect({ phrase, found: letter.includes(phrase) }).toEqual({ phrase, found: false });
  });

  it.each<[string, LetterInput['closure'], readonly string[], readonly string[]]>([
    [
      'no such record here: an appealable refusal',
      { kind: 'no_record', forwardedTo: null, reasons: 'Eleven har inte gått i kommunens skolor.' },
      [
        'Beslut om utlämnande',
        'avslår begäran, eftersom den handling du begärt inte finns hos Sektor Lärande',
        'tryckfrihetsförordningen 2 kap. 4 §',
        'Eleven har inte gått i kommunens skolor.',
        APPEAL,
        NO_COPIES,
        'Ingen avgift',
      ],
      ['hämtas via länken', 'Avgift:', 'svart ruta', 'handling för handling'],
    ],
    [
      'forwarded to another authority: a letter, no decision',
      { kind: 'forwarded', forwardedTo: 'Skolinspektionen', reasons: null },
      [
        'Begäran om allmänna handlingar har lämnats över',
        'utan hos Skolinspektionen',
        'lämnat över din begäran dit den 2026-11-30',
        'Skolinspektionen prövar din begäran',
        'tar inte ut någon avgift',
      ],
      [APPEAL, 'överklaga', 'hämtas via länken', 'Avgift:', 'avslår'],
    ],
  ])('closed without records, %s', (_name, closure, says, never) => {
    const input = { ...INPUT, records: [], delivery: 'electronic' as const, closure };
    expect(letterKind([], closure)).toBe(closure?.kind === 'no_record' ? 'decision' : 'forwarded');
    const letter = letterText(input, TEMPLATES).replace(/\s+/g, ' ');
    for (const phrase of says)
      expect({ phrase, found: letter.includes(phrase) }).toEqual({ phrase, found: true });
    for (const phrase of never)
      expect({ phrase, found: letter.includes(phrase) }).toEqual({ phrase, found: false });
  });

  it('dismissing a late appeal is a decision of its own, with the dates, the exceptions and its own appeal notice', () => {
    const letter = dismissalLetterText(
      {
        municipalityName: 'Lerums kommun',
        letterRegistrationNumber: 'BES-2026-00011',
        requestRegistrationNumber: 'BEG-2026-00012',
        date: '2026-12-28',
        recipient: { name: null, postalAddress: null },
        appealReceivedOn: '2026-12-23',
        deadline: '2026-12-21',
        decisionMaker: { name: 'Lena Forsberg', title: 'handläggare vid Sektor Lärande' },
        delegation: 'barn- och utbildningsnämndens delegationsordning, punkt 1.5',
        appealCourt: 'Kammarrätten i Göteborg',
      },
      TEMPLATES,
    ).replace(/\s+/g, ' ');
    for (const phrase of [
      'Beslut om avvisning av överklagande',
      'Till den som begärt handlingarna',
      'avvisar överklagandet av beslutet i ärende BEG-2026-00012, eftersom det har kommit in för sent',
      'Sista dagen var 2026-12-21, och överklagandet kom in 2026-12-23',
      'saknade en överklagandehänvisning eller att den var felaktig',
      'kom in till domstolen i rätt tid',
      APPEAL,
      'Kammarrätten i Göteborg',
      'diarienummer BES-2026-00011',
      'Lena Forsberg',
    ])
      expect({ phrase, found: letter.includes(phrase) }).toEqual({ phrase, found: true });
  });

  it.each<[LetterRevision, string]>([
    [
      { reason: 'reconsideration', replaces: 'BES-2026-00003', court: null, courtReference: null },
      'Sektor Lärande har omprövat beslut BES-2026-00003 efter ditt överklagande (förvaltningslagen 2017:900 37–39 §§). Det här beslutet ersätter det.',
    ],
    [
      {
        reason: 'court_changed',
        replaces: 'BES-2026-00003',
        court: 'Kammarrätten i Göteborg',
        courtReference: 'Mål nr 1234-26',
      },
      'Kammarrätten i Göteborg har ändrat beslut BES-2026-00003 (Mål nr 1234-26). Det här beslutet verkställer domen och ersätter beslut BES-2026-00003.',
    ],
    [
      { reason: 'court_returned', replaces: null, court: null, courtReference: null },
      'Domstolen har återförvisat ärendet till Sektor Lärande för ny prövning. Det här är det nya beslutet; det ersätter det tidigare beslutet.',
    ],
  ])('a new decision after an appeal says which it replaces and why (%#)', (revision, says) => {
    for (const records of [INPUT.records, [INPUT.records[2]]]) {
      const letter = letterText({ ...INPUT, records, revision }, TEMPLATES).replace(/\s+/g, ' ');
      expect(letter).toContain(says);
    }
  });

  it('renders as a PDF a reader can read back, with the registration number, date and page numbers', async () => {
    const bytes = await renderLetterPdf(INPUT, parseLetter(text));
    const pdfjs = await loadPdfjs();
    const pdf = await pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
    let read = '';
    for (let n = 1; n <= pdf.numPages; n += 1) {
      const content = await (await pdf.getPage(n)).getTextContent();
      read += content.items.map((item) => ('str' in item ? item.str : '')).join(' ') + '\n';
    }
    await pdf.destroy();
    expect(read).toContain('Beslut om utlämnande av allmänna handlingar');
    expect(read).toContain('Diarienummer BES-2026-00003');
    expect(read).toContain('Datum 2026-11-30');
    expect(read).toContain('Hur man överklagar');
    expect(read).toMatch(/sida 1 av \d/);
  });
});
