import { mergeByScore, type SearchHit } from './search-hits.js';

const hits = (prefix: string, ...scores: number[]): SearchHit[] => scores.map((score, i) => ({ id: `${prefix}${i}`, score }));

describe('mergeByScore (simple queries: at most 30 in total)', () => {
  it('keeps the best hits across kinds, ties going to videos, then channels, then playlists', () => {
    const merged = mergeByScore({ video: hits('v', 0.5, 0.2), channel: hits('c', 0.5, 0.4), playlist: hits('p', 0.9, 0.2) }, 4);
    expect(merged).toEqual({
      video: [{ id: 'v0', score: 0.5 }],
      channel: [
        { id: 'c0', score: 0.5 },
        { id: 'c1', score: 0.4 },
      ],
      playlist: [{ id: 'p0', score: 0.9 }],
    });
  });

  it('cuts each kind only at its tail, keeping its order', () => {
    const merged = mergeByScore({ video: hits('v', ...Array(40).fill(0)), channel: hits('c', 0, 0), playlist: [] });
    expect(merged.video.map((h) => h.id)).toEqual(Array.from({ length: 30 }, (_, i) => `v${i}`));
    expect(merged.channel).toEqual([]);
  });

  it('returns everything when there is less than the limit', () => {
    const merged = mergeByScore({ video: hits('v', 0.1), channel: [], playlist: hits('p', 0.3) });
    expect(merged).toEqual({ video: [{ id: 'v0', score: 0.1 }], channel: [], playlist: [{ id: 'p0', score: 0.3 }] });
  });
});
