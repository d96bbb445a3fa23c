import { validateBody } from './body-validation.js';
import { ADD_PLAYLIST_VIDEO_KEYS, AddPlaylistVideoDto, CREATE_PLAYLIST_KEYS, CreatePlaylistDto, UPDATE_PLAYLIST_KEYS, UpdatePlaylistDto } from './playlists.dto.js';

const create = (body: unknown) => validateBody(CreatePlaylistDto, CREATE_PLAYLIST_KEYS, body);
const update = (body: unknown) => validateBody(UpdatePlaylistDto, UPDATE_PLAYLIST_KEYS, body);
const add = (body: unknown) => validateBody(AddPlaylistVideoDto, ADD_PLAYLIST_VIDEO_KEYS, body);

describe('playlist bodies (docs/dialects/invidious.md#playlists)', () => {
  it('normalises a valid creation', () => {
    const result = create({ title: ' <Mix> ', privacy: 'PUBLIC', description: 'a\r\nb' });
    expect(result).toMatchObject({ ok: true, value: { title: 'Mix', privacy: 'public', description: 'a\nb' } });
  });

  it('answers with the spec messages', () => {
    expect(create({ privacy: 'public' })).toEqual({ ok: false, message: 'Invalid title.' });
    expect(create({ title: 5, privacy: 'public' })).toEqual({ ok: false, message: 'Invalid title.' });
    expect(create({ title: '<>', privacy: 'public' })).toEqual({ ok: false, message: 'Invalid title.' });
    expect(create({ title: 'Mix' })).toEqual({ ok: false, message: 'Invalid privacy setting.' });
    expect(create({ title: 'Mix', privacy: 'secret' })).toEqual({ ok: false, message: 'Invalid privacy setting.' });
    expect(create(undefined)).toEqual({ ok: false, message: 'Invalid title.' });
    expect(create({ title: 'Mix', privacy: 'public', description: 'x'.repeat(5001) })).toEqual({ ok: false, message: 'Invalid description: at most 5000 characters' });
    expect(create({ title: 'Mix', privacy: 'public', description: 1 })).toEqual({ ok: false, message: 'Invalid description: expected a string' });
    expect(create({ title: 'Mix', privacy: 'public', owner: 'me' })).toEqual({ ok: false, message: 'Unknown key "owner": expected title, privacy, description' });
    expect(create([])).toMatchObject({ ok: false, message: expect.stringContaining('JSON object') });
  });

  it('counts description characters, not UTF-16 units, after removing \\r', () => {
    expect(create({ title: 'Mix', privacy: 'public', description: '😀'.repeat(5000) }).ok).toBe(true);
    expect(create({ title: 'Mix', privacy: 'public', description: 'x\r'.repeat(5000) }).ok).toBe(true);
  });

  it('treats null and absent keys of a patch as unchanged', () => {
    expect(update({})).toMatchObject({ ok: true });
    expect(update({ title: null, description: null, privacy: null })).toMatchObject({ ok: true, value: { title: null, description: null, privacy: null } });
    expect(update({ title: '' })).toEqual({ ok: false, message: 'Invalid title.' });
    expect(update({ privacy: 'nope' })).toEqual({ ok: false, message: 'Invalid privacy setting.' });
  });

  it('checks video ids', () => {
    expect(add({ videoId: 'dQw4w9WgXcQ' })).toMatchObject({ ok: true, value: { videoId: 'dQw4w9WgXcQ' } });
    for (const body of [{ videoId: 'short' }, { videoId: 12345678901 }, {}, undefined, { videoId: 'dQw4w9WgXc!' }]) {
      expect(add(body)).toEqual({ ok: false, message: 'Invalid videoId' });
    }
  });
});
