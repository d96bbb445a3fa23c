import { describeProblems, parseInvidiousImport } from './invidious-import.js';

const UCID = 'UCuAXFkgsw1L7xaCfnd5JJOw';

describe('Invidious import validation (docs/dialects/invidious.md#import-and-export)', () => {
  it('accepts the export shape with every key optional', () => {
    expect(parseInvidiousImport({})).toEqual({ ok: true, value: { subscriptions: [], watchHistory: [], preferences: {}, playlists: [] } });
    const result = parseInvidiousImport({
      subscriptions: [UCID],
      watch_history: ['dQw4w9WgXcQ'],
      preferences: { volume: 10, dark_mode: true, region: null },
      playlists: [{ title: 'Mix' }],
    });
    expect(result).toEqual({
      ok: true,
      value: { subscriptions: [UCID], watchHistory: ['dQw4w9WgXcQ'], preferences: { volume: 10, dark_mode: 'dark', region: null }, playlists: [{ title: 'Mix' }] },
    });
  });

  it('names every offender by key and index', () => {
    const result = parseInvidiousImport({
      subscriptions: [UCID, 'UCshort', 42],
      watch_history: 'dQw4w9WgXcQ',
      preferences: { volume: 'loud', nope: 1 },
      playlists: {},
      extra: true,
    });
    expect(result).toEqual({
      ok: false,
      problems: [
        'Unknown keys: extra (expected subscriptions, watch_history, preferences, playlists)',
        'subscriptions[1]: "UCshort" is not valid (a channel id is UC + 22 characters of A-Z a-z 0-9 _ -)',
        'subscriptions[2]: 42 is not valid (a channel id is UC + 22 characters of A-Z a-z 0-9 _ -)',
        'watch_history: expected an array of ids (a video id is 11 characters of A-Z a-z 0-9 _ -)',
        'preferences: Unknown preference keys: nope',
        'preferences: Invalid value for "volume": expected an integer 0–100',
        'playlists: expected an array of playlists',
      ],
    });
  });

  it.each([null, [], 'text', 3])('refuses a body that is not an object: %p', (body) => {
    const result = parseInvidiousImport(body);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0]).toMatch(/^Send a JSON object in the form of the export/);
  });

  it('lists the first ten problems and counts the rest', () => {
    const problems = Array.from({ length: 12 }, (_, i) => `p${i}`);
    expect(describeProblems(problems)).toBe('p0; p1; p2; p3; p4; p5; p6; p7; p8; p9; and 2 more problems; nothing was imported');
    expect(describeProblems(['one'])).toBe('one; nothing was imported');
  });
});
