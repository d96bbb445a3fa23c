import { validateRequest } from '../../platform/http/validation.js';
import { InvidiousImportDto, SubscriptionFileDto } from './import-export.dto.js';
import { describeProblems } from './invidious-import.js';
import { invidiousErrorOf } from '../../platform/testing/thrown.js';

const UCID = 'UCuAXFkgsw1L7xaCfnd5JJOw';
const FILE_BODY = 'Send a JSON object {"content": "<the file\'s text>"}: a subscriptions CSV, an OPML file or a NewPipe JSON export';

describe('Invidious import body', () => {
  it('accepts the export shape with every key optional', () => {
    expect(validateRequest(InvidiousImportDto, {}).toImport()).toEqual({ subscriptions: [], watchHistory: [], preferences: {}, playlists: [] });
    const dto = validateRequest(InvidiousImportDto, {
      subscriptions: [UCID],
      watch_history: ['dQw4w9WgXcQ'],
      preferences: { volume: 10, dark_mode: true, region: null },
      playlists: [{ title: 'Mix' }],
    });
    expect(dto.toImport()).toEqual({
      subscriptions: [UCID],
      watchHistory: ['dQw4w9WgXcQ'],
      preferences: { volume: 10, dark_mode: 'dark', region: null },
      playlists: [{ title: 'Mix' }],
    });
  });

  it('names every offender by key and index', () => {
    const body = { subscriptions: [UCID, 'UCshort', 42], watch_history: 'dQw4w9WgXcQ', preferences: { volume: 'loud', nope: 1 }, playlists: {}, extra: true };
    expect(invidiousErrorOf(InvidiousImportDto, body)).toBe(
      describeProblems([
        'Unknown keys: extra (expected subscriptions, watch_history, preferences, playlists)',
        'subscriptions[1]: "UCshort" is not valid (a channel id is UC + 22 characters of A-Z a-z 0-9 _ -)',
        'subscriptions[2]: 42 is not valid (a channel id is UC + 22 characters of A-Z a-z 0-9 _ -)',
        'watch_history: expected an array of ids (a video id is 11 characters of A-Z a-z 0-9 _ -)',
        'preferences: Unknown preference keys: nope',
        'preferences: Invalid value for "volume": expected an integer 0–100',
        'playlists: expected an array of playlists',
      ]),
    );
  });

  it.each([undefined, null, [], 'text', 3])('refuses a body that is not an object: %p', (body) => {
    expect(invidiousErrorOf(InvidiousImportDto, body)).toMatch(/^Send a JSON object in the form of the export.*; nothing was imported$/);
  });

  it('lists the first ten problems and counts the rest', () => {
    const problems = Array.from({ length: 12 }, (_, i) => `p${i}`);
    expect(describeProblems(problems)).toBe('p0; p1; p2; p3; p4; p5; p6; p7; p8; p9; and 2 more problems; nothing was imported');
    expect(describeProblems(['one'])).toBe('one; nothing was imported');
  });
});

describe('subscription file body', () => {
  it('takes the content as sent', () => {
    expect(validateRequest(SubscriptionFileDto, { content: ' a,b\n' })).toEqual({ content: ' a,b\n' });
  });

  it.each([
    [undefined, FILE_BODY],
    [[], FILE_BODY],
    ['text', FILE_BODY],
    [{ content: 'x', file: 1, name: 2 }, `Unknown keys: file, name. ${FILE_BODY}`],
    [{ file: 1 }, `Unknown keys: file. ${FILE_BODY}`],
    [{}, `content: expected the file's text as a non-empty string. ${FILE_BODY}`],
    [{ content: ' \n' }, `content: expected the file's text as a non-empty string. ${FILE_BODY}`],
    [{ content: 3 }, `content: expected the file's text as a non-empty string. ${FILE_BODY}`],
  ])('%p → %p', (body, message) => {
    expect(invidiousErrorOf(SubscriptionFileDto, body)).toBe(message);
  });
});
