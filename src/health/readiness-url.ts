/** What the container health check needs to know of a process's settings. */
export interface ReadinessTarget {
  readonly runsHttp: boolean;
  readonly http: { readonly host: string; readonly port: number };
  /** The operations listener (OPS_HOST/OPS_PORT); port 0 = off. */
  readonly ops: { readonly host: string; readonly port: number };
}

/** Addresses that mean "every interface": the check asks loopback, inside the container. */
const ANY_ADDRESS = new Set(['0.0.0.0', '::', '[::]', '']);

function urlOf(host: string, port: number): string {
  const reachable = ANY_ADDRESS.has(host) ? '127.0.0.1' : host;
  const shown =
    reachable.includes(':') && !reachable.startsWith('[') ? `[${reachable}]` : reachable;
  return `http://${shown}:${port}/health/ready`;
}

/**
 * Where a process answers /health/ready: on its HTTP port where it serves
 * HTTP (ROLE web or all), else (a worker) on the operations port — or, with
 * that off, nowhere, which the caller reports instead of guessing.
 */
export function readinessUrl(target: ReadinessTarget): { url: string } | { problem: string } {
  if (target.runsHttp) {
    return { url: urlOf(target.http.host, target.http.port) };
  }
  if (target.ops.port === 0) {
    return {
      problem:
        'OPS_PORT=0: a worker answers its health check only on the operations port; set OPS_PORT or run the container without a health check',
    };
  }
  return { url: urlOf(target.ops.host, target.ops.port) };
}
