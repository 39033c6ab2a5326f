import {
  AuditEntryContent,
  canonicalizeEntry,
  ChainedAuditEntry,
  computeEntryHash,
  GENESIS_HASH,
  InvalidAuditEventError,
  toAuditEntryContent,
  verifyChain,
} from './audit-chain';

const ACCOUNT = '0b0e7c1e-3f1a-4c55-9a53-6a1c0d8e2f10';
const PERSON = '5d2f4a8b-9c1e-4f3a-8b7d-2e6c9a1f0b34';
const PUPIL = 'c7a1e3d5-2b4f-4a6c-8e0d-1f3b5d7a9c2e';

function content(overrides: Partial<AuditEntryContent> = {}): AuditEntryContent {
  return {
    occurredAt: new Date('2026-11-28T18:00:00.123Z'),
    action: 'pupil.profile.read',
    actorAccountId: ACCOUNT,
    actorPersonId: PERSON,
    actorRoles: ['teacher'],
    pupilId: PUPIL,
    targetType: 'pupil',
    targetId: PUPIL,
    details: { section: 'profile' },
    requestId: 'req-1',
    ...overrides,
  };
}

/** Links contents into a valid chain, ids "1", "2", ... */
function chainOf(contents: AuditEntryContent[]): ChainedAuditEntry[] {
  const entries: ChainedAuditEntry[] = [];
  let previous = GENESIS_HASH;
  contents.forEach((item, index) => {
    const hash = computeEntryHash(previous, item);
    entries.push({ ...item, id: String(index + 1), prevHash: previous, hash });
    previous = hash;
  });
  return entries;
}

function fiveEntries(): ChainedAuditEntry[] {
  return chainOf(
    [
      'auth.login.succeeded',
      'pupil.profile.read',
      'plan.goal.changed',
      'plan.established',
      'x.y',
    ].map((action, index) =>
      content({ action, occurredAt: new Date(Date.UTC(2026, 10, 28, 18, 0, index)) }),
    ),
  );
}

describe('canonicalizeEntry', () => {
  it('writes sorted keys, an ISO timestamp and explicit nulls', () => {
    const text = canonicalizeEntry(
      content({ pupilId: null, targetType: null, targetId: null, requestId: null, details: {} }),
    );

    expect(text).toBe(
      '{"action":"pupil.profile.read",' +
        `"actorAccountId":"${ACCOUNT}","actorPersonId":"${PERSON}","actorRoles":["teacher"],` +
        '"details":{},"occurredAt":"2026-11-28T18:00:00.123Z",' +
        '"pupilId":null,"requestId":null,"targetId":null,"targetType":null}',
    );
  });

  it('does not depend on the order in which details were written', () => {
    const first = canonicalizeEntry(content({ details: { b: 1, a: 'x', '10': true, '2': null } }));
    const second = canonicalizeEntry(content({ details: { '2': null, a: 'x', '10': true, b: 1 } }));

    expect(first).toBe(second);
    expect(first).toContain('"details":{"10":true,"2":null,"a":"x","b":1}');
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalizeEntry(content({ details: { count: Number.NaN } }))).toThrow();
    expect(() => canonicalizeEntry(content({ occurredAt: new Date(Number.NaN) }))).toThrow();
  });
});

describe('computeEntryHash', () => {
  it('is SHA-256 hex over the previous hash, a newline and the canonical entry', () => {
    // Pinned (checked with printf | sha256sum): a changed canonical form would make every stored
    // chain unverifiable.
    expect(computeEntryHash(GENESIS_HASH, content())).toBe(
      'ae1808e7879c0f62ce0ca22cd7798f0812b0c97d347537e743eb56c20b1e4daa',
    );
  });

  it('depends on the previous hash', () => {
    expect(computeEntryHash(GENESIS_HASH, content())).not.toBe(
      computeEntryHash('f'.repeat(64), content()),
    );
  });
});

