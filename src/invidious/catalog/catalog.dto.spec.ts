import { ApiError } from '../../platform/http/api-error.js';
import { validateRequest } from '../../platform/http/validation.js';
import { ChannelVideosQueryDto } from './catalog.dto.js';

describe('GET /api/v1/channels/:ucid/videos query', () => {
  it.each([
    [{}, { sort_by: 'newest' }],
    [{ sort_by: '' }, { sort_by: 'newest' }],
    [
      { sort_by: 'popular', continuation: 'abc', hl: 'en' },
      { sort_by: 'popular', continuation: 'abc' },
    ],
    [
      { sort_by: 'oldest', continuation: ['a', 'b'] },
      { sort_by: 'oldest', continuation: undefined },
    ],
  ])('%p → %p', (query, expected) => {
    expect({ ...validateRequest(ChannelVideosQueryDto, query) }).toEqual(expected);
  });

  it.each([{ sort_by: 'random' }, { sort_by: ['newest', 'oldest'] }, { sort_by: 'NEWEST' }])('refuses %p', (query) => {
    expect(() => validateRequest(ChannelVideosQueryDto, query)).toThrow(ApiError);
    try {
      validateRequest(ChannelVideosQueryDto, query);
    } catch (error) {
      expect((error as ApiError).body).toEqual({ error: 'Invalid sort_by: expected newest, oldest, popular' });
    }
  });
});
