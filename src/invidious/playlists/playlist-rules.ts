import { isVideoId } from '../../catalog/media/ids.js';
import type { ExportedPlaylist } from '../import-export/playlist-transfer.js';

/**
 * The playlist rules of docs/dialects/invidious.md#playlists that need no database: privacy values, title and
 * description normalisation, limits and the exact error messages. Pure: no Nest, no database.
 */

export const PRIVACIES = ['public', 'unlisted', 'private'] as const;
export type Privacy = (typeof PRIVACIES)[number];

export const MAX_PLAYLISTS_PER_USER = 100;
export const TITLE_MAX_BYTES = 150;
export const DESCRIPTION_MAX_CHARACTERS = 5000;
/** Entries each playlist carries in GET playlists, and a window of the public read at most. */
export const PLAYLIST_PAGE_SIZE = 100;

export const MESSAGES = {
  invalidTitle: 'Invalid title.',
  invalidPrivacy: 'Invalid privacy setting.',
  descriptionNotString: 'Invalid description: expected a string',
  descriptionTooLong: `Invalid description: at most ${DESCRIPTION_MAX_CHARACTERS} characters`,
  invalidVideoId: 'Invalid videoId',
  invalidIndex: 'Invalid index',
  notFound: 'Playlist does not exist.',
  invalidUser: 'Invalid user',
  indexNotFound: 'Playlist does not contain index',
  tooManyPlaylists: `User cannot have more than ${MAX_PLAYLISTS_PER_USER} playlists.`,
  tooManyVideos: (max: number) => `Playlist cannot have more than ${max} videos`,
  videoUnavailable: 'Video unavailable',
} as const;

/** Case-insensitive on input; null when the value is not one of the three. */
export function parsePrivacy(value: unknown): Privacy | null {
  if (typeof value !== 'string') return null;
  const lower = value.toLowerCase();
  return (PRIVACIES as readonly string[]).includes(lower) ? (lower as Privacy) : null;
}

/** The longest prefix of `text` that is at most `maxBytes` of UTF-8 and ends on a character boundary. */
export function cutToUtf8Bytes(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // 10xxxxxx is a continuation byte: the cut would fall inside a character, so back off to its start.
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}

/**
 * `<` and `>` removed, cut to 150 bytes, surrounding whitespace trimmed. An empty result is not a
 * title (400 `Invalid title.`).
 */
export function normaliseTitle(title: string): string {
  return cutToUtf8Bytes(title.replace(/[<>]/g, ''), TITLE_MAX_BYTES).trim();
}

/** `\r` removed (Invidious does the same); the length limit applies to what is stored. */
export function normaliseDescription(description: string): string {
  return description.replace(/\r/g, '');
}

/** Characters as people count them in a limit: code points, so an emoji is one, not two UTF-16 units. */
export const characterCount = (text: string): number => [...text].length;

/** Who may change a playlist (PATCH, DELETE, add, remove), in the documented order of answers. */
export type WriteAccess = 'owner' | 'not-found' | 'invalid-user';

export function writeAccess(playlist: { userId: number; privacy: Privacy } | null, userId: number): WriteAccess {
  if (!playlist || (playlist.userId !== userId && playlist.privacy === 'private')) return 'not-found';
  return playlist.userId === userId ? 'owner' : 'invalid-user';
}

/** Public and unlisted playlists are open to everyone; a private one only to its owner. */
export function canRead(playlist: { userId: number; privacy: Privacy }, viewerId: number | null): boolean {
  return playlist.privacy !== 'private' || playlist.userId === viewerId;
}

/** An imported playlist after validation and normalisation, ready to be stored. */
export interface ImportedPlaylist {
  title: string;
  description: string;
  privacy: Privacy;
  videos: string[];
}

/** Invidious writes privacy capitalised in its export (`Private`). */
export const exportedPrivacy = (privacy: Privacy): ExportedPlaylist['privacy'] =>
  (privacy.charAt(0).toUpperCase() + privacy.slice(1)) as ExportedPlaylist['privacy'];

const IMPORT_KEYS = ['title', 'description', 'privacy', 'videos'];

export type ImportParse = { ok: true; playlists: ImportedPlaylist[] } | { ok: false; problems: string[] };

/**
 * The `playlists` value of an Invidious import, validated as a whole before anything is written:
 * every problem is named with its path (`playlists[2].videos[5]: Invalid videoId`). Titles and
 * descriptions are normalised as on POST; `description` and `videos` may be absent. The per-user
 * limit against existing playlists is checked when they are stored.
 */
export function parseImportedPlaylists(value: unknown, maxVideos: number): ImportParse {
  if (!Array.isArray(value)) return { ok: false, problems: ['playlists: expected an array of playlists'] };
  const problems: string[] = [];
  if (value.length > MAX_PLAYLISTS_PER_USER) problems.push(`playlists: ${MESSAGES.tooManyPlaylists}`);
  const playlists: ImportedPlaylist[] = [];
  value.forEach((item: unknown, i) => {
    const at = `playlists[${i}]`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      problems.push(`${at}: expected an object with ${IMPORT_KEYS.join(', ')}`);
      return;
    }
    const fields = item as Record<string, unknown>;
    const unknown = Object.keys(fields).filter((key) => !IMPORT_KEYS.includes(key));
    if (unknown.length) problems.push(`${at}: unknown key(s) ${unknown.join(', ')}; expected ${IMPORT_KEYS.join(', ')}`);
    const title = typeof fields.title === 'string' ? normaliseTitle(fields.title) : '';
    if (!title) problems.push(`${at}.title: ${MESSAGES.invalidTitle}`);
    const privacy = parsePrivacy(fields.privacy);
    if (!privacy) problems.push(`${at}.privacy: ${MESSAGES.invalidPrivacy}`);
    let description = '';
    if (fields.description !== undefined && fields.description !== null) {
      if (typeof fields.description !== 'string') problems.push(`${at}.description: ${MESSAGES.descriptionNotString}`);
      else {
        description = normaliseDescription(fields.description);
        if (characterCount(description) > DESCRIPTION_MAX_CHARACTERS) problems.push(`${at}.description: ${MESSAGES.descriptionTooLong}`);
      }
    }
    const videos = fields.videos ?? [];
    if (!Array.isArray(videos)) problems.push(`${at}.videos: expected an array of video ids`);
    else {
      if (videos.length > maxVideos) problems.push(`${at}.videos: ${MESSAGES.tooManyVideos(maxVideos)}`);
      videos.forEach((id: unknown, j) => {
        if (!isVideoId(id)) problems.push(`${at}.videos[${j}]: ${MESSAGES.invalidVideoId}`);
      });
    }
    if (privacy) playlists.push({ title, description, privacy, videos: Array.isArray(videos) ? (videos as string[]) : [] });
  });
  return problems.length ? { ok: false, problems } : { ok: true, playlists };
}
