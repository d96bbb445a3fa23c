import { NotFoundError } from '../../platform/errors/domain-errors.js';
import { domainErrorResponse } from '../../platform/http/http-exception.filter.js';
import { taMessageError, TaShapedError } from './ta-errors.js';

describe('TubeArchivist-shaped errors', () => {
  it('answer {"message"} with the status of their kind', () => {
    expect(domainErrorResponse(taMessageError('invalid-input', 'missing expected data key'), 'tubearchivist')).toEqual({
      status: 400,
      body: { message: 'missing expected data key' },
      headers: {},
    });
    expect(domainErrorResponse(taMessageError('not-found', 'video not found: abc'), 'tubearchivist')).toEqual({
      status: 404,
      body: { message: 'video not found: abc' },
      headers: {},
    });
  });

  it('answer any other exact body as it is', () => {
    const refused = new TaShapedError('invalid-input', { status: 'Bad Request', message: 'id requires type' }, 'id requires type');
    expect(domainErrorResponse(refused, 'tubearchivist')).toEqual({ status: 400, body: { status: 'Bad Request', message: 'id requires type' }, headers: {} });
    expect(
      domainErrorResponse(new TaShapedError('invalid-input', { non_field_errors: ['Unable to log in with provided credentials.'] }), 'tubearchivist').body,
    ).toEqual({
      non_field_errors: ['Unable to log in with provided credentials.'],
    });
    expect(domainErrorResponse(new TaShapedError('not-found', { data: false }), 'tubearchivist')).toMatchObject({ status: 404, body: { data: false } });
  });

  it('keep a message for logs: the given one, else the body as JSON', () => {
    expect(taMessageError('invalid-input', 'expected type channel').message).toBe('expected type channel');
    expect(new TaShapedError('invalid-input', { username: ['This field is required.'] }).message).toBe('{"username":["This field is required."]}');
  });

  it('leave plain domain errors to the {"detail"} body', () => {
    expect(domainErrorResponse(new NotFoundError('Not found.'), 'tubearchivist').body).toEqual({ detail: 'Not found.' });
  });
});
