import type { RecordDocument } from '../redaction/record-document';
import {
  describeConflicts,
  findDecisionConflicts,
  RecordDecisionForCheck,
} from './decision-consistency';

const document = (registrationNumber: string, agreements: string): RecordDocument => ({
  title: 'Individuell utvecklingsplan (IUP)',
  registrationNumber,
  sections: [
    { heading: null, fields: [{ id: 'pupil.name', label: 'Elev', text: 'Elsa Ek' }] },
    {
      heading: 'Utvecklingssamtal',
      fields: [{ id: 'talk.agreements', heading: 'Överenskommelser', text: agreements }],
    },
  ],
});

const record = (
  registrationNumber: string,
  decision: RecordDecisionForCheck['decision'],
  agreements: string,
  redactions: RecordDecisionForCheck['redactions'] = [],
): RecordDecisionForCheck => ({
  registrationNumber,
  decision,
  redactions,
  document: document(registrationNumber, agreements),
});

const GROUND = 'OSL 23 kap. 2 §';

describe('findDecisionConflicts', () => {
  it('finds a whole field struck in one record and released in another', () => {
    const conflicts = findDecisionConflicts([
      record('IUP-2026-00001', 'release_with_redactions', 'Läsa varje dag.', [
        { fieldId: 'pupil.name', ground: GROUND },
      ]),
      record('IUP-2026-00002', 'release', 'Läsa varje dag.'),
    ]);
    expect(conflicts).toEqual([
      {
        passage: 'Elsa Ek',
        struck: { registrationNumber: 'IUP-2026-00001', place: 'Elev' },
        released: { registrationNumber: 'IUP-2026-00002', place: 'Elev' },
      },
    ]);
    expect(describeConflicts(conflicts)).toContain(
      '”Elsa Ek” är maskerad i IUP-2026-00001 (Elev) men lämnas ut i IUP-2026-00002 (Elev).',
    );
  });

  it('finds a struck span whose text stands unstruck in another record', () => {
    const text = 'Elsa träffar Kim från 4B varje vecka.';
    const start = text.indexOf('Kim');
    const conflicts = findDecisionConflicts([
      record('IUP-2026-00001', 'release_with_redactions', text, [
        { fieldId: 'talk.agreements', ground: GROUND, span: { start, end: start + 3 } },
      ]),
      record('IUP-2026-00002', 'release', 'Kim hjälper till.'),
    ]);
    expect(conflicts).toEqual([
      {
        passage: 'Kim',
        struck: {
          registrationNumber: 'IUP-2026-00001',
          place: 'Utvecklingssamtal – Överenskommelser',
        },
        released: {
          registrationNumber: 'IUP-2026-00002',
          place: 'Utvecklingssamtal – Överenskommelser',
        },
      },
    ]);
  });

  it('finds nothing when the passage is struck everywhere it stands', () => {
    expect(
      findDecisionConflicts([
        record('IUP-2026-00001', 'release_with_redactions', 'x', [
          { fieldId: 'pupil.name', ground: GROUND },
        ]),
        record('IUP-2026-00002', 'release_with_redactions', 'Elsa Ek kom.', [
          { fieldId: 'pupil.name', ground: GROUND },
          { fieldId: 'talk.agreements', ground: GROUND, span: { start: 0, end: 7 } },
        ]),
      ]),
    ).toEqual([]);
  });

  it('finds nothing in a refused or undecided record, nor within one record', () => {
    expect(
      findDecisionConflicts([
        record('IUP-2026-00001', 'release_with_redactions', 'Elsa Ek kom.', [
          { fieldId: 'pupil.name', ground: GROUND },
        ]),
        record('IUP-2026-00002', 'refuse', 'Elsa Ek kom.'),
        record('IUP-2026-00003', null, 'Elsa Ek kom.'),
      ]),
    ).toEqual([]);
  });

  it('matches whole words only, exactly, and skips passages without letters or digits', () => {
    const text = 'Kimberly och elsa ek läser.';
    expect(
      findDecisionConflicts([
        record('IUP-2026-00001', 'release_with_redactions', 'Kim kom. – ', [
          { fieldId: 'talk.agreements', ground: GROUND, span: { start: 0, end: 3 } },
          { fieldId: 'talk.agreements', ground: GROUND, span: { start: 8, end: 11 } },
        ]),
        {
          ...record('IUP-2026-00002', 'release', text),
          document: {
            ...document('IUP-2026-00002', text),
            sections: [{ heading: null, fields: [{ id: 'talk.agreements', text }] }],
          },
        },
      ]),
    ).toEqual([]);
  });

  it('counts an occurrence that a strike in the other record only partly covers as struck', () => {
    const conflicts = findDecisionConflicts([
      record('IUP-2026-00001', 'release_with_redactions', 'x', [
        { fieldId: 'pupil.name', ground: GROUND },
      ]),
      record('IUP-2026-00002', 'release_with_redactions', 'Möte med Elsa Ek.', [
        { fieldId: 'pupil.name', ground: GROUND },
        { fieldId: 'talk.agreements', ground: GROUND, span: { start: 9, end: 13 } },
      ]),
    ]);
    expect(conflicts).toEqual([]);
  });
});
