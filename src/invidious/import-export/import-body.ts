import { invidiousError } from '../../platform/http/api-error.js';
import { FileBody } from '../../platform/http/file-body.js';
import { parseJsonText } from '../../platform/http/json-body.js';
import { validateRequest } from '../../platform/http/validation.js';
import { InvidiousImportDto, SubscriptionFileDto } from './import-export.dto.js';
import { IMPORT_NOT_AN_OBJECT, type InvidiousImport } from './invidious-import.js';
import type { SubscriptionFileFormat, SubscriptionFileText } from './subscription-files.js';

/**
 * What the import routes make of their body (docs/dialects/invidious.md#import-and-export): a JSON
 * document, the file itself as the body, or the file as the multipart `file` part
 * (src/platform/http/file-body.ts). The media type names the format where it can; a generic one
 * (text/plain, application/octet-stream, a part without a type) leaves it to the content. Pure.
 */

const isObject = (body: unknown): body is Record<string, unknown> => typeof body === 'object' && body !== null && !Array.isArray(body);

/** The formats a media type names; any other type leaves the format to the content. */
const FORMAT_OF_MEDIA_TYPE: ReadonlyMap<string, SubscriptionFileFormat> = new Map([
  ['text/csv', 'csv'],
  ['text/x-opml', 'opml'],
  ['application/xml', 'opml'],
  ['text/xml', 'opml'],
  ['application/json', 'newpipe'],
]);

const SUBSCRIPTION_FILES = 'a subscriptions CSV, an OPML file or a NewPipe JSON export';
const withoutBom = (text: string) => text.replace(/^\uFEFF/, '');
const emptyFile = (file: FileBody, expected: string) =>
  invidiousError(400, `${file.via === 'multipart' ? 'The "file" part' : 'The body'} is empty: send ${expected}`);

/**
 * The subscription file of a request: a raw file (its media type naming the format, if any), NewPipe's
 * export as a JSON body (an object with `subscriptions` and no `content`), or else the
 * `{"content": "<file text>"}` JSON wrapper with its own rules and messages.
 */
export function subscriptionFileOfBody(body: unknown): SubscriptionFileText {
  if (body instanceof FileBody) {
    if (withoutBom(body.text).trim() === '') throw emptyFile(body, SUBSCRIPTION_FILES);
    const format = body.mediaType === undefined ? undefined : FORMAT_OF_MEDIA_TYPE.get(body.mediaType);
    return format ? { text: body.text, format } : { text: body.text };
  }
  if (isObject(body) && 'subscriptions' in body && !('content' in body)) return { text: JSON.stringify(body), format: 'newpipe' };
  return { text: validateRequest(SubscriptionFileDto, body).content };
}

/** `{"content": …}` and nothing else: the export's text wrapped in JSON (an export never has a `content` key). */
const isContentWrapper = (body: unknown): body is { content: unknown } => isObject(body) && Object.keys(body).length === 1 && 'content' in body;

/** An export's text as JSON, or the 400 naming what is wrong with it. */
function exportOfText(text: string, what: string): unknown {
  try {
    return parseJsonText(withoutBom(text), what);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    return invalidExport(`${error.message[0].toUpperCase()}${error.message.slice(1)}. ${IMPORT_NOT_AN_OBJECT}`);
  }
}

function invalidExport(message: string): never {
  throw invidiousError(400, message);
}

/**
 * The import of a request: the export as the JSON body (checked by {@link InvidiousImportDto}), as a
 * raw or multipart file, or wrapped as `{"content": "<the export's text>"}`.
 */
export function invidiousImportOfBody(body: unknown): InvidiousImport {
  let document = body;
  if (body instanceof FileBody) {
    if (withoutBom(body.text).trim() === '') throw emptyFile(body, 'an Invidious export (JSON)');
    document = exportOfText(body.text, body.via === 'multipart' ? 'the "file" part' : 'the body');
  } else if (isContentWrapper(body)) {
    if (typeof body.content !== 'string' || body.content.trim() === '')
      invalidExport(`content: expected the export's text as a non-empty string. ${IMPORT_NOT_AN_OBJECT}`);
    document = exportOfText(body.content, 'the "content" string');
  }
  return validateRequest(InvidiousImportDto, document).toImport();
}
