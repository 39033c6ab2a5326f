import { readFileSync } from 'node:fs';

import { SECRET_FILE_SETTINGS, type SecretFileSetting } from './app-config';

/** The environment with every `X_FILE` replaced by `X`, what came from where, and what failed. */
export interface ResolvedSecretFiles {
  readonly environment: Readonly<Record<string, string | undefined>>;
  /** Setting → the file its value was read from. */
  readonly fromFile: ReadonlyMap<SecretFileSetting, string>;
  readonly problems: readonly string[];
}

/**
 * Reads `X_FILE` for every setting that may come from a file (Docker and
 * Kubernetes secrets, systemd credentials): the file's content, without its
 * trailing line break, becomes the value of `X`. Setting both `X` and
 * `X_FILE` is an error (which one wins would be a guess), and so is a file
 * that cannot be read or is empty. Problems name the variable and the path,
 * never what the file holds.
 */
export function resolveSecretFiles(
  environment: Readonly<Record<string, string | undefined>>,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): ResolvedSecretFiles {
  const resolved: Record<string, string | undefined> = { ...environment };
  const fromFile = new Map<SecretFileSetting, string>();
  const problems: string[] = [];
  for (const name of SECRET_FILE_SETTINGS) {
    const fileVariable = `${name}_FILE`;
    const path = environment[fileVariable]?.trim();
    delete resolved[fileVariable];
    if (!path) {
      continue;
    }
    if (environment[name] !== undefined && environment[name].trim() !== '') {
      problems.push(`${name} and ${fileVariable} are both set: set only one of them`);
      continue;
    }
    let content: string;
    try {
      content = readFile(path);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      problems.push(`${fileVariable}=${JSON.stringify(path)}: cannot read the file (${reason})`);
      continue;
    }
    const value = content.replace(/(\r?\n)+$/, '');
    if (value.trim() === '') {
      problems.push(`${fileVariable}=${JSON.stringify(path)}: the file is empty`);
      continue;
    }
    resolved[name] = value;
    fromFile.set(name, path);
  }
  return { environment: resolved, fromFile, problems };
}