describe('verifyChain', () => {
  it('accepts a valid chain and counts its entries', () => {
    expect(verifyChain(fiveEntries())).toEqual({
      ok: true,
      checked: 5,
      firstBrokenEntry: null,
      lastHash: fiveEntries()[4].hash,
    });
  });

  it('accepts an empty log', () => {
    expect(verifyChain([])).toEqual({
      ok: true,
      checked: 0,
      firstBrokenEntry: null,
      lastHash: GENESIS_HASH,
    });
  });

  it('continues from the hash of a previous batch', () => {
    const entries = fiveEntries();
    const first = verifyChain(entries.slice(0, 2));

    expect(verifyChain(entries.slice(2), first.lastHash)).toMatchObject({ ok: true, checked: 3 });
    expect(verifyChain(entries.slice(2))).toMatchObject({
      ok: false,
      firstBrokenEntry: { id: '3' },
    });
  });

  const changes: [string, Partial<AuditEntryContent>][] = [
    ['occurredAt', { occurredAt: new Date('2026-11-28T18:00:02.124Z') }],
    ['action', { action: 'plan.goal.read' }],
    ['actorAccountId', { actorAccountId: null }],
    ['actorPersonId', { actorPersonId: PUPIL }],
    ['actorRoles', { actorRoles: ['principal', 'teacher'] }],
    ['pupilId', { pupilId: PERSON }],
    ['targetType', { targetType: 'plan' }],
    ['targetId', { targetId: 'other' }],
    ['details', { details: { section: 'goals' } }],
    ['a detail type', { details: { section: 'profile', count: '1' } }],
    ['requestId', { requestId: null }],
  ];

  it.each(changes)('detects a changed %s', (_field, change) => {
    const entries = fiveEntries();
    entries[2] = { ...entries[2], ...change };

    const result = verifyChain(entries);

    expect(result.ok).toBe(false);
    expect(result.checked).toBe(3);
    expect(result.firstBrokenEntry).toEqual({
      id: '3',
      reason: 'hash does not match the content of the entry (the entry was changed)',
    });
  });

  it('detects a changed entry whose own hash was recomputed, at the entry after it', () => {
    const entries = fiveEntries();
    const changed = { ...entries[2], details: { section: 'goals' } };
    entries[2] = { ...changed, hash: computeEntryHash(changed.prevHash, changed) };

    expect(verifyChain(entries).firstBrokenEntry?.id).toBe('4');
  });

  it('detects a changed prev_hash or hash', () => {
    const entries = fiveEntries();
    const withPrevious = [...entries];
    withPrevious[1] = { ...entries[1], prevHash: 'a'.repeat(64) };
    const withHash = [...entries];
    withHash[1] = { ...entries[1], hash: 'a'.repeat(64) };

    expect(verifyChain(withPrevious).firstBrokenEntry?.id).toBe('2');
    expect(verifyChain(withHash).firstBrokenEntry?.id).toBe('2');
  });

  it('detects two entries swapped', () => {
    const entries = fiveEntries();
    const reordered = [entries[0], entries[2], entries[1], entries[3], entries[4]];

    expect(verifyChain(reordered)).toMatchObject({
      ok: false,
      checked: 2,
      firstBrokenEntry: {
        id: '3',
        reason:
          'prev_hash does not match the hash of the preceding entry (an entry was deleted, inserted or moved)',
      },
    });
  });

  it('detects a deleted middle entry at the entry after it', () => {
    const entries = fiveEntries();
    entries.splice(2, 1);

    expect(verifyChain(entries)).toMatchObject({ ok: false, firstBrokenEntry: { id: '4' } });
  });

  it('detects a deleted first entry', () => {
    const result = verifyChain(fiveEntries().slice(1));

    expect(result.firstBrokenEntry?.id).toBe('2');
    expect(result.firstBrokenEntry?.reason).toMatch(/genesis/);
  });

  it('detects an inserted entry, even one correctly linked to its predecessor', () => {
    const entries = fiveEntries();
    const forged = content({ action: 'plan.goal.read' });
    const inserted: ChainedAuditEntry = {
      ...forged,
      id: '99',
      prevHash: entries[1].hash,
      hash: computeEntryHash(entries[1].hash, forged),
    };
    entries.splice(2, 0, inserted);

    expect(verifyChain(entries)).toMatchObject({
      ok: false,
      checked: 4,
      firstBrokenEntry: { id: '3' },
    });
  });

  it('reports content the database should never hold instead of throwing', () => {
    const entries = fiveEntries();
    entries[0] = { ...entries[0], details: { nested: { deep: undefined } } as never };

    expect(verifyChain(entries).firstBrokenEntry?.reason).toMatch(/cannot be serialized/);
  });
});

