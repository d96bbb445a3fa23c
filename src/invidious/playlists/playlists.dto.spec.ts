import { ApiError } from '../../platform/http/api-error.js';
import { validateRequest } from '../../platform/http/validation.js';
import { AddPlaylistVideoDto, CreatePlaylistDto, UpdatePlaylistDto } from './playlists.dto.js';

/** The pipe's answer to a body: `{ ok, value }` or the `{"error"}` message. */
function check<T extends object>(type: new () => T, body: unknown): { ok: true; value: T } | { ok: false; message: string } {
  try {
    return { ok: true, value: validateRequest(type, body) };
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, message: (error.body as { error: string }).error };
    throw error;
  }
}

const create = (body: unknown) => check(CreatePlaylistDto, body);
const update = (body: unknown) => check(UpdatePlaylistDto, body);
const add = (body: unknown) => check(AddPlaylistVideoDto, body);

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
    expect(create({ title: 'Mix', privacy: 'public', description: 'x'.repeat(5001) })).toEqual({
      ok: false,
      message: 'Invalid description: at most 5000 characters',
    });
    expect(create({ title: 'Mix', privacy: 'public', description: 1 })).toEqual({ ok: false, message: 'Invalid description: expected a string' });
    expect(create({ title: 'Mix', privacy: 'public', owner: 'me' })).toEqual({
      ok: false,
      message: 'Unknown key "owner": expected title, privacy, description',
    });
    expect(create({ owner: 'me', id: 1 })).toEqual({ ok: false, message: 'Unknown keys "owner", "id": expected title, privacy, description' });
    expect(create([])).toEqual({ ok: false, message: 'The body must be a JSON object with the keys title, privacy, description' });
    expect(create('Mix')).toMatchObject({ ok: false, message: expect.stringContaining('JSON object') });
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
    expect(update({ owner: 'me' })).toEqual({ ok: false, message: 'Unknown key "owner": expected title, description, privacy' });
  });

  it('checks video ids', () => {
    expect(add({ videoId: 'dQw4w9WgXcQ' })).toMatchObject({ ok: true, value: { videoId: 'dQw4w9WgXcQ' } });
    for (const body of [{ videoId: 'short' }, { videoId: 12345678901 }, {}, undefined, { videoId: 'dQw4w9WgXc!' }]) {
      expect(add(body)).toEqual({ ok: false, message: 'Invalid videoId' });
    }
  });
});
