import { ApiError } from '../../platform/http/api-error.js';
import { validateRequest } from '../../platform/http/validation.js';
import { windowStart } from './playlist-window.js';
import { PlaylistWindowQueryDto } from './playlists.dto.js';

describe('playlist windows (docs/dialects/invidious.md#public-playlists)', () => {
  const offset = (query: Record<string, unknown>) => validateRequest(PlaylistWindowQueryDto, query).window.offset;

  it('takes index, else (page-1)*100, else 0', () => {
    expect(offset({})).toBe(0);
    expect(offset({ page: '1' })).toBe(0);
    expect(offset({ page: '3' })).toBe(200);
    expect(offset({ index: '7', page: '3' })).toBe(7);
    expect(offset({ index: '', page: '' })).toBe(0);
    expect(offset({ format: 'html', listen: '1', hl: 'en' })).toBe(0);
    expect(offset({ index: '99999999999' })).toBe(2 ** 31 - 1);
  });

  it('reads a continuation, empty counting as absent', () => {
    expect(validateRequest(PlaylistWindowQueryDto, { continuation: 'dQw4w9WgXcQ' }).window).toEqual({ offset: 0, continuation: 'dQw4w9WgXcQ' });
    expect(validateRequest(PlaylistWindowQueryDto, { continuation: '' }).window).toEqual({ offset: 0, continuation: null });
  });

  it.each([
    [{ index: '-1' }, 'Invalid index: expected an integer ≥ 0'],
    [{ index: 'x', page: '0' }, 'Invalid index: expected an integer ≥ 0'],
    [{ index: ['1', '2'] }, 'Invalid index: expected an integer ≥ 0'],
    [{ page: '0' }, 'Invalid page: expected an integer ≥ 1'],
    [{ page: '1.5' }, 'Invalid page: expected an integer ≥ 1'],
    [{ page: ['1', '2'], continuation: 'short' }, 'Invalid page: expected an integer ≥ 1'],
    [{ continuation: 'short' }, 'Invalid continuation: expected a video id (11 characters of A-Z a-z 0-9 _ -)'],
  ])('refuses %p', (query, error) => {
    expect(() => validateRequest(PlaylistWindowQueryDto, query)).toThrow(ApiError);
    try {
      validateRequest(PlaylistWindowQueryDto, query);
    } catch (thrown) {
      expect((thrown as ApiError).body).toEqual({ error });
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
