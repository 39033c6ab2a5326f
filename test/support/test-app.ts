import type { ModuleMetadata } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';

import { AppModule } from '../../src/app.module';
import type { AppConfig } from '../../src/config/app-config';
import { migrateDatabase } from '../../src/database/migrate';
import { configureHttpApp } from '../../src/http-app';
import { buildTestConfig, dropTestData, TestConfigOptions } from './test-env';

export interface TestApp {
  readonly config: AppConfig;
  readonly app: NestExpressApplication;
  /** A fresh supertest agent against the app's real HTTP stack. */
  http(): TestAgent;
  /** Listens on a free loopback port (for the browser) and returns the base URL. */
  listen(): Promise<string>;
  close(options?: { keepData?: boolean }): Promise<void>;
}

export interface StartTestAppOptions extends TestConfigOptions {
  /** Extra controllers or providers a suite needs beside the real app (never replacements). */
  readonly extra?: Pick<ModuleMetadata, 'controllers' | 'providers'>;
  /**
   * Providers replaced for a test of what guards them (e.g. a faulty copy
   * renderer behind the leak check). Never the database or the queues.
   */
  readonly replace?: readonly { readonly token: symbol; readonly value: unknown }[];
}

/**
 * The real AppModule with real migrations on a real PostgreSQL, configured
 * exactly as the service configures itself, in a schema of its own.
 */
export async function startTestApp(options: StartTestAppOptions = {}): Promise<TestApp> {
  const config = buildTestConfig(options);
  await migrateDatabase(config);
  const builder = Test.createTestingModule({
    imports: [AppModule.forRoot(config)],
    controllers: options.extra?.controllers ?? [],
    providers: options.extra?.providers ?? [],
  });
  for (const { token, value } of options.replace ?? []) {
    builder.overrideProvider(token).useValue(value);
  }
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({
    bodyParser: false,
    bufferLogs: true,
  });
  configureHttpApp(app, config);
  await app.init();

  let closed = false;
  return {
    config,
    app,
    http: () => request(app.getHttpServer()),
    listen: async () => {
      await app.listen(0, '127.0.0.1');
      const address = app.getHttpServer().address();
      if (address === null || typeof address === 'string') {
        throw new Error('The test app is not listening on TCP');
      }
      return `http://127.0.0.1:${address.port}`;
    },
    close: async ({ keepData = false } = {}) => {
      if (closed) {
        return;
      }
      closed = true;
      await app.close();
      if (!keepData) {
        await dropTestData(config);
      }
    },
  };
}
