import {
  type CadencePupil,
  DEFAULT_CADENCE_SETTINGS as DEFAULTS,
  judgeCadence,
  type PupilPlanFacts,
  schoolYearOn,
  termOn,
} from './cadence-rules';

const pupil = (
  pupilId: string,
  schoolYear: number,
  schoolForm: CadencePupil['schoolForm'] = 'grundskola',
): CadencePupil => ({ pupilId, schoolForm, schoolYear });

const judgeOne = (who: CadencePupil, facts: PupilPlanFacts, today: string) =>
  judgeCadence([who], new Map([[who.pupilId, facts]]), today, DEFAULTS)[0];

describe('the school year and the term', () => {
  it('starts the school year on 1 July and ends it on 30 June', () => {
    expect(schoolYearOn('2026-06-30', DEFAULTS)).toEqual({
      start: '2025-07-01',
      end: '2026-06-30',
      label: 'läsåret 2025/26',
    });
    expect(schoolYearOn('2026-07-01', DEFAULTS)).toEqual({
      start: '2026-07-01',
      end: '2027-06-30',
      label: 'läsåret 2026/27',
    });
    expect(schoolYearOn('1999-12-31', DEFAULTS).label).toBe('läsåret 1999/00');
  });

  it('splits the school year into the autumn term (to 31 December) and the spring term', () => {
    expect(termOn('2026-07-01', DEFAULTS)).toEqual({
      start: '2026-07-01',
      end: '2026-12-31',
      label: 'höstterminen 2026',
    });
    expect(termOn('2026-12-31', DEFAULTS).label).toBe('höstterminen 2026');
    expect(termOn('2027-01-01', DEFAULTS)).toEqual({
      start: '2027-01-01',
      end: '2027-06-30',
      label: 'vårterminen 2027',
    });
    expect(termOn('2027-06-30', DEFAULTS).label).toBe('vårterminen 2027');
  });

  it('follows other days from the settings', () => {
    const settings = {
      ...DEFAULTS,
      schoolYearStart: { month: 8, day: 1 },
      springTermStart: { month: 1, day: 8 },
    };
    expect(schoolYearOn('2026-07-31', settings).label).toBe('läsåret 2025/26');
    expect(schoolYearOn('2026-08-01', settings).start).toBe('2026-08-01');
    expect(termOn('2027-01-07', settings)).toEqual({
      start: '2026-08-01',
      end: '2027-01-07',
      label: 'höstterminen 2026',
    });
    expect(termOn('2027-01-08', settings)).toEqual({
      start: '2027-01-08',
      end: '2027-07-31',
      label: 'vårterminen 2027',
    });
  });
});

describe('which pupils miss what', () => {
  const none: PupilPlanFacts = { versions: [], draftTalkDates: [] };

  it('asks a plan of grundskola years 1–5 and anpassad grundskola years 1–9 only', () => {
    const judged = judgeCadence(
      [
        pupil('f', 0, 'förskoleklass'),
        pupil('g1', 1),
        pupil('g5', 5),
        pupil('g6', 6),
        pupil('a9', 9, 'anpassad grundskola'),
        { pupilId: 'unknown-year', schoolForm: 'grundskola', schoolYear: null },
      ],
      new Map(),
      '2026-12-07',
      DEFAULTS,
    );
    expect(judged.map((each) => [each.pupilId, each.missingPlan, each.missingTalk])).toEqual([
      ['f', false, false],
      ['g1', true, true],
      ['g5', true, true],
      ['g6', false, true],
      ['a9', true, true],
      ['unknown-year', false, true],
    ]);
  });

  it('counts a plan established within the school year, from its first day to its last', () => {
    const established = (establishedOn: string): PupilPlanFacts => ({
      versions: [{ establishedOn, talkDate: establishedOn }],
      draftTalkDates: [],
    });
    expect(judgeOne(pupil('p', 3), established('2026-06-30'), '2026-07-01').missingPlan).toBe(true);
    expect(judgeOne(pupil('p', 3), established('2026-07-01'), '2026-07-01').missingPlan).toBe(
      false,
    );
    expect(judgeOne(pupil('p', 3), established('2025-07-01'), '2026-06-30').missingPlan).toBe(
      false,
    );
    expect(judgeOne(pupil('p', 3), none, '2026-06-30').missingPlan).toBe(true);
  });

  it('counts an established version’s talk within the term, at both ends', () => {
    const talk = (talkDate: string): PupilPlanFacts => ({
      versions: [{ establishedOn: '2026-12-20', talkDate }],
      draftTalkDates: [],
    });
    expect(judgeOne(pupil('p', 3), talk('2026-07-01'), '2026-12-31').missingTalk).toBe(false);
    expect(judgeOne(pupil('p', 3), talk('2026-06-30'), '2026-12-31').missingTalk).toBe(true);
    expect(judgeOne(pupil('p', 3), talk('2026-12-31'), '2027-01-01').missingTalk).toBe(true);
    expect(judgeOne(pupil('p', 3), talk('2027-01-01'), '2027-01-01').missingTalk).toBe(false);
  });

  it('counts a draft’s talk once its day has come, not a talk booked for later', () => {
    const draft = (date: string): PupilPlanFacts => ({ versions: [], draftTalkDates: [date] });
    expect(judgeOne(pupil('p', 3), draft('2026-12-07'), '2026-12-07').missingTalk).toBe(false);
    expect(judgeOne(pupil('p', 3), draft('2026-12-08'), '2026-12-07').missingTalk).toBe(true);
    expect(judgeOne(pupil('p', 3), draft('2026-06-15'), '2026-12-07').missingTalk).toBe(true);
    // A held talk in the draft does not make the plan established.
    expect(judgeOne(pupil('p', 3), draft('2026-12-01'), '2026-12-07').missingPlan).toBe(true);
  });
});
