import { parseRecordSearch, registrationFragment, searchWords } from './record-search';

describe('parseRecordSearch', () => {
  it('reads a registration number in any spelling, or a fragment of one', () => {
    for (const text of [
      'IUP-2026-00002',
      'iup 2026 2',
      'IUP2026-2',
      'iup-2026-002',
      '2026-00002',
    ]) {
      expect(parseRecordSearch(text)).toMatchObject({
        registration: { series: 'IUP', year: 2026, serial: 2 },
        text: null,
        period: null,
      });
    }
    expect(parseRecordSearch('iup 2026').registration).toEqual({
      series: 'IUP',
      year: 2026,
      serial: null,
    });
    expect(parseRecordSearch('IUP-2026-27').registration).toMatchObject({ serial: 27 });
  });

  it('reads a civic number with or without century, dash, plus or space', () => {
    const civic = ['201503121236', '20150312-1236', '150312-1236', '1503121236', '150312 1236'];
    for (const text of civic) {
      expect(parseRecordSearch(text)).toMatchObject({
        civicNumbers: ['201503121236'],
        registration: null,
        text: null,
      });
    }
    expect(parseRecordSearch('150312-1234')).toMatchObject({
      civicNumbers: [],
      civicProblem: 'Personnumret har fel kontrollsiffra.',
    });
  });

  it('reads a school year and leaves the rest as a name', () => {
    expect(parseRecordSearch('Ekbacken 2025/26')).toMatchObject({
      period: '2025/26',
      text: 'ekbacken',
    });
    expect(parseRecordSearch('2025-2026 Ella')).toMatchObject({ period: '2025/26', text: 'ella' });
    expect(parseRecordSearch('  Ela  Anderson ')).toMatchObject({
      text: 'ela anderson',
      registration: null,
      civicNumbers: [],
      period: null,
    });
    expect(parseRecordSearch('').text).toBeNull();
  });

  it('tells registration fragments of another series apart', () => {
    expect(registrationFragment(searchWords('BEG-2026-00003'), 'BEG')).toEqual({
      series: 'BEG',
      year: 2026,
      serial: 3,
    });
    expect(registrationFragment(searchWords('iup 2026 3'), 'BEG')).toBeNull();
    expect(registrationFragment(searchWords('Ella'), 'BEG')).toBeNull();
  });
});
