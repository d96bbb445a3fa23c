import { ApiError } from '../../platform/http/api-error.js';
import { validateRequest } from '../../platform/http/validation.js';
import { CookieImportDto } from './cookie.dto.js';

function refusalOf(body: unknown): unknown {
  try {
    validateRequest(CookieImportDto, body);
  } catch (error) {
    if (error instanceof ApiError) return { status: error.getStatus(), body: error.body };
    throw error;
  }
  throw new Error('accepted');
}

describe('PUT /api/cookie/ body', () => {
  it('takes the cookie text as sent', () => {
    expect(validateRequest(CookieImportDto, { cookie: ' # Netscape HTTP Cookie File\n', other: 1 })).toEqual({ cookie: ' # Netscape HTTP Cookie File\n' });
  });

  it.each([undefined, [], 'cookie', {}, { cookie: null }, { cookie: 1 }, { cookie: ['a'] }, { cookie: ' \n ' }])('refuses %p', (body) => {
    expect(refusalOf(body)).toEqual({ status: 400, body: { message: 'missing cookie key in request data' } });
  });
});
