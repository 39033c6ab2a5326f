import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from 'nestjs-pino';

import { AppModule } from './app.module';
import type { AppConfig } from './config/app-config';
import { withDatabaseUrl } from './config/load-config';
import { EmbeddedPostgres } from './database/embedded-postgres';
import { migrateDatabase } from './database/migrate';
import { seedDemoData } from './demo/seed-demo';
import { OpsServer, startOpsServer } from './health/ops-server';
import { configureHttpApp } from './http-app';

export interface RunningService {
  readonly config: AppConfig;
  readonly app: INestApplicationContext;
  /** Closes Nest (workers finish their jobs first), then the embedded PostgreSQL if any. */
  stop(): Promise<void>;
}

type Say = (message: string) => void;

/**
 * Starts the service as ROLE asks: the embedded PostgreSQL when DATABASE_URL
 * is unset, migrations, then HTTP and/or queue workers.
 */
export async function startService(initial: AppConfig, say: Say): Promise<RunningService> {
  let embedded: EmbeddedPostgres | undefined;
  let config = initial;
  if (config.database.isEmbedded) {
    embedded = await EmbeddedPostgres.start({
      dataDir: config.database.embedded.dataDir,
      port: config.database.embedded.port,
      database: 'iup',
      log: say,
    });
    config = withDatabaseUrl(config, embedded.url);
  }

  try {
    const { applied } = await migrateDatabase(config);
    say(
      applied.length > 0
        ? `Applied migrations: ${applied.join(', ')}`
        : 'Database schema is up to date',
    );
    const demo = await seedDemoData(config);
    if (demo.seeded) {
      say(
        `Demo municipality loaded. Demo accounts: ${demo.usernames.join(', ')}; password: ${
          demo.generatedPassword ?? 'the DEMO_PASSWORD setting'
        }`,
      );
    }

    let app: INestApplicationContext;
    if (config.runsHttp) {
      const httpApp = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
        bufferLogs: true,
        bodyParser: false,
      });
      configureHttpApp(httpApp, config);
      await httpApp.listen(config.http.port, config.http.host);
      say(`Listening on http://${config.http.host}:${config.http.port} (ROLE=${config.role})`);
      app = httpApp;
    } else {
      app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
        bufferLogs: true,
      });
      app.useLogger(app.get(Logger));
      await app.init();
      say(`Worker running (ROLE=${config.role})`);
    }

    let ops: OpsServer | undefined;
    if (config.ops.port > 0) {
      try {
        ops = await startOpsServer(app, config.ops);
      } catch (error) {
        await app.close();
        throw error;
      }
      say(`Operations listener on ${ops.url} (/health/live, /health/ready, /metrics)`);
    }

    return {
      config,
      app,
      stop: async () => {
        try {
          await ops?.close();
          await app.close();
        } finally {
          await embedded?.stop();
        }
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
