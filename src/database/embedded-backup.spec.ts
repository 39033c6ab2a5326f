import { parseLsn, walSegmentsBetween } from './embedded-backup';

const MB16 = 16 * 1024 * 1024;

describe('parseLsn', () => {
  it('reads PostgreSQL\'s "high/low" hex form', () => {
    expect(parseLsn('0/2000028')).toBe(0x2000028n);
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
    expect(() => parseLsn('nonsense')).toThrow(/Not a WAL location/);
  });
});

describe('walSegmentsBetween', () => {
  it('names one segment when start and stop lie in it', () => {
    expect(walSegmentsBetween('00000001', '0/2000028', '0/2000120', MB16)).toEqual([
      '000000010000000000000002',
    ]);
  });

  it('leaves out the segment that begins exactly at the stop location', () => {
    expect(walSegmentsBetween('00000001', '0/2000028', '0/4000000', MB16)).toEqual([
      '000000010000000000000002',
      '000000010000000000000003',
    ]);
  });

  it('carries into the next log id after segment FF', () => {
    expect(walSegmentsBetween('00000002', '0/FF000028', '1/01000010', MB16)).toEqual([
      '0000000200000000000000FF',
      '000000020000000100000000',
      '000000020000000100000001',
    ]);
  });

  it('follows the segment size of the cluster', () => {
    expect(walSegmentsBetween('00000001', '0/40000000', '0/80000001', 1024 * 1024 * 1024)).toEqual([
      '000000010000000000000001',
      '000000010000000000000002',
    ]);
  });
});
