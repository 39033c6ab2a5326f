import { canPerform, DEFAULT_POLICY_SETTINGS, type PolicySettings } from '../auth/access-policy';
import type { Actor } from '../auth/actor';
import { ROLE_NAMES_SV } from '../auth/me.view';
import type { PupilSummary } from '../directory/directory.queries';
import type { LatestPlan } from '../plans/plan-views';

/** What the public start page shows. Plain data; the template decides the markup. */
export interface HomeView {
  readonly title: string;
}

export function homeView(): HomeView {
  return { title: 'IUP och allmänna handlingar' };
}

/** A pupil in a staff member's list, with their newest plan when the viewer may see it. */
export interface PupilRow extends PupilSummary {
  readonly plan: { readonly id: string; readonly label: string } | null;
  readonly mayReadPlans: boolean;
}

function planLabel(plan: LatestPlan): string {
  return plan.state === 'established'
    ? `fastställd ${plan.period}`
    : plan.establishedVersion > 0
      ? `nytt utkast ${plan.period}`
      : `utkast ${plan.period}`;
}

export interface PupilGroupView {
  readonly heading: string;
  /** The class list to link to, when the heading is a class. */
  readonly classId: string | null;
  readonly pupils: readonly PupilRow[];
}

/** A signed-in user's start page: what their roles need next. */
export interface DashboardView {
  readonly title: string;
  readonly name: string;
  readonly roleNames: readonly string[];
  readonly isGuardian: boolean;
  readonly isPupil: boolean;
  readonly ownPupilId: string | null;
  readonly children: readonly PupilSummary[];
  /** Pupils the user works with as staff, by class. */
  readonly classes: readonly PupilGroupView[];
  readonly canManageDirectory: boolean;
  /** REGISTER_EXTRACT_ROLE's holders: Sektor Lärande's list of register extracts. */
  readonly canProduceRegisterExtracts: boolean;
  readonly canVerifyAudit: boolean;
  readonly canViewQueues: boolean;
  readonly isReviewer: boolean;
  /** Mentors, teachers and principals pass requests for records on to Sektor Lärande. */
  readonly canForwardRequests: boolean;
  readonly isArchivist: boolean;
  /** Mentors of a class or mentor group publish its development talk times (/samtal). */
  readonly isMentorOfGroup: boolean;
}

export function dashboardView(
  actor: Actor,
  pupils: readonly PupilSummary[],
  plans: ReadonlyMap<string, LatestPlan> = new Map(),
  planReadable: ReadonlySet<string> = new Set(),
  policySettings: PolicySettings = DEFAULT_POLICY_SETTINGS,
): DashboardView {
  const children = pupils.filter((pupil) => actor.guardianOf.has(pupil.id));
  const worksWith = pupils.filter(
    (pupil) => !actor.guardianOf.has(pupil.id) && pupil.id !== actor.personId,
  );
  const byClass = new Map<string, { classId: string | null; pupils: PupilRow[] }>();
  for (const pupil of worksWith) {
    const heading = pupil.className
      ? `${pupil.className}${pupil.schoolUnitName ? `, ${pupil.schoolUnitName}` : ''}`
      : 'Utan klass';
    const group = byClass.get(heading) ?? { classId: pupil.classId, pupils: [] };
    const plan = plans.get(pupil.id);
    group.pupils.push({
      ...pupil,
      plan: plan ? { id: plan.planId, label: planLabel(plan) } : null,
      mayReadPlans: planReadable.has(pupil.id),
    });
    byClass.set(heading, group);
  }
  return {
    title: 'Start',
    name: actor.displayName,
    roleNames: [...actor.roles]
      .map((role) => ROLE_NAMES_SV[role])
      .sort((a, b) => a.localeCompare(b, 'sv')),
    isGuardian: actor.roles.has('guardian'),
    isPupil: actor.roles.has('pupil'),
    ownPupilId: actor.roles.has('pupil') ? actor.personId : null,
    children,
    classes: [...byClass.entries()]
      .sort(([a], [b]) => a.localeCompare(b, 'sv', { numeric: true }))
      .map(([heading, group]) => ({ heading, classId: group.classId, pupils: group.pupils })),
    canManageDirectory: canPerform(actor, 'directory.manage'),
    canVerifyAudit: canPerform(actor, 'audit.verify'),
    canViewQueues: canPerform(actor, 'queues.view'),
    canProduceRegisterExtracts: canPerform(actor, 'registerExtract.produce', policySettings),
    isReviewer: actor.roles.has('reviewer'),
    canForwardRequests: canPerform(actor, 'records.forward'),
    isArchivist: actor.roles.has('archivist'),
    isMentorOfGroup: actor.mentorGroupIds.size > 0,
  };
}
