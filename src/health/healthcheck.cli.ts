import 'reflect-metadata';

import { ConfigValidationError, loadConfig } from '../config/load-config';
import { readinessUrl } from './readiness-url';

/**
 * The image's HEALTHCHECK (`node dist/health/healthcheck.cli.js`): asks the
 * process of this container, with this container's settings, whether it is
 * ready — /health/ready on the HTTP port for ROLE web or all, on the
 * operations port for a worker. Exit 0 healthy, 1 not; the reason goes to
 * stderr, which `docker inspect` shows under the container's health.
 */
const TIMEOUT_MS = 4000;

function report(message: string): void {
  process.stderr.write(`${message}\n`);
}

async function main(): Promise<number> {
  const config = loadConfig();
  const target = readinessUrl(config);
  if ('problem' in target) {
    report(target.problem);
    return 1;
  }
  try {
    const response = await fetch(target.url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (!response.ok) {
      report(`${target.url} answered ${response.status}: ${await response.text()}`);
      return 1;
    }
    return 0;
  } catch (error) {
    report(`${target.url} did not answer: ${(error as Error).message}`);
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    report(
      error instanceof ConfigValidationError
        ? error.message
        : `Health check failed: ${String(error)}`,
    );
    process.exit(1);
  },
);
