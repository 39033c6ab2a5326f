import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  currentSettingsBlock,
  readSettings,
  renderSettingsTable,
  replaceSettingsBlock,
  settingsBlock,
  SETTINGS_END,
  SETTINGS_START,
} from './settings-docs';

const ROOT = join(__dirname, '..', '..');
const README = join(ROOT, 'README.md');

describe("the README's table of settings", () => {
  it('is what `npm run docs:settings` makes of EnvironmentVariables', async () => {
    const source = readFileSync(join(__dirname, 'app-config.ts'), 'utf8');
    const expected = await settingsBlock(source, README);
    const actual = currentSettingsBlock(readFileSync(README, 'utf8'));

    if (actual !== expected) {
      const shown = new Set(actual.split('\n'));
      const missing = expected.split('\n').filter((line) => !shown.has(line));
      throw new Error(
        "README.md's table of settings is out of date: run `npm run docs:settings`.\n" +
          `Lines it should have:\n${missing.join('\n')}`,
      );
    }
  });

  it('has a row for every setting, the secrets marked as readable from a file', () => {
    const source = readFileSync(join(__dirname, 'app-config.ts'), 'utf8');
    const block = currentSettingsBlock(readFileSync(README, 'utf8'));

    for (const { name } of readSettings(source)) {
      expect(block).toMatch(new RegExp(`^\\| \`${name}\` `, 'm'));
    }
    expect(block).toContain('`SESSION_SECRET_FILE`');
  });
});

describe('readSettings', () => {
  const source = `
    export class EnvironmentVariables {
      /** The port. */
      PORT = 3000;

      /**
       * Where it is,
       * over two lines | with a pipe.
       */
      PLACE = 'here';

      /** Unset: none. */
      SESSION_SECRET?: string = undefined;

      /** Empty: everyone. */
      LIST = '';

      /**
       * Computed.
       * @default \`http://localhost:<PORT>\`
       */
      PUBLIC_BASE_URL?: string = undefined;
    }`;

  it('gives each property its default and its JSDoc in one line', () => {
    expect(readSettings(source)).toEqual([
      { name: 'PORT', defaultText: '`3000`', description: 'The port.' },
      {
        name: 'PLACE',
        defaultText: '`here`',
        description: 'Where it is, over two lines | with a pipe.',
      },
      { name: 'SESSION_SECRET', defaultText: '—', description: 'Unset: none.' },
      { name: 'LIST', defaultText: '—', description: 'Empty: everyone.' },
      {
        name: 'PUBLIC_BASE_URL',
        defaultText: '`http://localhost:<PORT>`',
        description: 'Computed.',
      },
    ]);
  });

  it('refuses a setting without a JSDoc comment, naming it', () => {
    expect(() =>
      readSettings(
        'export class EnvironmentVariables {\n  /** Yes. */\n  A = 1;\n  B = 2;\n  C = 3;\n}',
      ),
    ).toThrow(/without a JSDoc comment in app-config.ts: B, C\./);
  });

  it('escapes pipes and notes the _FILE variant of a secret', () => {
    const table = renderSettingsTable(readSettings(source));

    expect(table).toContain('over two lines \\| with a pipe.');
    expect(table).toContain(
      '| `SESSION_SECRET` | — | Unset: none. Also from a file: `SESSION_SECRET_FILE`. |',
    );
    expect(table).not.toContain('`PORT_FILE`');
  });
});

describe('replaceSettingsBlock', () => {
  it('replaces only what is between the markers', () => {
    const readme = `# Title\n\n${SETTINGS_START}\n\nold table\n\n${SETTINGS_END}\n\nAfter.\n`;

    const updated = replaceSettingsBlock(readme, '| new |\n');

    expect(updated).toBe(`# Title\n\n${SETTINGS_START}\n\n| new |\n\n${SETTINGS_END}\n\nAfter.\n`);
    expect(currentSettingsBlock(updated)).toBe('| new |\n');
  });

  it('fails when the README has no markers', () => {
    expect(() => currentSettingsBlock('# Title\n')).toThrow(/markers/);
  });
});
