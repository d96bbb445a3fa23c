import { refusalOf, validateRequest } from '../../platform/http/validation.js';
import { TaLoginDto } from './tubearchivist-auth.dto.js';

const refusal = (body: unknown) => refusalOf(TaLoginDto, body);

describe('POST /api/login/ body', () => {
  it('trims the username, not the password, and drops other fields', () => {
    expect(validateRequest(TaLoginDto, { username: ' admin ', password: ' secret ', remember: 'yes' })).toEqual({ username: 'admin', password: ' secret ' });
  });

  it.each([
    [undefined, { username: ['This field is required.'], password: ['This field is required.'] }],
    [['admin', 'x'], { username: ['This field is required.'], password: ['This field is required.'] }],
    [{ username: 'admin' }, { password: ['This field is required.'] }],
    [{ username: null, password: 'x' }, { username: ['This field is required.'] }],
    [
      { username: '  ', password: '' },
      { username: ['This field may not be blank.'], password: ['This field may not be blank.'] },
    ],
    [{ username: 'admin', password: '  ' }, undefined],
    [
      { username: 1, password: ['a', 'b'] },
      { username: ['Not a valid string.'], password: ['Not a valid string.'] },
    ],
  ])('%p → %p', (body, errors) => {
    if (errors === undefined) expect(validateRequest(TaLoginDto, body).password).toBe('  ');
    else expect(refusal(body)).toEqual({ status: 400, body: errors });
  });
});
