import { createHash } from 'node:crypto';

import { Client, type QueryConfig } from 'pg';

/** SQLSTATE 0A000 with this text: a table changed shape under a prepared statement. */
const RESULT_TYPE_CHANGED = 'cached plan must not change result type';

/**
 * Which statement texts are sent as named (prepared) statements, and under what name.
 *
 * A text is named the second time this process sends it, so the shapes built only once (an
 * `in` list of one length, a migration) never are. At most `limit` texts are named per process,
 * and the texts seen once are forgotten when more than `seenLimit` of them pile up, so neither
 * this process nor a database connection holds an unbounded number of statements.
 */
export class StatementNames {
  private readonly named = new Map<string, string>();
  private readonly seenOnce = new Set<string>();

  constructor(
    readonly limit = 400,
    private readonly seenLimit = 4000,
  ) {}

  /** The name to send `text` under, or undefined to send it unnamed this time. */
  nameFor(text: string): string | undefined {
    const name = this.named.get(text);
    if (name !== undefined || this.named.size >= this.limit) return name;
    if (!this.seenOnce.delete(text)) {
      if (this.seenOnce.size >= this.seenLimit) this.seenOnce.clear();
      this.seenOnce.add(text);
      return undefined;
    }
    const promoted = `iup_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
    this.named.set(text, promoted);
    return promoted;
  }

  get size(): number {
    return this.named.size;
  }
}

/** One registry per process: the same text has the same name on every connection. */
export const statementNames = new StatementNames();

/**
 * A node-postgres client that sends the statements this process repeats as named statements:
 * PostgreSQL then parses each once per connection and, once its generic plan is as good as a
 * fresh one, plans it once too. For the short reads of every request (the signed-in person,
 * the access policy's facts, the guard's names) planning took as long as running them.
 *
 * Only texts with parameters are named: a text without them goes by the simple protocol, which
 * is what lets a migration send several statements at once. Kysely (and so MikroORM) calls
 * `query(text, values)` and pg's Pool `query(text, values, callback)`; every other form (a
 * query object, a cursor) passes through unchanged.
 *
 * A statement prepared before a table changed shape fails with "cached plan must not change
 * result type" (a migration while this process runs). This connection then sends that text
 * unnamed from then on; outside a transaction the statement is sent again at once, so the
 * caller never sees it, and inside one the caller sees it as any failed statement.
 */
export class PreparingClient extends Client {
  private readonly stale = new Set<string>();

  // Overloads of pg's `query` are many; this one catches the (text, values) form only.
  override query(...args: unknown[]): never {
    const [text, values, callback] = args;
    if (
      typeof text === 'string' &&
      Array.isArray(values) &&
      values.length > 0 &&
      (callback === undefined || typeof callback === 'function')
    ) {
      const name = statementNames.nameFor(text);
      if (name !== undefined && !this.stale.has(name)) {
        const result = this.named({ name, text, values });
        if (callback === undefined) return result as never;
        // pg's Pool passes a callback, as (error, result).
        const done = callback as (error: Error | null, result?: unknown) => void;
        result.then(
          (value) => done(null, value),
          (error: Error) => done(error),
        );
        return undefined as never;
      }
    }
    return (super.query as (...rest: unknown[]) => never)(...args);
  }

  private async named(config: QueryConfig & { name: string }): Promise<unknown> {
    try {
      return await (super.query as (query: QueryConfig) => Promise<unknown>)(config);
    } catch (error) {
      if (!(error as { message?: string }).message?.includes(RESULT_TYPE_CHANGED)) throw error;
      this.stale.add(config.name);
      // 'I': no transaction was aborted by the failure, so sending it again is safe.
      if (this.getTransactionStatus() !== 'I') throw error;
      return (super.query as (text: string, values: unknown[]) => Promise<unknown>)(
        config.text,
        config.values ?? [],
      );
    }
  }
}
