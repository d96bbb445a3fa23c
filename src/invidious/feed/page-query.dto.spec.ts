import { refusalOf, validateRequest } from '../../platform/http/validation.js';
import { HistoryQueryDto } from '../history/history.dto.js';
import { FeedQueryDto } from './feed.dto.js';

describe.each([FeedQueryDto, HistoryQueryDto])('feed and history paging query: %p', (type) => {
  it('defaults: no max_results (the preference applies), page 1; empty values count as absent', () => {
    const read = (query: object) => {
      const dto = validateRequest(type, query);
      return { maxResults: dto.max_results, page: dto.page };
    };
    expect(read({})).toEqual({ maxResults: undefined, page: 1 });
    expect(read({ max_results: '', page: '' })).toEqual({ maxResults: undefined, page: 1 });
    expect(read({ max_results: '5', page: '2', hl: 'en-US' })).toEqual({ maxResults: 5, page: 2 });
    expect(read({ max_results: '1500', page: '1000000' })).toEqual({ maxResults: 1500, page: 1000000 });
  });

  it.each([
    [{ max_results: '0' }, 'Invalid max_results "0": expected an integer from 1 to 1500'],
    [{ max_results: '1501' }, 'Invalid max_results "1501": expected an integer from 1 to 1500'],
    [{ max_results: 'ten' }, 'Invalid max_results "ten": expected an integer from 1 to 1500'],
    [{ max_results: '5.0' }, 'Invalid max_results "5.0": expected an integer from 1 to 1500'],
    [{ max_results: '-3' }, 'Invalid max_results "-3": expected an integer from 1 to 1500'],
    [{ max_results: '007x', page: '0' }, 'Invalid max_results "007x": expected an integer from 1 to 1500'],
    [{ page: '0' }, 'Invalid page "0": expected an integer from 1 to 1000000'],
    [{ page: '99999999999999999999' }, 'Invalid page "99999999999999999999": expected an integer from 1 to 1000000'],
    [{ page: ['1', '2'] }, 'Invalid page: give it once, expected an integer from 1 to 1000000'],
    [{ page: 'x'.repeat(500) }, `Invalid page "${'x'.repeat(23)}…": expected an integer from 1 to 1000000`],
  ])('%p → 400 %p', (query, error) => {
    expect(refusalOf(type, query)).toEqual({ status: 400, body: { error } });
  });
});
