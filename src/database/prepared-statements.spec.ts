import { StatementNames } from './prepared-statements';

describe('StatementNames', () => {
  it('names a text the second time it is seen, the same name from then on', () => {
    const names = new StatementNames();
    expect(names.nameFor('select $1')).toBeUndefined();
    const name = names.nameFor('select $1');
    expect(name).toMatch(/^iup_[\w-]{24}$/);
    expect(names.nameFor('select $1')).toBe(name);
    expect(names.nameFor('select $2')).toBeUndefined();
    expect(names.nameFor('select $2')).not.toBe(name);
  });

  it('names no more than its limit of texts', () => {
    const names = new StatementNames(2);
    for (const text of ['a $1', 'b $1', 'c $1']) {
      names.nameFor(text);
      names.nameFor(text);
    }
    expect(names.size).toBe(2);
    expect(names.nameFor('c $1')).toBeUndefined();
    expect(names.nameFor('a $1')).toBeDefined();
  });

  it('forgets the texts seen once when too many pile up', () => {
    const names = new StatementNames(10, 3);
    for (const text of ['a $1', 'b $1', 'c $1', 'd $1']) names.nameFor(text);
    // 'a' was forgotten when 'd' came: seen once again, so still unnamed.
    expect(names.nameFor('a $1')).toBeUndefined();
    expect(names.nameFor('d $1')).toBeDefined();
  });
});
