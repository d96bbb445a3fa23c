import { refusalOf, validateRequest } from '../../platform/http/validation.js';
import { SEARCH_MESSAGES } from '../../catalog/search/search-query.js';
import { SearchQueryDto } from './search.dto.js';

const refusal = (query: unknown) => refusalOf(SearchQueryDto, query);

describe('GET /api/search/ query', () => {
  it('takes the last of a repeated parameter and ignores other parameters', () => {
    expect(validateRequest(SearchQueryDto, { query: ['a', 'b'], page: '2' })).toEqual({ query: 'b' });
    expect(validateRequest(SearchQueryDto, { query: 'x'.repeat(500) }).query).toHaveLength(500);
    expect(validateRequest(SearchQueryDto, { query: '🎵'.repeat(500) }).query).toHaveLength(1000);
  });

  it.each([
    [{}, SEARCH_MESSAGES.missing],
    [{ query: '' }, SEARCH_MESSAGES.missing],
    [{ query: '   \t ' }, SEARCH_MESSAGES.missing],
    [{ query: ['a', ' '] }, SEARCH_MESSAGES.missing],
    [{ query: 'x'.repeat(501) }, SEARCH_MESSAGES.tooLong],
  ])('refuses %p', (query, message) => {
    expect(refusal(query)).toEqual({ status: 400, body: { message } });
  });
});
