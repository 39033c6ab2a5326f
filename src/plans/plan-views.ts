/** What the plans service answers with: summaries and views of plans and versions. */
import type { PlanContent } from './plan-content';
import type { FieldDiff } from './plan-diff';
import type { PlanState } from './plan-lifecycle';
import type { PlanTemplate } from './plan-template';
import type { Plan } from './plans.entities';

export interface PlanSummary {
  readonly id: string;
  readonly pupilId: string;
  readonly period: string;
  readonly state: PlanState;
  readonly establishedVersion: number;
  readonly revision: number;
  readonly updatedAt: string;
}

export interface LatestPlan {
  readonly planId: string;
  readonly period: string;
  readonly state: PlanState;
  readonly establishedVersion: number;
  /** The date of the newest established version's development talk. */
  readonly lastTalk: string | null;
  /** The talk date set in the open draft, if any. */
  readonly plannedTalk: string | null;
}

export interface VersionSummary {
  readonly version: number;
  readonly talkDate: string;
  readonly establishedAt: string;
  readonly registrationNumber: string;
}

export interface PlanView extends PlanSummary {
  readonly pupilName: string;
  readonly template: PlanTemplate;
  /** The working draft, or null when the newest version is established and no new draft is open. */
  readonly draft: PlanContent | null;
  readonly versions: readonly VersionSummary[];
  /** What this person may write, so pages show only their parts as editable. */
  readonly canWrite: {
    readonly mentor: boolean;
    readonly selfAssessment: boolean;
    readonly comment: boolean;
    readonly subjects: readonly string[];
  };
  /** True when only some subjects are visible (a teacher's view). */
  readonly isPartial: boolean;
}

export interface VersionView {
  /** What changed since the version before, word by word; null for version 1. */
  readonly changes: readonly FieldDiff[] | null;
  readonly planId: string;
  readonly version: number;
  readonly content: PlanContent;
  readonly template: PlanTemplate;
  readonly talkDate: string;
  readonly establishedAt: string;
  readonly registrationNumber: string;
}

export const PLAN_NOT_FOUND = 'Planen finns inte, eller så har du inte tillgång till den.';

/** A plan as its summary. */
export function toSummary(plan: Plan): PlanSummary {
  return {
    id: plan.id,
    pupilId: plan.pupilId,
    period: plan.period,
    state: plan.state,
    establishedVersion: plan.establishedVersion,
    revision: plan.revision,
    updatedAt: plan.updatedAt.toISOString(),
  };
}

/** A teacher sees the assessments of their own subjects and nothing else of the plan. */
export function subjectsOnly(content: PlanContent, subjects: readonly string[]): PlanContent {
  return {
    assessments: content.assessments.filter((assessment) => subjects.includes(assessment.subject)),
    goals: [],
    selfAssessment: { answers: [], text: '' },
    otherDevelopment: null,
    guardianComments: [],
    talk: { date: null, participants: [], agreements: '' },
  };
}
