import { format, resolveConfig } from 'prettier';
import ts from 'typescript';

import { SECRET_FILE_SETTINGS } from './app-config';

/*
 * The README's table of settings, made from `EnvironmentVariables` in
 * app-config.ts: one row per property, with its default and its JSDoc
 * comment. `npm run docs:settings` writes it between the markers below; a
 * unit test (settings-docs.spec.ts) fails when the README's table differs from
 * what this makes, so a new setting or a changed description cannot be left
 * out of the README. A developer tool: the service never loads this file.
 */

export const SETTINGS_START = '<!-- settings:start (npm run docs:settings writes this table) -->';
export const SETTINGS_END = '<!-- settings:end -->';

export interface SettingDoc {
  readonly name: string;
  /** Markdown: the initializer as code, a `@default` tag's text, or — for none. */
  readonly defaultText: string;
  readonly description: string;
}

const CLASS_NAME = 'EnvironmentVariables';

/** Every setting of `EnvironmentVariables` in the source text of app-config.ts, in order. */
export function readSettings(source: string, fileName = 'app-config.ts'): SettingDoc[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2023, true);
  const declaration = file.statements.find(
    (statement): statement is ts.ClassDeclaration =>
      ts.isClassDeclaration(statement) && statement.name?.text === CLASS_NAME,
  );
  if (!declaration) {
    throw new Error(`${fileName} declares no class ${CLASS_NAME}`);
  }
  const undocumented: string[] = [];
  const settings = declaration.members
    .filter(
      (member): member is ts.PropertyDeclaration & { name: ts.Identifier } =>
        ts.isPropertyDeclaration(member) &&
        ts.isIdentifier(member.name) &&
        !member.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword),
    )
    .map((property) => {
      const name = property.name.text;
      const doc = ts.getJSDocCommentsAndTags(property).filter(ts.isJSDoc).at(-1);
      const description = oneLine(ts.getTextOfJSDocComment(doc?.comment) ?? '');
      if (description === '') {
        undocumented.push(name);
      }
      const defaultTag = doc?.tags?.find((tag) => tag.tagName.text === 'default');
      const defaultText = defaultTag
        ? oneLine(ts.getTextOfJSDocComment(defaultTag.comment) ?? '')
        : describeInitializer(property.initializer);
      return { name, defaultText, description };
    });
  if (undocumented.length > 0) {
    throw new Error(
      `Settings without a JSDoc comment in ${fileName}: ${undocumented.join(', ')}. ` +
        'Describe each one there: the comment is its line in the README.',
    );
  }
  return settings;
}

function describeInitializer(initializer: ts.Expression | undefined): string {
  if (!initializer || (ts.isIdentifier(initializer) && initializer.text === 'undefined')) {
    return '—';
  }
  if (ts.isStringLiteral(initializer) || ts.isNoSubstitutionTemplateLiteral(initializer)) {
    return initializer.text === '' ? '—' : code(initializer.text);
  }
  return code(oneLine(initializer.getText()));
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();
const code = (text: string): string => `\`${text}\``;
const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** The table as Markdown, before formatting. */
export function renderSettingsTable(settings: readonly SettingDoc[]): string {
  const secrets: readonly string[] = SECRET_FILE_SETTINGS;
  const rows = settings.map((setting) => {
    const fromFile = secrets.includes(setting.name)
      ? ` Also from a file: \`${setting.name}_FILE\`.`
      : '';
    return `| \`${setting.name}\` | ${cell(setting.defaultText)} | ${cell(setting.description)}${fromFile} |`;
  });
  return [
    '| variable | default | meaning |',
    '| --- | --- | --- |',
    ...rows,
    '',
    `Settings that may come from a file instead (\`X_FILE=/path\`, the value without its trailing line break; not both): ${SECRET_FILE_SETTINGS.map((name) => `\`${name}\``).join(', ')}.`,
    '',
  ].join('\n');
}

/** What belongs between the README's markers: the table, formatted as `prettier --write` leaves it. */
export async function settingsBlock(appConfigSource: string, readmePath: string): Promise<string> {
  const options = (await resolveConfig(readmePath)) ?? {};
  return format(renderSettingsTable(readSettings(appConfigSource)), {
    ...options,
    parser: 'markdown',
  });
}

/** The text between the README's markers (without the line breaks next to them). */
export function currentSettingsBlock(readme: string): string {
  const start = readme.indexOf(SETTINGS_START);
  const end = readme.indexOf(SETTINGS_END);
  if (start < 0 || end < start) {
    throw new Error(`README.md has no "${SETTINGS_START}" … "${SETTINGS_END}" markers`);
  }
  return readme
    .slice(start + SETTINGS_START.length, end)
    .replace(/^\n+/, '')
    .replace(/\n+$/, '\n');
}

/** The README with the text between its markers replaced by `block`. */
export function replaceSettingsBlock(readme: string, block: string): string {
  currentSettingsBlock(readme); // fails when the markers are missing
  const start = readme.indexOf(SETTINGS_START) + SETTINGS_START.length;
  const end = readme.indexOf(SETTINGS_END);
  return `${readme.slice(0, start)}\n\n${block.replace(/\n+$/, '')}\n\n${readme.slice(end)}`;
}
