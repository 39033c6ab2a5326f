import { emptyContent } from './plan-content';
import { diffVersions } from './plan-diff';
import { DEFAULT_PLAN_TEMPLATE } from './plan-template';

describe('diffVersions', () => {
  const base = emptyContent(DEFAULT_PLAN_TEMPLATE);
  const first = {
    ...base,
    assessments: base.assessments.map((a) =>
      a.subject === 'Svenska' ? { ...a, scaleValue: 'godtagbara', text: 'Läser med flyt.' } : a,
    ),
    talk: { date: '2025-10-15', participants: [], agreements: 'Läsa varje dag.' },
  };

  it('shows word by word what changed, and leaves out what did not', () => {
    const second = {
      ...first,
      assessments: first.assessments.map((a) =>
        a.subject === 'Svenska' ? { ...a, text: 'Läser med god flyt.' } : a,
      ),
      talk: { ...first.talk, date: '2026-03-18' },
    };

    const diff = diffVersions(first, second);

    expect(diff.map((field) => field.label)).toEqual([
      'Svenska, omdöme',
      'Utvecklingssamtal, datum',
    ]);
    expect(diff[0].parts).toEqual([
      { text: 'Läser med ', change: 'same' },
      { text: 'god ', change: 'added' },
      { text: 'flyt.', change: 'same' },
    ]);
    expect(diff[1].parts).toEqual([
      { text: '2025-10-15', change: 'removed' },
      { text: '2026-03-18', change: 'added' },
    ]);
  });

  it('reports nothing between identical versions', () => {
    expect(diffVersions(first, first)).toEqual([]);
  });
});
