import type { EntityManager } from '@mikro-orm/postgresql';

import { baseUsername } from '../directory/usernames';
import type { AuthTables } from './auth.entities';

/**
 * The usernames in use, read once per directory import, so that a new person's username (the
 * name, or the name with the lowest free number) needs no query of its own. Only the import adds
 * to it; if another writer takes a name meanwhile, the insert conflicts, the import redoes that
 * chunk item by item and `forget`s, and the next name is taken from a fresh read.
 */
export class UsernamePool {
  private taken: Set<string> | undefined;
  /** Per base name: the lowest number that may still be free. */
  private readonly nextSuffix = new Map<string, number>();

  /** A pool that knows these names are taken (for tests). */
  static knowing(taken: Iterable<string>): UsernamePool {
    const pool = new UsernamePool();
    pool.taken = new Set(taken);
    return pool;
  }

  forget(): void {
    this.taken = undefined;
    this.nextSuffix.clear();
  }

  async take(em: EntityManager, givenName: string, familyName: string): Promise<string> {
    if (!this.taken) {
      const rows = await em
        .getKysely<AuthTables>()
        .selectFrom('account')
        .select('username')
        .execute();
      this.taken = new Set(rows.map((row) => row.username));
    }
    return this.next(this.taken, givenName, familyName);
  }

  /** The base name, or the base name with the lowest free number after it; now taken. */
  takeKnown(givenName: string, familyName: string): string {
    if (!this.taken) {
      throw new Error('The pool has not read the usernames in use');
    }
    return this.next(this.taken, givenName, familyName);
  }

  private next(taken: Set<string>, givenName: string, familyName: string): string {
    const base = baseUsername(givenName, familyName);
    let username = base;
    if (taken.has(base)) {
      let suffix = this.nextSuffix.get(base) ?? 2;
      while (taken.has(`${base}${suffix}`)) {
        suffix += 1;
      }
      username = `${base}${suffix}`;
      this.nextSuffix.set(base, suffix + 1);
    }
    taken.add(username);
    return username;
  }
}
