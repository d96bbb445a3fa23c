import type { FastifyRequest } from 'fastify';

/** At most this many parts; the account page's import form sends three. */
const MAX_PARTS = 16;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** One part of a multipart body: its name, its own media type (lower-cased, without parameters) when it declares one, its content as text. */
export interface MultipartPart {
  name: string;
  mediaType?: string;
  text: string;
}

/**
 * `multipart/form-data` bodies (RFC 7578) of the HTML upload forms, read whole within the body
 * limit: each part becomes a text field, a file part its content as UTF-8 text. A missing
 * boundary, a part without a name, a repeated name, too many parts or bytes that are not UTF-8 are
 * SyntaxErrors, which the exception filter answers as a 400.
 */
export async function parseMultipartBody(request: FastifyRequest, body: Buffer): Promise<Record<string, string>> {
  const fields: Record<string, string> = Object.create(null);
  for (const part of parseMultipartParts(request, body)) fields[part.name] = part.text;
  return { ...fields };
}

/** The parts of a multipart body in their order, with the rules (and SyntaxErrors) of {@link parseMultipartBody}. */
export function parseMultipartParts(request: FastifyRequest, body: Buffer): MultipartPart[] {
  const contentType = request.headers['content-type'] ?? '';
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  if (!match) throw new SyntaxError('multipart/form-data without a boundary');
  const delimiter = `--${match[1] ?? match[2]}`;
  // latin1 maps every byte to one character, so splitting and slicing keep the bytes intact.
  const text = body.toString('latin1');
  const sections = text.split(`\r\n${delimiter}`);
  const first = sections.shift() ?? '';
  if (!first.startsWith(delimiter)) throw new SyntaxError('multipart/form-data body does not start with its boundary');
  sections.unshift(first.slice(delimiter.length));
  const parts: MultipartPart[] = [];
  const names = new Set<string>();
  for (const section of sections) {
    if (section.startsWith('--')) return parts;
    if (parts.length + 1 > MAX_PARTS) throw new SyntaxError(`multipart/form-data with more than ${MAX_PARTS} parts`);
    if (!section.startsWith('\r\n')) throw new SyntaxError('malformed multipart/form-data boundary line');
    const headerEnd = section.indexOf('\r\n\r\n');
    if (headerEnd < 0) throw new SyntaxError('multipart/form-data part without headers');
    const headers = section.slice(2, headerEnd);
    const name = /^content-disposition:\s*form-data;(?:.*;)?\s*name="([^"]*)"/im.exec(headers)?.[1];
    if (!name) throw new SyntaxError('multipart/form-data part without a name');
    if (name === '__proto__' || names.has(name)) throw new SyntaxError(`multipart/form-data field "${name}" is repeated or forbidden`);
    names.add(name);
    const mediaType = /^content-type:\s*([^;\r\n]*)/im.exec(headers)?.[1].trim().toLowerCase();
    try {
      parts.push({ name, ...(mediaType ? { mediaType } : {}), text: strictUtf8.decode(Buffer.from(section.slice(headerEnd + 4), 'latin1')) });
    } catch {
      throw new SyntaxError(`multipart/form-data field "${name}" is not UTF-8 text`);
    }
  }
  throw new SyntaxError('multipart/form-data body without its closing boundary');
}
