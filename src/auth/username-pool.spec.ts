import { UsernamePool } from './username-pool';

describe('UsernamePool', () => {
  it('takes the name, then the lowest free number after it', () => {
    const pool = UsernamePool.knowing(['ali.hassan', 'ali.hassan2', 'ali.hassan4']);
    expect(pool.takeKnown('Ali', 'Hassan')).toBe('ali.hassan3');
    expect(pool.takeKnown('Ali', 'Hassan')).toBe('ali.hassan5');
    expect(pool.takeKnown('Åsa', 'Öberg')).toBe('asa.oberg');
    expect(pool.takeKnown('Åsa', 'Öberg')).toBe('asa.oberg2');
  });
});
