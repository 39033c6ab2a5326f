/**
 * A plan's life (DOMAIN.md, "Plans"): a draft is working material; when the
 * mentor records that the development talk was held, the draft is
 * established — frozen as an immutable version and registered as a public
 * record. Editing after that opens the next version's draft; established
 * versions never change.
 */
export type PlanState = 'draft' | 'established';

export interface PlanLifecycle {
  readonly state: PlanState;
  /** The newest established version, 0 before the first. */
  readonly establishedVersion: number;
  /** The draft's revision, for optimistic locking; bumped on every save. */
  readonly revision: number;
}

export type PlanEvent =
  | { readonly type: 'save'; readonly revision: number }
  | { readonly type: 'establish'; readonly revision: number; readonly talkDate: string | null }
  | { readonly type: 'reopen' };

export type TransitionResult =
  | { readonly ok: true; readonly next: PlanLifecycle; readonly newVersion?: number }
  | { readonly ok: false; readonly reason: TransitionRefusal };

export type TransitionRefusal =
  'stale_revision' | 'not_a_draft' | 'talk_not_held' | 'already_a_draft';

export function transition(plan: PlanLifecycle, event: PlanEvent): TransitionResult {
  switch (event.type) {
    case 'save':
      if (plan.state !== 'draft') {
        return { ok: false, reason: 'not_a_draft' };
      }
      if (event.revision !== plan.revision) {
        return { ok: false, reason: 'stale_revision' };
      }
      return { ok: true, next: { ...plan, revision: plan.revision + 1 } };
    case 'establish':
      if (plan.state !== 'draft') {
        return { ok: false, reason: 'not_a_draft' };
      }
      if (event.revision !== plan.revision) {
        return { ok: false, reason: 'stale_revision' };
      }
      if (!event.talkDate) {
        return { ok: false, reason: 'talk_not_held' };
      }
      return {
        ok: true,
        next: {
          state: 'established',
          establishedVersion: plan.establishedVersion + 1,
          revision: plan.revision + 1,
        },
        newVersion: plan.establishedVersion + 1,
      };
    case 'reopen':
      if (plan.state === 'draft') {
        return { ok: false, reason: 'already_a_draft' };
      }
      return { ok: true, next: { ...plan, state: 'draft', revision: plan.revision + 1 } };
  }
}

/** What each refusal means to the person who tried, in Swedish. */
export const REFUSAL_MESSAGES: Readonly<Record<TransitionRefusal, string>> = {
  stale_revision:
    'Planen har ändrats av någon annan sedan du öppnade den. Dina ändringar sparades inte: ladda om sidan och gör dem igen.',
  not_a_draft:
    'Planen är fastställd och kan inte ändras. Öppna ett nytt utkast för att göra ändringar.',
  talk_not_held:
    'Planen fastställs när utvecklingssamtalet är hållet: ange samtalets datum (i dag eller tidigare) först.',
  already_a_draft: 'Det finns redan ett utkast till nästa version.',
};
