import { parseSearchQuery, planTerm, SEARCH_MESSAGES, searchTextProblem, type ParsedSearch } from './search-query.js';

const parsed = (overrides: Partial<ParsedSearch>): ParsedSearch => ({
  queryType: 'simple',
  term: null,
  channel: null,
  active: null,
  subscribed: null,
  lang: null,
  source: null,
  ...overrides,
});

describe('parseSearchQuery (TubeArchivist syntax)', () => {
  it.each<[string, Partial<ParsedSearch>]>([
    // Plain terms: lower-cased, whitespace collapsed.
    ['Never  Gonna\tGive', { term: 'never gonna give' }],
    // The first word's prefix picks the query type; its remainder is a word of the term.
    ['video:Never gonna', { queryType: 'video', term: 'never gonna' }],
    ['channel:rick', { queryType: 'channel', term: 'rick' }],
    ['playlist:hits 2009', { queryType: 'playlist', term: 'hits 2009' }],
    ['full:lyrics', { queryType: 'full', term: 'lyrics' }],
    ['simple:rick', { term: 'rick' }],
    // A prefix alone: no term (everything matches).
    ['video:', { queryType: 'video' }],
    // Another prefix: simple, and the word stays as it is.
    ['foo:bar baz', { term: 'foo:bar baz' }],
    // Split at the first colon only (TA answers 500 to two colons).
    ['video:channel:rick astley', { queryType: 'video', channel: 'rick astley' }],
    // Secondary keywords switch the target; later plain words follow it.
    ['video:never channel:rick astley', { queryType: 'video', term: 'never', channel: 'rick astley' }],
    ['video:never channel: rick', { queryType: 'video', term: 'never', channel: 'rick' }],
    ['video:never active:yes', { queryType: 'video', term: 'never', active: true }],
    ['video:never active:no', { queryType: 'video', term: 'never', active: false }],
    ['video:active:maybe yes', { queryType: 'video', active: true }],
    ['video:never active:', { queryType: 'video', term: 'never' }],
    ['channel:rick subscribed:yes', { queryType: 'channel', term: 'rick', subscribed: true }],
    ['channel:rick subscribed:no active:yes', { queryType: 'channel', term: 'rick', subscribed: false, active: true }],
    ['playlist:hits subscribed:yes', { queryType: 'playlist', term: 'hits', subscribed: true }],
    ['full:never lang:en de source:auto', { queryType: 'full', term: 'never', lang: 'en', source: 'auto' }],
    // A keyword of another type is a plain word.
    ['rick channel:astley', { term: 'rick channel:astley' }],
    ['channel:rick channel:astley', { queryType: 'channel', term: 'rick channel:astley' }],
    ['video:never subscribed:yes', { queryType: 'video', term: 'never subscribed:yes' }],
    // fuzzy: is accepted everywhere and ignored.
    ['rick fuzzy:yes', { term: 'rick' }],
    ['fuzzy:yes rick', {}],
    // Quotes and minus signs stay in the term, for websearch_to_tsquery.
    ['"Never Gonna" -Give', { term: '"never gonna" -give' }],
  ])('%p', (query, expected) => {
    expect(parseSearchQuery(query)).toEqual(parsed(expected));
  });

  it.each([
    [undefined, SEARCH_MESSAGES.missing],
    ['', SEARCH_MESSAGES.missing],
    ['   \t ', SEARCH_MESSAGES.missing],
    [42, SEARCH_MESSAGES.missing],
    ['x'.repeat(501), SEARCH_MESSAGES.tooLong],
  ])('refuses %p', (query, message) => {
    expect(searchTextProblem(query)).toBe(message);
  });

  it('allows 500 characters', () => {
    expect(searchTextProblem('x'.repeat(500))).toBeNull();
    expect(searchTextProblem('🎵'.repeat(500))).toBeNull();
    expect(parseSearchQuery('x'.repeat(500)).term).toHaveLength(500);
    // Characters, not UTF-16 units.
    expect(parseSearchQuery('🎵'.repeat(500)).term).toHaveLength(1000);
  });
});

describe('planTerm (websearch syntax, last plain word as a prefix)', () => {
  it('replaces a plain last word with a placeholder', () => {
    expect(planTerm('never gonna giv')).toEqual({
      websearch: 'never gonna giv',
      prefix: { word: 'giv', placeholder: 'tvlastword', websearch: 'never gonna tvlastword' },
    });
  });

  it('keeps quoted phrases and negations whole before the prefix word', () => {
    expect(planTerm('"never gonna" -give rick')?.prefix?.websearch).toBe('"never gonna" -give tvlastword');
    expect(planTerm('never or rick')?.prefix?.websearch).toBe('never or tvlastword');
  });

  it.each(['"never gonna"', 'never "gonna give', '-give', 'never - give', 'rick or', 'a"b c"'])('uses %p as websearch reads it', (term) => {
    expect(planTerm(term)).toEqual({ websearch: term, prefix: null });
  });

  it('picks a placeholder that is not in the term', () => {
    expect(planTerm('tvlastword tvlastwordx foo').prefix?.placeholder).toBe('tvlastwordxx');
  });
});
