import { DomainError } from '../../platform/errors/domain-errors.js';
import { domainErrorResponse } from '../../platform/http/http-exception.filter.js';
import { MAX_TOPICS, parseNotificationsRequest } from './notifications-request.js';

const channel = (n: number) => `UC${String(n).padStart(22, '0')}`;
const X = channel(1);
const Y = channel(2);

function errorOf(run: () => unknown): { status: number; body: unknown } {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) {
      const { status, body } = domainErrorResponse(error, 'invidious');
      return { status, body };
    }
    throw error;
  }
  throw new Error('expected an error');
}

describe('parseNotificationsRequest', () => {
  it('splits topics, drops empty items and duplicates, and separates debug', () => {
    expect(parseNotificationsRequest(`${X},,${Y},${X},debug,`, undefined, undefined)).toEqual({ channelIds: [X, Y], debug: true, since: null, fields: null });
  });

  it('allows no topics at all (Materialious only awaits the headers)', () => {
    expect(parseNotificationsRequest(undefined, undefined, undefined)).toEqual({ channelIds: [], debug: false, since: null, fields: null });
    expect(parseNotificationsRequest('', '', undefined).channelIds).toEqual([]);
  });

  it('joins a repeated topics parameter', () => {
    expect(parseNotificationsRequest([X, `${Y},debug`], undefined, undefined)).toMatchObject({ channelIds: [X, Y], debug: true });
  });

  it('counts topics after de-duplication: 1000 pass, 1001 fail', () => {
    const thousand = Array.from({ length: MAX_TOPICS }, (_, i) => channel(i));
    expect(parseNotificationsRequest([...thousand, ...thousand].join(','), undefined, undefined).channelIds).toHaveLength(1000);
    expect(errorOf(() => parseNotificationsRequest([...thousand, channel(5000)].join(','), undefined, undefined))).toEqual({
      status: 400,
      body: { error: 'Too many topics: 1001 (at most 1000)' },
    });
  });

  it('names every offending topic (up to ten)', () => {
    expect(errorOf(() => parseNotificationsRequest(`${X},abc, ${Y},UCshort,DEBUG`, undefined, undefined))).toEqual({
      status: 400,
      body: { error: `Invalid topics: "abc", " ${Y}", "UCshort", "DEBUG"; each topic is a channel id (UC + 22 characters of A-Z a-z 0-9 _ -) or debug` },
    });
    const many = Array.from({ length: 12 }, (_, i) => `bad${i}`).join(',');
    expect((errorOf(() => parseNotificationsRequest(many, undefined, undefined)).body as { error: string }).error).toMatch(/"bad9" and 2 more;/);
  });

  it('reads since as Unix seconds; empty counts as absent', () => {
    expect(parseNotificationsRequest(X, '1700000000', undefined).since).toBe(1700000000);
    expect(parseNotificationsRequest(X, '0', undefined).since).toBe(0);
    expect(parseNotificationsRequest(X, '', undefined).since).toBeNull();
  });

  it.each(['-1', '1.5', 'abc', ' 1', '1e3', '99999999999999999'])('refuses since=%p', (since) => {
    expect(errorOf(() => parseNotificationsRequest(X, since, undefined))).toEqual({
      status: 400,
      body: { error: `Invalid since ${JSON.stringify(since)}: expected Unix seconds, an integer of at least 0` },
    });
  });

  it('refuses repeated since and fields', () => {
    expect(errorOf(() => parseNotificationsRequest(X, ['1', '2'], undefined)).body).toEqual({ error: 'Invalid since: give it once, as text' });
    expect(errorOf(() => parseNotificationsRequest(X, undefined, ['a', 'b'])).body).toEqual({ error: 'Invalid fields parameter: give it once, as text' });
  });

  it('parses fields, and refuses an empty or malformed one', () => {
    const { fields } = parseNotificationsRequest(X, undefined, 'videoId,title');
    expect(fields?.text).toBe('videoId,title');
    expect([...fields!.selection.keys()]).toEqual(['videoId', 'title']);
    expect(errorOf(() => parseNotificationsRequest(X, undefined, '')).body).toEqual({
      error: 'Invalid fields parameter: empty value; name at least one key, e.g. fields=videoId,title',
    });
    expect(errorOf(() => parseNotificationsRequest(X, undefined, 'a(b')).body).toEqual({
      error: 'Invalid fields parameter: unbalanced brackets: "(" at character 2 is never closed',
    });
  });
});
