import { validateRequest } from '../../platform/http/validation.js';
import { LoginFormDto, SignoutFormDto } from './browser.dto.js';

describe('browser forms', () => {
  it('reads text fields; a repeated field (an array) counts as absent; other fields are dropped', () => {
    expect({ ...validateRequest(LoginFormDto, { email: 'alice', password: ['a', 'b'], referer: '/x', extra: '1' }) }).toEqual({
      email: 'alice',
      password: undefined,
      referer: '/x',
    });
    expect({ ...validateRequest(SignoutFormDto, { csrf_token: 'abc' }) }).toEqual({ csrf_token: 'abc' });
  });

  it('takes no body, or one that is not a form object, as no fields', () => {
    for (const body of [undefined, null, 'text', ['a']]) {
      expect({ ...validateRequest(LoginFormDto, body) }).toEqual({});
      expect(validateRequest(SignoutFormDto, body).csrf_token).toBeUndefined();
    }
  });
});
