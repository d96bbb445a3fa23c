import { refusalOf, validateRequest } from '../../platform/http/validation.js';
import { MAX_TOPICS } from './notifications-request.js';
import { NotificationsQueryDto } from './notifications.dto.js';

const channel = (n: number) => `UC${String(n).padStart(22, '0')}`;
const X = channel(1);
const Y = channel(2);

const read = (query: Record<string, unknown>) => validateRequest(NotificationsQueryDto, query).toRequest();

const errorOf = (query: Record<string, unknown>) => refusalOf(NotificationsQueryDto, query);

describe('notification stream parameters', () => {
  it('splits topics, drops empty items and duplicates, and separates debug', () => {
    expect(read({ topics: `${X},,${Y},${X},debug,` })).toEqual({ channelIds: [X, Y], debug: true, since: null, fields: null });
  });

  it('allows no topics at all (Materialious only awaits the headers)', () => {
    expect(read({})).toEqual({ channelIds: [], debug: false, since: null, fields: null });
    expect(read({ topics: '', since: '' }).channelIds).toEqual([]);
  });

  it('joins a repeated topics parameter', () => {
    expect(read({ topics: [X, `${Y},debug`] })).toMatchObject({ channelIds: [X, Y], debug: true });
  });

  it('counts topics after de-duplication: 1000 pass, 1001 fail', () => {
    const thousand = Array.from({ length: MAX_TOPICS }, (_, i) => channel(i));
    expect(read({ topics: [...thousand, ...thousand].join(',') }).channelIds).toHaveLength(1000);
    expect(errorOf({ topics: [...thousand, channel(5000)].join(',') })).toEqual({ status: 400, body: { error: 'Too many topics: 1001 (at most 1000)' } });
  });

  it('names every offending topic (up to ten)', () => {
    expect(errorOf({ topics: `${X},abc, ${Y},UCshort,DEBUG` })).toEqual({
      status: 400,
      body: { error: `Invalid topics: "abc", " ${Y}", "UCshort", "DEBUG"; each topic is a channel id (UC + 22 characters of A-Z a-z 0-9 _ -) or debug` },
    });
    const many = Array.from({ length: 12 }, (_, i) => `bad${i}`).join(',');
    expect((errorOf({ topics: many })?.body as { error: string }).error).toMatch(/"bad9" and 2 more;/);
  });

  it('reads since as Unix seconds; empty counts as absent', () => {
    expect(read({ topics: X, since: '1700000000' }).since).toBe(1700000000);
    expect(read({ topics: X, since: '0' }).since).toBe(0);
    expect(read({ topics: X, since: '' }).since).toBeNull();
  });

  it.each(['-1', '1.5', 'abc', ' 1', '1e3', '99999999999999999'])('refuses since=%p', (since) => {
    expect(errorOf({ topics: X, since })).toEqual({
      status: 400,
      body: { error: `Invalid since ${JSON.stringify(since)}: expected Unix seconds, an integer of at least 0` },
    });
  });

  it('refuses repeated topics, since and fields', () => {
    expect(errorOf({ topics: [X, 1] })?.body).toEqual({ error: 'Invalid topics: give it once, as text' });
    expect(errorOf({ topics: X, since: ['1', '2'] })?.body).toEqual({ error: 'Invalid since: give it once, as text' });
    expect(errorOf({ topics: X, fields: ['a', 'b'] })?.body).toEqual({ error: 'Invalid fields parameter: give it once, as text' });
  });

  it('checks topics, then since, then fields', () => {
    expect(errorOf({ fields: '', since: 'x', topics: 'bad' })?.body).toEqual({ error: expect.stringMatching(/^Invalid topics: "bad"/) });
    expect(errorOf({ fields: '', since: 'x' })?.body).toEqual({ error: expect.stringMatching(/^Invalid since "x"/) });
  });

  it('parses fields, and refuses an empty or malformed one', () => {
    const { fields } = read({ topics: X, fields: 'videoId,title' });
    expect(fields?.text).toBe('videoId,title');
    expect([...fields!.selection.keys()]).toEqual(['videoId', 'title']);
    expect(errorOf({ topics: X, fields: '' })?.body).toEqual({
      error: 'Invalid fields parameter: empty value; name at least one key, e.g. fields=videoId,title',
    });
    expect(errorOf({ topics: X, fields: 'a(b' })?.body).toEqual({
      error: 'Invalid fields parameter: unbalanced brackets: "(" at character 2 is never closed',
    });
  });

  it('reads local as the GET routes do: true and 1 on, false, 0 and absent off; anything else or twice is refused', () => {
    const view = (query: Record<string, unknown>) => validateRequest(NotificationsQueryDto, query).toView('https://tv.example');
    expect(view({ topics: X })).toEqual({ origin: 'https://tv.example', local: false });
    for (const local of ['true', '1']) expect(view({ topics: X, local }).local).toBe(true);
    for (const local of ['false', '0']) expect(view({ topics: X, local }).local).toBe(false);
    expect(errorOf({ topics: X, local: 'yes' })?.body).toEqual({ error: 'Invalid local "yes": expected true, false, 1 or 0' });
    expect(errorOf({ topics: X, local: ['true', 'true'] })?.body).toEqual({ error: 'Invalid local: give it once, as text' });
    // After the other parameters' problems.
    expect(errorOf({ topics: X, fields: '', local: 'yes' })?.body).toEqual({ error: expect.stringMatching(/^Invalid fields parameter/) });
  });
});
