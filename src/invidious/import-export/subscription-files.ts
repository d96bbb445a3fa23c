import { isChannelId } from '../../catalog/media/ids.js';
import { MalformedBody } from '../../catalog/upstream/json-fields.js';
import { child, childrenNamed, parseXml, type XmlElement } from '../../catalog/upstream/xml.js';
import { CHANNEL_ID_RULE, shown } from './invidious-import.js';

/**
 * The subscription files people bring from elsewhere (docs/dialects/invidious.md#import-and-export, `import/subscriptions`),
 * told apart by their media type when the sender gives one, else by their first character:
 * - `<`: OPML (Invidious, FreeTube and NewPipe exports; RSS readers), one `outline` per channel
 *   whose `xmlUrl` names the channel id (`…/feeds/videos.xml?channel_id=UC…`);
 * - `{`: NewPipe's JSON export (`{"subscriptions":[{"service_id":0,"url":"…/channel/UC…","name":…}]}`);
 * - anything else: CSV with a header naming a `Channel Id` column (YouTube Takeout's
 *   `subscriptions.csv`: `Channel Id,Channel Url,Channel Title`; FreeTube's CSV).
 * Strict: any entry that is not a YouTube channel makes the whole file invalid, and the problems
 * name their line (CSV), outline or item. Pure.
 */

export type SubscriptionFileFormat = 'csv' | 'opml' | 'newpipe';

/** A file's text as received, with its format when the sender named it (else the content decides). */
export interface SubscriptionFileText {
  text: string;
  format?: SubscriptionFileFormat;
}

export interface SubscriptionFile {
  format: SubscriptionFileFormat;
  /** In file order, duplicates included. */
  channelIds: string[];
}

/** `problems` each name where in the file they are. */
export class SubscriptionFileError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

const CHANNEL_URL = /\/channel\/(UC[A-Za-z0-9_-]{22})(?:[/?#]|$)/;
const FEED_URL = /[?&]channel_id=(UC[A-Za-z0-9_-]{22})(?:&|#|$)/;
const channelIdOfUrl = (url: string): string | undefined => (FEED_URL.exec(url) ?? CHANNEL_URL.exec(url))?.[1];

/** The format of a file's text by its first character (see above). */
export function formatOfContent(content: string): SubscriptionFileFormat {
  const first = content.replace(/^\uFEFF/, '').trimStart()[0];
  return first === '<' ? 'opml' : first === '{' ? 'newpipe' : 'csv';
}

/** `format`: when the sender named it (a media type); without it, the content decides. */
export function parseSubscriptionFile(content: string, format: SubscriptionFileFormat = formatOfContent(content)): SubscriptionFile {
  const text = content.replace(/^\uFEFF/, '');
  if (format === 'opml') return { format, channelIds: parseOpml(text) };
  if (format === 'newpipe') return { format, channelIds: parseNewPipe(text) };
  return { format, channelIds: parseSubscriptionsCsv(text) };
}

interface CsvRecord {
  /** Where the record starts (a quoted field may span lines). */
  line: number;
  fields: string[];
}

/** RFC 4180: `,` separators, `"` quoting with `""` inside, CRLF or LF line ends. */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const fail = (reason: string): never => {
    throw new SubscriptionFileError([`line ${line}: ${reason}`]);
  };
  const endRecord = () => {
    fields.push(field);
    records.push({ line: recordLine, fields });
    fields = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') {
        if (c === '\n') line++;
        field += c;
      } else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else {
        quoted = false;
        const next = text[i + 1];
        if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n')
          fail(`${shown(next)} after the closing quote of a field; put the whole field in quotes`);
      }
    } else if (c === '"') {
      if (field !== '') fail('a quote inside an unquoted field; put the whole field in quotes and double the quote ("")');
      quoted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += c;
    }
  }
  if (quoted) {
    line = recordLine;
    fail('a quoted field is never closed');
  }
  if (field !== '' || fields.length) endRecord();
  return records;
}

