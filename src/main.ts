// First: with TRACING on, the instrumentation must be in place before anything it traces loads.
import { flushTracing } from './common/tracing/preload';
import 'reflect-metadata';

import { plainLogger } from './common/logging/log-format';
import { ConfigValidationError, loadConfig } from './config/load-config';
import { RunningService, startService } from './service';

/**
 * Start-up and shut-down messages, before and after Nest's own logger exists,
 * in the same JSON format as every other line (src/common/logging/log-format.ts).
 */
const log = { out: plainLogger(), err: plainLogger({ stream: 'stderr' }) };

function say(message: string): void {
  log.out.info(message);
}

function fail(message: string): void {
  log.err.fatal(message);
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      fail(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  log.out = plainLogger({ role: config.role });
  log.err = plainLogger({ role: config.role, stream: 'stderr' });

  const running: { service?: RunningService } = {};
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    say(`Received ${signal}; stopping (in-flight work is allowed ${config.shutdownTimeoutMs} ms)`);
    const deadline = setTimeout(() => {
      fail('Shutdown did not finish in time; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    deadline.unref();
    void (running.service?.stop() ?? Promise.resolve()).then(flushTracing).then(
      () => {
        say('Stopped');
        process.exit(0);
      },
      (error: unknown) => {
        fail(`Shutdown failed: ${(error as Error).stack ?? String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  running.service = await startService(config, say);
  if (stopping) {
    // A signal arrived while starting: stop what has just started.
    await running.service.stop();
    process.exit(0);
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigValidationError) {
    // Found while starting (DATA_DIR not writable, embedded PostgreSQL not installed): the same
    // exit as a bad setting, since the fix is the same — change the configuration.
    fail(error.message);
    process.exit(78); // EX_CONFIG
  }
  fail(`Start failed: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
