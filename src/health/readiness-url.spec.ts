import { readinessUrl } from './readiness-url';

describe('readinessUrl', () => {
  const ops = { host: '127.0.0.1', port: 9464 };

  it('asks the HTTP port of a process that serves HTTP, on loopback when it listens everywhere', () => {
    expect(readinessUrl({ runsHttp: true, http: { host: '0.0.0.0', port: 3000 }, ops })).toEqual({
      url: 'http://127.0.0.1:3000/health/ready',
    });
    expect(readinessUrl({ runsHttp: true, http: { host: '10.0.0.5', port: 8080 }, ops })).toEqual({
      url: 'http://10.0.0.5:8080/health/ready',
    });
  });

  it("asks a worker's operations port", () => {
    expect(readinessUrl({ runsHttp: false, http: { host: '0.0.0.0', port: 3000 }, ops })).toEqual({
      url: 'http://127.0.0.1:9464/health/ready',
    });
    expect(
      readinessUrl({
        runsHttp: false,
        http: { host: '0.0.0.0', port: 3000 },
        ops: { host: '::', port: 9500 },
      }),
    ).toEqual({ url: 'http://127.0.0.1:9500/health/ready' });
    expect(
      readinessUrl({
        runsHttp: false,
        http: { host: '0.0.0.0', port: 3000 },
        ops: { host: '::1', port: 9500 },
      }),
    ).toEqual({ url: 'http://[::1]:9500/health/ready' });
  });

  it('says so, naming OPS_PORT, when a worker has no operations port', () => {
    expect(
      readinessUrl({
        runsHttp: false,
        http: { host: '0.0.0.0', port: 3000 },
        ops: { ...ops, port: 0 },
      }),
    ).toEqual({ problem: expect.stringContaining('OPS_PORT=0') });
  });
});
