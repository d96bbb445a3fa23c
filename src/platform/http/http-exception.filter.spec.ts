import { BadRequestException, ForbiddenException, type ArgumentsHost } from '@nestjs/common';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  RateLimitedError,
  UnavailableError,
  UpstreamFailedError,
  type DomainErrorKind,
} from '../errors/domain-errors.js';
import { ApiError } from './api-error.js';
import { statusOf } from './error-status.js';
import { domainErrorResponse, HttpExceptionFilter } from './http-exception.filter.js';
import { RouteTable } from './route-table.js';

interface Sent {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Runs the filter on `exception` as if a request to `url` had thrown it; what the reply got. */
function answer(exception: unknown, url: string, method = 'GET'): Sent {
  const sent: Sent = { status: 0, headers: {}, body: undefined };
  const reply = {
    sent: false,
    header(name: string, value: string) {
      sent.headers[name] = value;
      return reply;
    },
    status(code: number) {
      sent.status = code;
      return reply;
    },
    send(payload: string) {
      sent.body = JSON.parse(payload);
      return reply;
    },
  };
  const request = { url, method, headers: {}, routeOptions: { url } };
  const host = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }) } as unknown as ArgumentsHost;
  new HttpExceptionFilter(new RouteTable()).catch(exception, host);
  return sent;
}

const INVIDIOUS = '/api/v1/auth/playlists/IVabc';
const TUBEARCHIVIST = '/api/channel/UCabc/';
const BROWSER = '/cache/videos/a/abc.jpg';

const CASES: { error: DomainError; kind: DomainErrorKind; status: number }[] = [
  { error: new InvalidInputError('Invalid video ID'), kind: 'invalid-input', status: 400 },
  { error: new ForbiddenError('You are not the owner of this playlist'), kind: 'forbidden', status: 403 },
  { error: new NotFoundError('Playlist does not exist.'), kind: 'not-found', status: 404 },
  { error: new ConflictError('Watch history is disabled in preferences.'), kind: 'conflict', status: 409 },
  { error: new UnavailableError('No upstream is configured; set UPSTREAM_URL'), kind: 'unavailable', status: 503 },
  { error: new UpstreamFailedError('Upstream error: HTTP 500'), kind: 'upstream-failed', status: 502 },
];

describe('HttpExceptionFilter and domain errors', () => {
  describe.each(CASES)('$kind', ({ error, kind, status }) => {
    it(`is ${status} with the kind "${kind}"`, () => {
      expect(error.kind).toBe(kind);
      expect(statusOf(error)).toBe(status);
    });

    it('answers {"error"} under /api/v1/', () => {
      expect(answer(error, `${INVIDIOUS}?index=1`)).toEqual({
        status,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: { error: error.message },
      });
    });

    it('answers {"detail"} in the TubeArchivist dialect', () => {
      expect(answer(error, TUBEARCHIVIST, 'POST')).toEqual({
        status,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: { detail: error.message },
      });
    });

    it('answers {"detail"} outside /api/ too', () => {
      expect(answer(error, BROWSER)).toMatchObject({ status, body: { detail: error.message } });
    });
  });

  it('sends Retry-After for a rate limit, in each dialect', () => {
    const error = new RateLimitedError('Too many failed logins; try again in 30 seconds.', 30);
    expect(statusOf(error)).toBe(429);
    expect(answer(error, '/api/login/', 'POST')).toEqual({
      status: 429,
      headers: { 'retry-after': '30', 'content-type': 'application/json; charset=utf-8' },
      body: { detail: 'Too many failed logins; try again in 30 seconds.' },
    });
    expect(answer(error, INVIDIOUS)).toMatchObject({ status: 429, headers: { 'retry-after': '30' }, body: { error: error.message } });
  });

  it('sends Retry-After for an unavailable dependency only when the error gives one', () => {
    expect(answer(new UnavailableError('Redis is away', { retryAfterSeconds: 5 }), INVIDIOUS)).toEqual({
      status: 503,
      headers: { 'retry-after': '5', 'content-type': 'application/json; charset=utf-8' },
      body: { error: 'Redis is away' },
    });
    expect(answer(new UnavailableError('The server is shutting down'), INVIDIOUS).headers).not.toHaveProperty('retry-after');
  });

  it("sends a dialect's own body as it is, with the kind's status", () => {
    class ShapedError extends DomainError {
      constructor(
        kind: DomainErrorKind,
        readonly body: Record<string, unknown>,
      ) {
        super(kind, 'shaped');
      }
    }
    expect(answer(new ShapedError('not-found', { data: false, config: { enabled: true } }), TUBEARCHIVIST)).toEqual({
      status: 404,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: { data: false, config: { enabled: true } },
    });
    expect(
      answer(new ShapedError('invalid-input', { non_field_errors: ['Unable to log in with provided credentials.'] }), '/api/login/', 'POST'),
    ).toMatchObject({
      status: 400,
      body: { non_field_errors: ['Unable to log in with provided credentials.'] },
    });
  });

  it('maps without a request too (domainErrorResponse)', () => {
    expect(domainErrorResponse(new NotFoundError('Video unavailable'), 'invidious')).toEqual({
      status: 404,
      body: { error: 'Video unavailable' },
      headers: {},
    });
    expect(domainErrorResponse(new NotFoundError('Not found.'), 'tubearchivist')).toEqual({ status: 404, body: { detail: 'Not found.' }, headers: {} });
  });

  it.each([
    ['a Redis still loading its data', 'LOADING Redis is loading the dataset in memory'],
    ['a command that timed out', 'Command timed out'],
    ['a closed Redis connection', 'Connection is closed.'],
  ])('answers %s with 503, never 500', (_what, message) => {
    const sent = answer(Object.assign(new Error(message), { name: 'ReplyError' }), TUBEARCHIVIST, 'POST');
    expect(sent.status).toBe(503);
    expect(sent.body).toEqual({ detail: 'Redis is unavailable; try again shortly.' });
  });

  it('keeps answering HTTP exceptions as before', () => {
    expect(answer(new ApiError(403, { detail: 'CSRF Failed: Cross-site request refused.' }), INVIDIOUS)).toMatchObject({
      status: 403,
      body: { detail: 'CSRF Failed: Cross-site request refused.' },
    });
    expect(answer(new ForbiddenException('Nope'), INVIDIOUS)).toMatchObject({ status: 403, body: { error: 'Nope' } });
    expect(answer(new BadRequestException('Bad'), TUBEARCHIVIST)).toMatchObject({ status: 400, body: { detail: 'Bad' } });
    expect(statusOf(new ForbiddenException())).toBe(403);
    expect(statusOf(new Error('boom'))).toBe(500);
  });

  it('names the error class, for logs and stack traces', () => {
    expect(new NotFoundError('x').name).toBe('NotFoundError');
    expect(new NotFoundError('x')).toBeInstanceOf(DomainError);
    expect(new NotFoundError('x')).toBeInstanceOf(Error);
  });
});
