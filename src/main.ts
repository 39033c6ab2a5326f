import 'reflect-metadata';

import { ConfigValidationError, loadConfig } from './config/load-config';
import { RunningService, startService } from './service';

/** Start-up and shut-down messages, before and after Nest's own logger exists. */
function say(message: string): void {
  process.stdout.write(`${JSON.stringify({ level: 'info', time: Date.now(), msg: message })}\n`);
}

function fail(message: string): void {
  process.stderr.write(`${JSON.stringify({ level: 'fatal', time: Date.now(), msg: message })}\n`);
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
    void (running.service?.stop() ?? Promise.resolve()).then(
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
  fail(`Start failed: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
