import type { Image, Thumbnail } from '../media/catalog-records.js';

/** Why an upstream body is unusable; the client adds which request it answered. */
export class MalformedBody extends Error {}

export type JsonObject = Record<string, unknown>;

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const start = text.trimStart().slice(0, 20).replace(/\s+/g, ' ');
    throw new MalformedBody(`body is not JSON (${(error as Error).message}; starts with ${JSON.stringify(start)})`);
  }
}

export function asObject(value: unknown, what: string): JsonObject {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new MalformedBody(`${what} is not a JSON object`);
  return value as JsonObject;
}

export function requiredString(o: JsonObject, key: string, what: string, pattern?: RegExp): string {
  const value = o[key];
  if (typeof value !== 'string') throw new MalformedBody(`${what}: "${key}" is ${value === undefined ? 'missing' : 'not a string'}`);
  if (pattern && !pattern.test(value)) throw new MalformedBody(`${what}: "${key}" ${JSON.stringify(value.slice(0, 64))} is not a valid id`);
  return value;
}

export function requiredArray(o: JsonObject, key: string, what: string): unknown[] {
  const value = o[key];
  if (!Array.isArray(value)) throw new MalformedBody(`${what}: "${key}" is ${value === undefined ? 'missing' : 'not an array'}`);
  return value;
}

/** Optional fields: absent or of an unexpected type reads as unknown (null), never as a failure. */
export const optionalString = (o: JsonObject, key: string): string | null => (typeof o[key] === 'string' ? (o[key] as string) : null);

export const optionalBoolean = (o: JsonObject, key: string): boolean | null => (typeof o[key] === 'boolean' ? (o[key] as boolean) : null);

export function optionalCount(o: JsonObject, key: string): number | null {
  const value = o[key];
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

/** Unix seconds; 0 (Invidious's "unknown") reads as unknown. */
export function optionalUnixDate(o: JsonObject, key: string): Date | null {
  const seconds = optionalCount(o, key);
  return seconds ? new Date(seconds * 1000) : null;
}

/** An http(s) URL, resolved against the upstream's base (Invidious may send `/vi/…` or `//host/…`). */
export function absoluteUrl(value: unknown, base: string): string | null {
  if (typeof value !== 'string' || value === '') return null;
  try {
    const url = new URL(value, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

function imageOf(value: unknown, base: string): Image | null {
  if (!value || typeof value !== 'object') return null;
  const o = value as JsonObject;
  const url = absoluteUrl(o.url, base);
  const width = optionalCount(o, 'width');
  const height = optionalCount(o, 'height');
  return url && width !== null && height !== null ? { url, width, height } : null;
}

/** Avatars and banners; unusable entries are skipped. */
export function optionalImages(o: JsonObject, key: string, base: string): Image[] | null {
  const list = o[key];
  if (!Array.isArray(list)) return null;
  return list.map((item) => imageOf(item, base)).filter((image): image is Image => image !== null);
}

/** Video thumbnails, by quality; unusable entries are skipped. */
export function optionalThumbnails(o: JsonObject, key: string, base: string): Thumbnail[] | null {
  const list = o[key];
  if (!Array.isArray(list)) return null;
  const thumbnails: Thumbnail[] = [];
  for (const item of list) {
    const image = imageOf(item, base);
    const quality = item && typeof item === 'object' ? (item as JsonObject).quality : undefined;
    if (image && typeof quality === 'string') thumbnails.push({ quality, ...image });
  }
  return thumbnails;
}
