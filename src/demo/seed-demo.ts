import { randomBytes } from 'node:crypto';

import { MikroORM } from '@mikro-orm/postgresql';

import { AccountDemoSeedWriter } from '../auth/demo-seed.writer';
import { hashPassword } from '../auth/passwords';
import type { AppConfig } from '../config/app-config';
import { withMigrationLock } from '../database/migrate';
import { buildOrmOptions } from '../database/mikro-orm.options';
import { DirectoryDemoSeedWriter } from '../directory/demo-seed.writer';
import { DirectoryImporter } from '../directory/directory-importer';
import { buildDemoDirectory, DEMO_ACCOUNTS } from './demo-directory';
import { seedDemoPlans } from './demo-plans';
import { seedDemoRequests } from './demo-requests';
import { seedDemoRetention } from './demo-retention';
import { seedDemoTalks } from './demo-talks';

export interface DemoSeedResult {
  readonly seeded: boolean;
  readonly usernames: readonly string[];
  /** Set when the password was generated (DEMO_PASSWORD unset), to be shown once. */
  readonly generatedPassword: string | null;
}

/**
 * Loads the demo municipality into an empty directory, through the same
 * importer as a real file, and gives the demo accounts their password.
 * Never in production (the config refuses it); never over existing people.
 * Under the migrations' lock: processes started at once on an empty database
 * take turns, so the first seeds and the others find people and leave it.
 */
export async function seedDemoData(
  config: AppConfig,
  options: { withPlans?: boolean } = {},
): Promise<DemoSeedResult> {
  if (!config.demo.enabled) {
    return { seeded: false, usernames: [], generatedPassword: null };
  }
  return withMigrationLock(config, () => seedUnderLock(config, options));
}

async function seedUnderLock(
  config: AppConfig,
  options: { withPlans?: boolean },
): Promise<DemoSeedResult> {
  const orm = await MikroORM.init(buildOrmOptions(config));
  try {
    const em = orm.em.fork();
    const directory = new DirectoryDemoSeedWriter();
    if (await directory.hasAnyPerson(em)) {
      return { seeded: false, usernames: [], generatedPassword: null };
    }
    await new DirectoryImporter(em, config.municipality.name).apply(buildDemoDirectory());

    const generatedPassword = config.demo.password
      ? null
      : `demo-${randomBytes(6).toString('base64url')}`;
    const passwordHash = await hashPassword(config.demo.password ?? generatedPassword ?? '');
    const accounts = new AccountDemoSeedWriter();
    await em.transactional(async (tem) => {
      for (const [username, personKey] of Object.entries(DEMO_ACCOUNTS)) {
        const person = await directory.findPerson(tem, personKey);
        if (person) {
          await accounts.setCredentials(tem, person.id, { username, passwordHash });
        }
      }
    });
    if (options.withPlans !== false) {
      await em.transactional((tem) => seedDemoPlans(tem, config));
      await em.transactional((tem) => seedDemoRequests(tem, config));
      await em.transactional((tem) => seedDemoRetention(tem, config));
      await em.transactional((tem) => seedDemoTalks(tem));
    }
    return { seeded: true, usernames: Object.keys(DEMO_ACCOUNTS), generatedPassword };
  } finally {
    await orm.close(true);
  }
}