describe('toAuditEntryContent', () => {
  const now = new Date('2026-11-28T18:30:00.000Z');

  it('normalizes an event to what the database returns', () => {
    expect(
      toAuditEntryContent(
        {
          action: 'auth.login.succeeded',
          actor: {
            accountId: ACCOUNT.toUpperCase(),
            personId: null,
            roles: ['teacher', 'admin', 'teacher'],
          },
        },
        now,
      ),
    ).toEqual({
      occurredAt: now,
      action: 'auth.login.succeeded',
      actorAccountId: ACCOUNT,
      actorPersonId: null,
      actorRoles: ['admin', 'teacher'],
      pupilId: null,
      targetType: null,
      targetId: null,
      details: {},
      requestId: null,
    });
  });

  it('keeps a given time and details', () => {
    const occurredAt = new Date('2026-01-01T00:00:00.001Z');
    const result = toAuditEntryContent(
      {
        action: 'directory.import.completed',
        actor: { accountId: null, personId: null },
        occurredAt,
        details: { created: 3, ids: ['a', 1], dryRun: false, source: null },
      },
      now,
      'job-7',
    );

    expect(result.occurredAt).toEqual(occurredAt);
    expect(result.details).toEqual({ created: 3, ids: ['a', 1], dryRun: false, source: null });
    expect(result.requestId).toBe('job-7');
  });

  const invalid: [string, Parameters<typeof toAuditEntryContent>[0]][] = [
    [
      'an action that is not dotted',
      { action: 'login', actor: { accountId: null, personId: null } },
    ],
    [
      'an action in camel case',
      { action: 'pupil.profileRead', actor: { accountId: null, personId: null } },
    ],
    [
      'an account id that is not a uuid',
      { action: 'a.b', actor: { accountId: '42', personId: null } },
    ],
    [
      'a pupil id that is not a uuid',
      { action: 'a.b', actor: { accountId: null, personId: null }, pupilId: 'x' },
    ],
    [
      'a role with spaces',
      { action: 'a.b', actor: { accountId: null, personId: null, roles: ['a b'] } },
    ],
    [
      'an invalid date',
      { action: 'a.b', actor: { accountId: null, personId: null }, occurredAt: new Date('x') },
    ],
    [
      'an empty target id',
      { action: 'a.b', actor: { accountId: null, personId: null }, targetId: '' },
    ],
    [
      'a NUL character',
      { action: 'a.b', actor: { accountId: null, personId: null }, details: { a: 'x\u0000' } },
    ],
    [
      'a lone surrogate',
      { action: 'a.b', actor: { accountId: null, personId: null }, details: { a: '\ud800' } },
    ],
    [
      'a nested object',
      {
        action: 'a.b',
        actor: { accountId: null, personId: null },
        details: { a: { b: 1 } } as never,
      },
    ],
    [
      'an infinite number',
      { action: 'a.b', actor: { accountId: null, personId: null }, details: { a: Infinity } },
    ],
    [
      'long free text',
      {
        action: 'a.b',
        actor: { accountId: null, personId: null },
        details: { a: 'x'.repeat(20_000) },
      },
    ],
  ];

  it.each(invalid)('refuses %s', (_case, event) => {
    expect(() => toAuditEntryContent(event, now)).toThrow(InvalidAuditEventError);
  });
});
