import { foreignUrls, localizeUrls, localUrl } from './local-urls.js';

const ORIGIN = 'https://tube.example.org';
const UPSTREAM = 'https://inv.example.net';

describe('localUrl', () => {
  it.each([
    ['https://i.ytimg.com/vi/dQw4w9WgXcQ/maxresdefault.jpg', `${ORIGIN}/vi/dQw4w9WgXcQ/maxresdefault.jpg`],
    ['https://i9.ytimg.com/vi/dQw4w9WgXcQ/1.jpg?sqp=x', `${ORIGIN}/vi/dQw4w9WgXcQ/1.jpg?sqp=x`],
    ['https://yt3.ggpht.com/abc=s176-c-k-c0x00ffffff-no-rj', `${ORIGIN}/ggpht/abc=s176-c-k-c0x00ffffff-no-rj`],
    ['//yt3.googleusercontent.com/abc=s48', `${ORIGIN}/ggpht/abc=s48`],
    ['https://rr3---sn-abc.googlevideo.com/videoplayback?id=1&itag=18', `${ORIGIN}/videoplayback?id=1&itag=18&host=rr3---sn-abc.googlevideo.com`],
    [`${UPSTREAM}/api/manifest/dash/id/dQw4w9WgXcQ`, `${ORIGIN}/api/manifest/dash/id/dQw4w9WgXcQ`],
    [`${ORIGIN}/vi/x/1.jpg`, `${ORIGIN}/vi/x/1.jpg`],
  ])('%s → %s', (from, to) => {
    expect(localUrl(from, ORIGIN, UPSTREAM)).toBe(to);
  });

  it('leaves relative URLs and plain text alone', () => {
    for (const text of ['/channel/UCuAXFkgsw1L7xaCfnd5JJOw', 'Never gonna give you up', 'mailto:x@example.org', ''])
      expect(localUrl(text, ORIGIN, UPSTREAM)).toBe(text);
  });
});

describe('localizeUrls', () => {
  it('rewrites every URL string, however deep, and nothing else', () => {
    const input = {
      title: 'https is a word',
      n: 3,
      flag: true,
      none: null,
      list: [{ url: 'https://i.ytimg.com/vi/a/1.jpg' }],
      nested: { deep: ['//yt3.ggpht.com/x'] },
    };
    const output = localizeUrls(input, ORIGIN, UPSTREAM);
    expect(output).toEqual({
      title: 'https is a word',
      n: 3,
      flag: true,
      none: null,
      list: [{ url: `${ORIGIN}/vi/a/1.jpg` }],
      nested: { deep: [`${ORIGIN}/ggpht/x`] },
    });
    expect(foreignUrls(output, ORIGIN)).toEqual([]);
    expect(foreignUrls(input, ORIGIN)).toEqual(['https://i.ytimg.com/vi/a/1.jpg', '//yt3.ggpht.com/x']);
  });
});

describe('localUrl with an origin that names its default port', () => {
  it("leaves tubevault's own URLs alone", () => {
    expect(localUrl('http://localhost:80/api/manifest/dash/id/x', 'http://localhost:80', UPSTREAM)).toBe('http://localhost:80/api/manifest/dash/id/x');
  });
});