const isBlank = (record: CsvRecord) => record.fields.length === 1 && record.fields[0].trim() === '';

function parseSubscriptionsCsv(text: string): string[] {
  const [header, ...rows] = parseCsv(text).filter((record) => !isBlank(record));
  if (!header) return [];
  const column = header.fields.findIndex((name) => /^channel[ _]?id$/i.test(name.trim()));
  if (column === -1) {
    throw new SubscriptionFileError([
      `line ${header.line}: no "Channel Id" column in the header; expected a CSV like YouTube's subscriptions.csv ("Channel Id,Channel Url,Channel Title"), an OPML file or NewPipe's JSON export`,
    ]);
  }
  const name = header.fields[column].trim();
  const problems: string[] = [];
  const ids: string[] = [];
  for (const { line, fields } of rows) {
    if (fields.length !== header.fields.length) {
      problems.push(`line ${line}: ${fields.length} fields where the header has ${header.fields.length}; quote fields that contain commas`);
      continue;
    }
    const id = fields[column].trim();
    if (isChannelId(id)) ids.push(id);
    else problems.push(`line ${line}, field "${name}": ${shown(id)} is not valid (${CHANNEL_ID_RULE})`);
  }
  if (problems.length) throw new SubscriptionFileError(problems);
  return ids;
}

/** The XML reader reports an offset; people read lines. */
function onLine(message: string, text: string): string {
  return message.replace(/ at offset (\d+)$/, (_, offset: string) => ` on line ${text.slice(0, Number(offset)).split('\n').length}`);
}

function parseOpml(text: string): string[] {
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (error) {
    if (error instanceof MalformedBody) throw new SubscriptionFileError([`OPML: ${onLine(error.message, text)}`]);
    throw error;
  }
  const body = root.name === 'opml' ? child(root, 'body') : undefined;
  if (!body) throw new SubscriptionFileError([`OPML: expected <opml> with a <body>, found <${root.name}>${root.name === 'opml' ? ' without <body>' : ''}`]);
  const ids: string[] = [];
  const problems: string[] = [];
  let feeds = 0;
  // Outlines without xmlUrl are folders: their children are read.
  const walk = (element: XmlElement) => {
    for (const outline of childrenNamed(element, 'outline')) {
      const url = outline.attributes.xmlUrl;
      if (url !== undefined) {
        feeds++;
        const id = channelIdOfUrl(url);
        if (id) ids.push(id);
        else {
          const title = outline.attributes.title ?? outline.attributes.text ?? '';
          problems.push(`OPML outline ${feeds} (${shown(title)}): xmlUrl ${shown(url)} is not a YouTube channel feed (…/feeds/videos.xml?channel_id=UC…)`);
        }
      }
      walk(outline);
    }
  };
  walk(body);
  if (problems.length) throw new SubscriptionFileError(problems);
  return ids;
}

function parseNewPipe(text: string): string[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new SubscriptionFileError([
      `NewPipe export: not valid JSON${position ? ` (error on line ${text.slice(0, Number(position)).split('\n').length})` : ''}`,
    ]);
  }
  const subscriptions = (data as { subscriptions?: unknown } | null)?.subscriptions;
  if (!Array.isArray(subscriptions)) throw new SubscriptionFileError(['NewPipe export: expected {"subscriptions": [...]} as NewPipe exports it']);
  const ids: string[] = [];
  const problems: string[] = [];
  subscriptions.forEach((item: unknown, index) => {
    const entry = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const id = typeof entry.url === 'string' ? channelIdOfUrl(entry.url) : undefined;
    if (entry.service_id !== 0)
      problems.push(`subscriptions[${index}].service_id: ${shown(entry.service_id)} is not YouTube (0); remove other services' subscriptions`);
    else if (!id) problems.push(`subscriptions[${index}].url: ${shown(entry.url)} is not a YouTube channel URL (https://www.youtube.com/channel/UC…)`);
    else ids.push(id);
  });
  if (problems.length) throw new SubscriptionFileError(problems);
  return ids;
}
