import { DEFAULT_CADENCE_SETTINGS } from './cadence-rules';
import { groupByClass, strikesPerTerm } from './cadence-view';

describe('the cadence page’s grouping', () => {
  it('groups pupils per class with mentors and counts, the pupils without a class last', () => {
    const pupil = (pupilId: string, classId: string | null, className: string | null) => ({
      pupilId,
      givenName: pupilId.toUpperCase(),
      familyName: 'Ek',
      schoolYear: 4,
      classId,
      className,
    });
    const classes = groupByClass(
      [
        pupil('a', 'c10', '10A'),
        pupil('b', 'c4', '4A'),
        pupil('c', 'c4', '4A'),
        pupil('d', null, null),
      ],
      [
        { pupilId: 'a', needsPlan: false, missingPlan: false, needsTalk: true, missingTalk: false },
        { pupilId: 'b', needsPlan: true, missingPlan: true, needsTalk: true, missingTalk: false },
        { pupilId: 'c', needsPlan: true, missingPlan: false, needsTalk: true, missingTalk: true },
        { pupilId: 'd', needsPlan: true, missingPlan: true, needsTalk: true, missingTalk: true },
      ],
      [{ classId: 'c4', personId: 'm', name: 'Mentor Ek', email: null }],
    );
    expect(classes.map((each) => each.className)).toEqual(['4A', '10A', 'Utan klass']);
    expect(classes[0]).toMatchObject({
      classId: 'c4',
      pupils: 2,
      needPlan: 2,
      missingPlan: 1,
      missingTalk: 1,
      mentors: [{ personId: 'm' }],
    });
    expect(classes[0].pupilsMissing.map((each) => each.name)).toEqual(['B Ek', 'C Ek']);
    expect(classes[1].pupilsMissing).toEqual([]);
    expect(classes[2].mentors).toEqual([]);
  });

  it('sums the unsuggested strikes per term of the talk, newest first', () => {
    expect(
      strikesPerTerm(
        [
          { talkDate: '2026-06-30', passages: 2 },
          { talkDate: '2026-07-01', passages: 1 },
          { talkDate: '2026-12-31', passages: 0 },
        ],
        DEFAULT_CADENCE_SETTINGS,
      ),
    ).toEqual([
      { term: 'höstterminen 2026', termStart: '2026-07-01', records: 2, passages: 1 },
      { term: 'vårterminen 2026', termStart: '2026-01-01', records: 1, passages: 2 },
    ]);
  });
});
