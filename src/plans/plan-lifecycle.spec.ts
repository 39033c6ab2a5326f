import { transition } from './plan-lifecycle';

const draft = { state: 'draft' as const, establishedVersion: 0, revision: 3 };

describe('plan lifecycle', () => {
  it('saves a draft and bumps its revision', () => {
    expect(transition(draft, { type: 'save', revision: 3 })).toEqual({
      ok: true,
      next: { state: 'draft', establishedVersion: 0, revision: 4 },
    });
  });

  it('refuses a save based on an old revision (someone else saved in between)', () => {
    expect(transition(draft, { type: 'save', revision: 2 })).toEqual({
      ok: false,
      reason: 'stale_revision',
    });
  });

  it('establishes a draft once the talk is held, as the next version', () => {
    expect(transition(draft, { type: 'establish', revision: 3, talkDate: '2026-11-20' })).toEqual({
      ok: true,
      next: { state: 'established', establishedVersion: 1, revision: 4 },
      newVersion: 1,
    });
  });

  it('refuses to establish before the talk, or from an old revision', () => {
    expect(transition(draft, { type: 'establish', revision: 3, talkDate: null })).toEqual({
      ok: false,
      reason: 'talk_not_held',
    });
    expect(transition(draft, { type: 'establish', revision: 1, talkDate: '2026-11-20' })).toEqual({
      ok: false,
      reason: 'stale_revision',
    });
  });

  it('never changes an established plan; a change needs the next draft', () => {
    const established = { state: 'established' as const, establishedVersion: 1, revision: 4 };

    expect(transition(established, { type: 'save', revision: 4 })).toEqual({
      ok: false,
      reason: 'not_a_draft',
    });
    expect(
      transition(established, { type: 'establish', revision: 4, talkDate: '2026-11-21' }),
    ).toEqual({
      ok: false,
      reason: 'not_a_draft',
    });
    const reopened = transition(established, { type: 'reopen' });
    expect(reopened).toEqual({
      ok: true,
      next: { state: 'draft', establishedVersion: 1, revision: 5 },
    });
    if (reopened.ok) {
      expect(
        transition(reopened.next, { type: 'establish', revision: 5, talkDate: '2027-04-02' }),
      ).toMatchObject({
        ok: true,
        newVersion: 2,
      });
    }
  });

  it('does not reopen a draft', () => {
    expect(transition(draft, { type: 'reopen' })).toEqual({ ok: false, reason: 'already_a_draft' });
  });
});
