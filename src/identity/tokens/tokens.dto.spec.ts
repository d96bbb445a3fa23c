import { validateRequest } from '../../platform/http/validation.js';
import { registerFieldsOfForm } from './token-request.js';
import { RegisterTokenDto, UnregisterTokenDto } from './tokens.dto.js';
import { invidiousErrorOf } from '../../platform/testing/thrown.js';

describe('POST tokens/register body', () => {
  it('reads JSON and forms alike', () => {
    expect(validateRequest(RegisterTokenDto, { scopes: ['GET:feed'], expire: 3600 }).toRequest()).toEqual({
      scopes: ['GET:feed'],
      expire: 3600,
      callbackUrl: undefined,
    });
    const form = registerFieldsOfForm({ 'scopes[0]': 'GET:feed', 'scopes[1]': ':playlists*', expire: '60', extra: 'ignored' });
    expect(validateRequest(RegisterTokenDto, form).toRequest()).toEqual({ scopes: ['GET:feed', ':playlists*'], expire: 60, callbackUrl: undefined });
    expect(validateRequest(RegisterTokenDto, registerFieldsOfForm({ scopes: 'GET:feed' })).toRequest().scopes).toEqual(['GET:feed']);
    expect(validateRequest(RegisterTokenDto, { scopes: ['GET:feed'], callbackUrl: 'https://app.example/cb' }).toRequest().callbackUrl?.href).toBe(
      'https://app.example/cb',
    );
    expect(validateRequest(RegisterTokenDto, { scopes: ['GET:feed'], callbackUrl: '' }).toRequest().callbackUrl).toBeUndefined();
  });

  it.each([
    [undefined, /^Send a JSON object \{"scopes"/],
    [['GET:feed'], /^Send a JSON object \{"scopes"/],
    [{ scopes: ['GET:feed'], user: 1, name: 2 }, /^Unknown keys: user, name \(expected scopes, callbackUrl, expire\)$/],
    [{ scopes: 'x', user: 1 }, /^Unknown keys: user/],
    [{}, /^scopes must be a non-empty array/],
    [{ scopes: [], expire: 0 }, /^scopes must be a non-empty array/],
    [{ scopes: ['GET:feed'], expire: 0, callbackUrl: 5 }, /^expire must be a lifetime in seconds/],
    [{ scopes: ['GET:feed'], callbackUrl: 5 }, /^callbackUrl must be a string$/],
    [{ scopes: ['GET:feed'], callbackUrl: 'not a url' }, /callbackUrl/],
  ])('%p → %p', (body, message) => {
    expect(invidiousErrorOf(RegisterTokenDto, body)).toMatch(message);
  });
});

describe('POST tokens/unregister body', () => {
  it('takes no body, null or a session', () => {
    expect(validateRequest(UnregisterTokenDto, undefined).session).toBeUndefined();
    expect(validateRequest(UnregisterTokenDto, null).session).toBeUndefined();
    expect(validateRequest(UnregisterTokenDto, { session: null }).session).toBeNull();
    expect(validateRequest(UnregisterTokenDto, { session: 'v1:abc' }).session).toBe('v1:abc');
  });

  it.each([
    [[], 'Send a JSON object {"session": "v1:…"} or no body'],
    ['v1:abc', 'Send a JSON object {"session": "v1:…"} or no body'],
    [{ session: 5 }, 'session must be a string'],
  ])('%p → %p', (body, message) => {
    expect(invidiousErrorOf(UnregisterTokenDto, body)).toBe(message);
  });
});
