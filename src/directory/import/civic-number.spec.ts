import { normaliseCivicNumber } from './civic-number';

describe('normaliseCivicNumber', () => {
  it.each([
    ['198112189876', '198112189876'],
    ['19811218-9876', '198112189876'],
    ['19811218+9876', '198112189876'],
    ['811218-9876', '198112189876'],
    ['8112189876', '198112189876'],
    ['  201203152382 ', '201203152382'],
  ])('normalises %j to 12 digits', (input, civicNo) => {
    expect(normaliseCivicNumber(input)).toEqual({ ok: true, civicNo, isCoordinationNumber: false });
  });

  it('gives a 10-digit number with + (100 years or older) the century before', () => {
    expect(normaliseCivicNumber('811218+9876')).toEqual({
      ok: true,
      civicNo: '188112189876',
      isCoordinationNumber: false,
    });
  });

  it('accepts a samordningsnummer (day + 60) and keeps its day as written', () => {
    expect(normaliseCivicNumber('701063-2391')).toEqual({
      ok: true,
      civicNo: '197010632391',
      isCoordinationNumber: true,
    });
    expect(normaliseCivicNumber('201503673848')).toEqual({
      ok: true,
      civicNo: '201503673848',
      isCoordinationNumber: true,
    });
  });

  it('refuses a wrong check digit', () => {
    expect(normaliseCivicNumber('19811218-9877')).toEqual({
      ok: false,
      reason: 'Personnumret har fel kontrollsiffra.',
    });
  });

  it.each([
    ['201213011230', 'month 13'],
    ['201202304562', '30 February'],
    ['201205921115', 'day 92 (a coordination day beyond 91)'],
  ])('refuses %s, Luhn-valid but with no real date (%s)', (input) => {
    expect(normaliseCivicNumber(input)).toEqual({
      ok: false,
      reason: 'Personnumret innehåller inget giltigt födelsedatum.',
    });
  });

  it.each(['abc', '12345', '811218 9876', '19811218--9876', '1981121898761', '+8112189876'])(
    'refuses the shape of %j',
    (input) => {
      expect(normaliseCivicNumber(input)).toEqual({
        ok: false,
        reason:
          'Personnumret har fel format. Skriv ÅÅÅÅMMDDNNNN eller ÅÅMMDD-NNNN (bindestreck valfritt).',
      });
    },
  );

  it('refuses an interim number (letters in the serial number)', () => {
    expect(normaliseCivicNumber('20130101TF01')).toEqual({
      ok: false,
      reason: 'Tillfälliga personnummer (med bokstäver) kan inte tas emot.',
    });
  });

  it('says when the number is missing', () => {
    expect(normaliseCivicNumber('   ')).toEqual({ ok: false, reason: 'Personnummer saknas.' });
  });
});
