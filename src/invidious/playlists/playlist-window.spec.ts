import { parseWindowQuery, windowStart } from './playlist-window.js';

describe('playlist windows (docs/dialects/invidious.md#public-playlists)', () => {
  const offset = (query: Record<string, unknown>) => {
    const parsed = parseWindowQuery(query);
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.query.offset;
  };

  it('takes index, else (page-1)*100, else 0', () => {
    expect(offset({})).toBe(0);
    expect(offset({ page: '1' })).toBe(0);
    expect(offset({ page: '3' })).toBe(200);
    expect(offset({ index: '7', page: '3' })).toBe(7);
    expect(offset({ index: '', page: '' })).toBe(0);
    expect(offset({ format: 'html', listen: '1', hl: 'en' })).toBe(0);
  });

  it('refuses bad values', () => {
    for (const query of [{ index: '-1' }, { index: 'x' }, { page: '0' }, { page: '1.5' }, { page: ['1', '2'] }, { continuation: 'short' }]) {
      expect(parseWindowQuery(query).ok).toBe(false);
    }
  });

  it('starts 50 before a non-zero offset', () => {
    expect(windowStart(100, null)).toBe(50);
    expect(windowStart(30, null)).toBe(0);
    expect(windowStart(200, 7)).toBe(150);
  });

  it('starts at the continuation only at offset 0', () => {
    expect(windowStart(0, 42)).toBe(42);
    expect(windowStart(0, null)).toBe(0);
  });
});
