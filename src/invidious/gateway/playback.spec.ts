import { localUrl } from './local-urls.js';
import { playbackOf, rewriteManifest } from './playback.js';

const ORIGIN = 'https://tube.example.org';
const UPSTREAM = 'https://inv.example.net';

describe('playbackOf', () => {
  it('takes the stream lists and points dashUrl at tubevault', () => {
    const upstream = {
      adaptiveFormats: [{ itag: '140' }, 'junk'],
      formatStreams: [{ itag: '18' }],
      captions: [{ label: 'English' }],
      dashUrl: `${UPSTREAM}/api/manifest/dash/id/dQw4w9WgXcQ`,
    };
    expect(playbackOf(upstream, 'dQw4w9WgXcQ', ORIGIN)).toEqual({
      adaptiveFormats: [{ itag: '140' }],
      formatStreams: [{ itag: '18' }],
      captions: [{ label: 'English' }],
      dashUrl: `${ORIGIN}/api/manifest/dash/id/dQw4w9WgXcQ`,
    });
  });

  it('gives empty lists and no dashUrl for an answer without streams', () => {
    expect(playbackOf({ title: 'x' }, 'dQw4w9WgXcQ', ORIGIN)).toEqual({ adaptiveFormats: [], formatStreams: [], captions: [] });
    expect(playbackOf(null, 'dQw4w9WgXcQ', ORIGIN)).toEqual({ adaptiveFormats: [], formatStreams: [], captions: [] });
  });
});

describe('rewriteManifest', () => {
  it('rewrites relative and absolute media URLs, keeping the XML escaped', () => {
    const xml =
      '<MPD><BaseURL>/videoplayback?id=a&amp;itag=140</BaseURL><BaseURL>https://rr1---sn-x.googlevideo.com/videoplayback?id=a&amp;itag=137</BaseURL><SegmentTemplate media="/seg/$Number$" initialization="init.mp4"/></MPD>';
    expect(rewriteManifest(xml, UPSTREAM, (url) => localUrl(url, ORIGIN, UPSTREAM))).toBe(
      `<MPD><BaseURL>${ORIGIN}/videoplayback?id=a&amp;itag=140</BaseURL><BaseURL>${ORIGIN}/videoplayback?id=a&amp;itag=137&amp;host=rr1---sn-x.googlevideo.com</BaseURL><SegmentTemplate media="${ORIGIN}/seg/$Number$" initialization="init.mp4"/></MPD>`,
    );
  });
});
