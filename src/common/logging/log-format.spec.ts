import { Writable } from 'node:stream';

import pino from 'pino';

import { logFormat } from './log-format';

describe('the one log format', () => {
  it('writes JSON lines with the level as its name, the time in ms, the service and the role', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const log = pino(logFormat({ level: 'info', role: 'worker' }), sink);
    log.warn({ queue: 'email' }, 'Job failed');
    log.debug('not written at info');

    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(line).toEqual({
      level: 'warn',
      time: expect.any(Number) as number,
      service: 'iup-records',
      role: 'worker',
      queue: 'email',
      msg: 'Job failed',
    });
    expect(Math.abs(Number(line.time) - Date.now())).toBeLessThan(5000);
  });
});
