import { refusalOf, validateRequest } from '../../platform/http/validation.js';
import { CookieImportDto } from './cookie.dto.js';

const refusal = (body: unknown) => refusalOf(CookieImportDto, body);

describe('PUT /api/cookie/ body', () => {
  it('takes the cookie text as sent', () => {
    expect(validateRequest(CookieImportDto, { cookie: ' # Netscape HTTP Cookie File\n', other: 1 })).toEqual({ cookie: ' # Netscape HTTP Cookie File\n' });
  });

  it.each([undefined, [], 'cookie', {}, { cookie: null }, { cookie: 1 }, { cookie: ['a'] }, { cookie: ' \n ' }])('refuses %p', (body) => {
    expect(refusal(body)).toEqual({ status: 400, body: { message: 'missing cookie key in request data' } });
  });
});
