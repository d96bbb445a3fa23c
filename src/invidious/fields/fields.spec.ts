import { applyFields, FieldsSyntaxError, MAX_FIELDS_DEPTH, parseFields } from './fields.js';
import { thrownBy } from '../../platform/testing/thrown.js';

const select = (value: unknown, fields: string) => applyFields(value, parseFields(fields));

const video = {
  type: 'video',
  title: 'T',
  videoId: 'dQw4w9WgXcQ',
  videoThumbnails: [
    { quality: 'maxres', url: 'https://i.ytimg.com/vi/dQw4w9WgXcQ/maxresdefault.jpg', width: 1280, height: 720 },
    { quality: 'default', url: 'https://i.ytimg.com/vi/dQw4w9WgXcQ/default.jpg', width: 120, height: 90 },
  ],
  published: 1700000000,
  author: 'Chan',
  authorThumbnails: [{ url: 'https://a/32', width: 32, height: 32 }],
  genreUrl: null,
};

describe('applyFields', () => {
  it('applies the spec example, keeping the original key order', () => {
    const result = select(video, 'videoId,title,videoThumbnails(quality,url)');
    expect(result).toEqual({
      title: 'T',
      videoId: 'dQw4w9WgXcQ',
      videoThumbnails: [
        { quality: 'maxres', url: 'https://i.ytimg.com/vi/dQw4w9WgXcQ/maxresdefault.jpg' },
        { quality: 'default', url: 'https://i.ytimg.com/vi/dQw4w9WgXcQ/default.jpg' },
      ],
    });
    expect(JSON.stringify(result)).toMatch(/^\{"title":"T","videoId":"dQw4w9WgXcQ","videoThumbnails":\[\{"quality":"maxres","url"/);
  });

  it('selects inside objects and arrays with a/b', () => {
    expect(select({ a: { b: 1, c: 2 }, d: 3 }, 'a/b')).toEqual({ a: { b: 1 } });
    expect(select(video, 'authorThumbnails/width')).toEqual({ authorThumbnails: [{ width: 32 }] });
    expect(select({ a: { b: { c: 1, d: 2 }, e: 3 } }, 'a/b/d')).toEqual({ a: { b: { d: 2 } } });
  });

  it('nests groups and combines them with paths', () => {
    const value = { a: { b: { c: 1, d: 2 }, e: 3, f: 4 }, g: 5 };
    expect(select(value, 'a(b(d),f),g')).toEqual({ a: { b: { d: 2 }, f: 4 }, g: 5 });
    expect(select(value, 'a/b(c)')).toEqual({ a: { b: { c: 1 } } });
  });

  it('merges overlapping selectors; a whole selection wins', () => {
    const value = { a: { b: 1, c: 2, d: 3 } };
    expect(select(value, 'a/b,a/c')).toEqual({ a: { b: 1, c: 2 } });
    expect(select(value, 'a/b,a')).toEqual(value);
    expect(select(value, 'a,a/b')).toEqual(value);
    expect(select(value, 'a(b),a(d)')).toEqual({ a: { b: 1, d: 3 } });
  });

  it('skips absent keys and ignores a sub-selection on a scalar or null', () => {
    expect(select(video, 'nope,title(x),genreUrl(y)')).toEqual({ title: 'T', genreUrl: null });
    expect(select({ list: [1, { a: 1, b: 2 }, [{ a: 3, c: 4 }]] }, 'list(a)')).toEqual({ list: [1, { a: 1 }, [{ a: 3 }]] });
  });

  it('filters each element of a top-level array', () => {
    expect(select([{ a: 1, b: 2 }, { a: 3 }], 'a')).toEqual([{ a: 1 }, { a: 3 }]);
  });

  it('keeps keys with spaces and other characters exactly, and __proto__ as data', () => {
    expect(select({ 'a b': 1, 'a-b': 2, é: 3 }, 'a b,é')).toEqual({ 'a b': 1, é: 3 });
    const polluted = select(JSON.parse('{"__proto__":{"x":1},"y":2}'), '__proto__') as Record<string, unknown>;
    expect(Object.getPrototypeOf(polluted)).toBe(Object.prototype);
    expect(Object.keys(polluted)).toEqual(['__proto__']);
  });

  it('does not modify its input', () => {
    const copy = structuredClone(video);
    select(video, 'title');
    expect(video).toEqual(copy);
  });
});

describe('parseFields errors', () => {
  it.each([
    ['', 'empty value; name at least one key, e.g. fields=videoId,title'],
    ['a,', 'empty key at character 3 (end of value)'],
    [',a', 'empty key at character 1 (before ",")'],
    ['a,,b', 'empty key at character 3 (before ",")'],
    ['a/', 'empty key at character 3 (end of value)'],
    ['a//b', 'empty key at character 3 (before "/")'],
    ['(a)', 'empty key at character 1 (before "(")'],
    ['a()', 'empty group "()" at character 2'],
    ['a(b,)', 'empty key at character 5 (before ")")'],
    ['a(b', 'unbalanced brackets: "(" at character 2 is never closed'],
    ['a(b(c)', 'unbalanced brackets: "(" at character 2 is never closed'],
    ['a)', 'unbalanced brackets: ")" at character 2 has no matching "("'],
    [')', 'unbalanced brackets: ")" at character 1 has no matching "("'],
    ['a(b))', 'unbalanced brackets: ")" at character 5 has no matching "("'],
    ['a(b)c', 'expected "," after ")" at character 4, found "c"'],
    ['a(b)/c', 'expected "," after ")" at character 4, found "/"'],
  ])('%p → %s', (text, reason) => {
    const error = thrownBy(() => parseFields(text));
    expect(error).toBeInstanceOf(FieldsSyntaxError);
    expect((error as FieldsSyntaxError).message).toBe(`Invalid fields parameter: ${reason}`);
  });

  it('accepts the grammar’s valid forms', () => {
    for (const text of ['a', 'a,b', 'a/b/c', 'a(b)', 'a(b,c(d/e)),f', ' ']) {
      expect(() => parseFields(text)).not.toThrow();
    }
  });

  it(`refuses selections nested deeper than ${MAX_FIELDS_DEPTH} levels with a syntax error, not a stack overflow`, () => {
    const brackets = (n: number) => `${'a('.repeat(n)}b${')'.repeat(n)}`;
    const slashes = (n: number) => Array.from({ length: n }, () => 'a').join('/');
    // 31 brackets around one key, or 32 keys along a path: exactly the limit.
    expect(() => parseFields(brackets(MAX_FIELDS_DEPTH - 1))).not.toThrow();
    expect(() => parseFields(slashes(MAX_FIELDS_DEPTH))).not.toThrow();
    expect(() => parseFields(`${slashes(16)}(${slashes(15)}(x))`)).not.toThrow();
    for (const text of [
      brackets(MAX_FIELDS_DEPTH),
      brackets(5000),
      slashes(MAX_FIELDS_DEPTH + 1),
      slashes(100_000),
      `${slashes(16)}(${slashes(16)}(x))`,
      `a(${'b('.repeat(5000)}`,
    ]) {
      expect(() => parseFields(text)).toThrow(new RegExp(`^Invalid fields parameter: nested deeper than ${MAX_FIELDS_DEPTH} levels at character \\d+`));
    }
  });
});
