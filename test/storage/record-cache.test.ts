import { RecordCache } from '../../src/storage/record-cache';

describe('RecordCache', () => {
  it('evicts the least recently used entries once past its bound, and counts a replaced entry once', () => {
    // Each entry costs its key (1) plus its text (9): 10 characters; room for 3.
    const cache = new RecordCache(30);
    cache.set('a', { text: 'aaaaaaaaa' });
    cache.set('b', { text: 'bbbbbbbbb' });
    cache.set('c', { text: 'ccccccccc' });
    cache.get('a'); // a is now the most recently used
    cache.set('b', { text: 'BBBBBBBBB' }); // replaced, not added: still three
    expect(cache.size).toBe(3);
    cache.set('d', { text: 'ddddddddd' }); // c is the least recently used now
    expect(cache.get('c')).toBeUndefined();
    expect(cache.get('a')).toEqual({ text: 'aaaaaaaaa' });
    expect(cache.get('b')).toEqual({ text: 'BBBBBBBBB' });
    expect(cache.get('d')).toEqual({ text: 'ddddddddd' });
  });

  it('remembers absent keys, forgets on request, and never holds an entry larger than its bound', () => {
    const cache = new RecordCache(40);
    cache.set('missing', 'absent');
    expect(cache.get('missing')).toBe('absent');
    cache.forget('missing');
    expect(cache.get('missing')).toBeUndefined();
    cache.set('small', { text: 'x' });
    cache.set('huge', { text: 'y'.repeat(100) });
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.get('small')).toEqual({ text: 'x' });
  });

  it('holds nothing with a bound of 0', () => {
    const cache = new RecordCache(0);
    cache.set('k', { text: '' });
    cache.set('m', 'absent');
    expect(cache.size).toBe(0);
  });
});
