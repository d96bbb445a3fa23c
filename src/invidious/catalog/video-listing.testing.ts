/** The keys every listed video begins with, in order (`VideoListing`): for the mappers' key-order tests. */
export const VIDEO_LISTING_KEYS = ['type', 'title', 'videoId', 'author', 'authorId', 'authorUrl'] as const;
