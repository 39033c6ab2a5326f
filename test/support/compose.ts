import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { parse } from 'yaml';

/**
 * Reading docker-compose.yml, .env files and the Dockerfile's ENV as Docker
 * would, for tests that cannot run Docker: YAML anchors and `<<` merges
 * resolved, `${…}` interpolated from the given variables (compose reads them
 * from .env), and a service's environment layered image ENV < env_file <
 * environment.
 */

export const PROJECT_ROOT = resolve(__dirname, '..', '..');

export type Variables = Readonly<Record<string, string>>;

/** Refused by compose before anything starts: a `${VAR:?message}` without a value. */
export class ComposeInterpolationError extends Error {}

/** KEY=VALUE lines as compose reads an env file: comments, blank lines, optional quotes. */
export function parseEnvFile(text: string): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      continue;
    }
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(trimmed);
    if (!match) {
      throw new Error(`Not a KEY=VALUE line: ${line}`);
    }
    const raw = match[2];
    const quoted = /^(['"])(.*)\1$/.exec(raw);
    variables[match[1]] = quoted ? quoted[2] : raw.replace(/\s+#.*$/, '');
  }
  return variables;
}

/**
 * Compose's interpolation: `$$`, `$VAR`, `${VAR}`, `${VAR:-default}`,
 * `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`, `${VAR+alt}`.
 */
export function interpolate(text: string, variables: Variables): string {
  return text.replace(
    /\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (
      whole: string,
      escaped: string,
      name?: string,
      operator?: string,
      argument: string = '',
      bare?: string,
    ): string => {
      if (escaped === '$') {
        return '$';
      }
      const variable = name ?? bare ?? '';
      const value = Object.hasOwn(variables, variable) ? variables[variable] : undefined;
      const missing = operator?.startsWith(':') ? !value : value === undefined;
      switch (operator?.replace(':', '')) {
        case undefined:
          return value ?? '';
        case '-':
          return missing ? argument : (value ?? '');
        case '?':
          if (missing) {
            throw new ComposeInterpolationError(`required variable ${variable}: ${argument}`);
          }
          return value ?? '';
        case '+':
          return missing ? '' : argument;
        default:
          throw new Error(`Unsupported interpolation ${whole}`);
      }
    },
  );
}

function interpolateDeep(value: unknown, variables: Variables): unknown {
  if (typeof value === 'string') {
    return interpolate(value, variables);
  }
  if (Array.isArray(value)) {
    return value.map((item) => interpolateDeep(item, variables));
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, interpolateDeep(item, variables)]),
    );
  }
  return value;
}

export interface ComposeService {
  readonly image?: string;
  readonly env_file?: string | readonly string[];
  readonly environment?: Readonly<Record<string, string | number | boolean | null>> | string[];
  readonly ports?: readonly (string | number | object)[];
  readonly healthcheck?: { readonly test?: string | readonly string[] };
  readonly [key: string]: unknown;
}

export interface ComposeFile {
  readonly services: Readonly<Record<string, ComposeService>>;
  readonly [key: string]: unknown;
}

/** The compose file as YAML gives it (anchors and `<<` merged), before interpolation. */
export function readComposeYaml(path = resolve(PROJECT_ROOT, 'docker-compose.yml')): unknown {
  return parse(readFileSync(path, 'utf8'), { merge: true });
}

/** The compose file as compose would run it with these variables (its .env). */
export function loadCompose(
  variables: Variables,
  path = resolve(PROJECT_ROOT, 'docker-compose.yml'),
): ComposeFile {
  return interpolateDeep(readComposeYaml(path), variables) as ComposeFile;
}

function environmentOf(service: ComposeService): Record<string, string> {
  const environment = service.environment ?? {};
  if (Array.isArray(environment)) {
    return Object.fromEntries(
      environment.map((entry) => {
        const at = entry.indexOf('=');
        return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(
    Object.entries(environment)
      .filter(([, value]) => value !== null)
      .map(([key, value]) => [key, String(value)]),
  );
}

/**
 * A container's environment: the image's ENV, then each env_file (read
 * through `readEnvFile`, relative to the project), then `environment`.
 */
export function containerEnvironment(
  service: ComposeService,
  imageEnvironment: Variables,
  readEnvFile: (path: string) => Variables,
): Record<string, string> {
  const envFiles = service.env_file === undefined ? [] : [service.env_file].flat();
  return Object.assign(
    {},
    imageEnvironment,
    ...envFiles.map((file) => readEnvFile(file)),
    environmentOf(service),
  ) as Record<string, string>;
}

export interface DockerInstruction {
  readonly keyword: string;
  readonly rest: string;
}

export interface DockerfileStage {
  readonly image: string;
  readonly name?: string;
  readonly instructions: readonly DockerInstruction[];
}

/** The Dockerfile's stages (continuation lines joined, comments dropped); ARGs before FROM apart. */
export function dockerfileStages(path = resolve(PROJECT_ROOT, 'Dockerfile')): {
  readonly globalArgs: Readonly<Record<string, string>>;
  readonly stages: readonly DockerfileStage[];
} {
  const globalArgs: Record<string, string> = {};
  const stages: { image: string; name?: string; instructions: DockerInstruction[] }[] = [];
  const lines = readFileSync(path, 'utf8')
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  for (const line of lines) {
    const [, word, rest] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const keyword = word.toUpperCase();
    if (keyword === 'FROM') {
      const [, image, name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest) ?? [];
      stages.push({ image, name, instructions: [] });
    } else if (stages.length === 0 && keyword === 'ARG') {
      const at = rest.indexOf('=');
      globalArgs[at < 0 ? rest : rest.slice(0, at)] = at < 0 ? '' : rest.slice(at + 1);
    } else {
      stages.at(-1)?.instructions.push({ keyword, rest });
    }
  }
  return { globalArgs, stages };
}

/** The ENV of the Dockerfile's last stage (the image that runs). */
export function dockerfileEnvironment(
  path = resolve(PROJECT_ROOT, 'Dockerfile'),
): Record<string, string> {
  const environment: Record<string, string> = {};
  const image = dockerfileStages(path).stages.at(-1);
  for (const { keyword, rest } of image?.instructions ?? []) {
    if (keyword !== 'ENV') {
      continue;
    }
    if (!rest.includes('=')) {
      const [key, ...value] = rest.split(/\s+/);
      environment[key] = value.join(' ');
      continue;
    }
    for (const pair of rest.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|\S*)/g)) {
      environment[pair[1]] = pair[3] ?? pair[2];
    }
  }
  return environment;
}

/** The URL a `node -e "fetch('…')…"` health check asks. */
export function healthCheckUrl(service: ComposeService): URL {
  const test = [service.healthcheck?.test ?? []].flat().join(' ');
  const found = /https?:\/\/[^'"\s)]+/.exec(test);
  if (!found) {
    throw new Error(`No URL in the health check: ${test}`);
  }
  return new URL(found[0]);
}
