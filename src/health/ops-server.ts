import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { HttpException, type INestApplicationContext } from '@nestjs/common';

import { Metrics } from '../common/metrics/metrics';
import { HealthChecks } from './health-checks';

export interface OpsServer {
  /** `http://host:port` it listens on. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The operations listener (OPS_HOST:OPS_PORT, loopback by default), in every
 * role: `/health/live`, `/health/ready` (the same checks as the HTTP port's;
 * 503 with the report when not ready) and `/metrics` (Prometheus text). A
 * plain node:http server beside Nest: no sessions, no pages, no logging per
 * scrape, and the worker, which serves no HTTP, gets its health endpoint here.
 * Metrics are served nowhere else.
 */
export async function startOpsServer(
  app: INestApplicationContext,
  options: { readonly host: string; readonly port: number },
): Promise<OpsServer> {
  const health = app.get(HealthChecks, { strict: false });
  const metrics = app.get(Metrics, { strict: false });

  const answer = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    const path = (request.url ?? '/').split('?')[0];
    const known = ['/health/live', '/health/ready', '/metrics'];
    if (!known.includes(path ?? '')) {
      return send(response, 404, { error: 'not found', paths: known });
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return send(response, 405, { error: 'method not allowed' });
    }
    if (path === '/metrics') {
      const { contentType, text } = await metrics.exposition();
      response.writeHead(200, { 'Content-Type': contentType });
      response.end(request.method === 'HEAD' ? undefined : text);
      return;
    }
    try {
      const result = await (path === '/health/live' ? health.live() : health.ready());
      send(response, 200, result);
    } catch (error) {
      // Terminus: 503 whose response is the report of what is down.
      if (error instanceof HttpException) {
        send(response, error.getStatus(), error.getResponse());
        return;
      }
      throw error;
    }
  };

  const server = createServer((request, response) => {
    answer(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        send(response, 500, { error: error instanceof Error ? error.message : String(error) });
      } else {
        response.destroy();
      }
    });
  });
  server.keepAliveTimeout = 5_000;
  await listen(server, options);
  const address = server.address() as AddressInfo;
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A scraper's kept-alive connection must not hold up the shutdown.
        server.closeAllConnections();
      }),
  };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  response.end(json);
}

function listen(server: Server, options: { host: string; port: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException): void => {
      reject(
        new Error(
          `The operations listener cannot listen on ${options.host}:${options.port} (${
            error.code ?? error.message
          }): give this process another OPS_PORT, or OPS_PORT=0 to go without it`,
        ),
      );
    };
    server.once('error', failed);
    server.listen(options.port, options.host, () => {
      server.off('error', failed);
      resolve();
    });
  });
}
