import { toInvidiousPlaylist, toUpstreamPlaylist, type LocalEntryRow, type PlaylistRow } from './playlist-mapper.js';
import { VIDEO_LISTING_KEYS } from '../catalog/video-listing.testing.js';

const PLAYLIST: PlaylistRow = {
  id: 'IVPLNV5llh5Vi1NgJPdR-I8Hm4PZhDTWZMK',
  userId: 1,
  author: 'alice',
  title: 'Mix',
  description: 'a & b',
  privacy: 'private',
  updatedAt: new Date(1_700_000_000_500),
  videoCount: 2,
};

const ENTRIES: LocalEntryRow[] = [
  {
    position: 4,
    indexId: 0xb3a73ce2ff2n,
    videoId: 'dQw4w9WgXcQ',
    video: { title: 'T', channelId: 'UCuAXFkgsw1L7xaCfnd5JJOw', author: 'Chan', thumbnails: null, lengthSeconds: 212, liveNow: false },
  },
  { position: 5, indexId: 7n, videoId: 'notincatalo', video: null },
];

describe('playlist mapper (docs/dialects/invidious.md#playlists)', () => {
  it('builds the spec example, keys in Invidious order', () => {
    const json = toInvidiousPlaylist(PLAYLIST, ENTRIES);
    expect(json).toMatchObject({
      type: 'invidiousPlaylist',
      title: 'Mix',
      playlistId: PLAYLIST.id,
      author: 'alice',
      authorId: null,
      authorUrl: null,
      authorThumbnails: [],
      description: 'a & b',
      descriptionHtml: 'a &amp; b',
      videoCount: 2,
      viewCount: 0,
      updated: 1700000000,
      isListed: false,
    });
    expect(Object.keys(json.videos[0])).toEqual([...VIDEO_LISTING_KEYS, 'videoThumbnails', 'index', 'indexId', 'lengthSeconds', 'liveNow']);
    expect(json.videos[0]).toMatchObject({
      index: 4,
      indexId: 'B3A73CE2FF2',
      author: 'Chan',
      authorUrl: '/channel/UCuAXFkgsw1L7xaCfnd5JJOw',
      lengthSeconds: 212,
    });
    expect(json.videos[0].videoThumbnails).toHaveLength(9);
  });

  it('keeps the place of a video the catalog lacks, with empty fields', () => {
    expect(toInvidiousPlaylist(PLAYLIST, ENTRIES).videos[1]).toMatchObject({
      title: '',
      videoId: 'notincatalo',
      author: '',
      authorId: '',
      authorUrl: '',
      index: 5,
      indexId: '7',
      lengthSeconds: 0,
      liveNow: false,
    });
  });

  it('lists only public playlists', () => {
    expect(toInvidiousPlaylist({ ...PLAYLIST, privacy: 'public' }, []).isListed).toBe(true);
    expect(toInvidiousPlaylist({ ...PLAYLIST, privacy: 'unlisted' }, []).isListed).toBe(false);
  });

  it('maps upstream playlists, the first entry standing in for a missing thumbnail', () => {
    const upstream = {
      id: 'PLFgquLnL59alCl_2TQvOiD5Vgm1hCaGSI',
      title: null,
      author: null,
      channelId: null,
      channelThumbnails: null,
      description: null,
      thumbnailUrl: null,
      updatedAt: new Date(0),
      videoCount: 0,
    };
    expect(toUpstreamPlaylist(upstream, [], 'dQw4w9WgXcQ')).toMatchObject({
      type: 'playlist',
      title: '',
      playlistThumbnail: 'https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg',
      author: '',
      authorId: '',
      authorUrl: '',
      subtitle: null,
      authorThumbnails: [],
      isListed: true,
    });
    expect(toUpstreamPlaylist({ ...upstream, thumbnailUrl: 'https://x/y.jpg' }, [], null).playlistThumbnail).toBe('https://x/y.jpg');
    expect(toUpstreamPlaylist(upstream, [], null).playlistThumbnail).toBe('');
  });
});
