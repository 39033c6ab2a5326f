import type { AppConfig } from '../config/app-config';
import type { SchoolForm } from '../directory/directory.types';

/**
 * The law's cadence (skollagen 10 kap. 12–13 §§ and 11 kap. 15–16 §§): a written plan (IUP)
 * once per school year in the years the rule names, and a development talk each term. Pure:
 * every function takes the day it judges by (YYYY-MM-DD, a Swedish date), so the boundaries are
 * tested with fixed dates and the page passes the service's day.
 */

/** A day of the year, e.g. 1 July: `{ month: 7, day: 1 }`. */
export interface MonthDay {
  readonly month: number;
  readonly day: number;
}

/** The years each school form's pupils must have an established plan in; none: not at all. */
export type PlanYears = Readonly<
  Record<SchoolForm, { readonly from: number; readonly to: number } | null>
>;

export interface CadenceSettings {
  /** The school year starts on this day (the autumn term too); default 1 July. */
  readonly schoolYearStart: MonthDay;
  /** The spring term starts on this day; default 1 January. */
  readonly springTermStart: MonthDay;
  readonly planYears: PlanYears;
  /** The school forms whose pupils have a development talk each term. */
  readonly talkSchoolForms: readonly SchoolForm[];
}

export const DEFAULT_CADENCE_SETTINGS: CadenceSettings = {
  schoolYearStart: { month: 7, day: 1 },
  springTermStart: { month: 1, day: 1 },
  planYears: {
    förskoleklass: null,
    grundskola: { from: 1, to: 5 },
    'anpassad grundskola': { from: 1, to: 9 },
  },
  talkSchoolForms: ['grundskola', 'anpassad grundskola'],
};

/** A span of days, both ends included (YYYY-MM-DD), with the name the page shows. */
export interface Period {
  readonly start: string;
  readonly end: string;
  readonly label: string;
}

const pad = (value: number): string => String(value).padStart(2, '0');
const dateOf = (year: number, at: MonthDay): string => `${year}-${pad(at.month)}-${pad(at.day)}`;

/** The day before a date (YYYY-MM-DD), in the calendar (no time zone involved). */
export function dayBefore(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  const previous = new Date(Date.UTC(year, month - 1, day - 1));
  return previous.toISOString().slice(0, 10);
}

/** The school year the day falls in, e.g. 2026-11-28 → 2026-07-01 – 2027-06-30, "läsåret 2026/27". */
export function schoolYearOn(today: string, settings: CadenceSettings): Period {
  const year = Number(today.slice(0, 4));
  const startYear = today >= dateOf(year, settings.schoolYearStart) ? year : year - 1;
  return {
    start: dateOf(startYear, settings.schoolYearStart),
    end: dayBefore(dateOf(startYear + 1, settings.schoolYearStart)),
    label: `läsåret ${startYear}/${pad((startYear + 1) % 100)}`,
  };
}

/**
 * The term the day falls in: the autumn term from the school year's start to the day before the
 * spring term's, the spring term from there to the day before the next school year.
 */
export function termOn(today: string, settings: CadenceSettings): Period {
  const year = Number(today.slice(0, 4));
  const springStart = dateOf(year, settings.springTermStart);
  const autumnStart = dateOf(year, settings.schoolYearStart);
  if (today >= autumnStart) {
    return {
      start: autumnStart,
      end: dayBefore(dateOf(year + 1, settings.springTermStart)),
      label: `höstterminen ${year}`,
    };
  }
  if (today >= springStart) {
    return { start: springStart, end: dayBefore(autumnStart), label: `vårterminen ${year}` };
  }
  // Before the spring term's start in a calendar year: still last year's autumn term.
  return {
    start: dateOf(year - 1, settings.schoolYearStart),
    end: dayBefore(springStart),
    label: `höstterminen ${year - 1}`,
  };
}

/** A pupil of the unit on the day, as the directory has them. */
export interface CadencePupil {
  readonly pupilId: string;
  readonly schoolForm: SchoolForm;
  readonly schoolYear: number | null;
}

/** What the plans say of one pupil: each established version and the open draft's talk date. */
export interface PupilPlanFacts {
  /** Each established version: the Swedish day it was established and its talk's date. */
  readonly versions: readonly { readonly establishedOn: string; readonly talkDate: string }[];
  /** The talk dates written in the pupil's open drafts (booked or held; null ones left out). */
  readonly draftTalkDates: readonly string[];
}

export interface PupilCadence {
  readonly pupilId: string;
  /** The rule asks for a plan this school year (the pupil's form and year). */
  readonly needsPlan: boolean;
  /** …and there is no version established within it. */
  readonly missingPlan: boolean;
  /** The rule asks for a talk this term (the pupil's form). */
  readonly needsTalk: boolean;
  /** …and no talk this term has been held (see `hasTalkInTerm`). */
  readonly missingTalk: boolean;
}

const within = (date: string, period: Period): boolean =>
  date >= period.start && date <= period.end;

/** Whether the rule asks this pupil for a written plan each school year. */
export function needsPlan(pupil: CadencePupil, settings: CadenceSettings): boolean {
  const years = settings.planYears[pupil.schoolForm];
  return (
    years !== null &&
    pupil.schoolYear !== null &&
    pupil.schoolYear >= years.from &&
    pupil.schoolYear <= years.to
  );
}

/**
 * A talk counts for the term when an established version's talk date falls in the term, or when
 * a draft's talk date falls in the term and is not after today: the talk has been held, the plan
 * is still being written (the law asks for the talk each term, the plan once a year). A talk
 * booked for later in the term does not count until its day.
 */
export function hasTalkInTerm(plans: PupilPlanFacts, term: Period, today: string): boolean {
  return (
    plans.versions.some((version) => within(version.talkDate, term)) ||
    plans.draftTalkDates.some((date) => within(date, term) && date <= today)
  );
}

/** A plan counts for the school year when a version of it was established within it. */
export function hasPlanInSchoolYear(plans: PupilPlanFacts, schoolYear: Period): boolean {
  return plans.versions.some((version) => within(version.establishedOn, schoolYear));
}

const NO_PLANS: PupilPlanFacts = { versions: [], draftTalkDates: [] };

/** Which pupils miss what on the day. */
export function judgeCadence(
  pupils: readonly CadencePupil[],
  plans: ReadonlyMap<string, PupilPlanFacts>,
  today: string,
  settings: CadenceSettings,
): PupilCadence[] {
  const schoolYear = schoolYearOn(today, settings);
  const term = termOn(today, settings);
  return pupils.map((pupil) => {
    const facts = plans.get(pupil.pupilId) ?? NO_PLANS;
    const plan = needsPlan(pupil, settings);
    const talk = settings.talkSchoolForms.includes(pupil.schoolForm);
    return {
      pupilId: pupil.pupilId,
      needsPlan: plan,
      missingPlan: plan && !hasPlanInSchoolYear(facts, schoolYear),
      needsTalk: talk,
      missingTalk: talk && !hasTalkInTerm(facts, term, today),
    };
  });
}

/** The cadence settings from the service's settings. */
export function cadenceSettingsOf(config: AppConfig): CadenceSettings {
  return {
    schoolYearStart: config.cadence.schoolYearStart,
    springTermStart: config.cadence.springTermStart,
    planYears: {
      förskoleklass: null,
      grundskola: config.cadence.planYears.grundskola,
      'anpassad grundskola': config.cadence.planYears.anpassadGrundskola,
    },
    talkSchoolForms: ['grundskola', 'anpassad grundskola'],
  };
}
