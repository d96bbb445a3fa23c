import { subscriptionFeedQuery, timelinePageQuery, toMappableVideo, type VideoRow } from './feed-query.js';

describe('subscription feed SQL', () => {
  it('takes at most offset + limit rows per channel, then pages the merged list', () => {
    const { sql, params } = subscriptionFeedQuery({ userId: 7, unseenOnly: false, perChannel: 10, limit: 5, offset: 5 });
    expect(params).toEqual([7, 10, 5, 5]);
    expect(sql).toContain('CROSS JOIN LATERAL');
    // The inner order is the index's, so each channel is one bounded index scan.
    expect(sql).toContain('WHERE v.channel_id = s.channel_id');
    expect(sql).toContain('ORDER BY v.published DESC NULLS LAST, v.id DESC\n  LIMIT $2');
    expect(sql).toContain('ORDER BY f.published DESC NULLS LAST, f.id DESC\nLIMIT $3 OFFSET $4\n) page');
    // Only the page's keys are joined back to the full rows, in the page's order.
    expect(sql).toMatch(/JOIN videos v ON v\.id = page\.id\nORDER BY page\.published DESC NULLS LAST, page\.id DESC$/);
    expect(sql).not.toContain('watched');
  });

  it('skips watched videos inside each channel scan with unseen_only', () => {
    const { sql } = subscriptionFeedQuery({ userId: 7, unseenOnly: true, perChannel: 1, limit: null, offset: 0 });
    expect(sql).toContain('NOT EXISTS (SELECT 1 FROM watched w WHERE w.user_id = s.user_id AND w.video_id = v.id)');
  });

  it('has no outer limit for latest_only (one row per channel)', () => {
    const { sql, params } = subscriptionFeedQuery({ userId: 7, unseenOnly: false, perChannel: 1, limit: null, offset: 0 });
    expect(params).toEqual([7, 1]);
    expect(sql).not.toContain('$3');
  });

  it('reads int8 counts as numbers', () => {
    const row = { id: 'dQw4w9WgXcQ', viewCount: '12345', likeCount: null } as unknown as VideoRow;
    expect(toMappableVideo(row)).toMatchObject({ viewCount: 12345, likeCount: null });
  });
});

describe('feed timeline page SQL', () => {
  it('walks the user timeline index in the feed order, pages it, then reads the page rows', () => {
    const { sql, params } = timelinePageQuery({ userId: 7, unseenOnly: false, limit: 40, offset: 80 });
    expect(params).toEqual([7, 40, 80]);
    expect(sql).toContain('FROM feed_timeline t\nWHERE t.user_id = $1');
    expect(sql).toContain('ORDER BY t.published DESC NULLS LAST, t.video_id DESC\nLIMIT $2 OFFSET $3\n) page');
    expect(sql).toMatch(/JOIN videos v ON v\.id = page\.video_id\nORDER BY page\.published DESC NULLS LAST, page\.video_id DESC$/);
    expect(sql).not.toContain('watched');
  });

  it('skips watched videos before paging with unseen_only', () => {
    const { sql } = timelinePageQuery({ userId: 7, unseenOnly: true, limit: 40, offset: 0 });
    expect(sql).toContain('NOT EXISTS (SELECT 1 FROM watched w WHERE w.user_id = t.user_id AND w.video_id = t.video_id)\nORDER BY');
  });
});
