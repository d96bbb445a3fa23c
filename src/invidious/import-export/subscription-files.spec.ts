import { parseCsv, parseSubscriptionFile, SubscriptionFileError } from './subscription-files.js';

const A = 'UCuAXFkgsw1L7xaCfnd5JJOw';
const B = 'UC-lHJZR3Gqxm24_Vd_AJ5Yw';

function problemsOf(content: string): string[] {
  try {
    parseSubscriptionFile(content);
  } catch (error) {
    if (error instanceof SubscriptionFileError) return error.problems;
    throw error;
  }
  throw new Error('parsed without problems');
}

describe('subscription files', () => {
  describe('CSV', () => {
    it("reads YouTube Takeout's subscriptions.csv (BOM, CRLF, quoted titles, blank lines)", () => {
      const csv = `\uFEFFChannel Id,Channel Url,Channel Title\r\n${A},http://www.youtube.com/channel/${A},Rick Astley\r\n\r\n${B},http://www.youtube.com/channel/${B},"PewDiePie, ""the"" one"\r\n`;
      expect(parseSubscriptionFile(csv)).toEqual({ format: 'csv', channelIds: [A, B] });
    });

    it("reads FreeTube's header and a missing final newline", () => {
      expect(parseSubscriptionFile(`Channel ID,Channel URL,Channel title\n${A},https://www.youtube.com/channel/${A},x`).channelIds).toEqual([A]);
    });

    it('reads a header alone as no subscriptions', () => {
      expect(parseSubscriptionFile('Channel Id,Channel Url,Channel Title\n').channelIds).toEqual([]);
    });

    it('keeps quoted newlines inside a field and counts lines from the record start', () => {
      expect(parseCsv('a,"b\nc"\nd,e')).toEqual([
        { line: 1, fields: ['a', 'b\nc'] },
        { line: 3, fields: ['d', 'e'] },
      ]);
    });

    it('names the line and field of each bad row', () => {
      const csv = `Channel Id,Channel Url,Channel Title\n${A},u,t\nnot-a-channel,u,t\n${B},u\n`;
      expect(problemsOf(csv)).toEqual([
        'line 3, field "Channel Id": "not-a-channel" is not valid (a channel id is UC + 22 characters of A-Z a-z 0-9 _ -)',
        'line 4: 2 fields where the header has 3; quote fields that contain commas',
      ]);
    });

    it.each([
      ['Name,Url\nx,y\n', 'line 1: no "Channel Id" column in the header'],
      [`Channel Id,Title\n${A},"never closed\n`, 'line 2: a quoted field is never closed'],
      [`Channel Id,Title\n${A},a"b\n`, 'line 2: a quote inside an unquoted field'],
      [`Channel Id,Title\n${A},"a"b\n`, 'line 2: "b" after the closing quote of a field'],
    ])('refuses malformed CSV %p', (csv, start) => {
      expect(problemsOf(csv)[0]).toMatch(new RegExp(`^${start.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    });
  });

  describe('OPML', () => {
    const opml = (outlines: string) => `<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.1">
  <body>
    <outline text="YouTube Subscriptions" title="YouTube Subscriptions">
${outlines}
    </outline>
  </body>
</opml>`;

    it("reads Invidious's export (feeds inside a folder outline)", () => {
      const file = opml(`<outline text="Rick &amp; co" title="Rick" type="rss" xmlUrl="https://www.youtube.com/feeds/videos.xml?channel_id=${A}" />
<outline text="B" type="rss" xmlUrl="https://invidious.example/channel/${B}"/>`);
      expect(parseSubscriptionFile(file)).toEqual({ format: 'opml', channelIds: [A, B] });
    });

    it('names the outline of a feed that is not a YouTube channel', () => {
      const file = opml(`<outline text="ok" xmlUrl="https://www.youtube.com/feeds/videos.xml?channel_id=${A}"/>
<outline text="Podcast" xmlUrl="https://podcast.example/rss"/>`);
      expect(problemsOf(file)).toEqual([
        'OPML outline 2 ("Podcast"): xmlUrl "https://podcast.example/rss" is not a YouTube channel feed (…/feeds/videos.xml?channel_id=UC…)',
      ]);
    });

    it('names the line of broken XML', () => {
      expect(problemsOf('<opml>\n<body>\n<outline text="x">\n</body>\n</opml>')).toEqual(['OPML: XML: </body> does not close <outline> on line 4']);
    });

    it('wants <opml> with a <body>', () => {
      expect(problemsOf('<rss></rss>')).toEqual(['OPML: expected <opml> with a <body>, found <rss>']);
    });
  });

  describe('NewPipe JSON', () => {
    it('reads the subscriptions of service 0 (YouTube)', () => {
      const file = JSON.stringify({
        app_version: '0.27.0',
        app_version_int: 1000,
        subscriptions: [
          { service_id: 0, url: `https://www.youtube.com/channel/${A}`, name: 'Rick' },
          { service_id: 0, url: `https://www.youtube.com/channel/${B}/videos`, name: 'B' },
        ],
      });
      expect(parseSubscriptionFile(file)).toEqual({ format: 'newpipe', channelIds: [A, B] });
    });

    it('names each item it cannot take', () => {
      const file = JSON.stringify({
        subscriptions: [
          { service_id: 1, url: 'https://soundcloud.com/x', name: 'x' },
          { service_id: 0, url: 'https://www.youtube.com/@handle', name: 'h' },
        ],
      });
      expect(problemsOf(file)).toEqual([
        "subscriptions[0].service_id: 1 is not YouTube (0); remove other services' subscriptions",
        'subscriptions[1].url: "https://www.youtube.com/@handle" is not a YouTube channel URL (https://www.youtube.com/channel/UC…)',
      ]);
    });

    it('refuses broken JSON and other shapes', () => {
      expect(problemsOf('{"subscriptions": [\n')[0]).toMatch(/^NewPipe export: not valid JSON/);
      expect(problemsOf('{"channels": []}')).toEqual(['NewPipe export: expected {"subscriptions": [...]} as NewPipe exports it']);
    });
  });
});
