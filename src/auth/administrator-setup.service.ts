import { randomUUID } from 'node:crypto';

import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';

import type { AuditActor } from '../audit/audit-event';
import { AuditService } from '../audit/audit.service';
import { DomainError, ErrorCode } from '../common/errors/domain-error';
import { AdministratorDutyWriter } from '../directory/administrator-duty.writer';
import { storePasswordHash } from './account-password.writer';
import type { AuthTables } from './auth.entities';
import type { LoginRateLimiter } from './login-rate-limiter';
import { assertPasswordAllowed } from './password-rules';
import { hashPassword } from './passwords';

/** Lower-case letters, digits and `. _ @ -`, as the import makes usernames and login compares them. */
const USERNAME = /^[a-z0-9][a-z0-9._@-]{1,99}$/;

/** Who sets up an administrator from the command line: the system, no account. */
export const COMMAND_LINE_ACTOR: AuditActor = {
  accountId: null,
  personId: null,
  roles: ['system'],
};

export interface AdministratorSetup {
  readonly username: string;
  readonly password: string;
  /** An existing account of that username gets the password and the administrator duty. */
  readonly reset: boolean;
  /** The name of the person made for a new account; `Administratör <username>` when not given. */
  readonly name?: { readonly givenName: string; readonly familyName: string };
}

export interface AdministratorSetupResult {
  readonly outcome: 'created' | 'reset';
  readonly accountId: string;
  readonly personId: string;
  /** False when the person already had an administrator duty in force. */
  readonly dutyGranted: boolean;
}

/**
 * `npm run admin:create`: the first administrator of a production install,
 * where nobody can yet give anyone a password. Makes a person with an
 * administrator duty and an account with a password (the web's password
 * rules), or — with `reset` — gives an existing account a new password, the
 * administrator duty and lifts any lock or block. One transaction, audited
 * with the command line as actor.
 */
export class AdministratorSetupService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly loginLimits: Pick<LoginRateLimiter, 'forgetFailures'>,
    private readonly directory = new AdministratorDutyWriter(),
  ) {}

  async setUpAdministrator(setup: AdministratorSetup): Promise<AdministratorSetupResult> {
    const username = normaliseUsername(setup.username);
    assertPasswordAllowed(setup.password);
    const passwordHash = await hashPassword(setup.password);
    const result = await this.em.fork().transactional(async (em) => {
      const db = em.getKysely<AuthTables>();
      // Two set-ups of one username at once: the second waits and then sees the first's account.
      // Raw SQL: Kysely has no builder for PostgreSQL's advisory locks.
      await sql`select pg_advisory_xact_lock(hashtext(${`iup:admin-create:${username}`}))`.execute(
        db,
      );
      const existing = await db
        .selectFrom('account')
        .select(['id', 'person_id'])
        .where('username', '=', username)
        .executeTakeFirst();
      if (existing && !setup.reset) {
        throw new DomainError(ErrorCode.Conflict, `Kontot ${username} finns redan.`);
      }

      let result: AdministratorSetupResult;
      if (existing) {
        await storePasswordHash(em, existing.id, passwordHash, { enable: true });
        const dutyGranted = await this.directory.grantAdministratorDuty(em, existing.person_id);
        result = {
          outcome: 'reset',
          accountId: existing.id,
          personId: existing.person_id,
          dutyGranted,
        };
      } else {
        const personId = await this.directory.createPerson(
          em,
          setup.name ?? { givenName: 'Administratör', familyName: username },
        );
        const dutyGranted = await this.directory.grantAdministratorDuty(em, personId);
        const accountId = randomUUID();
        await db
          .insertInto('account')
          .values({
            id: accountId,
            person_id: personId,
            username,
            password_hash: passwordHash,
            locked_until: null,
            last_login_at: null,
            deactivated_at: null,
            created_at: sql<Date>`now()`,
            updated_at: sql<Date>`now()`,
          })
          .execute();
        result = { outcome: 'created', accountId, personId, dutyGranted };
      }
      await this.audit.record(em, {
        action:
          result.outcome === 'created' ? 'auth.administrator.created' : 'auth.administrator.reset',
        actor: COMMAND_LINE_ACTOR,
        targetType: 'account',
        targetId: result.accountId,
        details: { via: 'command-line', dutyGranted: result.dutyGranted },
      });
      return result;
    });
    // As when an administrator sets a password on the web: the locks from wrong passwords go too.
    await this.loginLimits.forgetFailures(username);
    return result;
  }
}

/** The username as login compares it; refuses one the service could not have made. */
export function normaliseUsername(input: string): string {
  const username = input.trim().toLowerCase();
  if (!USERNAME.test(username)) {
    throw new DomainError(
      ErrorCode.ValidationFailed,
      'Användarnamnet ska ha 2–100 tecken: a–z, 0–9 och . _ @ - (börja med en bokstav eller siffra).',
      [{ field: 'username', problems: ['har otillåtna tecken eller fel längd'] }],
    );
  }
  return username;
}
