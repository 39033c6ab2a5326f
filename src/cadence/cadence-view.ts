import type { CadenceSettings, PupilCadence } from './cadence-rules';
import { termOn } from './cadence-rules';

/** A pupil as the grouping needs them: name and class. */
export interface GroupedPupil {
  readonly pupilId: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly schoolYear: number | null;
  readonly classId: string | null;
  readonly className: string | null;
}

export interface MentorOfClass {
  readonly classId: string;
  readonly personId: string;
  readonly name: string;
  readonly email: string | null;
}

/** One class of the unit with its mentors, its counts and the pupils who miss something. */
export interface ClassCadence {
  /** Null: the pupils without a class in the unit. */
  readonly classId: string | null;
  readonly className: string;
  readonly mentors: readonly MentorOfClass[];
  readonly pupils: number;
  readonly needPlan: number;
  readonly missingPlan: number;
  readonly needTalk: number;
  readonly missingTalk: number;
  readonly pupilsMissing: readonly {
    readonly pupilId: string;
    readonly name: string;
    readonly missingPlan: boolean;
    readonly missingTalk: boolean;
  }[];
  readonly remindedToday?: boolean;
}

/**
 * The unit's pupils per class (classes by name, the pupils without a class last), with the
 * class's mentors and how many of its pupils the rule asks for a plan or a talk, and miss it.
 */
export function groupByClass(
  pupils: readonly GroupedPupil[],
  judged: readonly PupilCadence[],
  mentors: readonly MentorOfClass[],
): ClassCadence[] {
  const verdict = new Map(judged.map((each) => [each.pupilId, each]));
  const byClass = new Map<string | null, GroupedPupil[]>();
  for (const pupil of pupils) {
    byClass.set(pupil.classId, [...(byClass.get(pupil.classId) ?? []), pupil]);
  }
  const classes = [...byClass.entries()].map(([classId, members]): ClassCadence => {
    const verdicts = members.flatMap((pupil) => {
      const found = verdict.get(pupil.pupilId);
      return found ? [{ pupil, found }] : [];
    });
    return {
      classId,
      className: members[0]?.className ?? 'Utan klass',
      mentors: mentors.filter((mentor) => classId !== null && mentor.classId === classId),
      pupils: members.length,
      needPlan: verdicts.filter(({ found }) => found.needsPlan).length,
      missingPlan: verdicts.filter(({ found }) => found.missingPlan).length,
      needTalk: verdicts.filter(({ found }) => found.needsTalk).length,
      missingTalk: verdicts.filter(({ found }) => found.missingTalk).length,
      pupilsMissing: verdicts
        .filter(({ found }) => found.missingPlan || found.missingTalk)
        .map(({ pupil, found }) => ({
          pupilId: pupil.pupilId,
          name: `${pupil.givenName} ${pupil.familyName}`,
          missingPlan: found.missingPlan,
          missingTalk: found.missingTalk,
        })),
    };
  });
  return classes.sort((a, b) =>
    a.classId === null
      ? 1
      : b.classId === null
        ? -1
        : a.className.localeCompare(b.className, 'sv', { numeric: true }),
  );
}

export interface StrikesPerTerm {
  /** "höstterminen 2026", by the talk of the version released. */
  readonly term: string;
  readonly termStart: string;
  /** Plan versions released with redactions. */
  readonly records: number;
  /** Passages the reviewers struck that the guard did not suggest. */
  readonly passages: number;
}

/** The released versions' unsuggested strikes per term of their talk, newest term first. */
export function strikesPerTerm(
  counts: readonly { readonly talkDate: string; readonly passages: number }[],
  settings: CadenceSettings,
): StrikesPerTerm[] {
  const terms = new Map<
    string,
    { term: string; termStart: string; records: number; passages: number }
  >();
  for (const count of counts) {
    const term = termOn(count.talkDate, settings);
    const entry = terms.get(term.start) ?? {
      term: term.label,
      termStart: term.start,
      records: 0,
      passages: 0,
    };
    entry.records += 1;
    entry.passages += count.passages;
    terms.set(term.start, entry);
  }
  return [...terms.values()].sort((a, b) => b.termStart.localeCompare(a.termStart));
}
