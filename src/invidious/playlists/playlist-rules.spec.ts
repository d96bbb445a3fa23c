import {
  canRead,
  cutToUtf8Bytes,
  exportedPrivacy,
  normaliseDescription,
  normaliseTitle,
  parseImportedPlaylists,
  parsePrivacy,
  writeAccess,
} from './playlist-rules.js';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('titles (docs/dialects/invidious.md#playlists)', () => {
  it('loses < and > and keeps the rest', () => {
    expect(normaliseTitle('<b>Mix</b> & more')).toBe('bMix/b & more');
  });

  it('is cut to 150 bytes without splitting a character', () => {
    expect(normaliseTitle('a'.repeat(200))).toBe('a'.repeat(150));
    // 'é' is 2 bytes: 149 + 2 would be 151, so the last 'é' goes entirely.
    const cut = normaliseTitle(`${'a'.repeat(149)}é`);
    expect(cut).toBe('a'.repeat(149));
    // 4-byte emoji: 37 × 4 = 148, a 38th would need 152.
    const emoji = normaliseTitle('😀'.repeat(40));
    expect(emoji).toBe('😀'.repeat(37));
    expect(bytes(emoji)).toBe(148);
  });

  it('removes < and > before cutting, so they do not use up bytes', () => {
    expect(normaliseTitle(`${'<'.repeat(10)}${'a'.repeat(150)}`)).toBe('a'.repeat(150));
  });

  it('is trimmed; nothing left means no title', () => {
    expect(normaliseTitle('  Mix  ')).toBe('Mix');
    expect(normaliseTitle('<> <>')).toBe('');
  });

  it('cuts at byte boundaries of any width', () => {
    for (let max = 0; max <= 12; max++) {
      const text = cutToUtf8Bytes('aé€😀b', max);
      expect(bytes(text)).toBeLessThanOrEqual(max);
      expect('aé€😀b'.startsWith(text)).toBe(true);
      expect(text).not.toContain('\uFFFD');
    }
  });
});

describe('privacy and descriptions', () => {
  it('accepts the three privacies in any case', () => {
    expect(parsePrivacy('Public')).toBe('public');
    expect(parsePrivacy('UNLISTED')).toBe('unlisted');
    expect(parsePrivacy('private')).toBe('private');
    for (const bad of ['secret', '', null, 1, undefined]) expect(parsePrivacy(bad)).toBeNull();
    expect(exportedPrivacy('unlisted')).toBe('Unlisted');
  });

  it('drops carriage returns', () => {
    expect(normaliseDescription('a\r\nb\r')).toBe('a\nb');
  });
});

describe('access', () => {
  const alice = 1;
  const bob = 2;
  it("gives 404 for missing and for other users' private playlists, 403 for their others", () => {
    expect(writeAccess(null, alice)).toBe('not-found');
    expect(writeAccess({ userId: bob, privacy: 'private' }, alice)).toBe('not-found');
    expect(writeAccess({ userId: bob, privacy: 'public' }, alice)).toBe('invalid-user');
    expect(writeAccess({ userId: bob, privacy: 'unlisted' }, alice)).toBe('invalid-user');
    expect(writeAccess({ userId: alice, privacy: 'private' }, alice)).toBe('owner');
  });

  it('lets anyone read public and unlisted playlists, only the owner a private one', () => {
    expect(canRead({ userId: bob, privacy: 'unlisted' }, null)).toBe(true);
    expect(canRead({ userId: bob, privacy: 'private' }, null)).toBe(false);
    expect(canRead({ userId: bob, privacy: 'private' }, alice)).toBe(false);
    expect(canRead({ userId: bob, privacy: 'private' }, bob)).toBe(true);
  });
});

describe('import validation (docs/dialects/invidious.md#import-and-export)', () => {
  it('normalises a valid list', () => {
    expect(
      parseImportedPlaylists(
        [
          { title: ' <Mix> ', privacy: 'Private', videos: ['dQw4w9WgXcQ'] },
          { title: 'B', description: 'x\r\ny', privacy: 'public' },
        ],
        500,
      ),
    ).toEqual({
      ok: true,
      playlists: [
        { title: 'Mix', description: '', privacy: 'private', videos: ['dQw4w9WgXcQ'] },
        { title: 'B', description: 'x\ny', privacy: 'public', videos: [] },
      ],
    });
  });

  it('names every problem with its path', () => {
    const result = parseImportedPlaylists(
      [
        { title: '', privacy: 'secret', description: 5, videos: ['bad', 'dQw4w9WgXcQ'], extra: 1 },
        'nope',
        { title: 'ok', privacy: 'public', videos: ['dQw4w9WgXcQ', 'dQw4w9WgXcQ'] },
      ],
      1,
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        'playlists[0]: unknown key(s) extra; expected title, description, privacy, videos',
        'playlists[0].title: Invalid title.',
        'playlists[0].privacy: Invalid privacy setting.',
        'playlists[0].description: Invalid description: expected a string',
        'playlists[0].videos: Playlist cannot have more than 1 videos',
        'playlists[0].videos[0]: Invalid videoId',
        'playlists[1]: expected an object with title, description, privacy, videos',
        'playlists[2].videos: Playlist cannot have more than 1 videos',
      ],
    });
  });

  it('refuses more than 100 playlists and non-arrays', () => {
    const many = Array.from({ length: 101 }, () => ({ title: 't', privacy: 'private' }));
    expect(parseImportedPlaylists(many, 500)).toEqual({ ok: false, problems: ['playlists: User cannot have more than 100 playlists.'] });
    expect(parseImportedPlaylists({}, 500)).toEqual({ ok: false, problems: ['playlists: expected an array of playlists'] });
  });
});
