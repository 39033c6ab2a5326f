import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import { currentSettingsBlock, replaceSettingsBlock, settingsBlock } from './settings-docs';

/**
 * `npm run docs:settings [-- --check]`: writes the README's table of settings
 * from `EnvironmentVariables` (src/config/app-config.ts). With `--check` it
 * writes nothing and exits 1 when the table is out of date.
 */
const PROJECT_ROOT = resolve(__dirname, '..', '..');

async function main(): Promise<number> {
  const check = process.argv.slice(2).includes('--check');
  const readmePath = join(PROJECT_ROOT, 'README.md');
  const [readme, source] = await Promise.all([
    readFile(readmePath, 'utf8'),
    readFile(join(PROJECT_ROOT, 'src', 'config', 'app-config.ts'), 'utf8'),
  ]);
  const block = await settingsBlock(source, readmePath);
  if (currentSettingsBlock(readme) === block) {
    process.stdout.write('README.md: the table of settings is up to date.\n');
    return 0;
  }
  if (check) {
    process.stderr.write(
      'README.md: the table of settings is out of date; run `npm run docs:settings`.\n',
    );
    return 1;
  }
  await writeFile(readmePath, replaceSettingsBlock(readme, block));
  process.stdout.write('README.md: the table of settings was rewritten.\n');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  },
);
