import type { RecordDocument } from '../redaction/record-document';
import { carryOver, compareDecisions, DecisionSource } from './carry-over';

const GROUND = 'OSL 23 kap. 2 §';

const document = (registrationNumber: string, goal: string): RecordDocument => ({
  title: 'Individuell utvecklingsplan (IUP)',
  registrationNumber,
  sections: [
    { heading: null, fields: [{ id: 'pupil.name', label: 'Elev', text: 'Elsa Ek' }] },
    { heading: 'Mål och insatser', fields: [{ id: 'goals.0.text', heading: 'Mål 1', text: goal }] },
  ],
});

const source = (over: Partial<DecisionSource> = {}): DecisionSource => ({
  itemId: 'item-1',
  requestRegistrationNumber: 'BEG-2026-00001',
  sameRequest: true,
  registrationNumber: 'IUP-2026-00001',
  decision: 'release_with_redactions',
  redactions: [
    { fieldId: 'pupil.name', ground: GROUND },
    { fieldId: 'goals.0.text', ground: GROUND, span: { start: 0, end: 4 } },
  ],
  reasons: 'Sekretess.',
  document: document('IUP-2026-00001', 'Elsa ska läsa mer.'),
  ...over,
});

describe('compareDecisions', () => {
  it('shows per field what another record decided, and whether its text is unchanged', () => {
    const fields = compareDecisions(
      { document: document('IUP-2026-00002', 'Elsa ska räkna mer.'), redactions: [] },
      [source()],
    );
    expect(fields.map((field) => [field.fieldId, field.place])).toEqual([
      ['pupil.name', 'Elev'],
      ['goals.0.text', 'Mål och insatser – Mål 1'],
    ]);
    expect(fields[0]?.sources[0]).toMatchObject({
      outcome: 'struck',
      grounds: [GROUND],
      struckCount: 1,
      unchanged: true,
      differs: true,
    });
    expect(fields[1]?.sources[0]).toMatchObject({ outcome: 'struck', unchanged: false });
  });

  it('says when carrying over would change nothing, and never offers a refusal', () => {
    const fields = compareDecisions(
      {
        document: document('IUP-2026-00002', 'Elsa ska läsa mer.'),
        redactions: [{ fieldId: 'pupil.name', ground: GROUND }],
      },
      [source(), source({ itemId: 'item-3', decision: 'refuse', redactions: [] })],
    );
    expect(fields[0]?.sources.map((each) => [each.outcome, each.differs])).toEqual([
      ['struck', false],
      ['refused', false],
    ]);
  });
});

describe('carryOver', () => {
  it('replaces an unchanged field’s redactions with the source’s and leaves a changed field alone', () => {
    const result = carryOver(
      {
        document: document('IUP-2026-00002', 'Elsa ska räkna mer.'),
        redactions: [{ fieldId: 'goals.0.text', ground: GROUND, span: { start: 9, end: 14 } }],
      },
      source(),
      ['pupil.name', 'goals.0.text'],
    );
    expect(result.carried).toEqual(['pupil.name']);
    expect(result.skipped).toEqual(['goals.0.text']);
    expect(result.redactions).toEqual([
      { fieldId: 'goals.0.text', ground: GROUND, span: { start: 9, end: 14 } },
      { fieldId: 'pupil.name', ground: GROUND },
    ]);
  });

  it('carries nothing to a field already decided alike', () => {
    const result = carryOver(
      { document: document('IUP-2026-00002', 'Elsa ska läsa mer.'), redactions: [] },
      source({ decision: 'release', redactions: [] }),
      ['pupil.name'],
    );
    expect(result).toEqual({ redactions: [], carried: [], skipped: ['pupil.name'] });
  });

  it('carries a release over: the field’s own strikes are removed', () => {
    const result = carryOver(
      {
        document: document('IUP-2026-00002', 'Elsa ska läsa mer.'),
        redactions: [{ fieldId: 'pupil.name', ground: GROUND }],
      },
      source({ decision: 'release', redactions: [] }),
      ['pupil.name'],
    );
    expect(result).toEqual({ redactions: [], carried: ['pupil.name'], skipped: [] });
  });
});
