import { formatIndexId, isLocalPlaylistId, LOCAL_PLAYLIST_ID, MAX_INDEX_ID, newIndexId, newPlaylistId, parseIndexId } from './playlist-ids.js';

describe('playlist ids (docs/dialects/invidious.md#playlists)', () => {
  it('are IVPL + 31 base64url characters, all different', () => {
    const ids = new Set(Array.from({ length: 1000 }, newPlaylistId));
    expect(ids.size).toBe(1000);
    for (const id of ids) {
      expect(id).toMatch(LOCAL_PLAYLIST_ID);
      expect(id).toHaveLength(35);
    }
  });

  it('treats every id starting with IV as local', () => {
    expect(isLocalPlaylistId('IVPAAAAAAA')).toBe(true);
    expect(isLocalPlaylistId('PLFgquLnL59alCl_2TQvOiD5Vgm1hCaGSI')).toBe(false);
  });
});

describe('indexId', () => {
  it('is a non-negative 63-bit integer', () => {
    for (let i = 0; i < 1000; i++) {
      const id = newIndexId();
      expect(id >= 0n && id <= MAX_INDEX_ID).toBe(true);
    }
  });

  it('is written in upper-case hex without leading zeros', () => {
    expect(formatIndexId(0xb3a73ce2ff2n)).toBe('B3A73CE2FF2');
    expect(formatIndexId(0n)).toBe('0');
    expect(formatIndexId(MAX_INDEX_ID)).toBe('7FFFFFFFFFFFFFFF');
  });

  it('is read in either case, 1 to 16 hex digits', () => {
    expect(parseIndexId('B3A73CE2FF2')).toBe(0xb3a73ce2ff2n);
    expect(parseIndexId('b3a73ce2ff2')).toBe(0xb3a73ce2ff2n);
    expect(parseIndexId('00ff')).toBe(255n);
    expect(parseIndexId('FFFFFFFFFFFFFFFF')).toBe((1n << 64n) - 1n);
    for (const bad of ['', 'xyz', '0x1F', '12345678901234567', '-1', '1 ']) expect(parseIndexId(bad)).toBeNull();
  });

  it('round-trips', () => {
    const id = newIndexId();
    expect(parseIndexId(formatIndexId(id))).toBe(id);
  });
});
