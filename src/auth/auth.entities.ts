import { BigIntType, EntityName, type Opt } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

import type { JsonObject, JsonValue, TablesOf } from '../database/kysely';
import { Account } from './account.entity';

/**
 * express-session's store, in connect-pg-simple's table layout (which fixes
 * the column types); written only by that store.
 */
@Entity({ tableName: 'http_session' })
export class HttpSession {
  [EntityName]?: 'HttpSession';

  @PrimaryKey({ type: 'string', columnType: 'varchar' })
  sid!: string;

  /** The session as express-session serialises it (json, not jsonb: the store's layout). */
  @Property({ type: 'json', columnType: 'json' })
  sess!: JsonSession;

  @Property({ type: 'Date', columnType: 'timestamp(6)', index: 'http_session_expire_idx' })
  expire!: Date;
}

/** What express-session keeps of a session: its cookie and whatever the service put in it. */
export interface JsonSession {
  readonly cookie: JsonObject;
  readonly [key: string]: JsonValue;
}

/**
 * The login limits (failures per client address, per username and address,
 * the locks they start, the addresses each account signed in from), in
 * rate-limiter-flexible's table layout; written only through that library
 * (`login-rate-limiter.ts`). Usernames appear only as hashes.
 */
@Entity({ tableName: 'login_rate_limit' })
export class LoginRateLimit {
  [EntityName]?: 'LoginRateLimit';

  @PrimaryKey({ type: 'string', columnType: 'varchar(255)' })
  key!: string;

  @Property({ type: 'integer', default: 0 })
  points!: Opt<number>;

  /** Milliseconds since the epoch; bigint, so pg returns it as a string. */
  @Property({ type: new BigIntType('string'), nullable: true })
  expire!: string | null;
}

/** Every table the auth module owns. */
export const AUTH_ENTITIES = [Account, HttpSession, LoginRateLimit];

export type AuthTables = TablesOf<typeof Account | typeof HttpSession | typeof LoginRateLimit>;
