import { MalformedBody } from './json-fields.js';
import { MAX_XML_DEPTH, parseXml } from './xml.js';
import { parseChannelFeed } from './youtube-feed.js';

const UCID = 'UCuAXFkgsw1L7xaCfnd5JJOw';

const FEED = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns:media="http://search.yahoo.com/mrss/" xmlns="http://www.w3.org/2005/Atom">
 <link rel="self" href="http://www.youtube.com/feeds/videos.xml?channel_id=${UCID}"/>
 <id>yt:channel:${UCID}</id>
 <yt:channelId>${UCID}</yt:channelId>
 <title>Rick Astley</title>
 <author><name>Rick Astley</name><uri>https://www.youtube.com/channel/${UCID}</uri></author>
 <!-- a comment -->
 <entry>
  <id>yt:video:dQw4w9WgXcQ</id>
  <yt:videoId>dQw4w9WgXcQ</yt:videoId>
  <yt:channelId>${UCID}</yt:channelId>
  <title>Never Gonna Give You Up &amp; more</title>
  <link rel="alternate" href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"/>
  <author><name>Rick Astley</name></author>
  <published>2009-10-25T06:57:33+00:00</published>
  <updated>2024-05-01T00:00:00+00:00</updated>
  <media:group>
   <media:title>Never Gonna Give You Up &amp; more</media:title>
   <media:content url="https://www.youtube.com/v/dQw4w9WgXcQ?version=3" type="application/x-shockwave-flash" width="640" height="390"/>
   <media:thumbnail url="https://i1.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg" width="480" height="360"/>
   <media:description><![CDATA[Line 1 <b>bold</b>]]>
Line 2 &#x263A; &#9731;</media:description>
   <media:community>
    <media:starRating count="18000000" average="5.00" min="1" max="5"/>
    <media:statistics views="1500000000"/>
   </media:community>
  </media:group>
 </entry>
 <entry>
  <yt:videoId>yPYZpwSpKmA</yt:videoId>
  <title>Together Forever</title>
  <published>2009-10-24T00:00:00+00:00</published>
 </entry>
</feed>`;

describe('YouTube channel feed', () => {
  it('reads the channel name and each entry, newest first', () => {
    const feed = parseChannelFeed(FEED, UCID, 'https://www.youtube.com');
    expect(feed.channelName).toBe('Rick Astley');
    expect(feed.videos.map((v) => v.id)).toEqual(['dQw4w9WgXcQ', 'yPYZpwSpKmA']);
    expect(feed.videos[0]).toMatchObject({
      channelId: UCID,
      channelName: 'Rick Astley',
      title: 'Never Gonna Give You Up & more',
      description: 'Line 1 <b>bold</b>\nLine 2 ☺ ☃',
      published: new Date('2009-10-25T06:57:33Z'),
      publishedIsApproximate: false,
      lengthSeconds: null,
      viewCount: 1500000000,
      likeCount: 18000000,
      thumbnails: [{ quality: 'high', url: 'https://i1.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg', width: 480, height: 360 }],
    });
    expect(feed.videos[1]).toMatchObject({ title: 'Together Forever', description: null, viewCount: null, thumbnails: null, channelName: 'Rick Astley' });
  });

  it.each([
    ['<html><body>consent</body></html>', /expected an Atom <feed>, got <html>/],
    ['{"json":true}', /text outside the root element/],
    ['<feed><entry></feed>', /<\/feed> does not close <entry>/],
    ['<feed><entry><yt:videoId>bad</yt:videoId></entry></feed>', /feed entry 0: <yt:videoId> "bad" is not a video id/],
    ['<!DOCTYPE x [<!ENTITY a "b">]><feed/>', /DOCTYPE/],
    ['<feed>&bogus;</feed>', /unknown entity/],
    ['<feed a=b/>', /bad attribute/],
    ['', /no root element/],
  ])('refuses %p with a readable reason', (xml, reason) => {
    expect(() => parseChannelFeed(xml, UCID, 'https://www.youtube.com')).toThrow(MalformedBody);
    expect(() => parseChannelFeed(xml, UCID, 'https://www.youtube.com')).toThrow(reason);
  });
});

describe('parseXml', () => {
  it('keeps prefixes, attributes in either quote and self-closing elements', () => {
    const root = parseXml(`\uFEFF<?xml version="1.0"?><a x='1' y="&lt;2&gt;"><b:c/><d>t<![CDATA[<u>]]></d></a>`);
    expect(root).toEqual({
      name: 'a',
      attributes: { x: '1', y: '<2>' },
      text: '',
      children: [
        { name: 'b:c', attributes: {}, children: [], text: '' },
        { name: 'd', attributes: {}, children: [], text: 't<u>' },
      ],
    });
  });

  it('refuses a second root', () => expect(() => parseXml('<a/><b/>')).toThrow(/second root/));

  it(`refuses elements nested deeper than ${MAX_XML_DEPTH} levels`, () => {
    const nested = (depth: number, leaf = '<x/>') => `${'<a>'.repeat(depth - 1)}${leaf}${'</a>'.repeat(depth - 1)}`;
    expect(() => parseXml(nested(MAX_XML_DEPTH))).not.toThrow();
    expect(() => parseXml(nested(MAX_XML_DEPTH + 1))).toThrow(`XML: elements nested deeper than ${MAX_XML_DEPTH} levels at offset ${3 * MAX_XML_DEPTH}`);
    expect(() => parseXml(nested(20_000, '<a>'))).toThrow(/nested deeper than/);
  });
});
