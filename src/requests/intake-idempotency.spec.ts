import type { Actor } from '../auth/actor';
import {
  canonicalJson,
  idempotencyClaim,
  intakeRouteOf,
  openReceiptCode,
  sealReceiptCode,
} from './intake-idempotency';
import type { Origin } from './request-intake.service';

const anonymous: Origin = { channel: 'api', clientAddress: '192.0.2.1' };
const actor = (accountId: string) => ({ accountId }) as unknown as Actor;
const guardian = (accountId: string, pupilId: string): Origin => ({
  channel: 'guardian',
  actor: actor(accountId),
  pupilId,
});
const body = { description: 'Planerna.', delivery: 'electronic' };

describe('idempotent intake', () => {
  it('keeps each route’s keys apart', () => {
    expect(intakeRouteOf(anonymous)).toBe('public');
    expect(intakeRouteOf({ channel: 'web', clientAddress: 'x' })).toBe('public');
    expect(intakeRouteOf(guardian('a', 'p'))).toBe('guardian');
    expect(intakeRouteOf({ channel: 'letter', actor: actor('a'), receivedOn: '2026-12-01' })).toBe(
      'registered',
    );
    expect(
      intakeRouteOf({ channel: 'forwarded', actor: actor('a'), receivedOn: '2026-12-01' }),
    ).toBe('forwarded');
  });

  it('finds a key per route and caller; anonymous callers share the key alone', () => {
    const claim = idempotencyClaim('k1', anonymous, body);
    expect(idempotencyClaim('k1', { channel: 'api', clientAddress: '198.51.100.7' }, body)).toEqual(
      claim,
    );
    expect(idempotencyClaim('k2', anonymous, body).keyHash).not.toBe(claim.keyHash);
    expect(idempotencyClaim('k1', guardian('a', 'p'), body).keyHash).not.toBe(claim.keyHash);
    expect(idempotencyClaim('k1', guardian('a', 'p'), body).keyHash).not.toBe(
      idempotencyClaim('k1', guardian('b', 'p'), body).keyHash,
    );
    expect(claim.keyHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('fingerprints what is filed, whatever the order of its fields', () => {
    const claim = idempotencyClaim('k1', anonymous, body);
    expect(
      idempotencyClaim('k1', anonymous, { delivery: 'electronic', description: 'Planerna.' })
        .fingerprint,
    ).toBe(claim.fingerprint);
    expect(
      idempotencyClaim('k1', anonymous, { ...body, description: 'Något annat.' }).fingerprint,
    ).not.toBe(claim.fingerprint);
    // Another child, the same body: another filing.
    expect(idempotencyClaim('k1', guardian('a', 'p1'), body).fingerprint).not.toBe(
      idempotencyClaim('k1', guardian('a', 'p2'), body).fingerprint,
    );
    // Keyed with the client's key: the body cannot be confirmed from the table without it.
    expect(idempotencyClaim('k2', anonymous, body).fingerprint).not.toBe(claim.fingerprint);
  });

  it('writes canonical JSON: keys sorted at every depth, undefined left out', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"e":0,"f":1}]},"b":1}',
    );
  });

  it('seals the receipt code so that only the key opens it', () => {
    const keyHash = idempotencyClaim('k1', anonymous, body).keyHash;
    const sealed = sealReceiptCode('k1', keyHash, 'K7QF-M2XD-9PZC');
    expect(sealed.toString('latin1')).not.toContain('K7QF');
    expect(openReceiptCode('k1', keyHash, sealed)).toBe('K7QF-M2XD-9PZC');
    expect(() => openReceiptCode('k2', keyHash, sealed)).toThrow();
    expect(() => openReceiptCode('k1', 'another row', sealed)).toThrow();
    // A fresh salt and nonce each time.
    expect(sealReceiptCode('k1', keyHash, 'K7QF-M2XD-9PZC').equals(sealed)).toBe(false);
  });
});
