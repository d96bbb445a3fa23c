import { MalformedBody } from './json-fields.js';

/**
 * A small XML reader for the feeds tubevault consumes (YouTube's Atom): elements, attributes,
 * text, CDATA, comments and the predefined and numeric entities. Namespace prefixes stay part of
 * the names (`media:group`). DOCTYPEs are refused (no entity expansion, no external fetches).
 * Elements nest at most MAX_XML_DEPTH deep, so code that walks the tree recursively is safe.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The concatenated text directly inside this element. */
  text: string;
}

/** Feeds nest four or five elements deep and OPML folders a few more; nothing real comes near this. */
export const MAX_XML_DEPTH = 64;

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
// Sticky (`y`): matched at `lastIndex`, without copying the rest of the document.
const NAME = /[A-Za-z_][\w.:-]*/y;
const ATTRIBUTE_OR_TAG_END = /\s*(\/?>|([A-Za-z_][\w.:-]*)\s*=\s*("[^"<]*"|'[^'<]*'))/y;

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9A-Fa-f]+|#\d+|\w+);/g, (whole, entity: string) => {
    if (entity.startsWith('#')) {
      const code = entity[1] === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      if (code > 0x10ffff) throw new MalformedBody(`XML: character reference ${whole} out of range`);
      return String.fromCodePoint(code);
    }
    const value = NAMED_ENTITIES[entity];
    if (value === undefined) throw new MalformedBody(`XML: unknown entity ${whole}`);
    return value;
  });
}

export function parseXml(source: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let i = 0;
  function fail(reason: string): never {
    throw new MalformedBody(`XML: ${reason} at offset ${i}`);
  }
  const skipPast = (end: string, what: string) => {
    const at = source.indexOf(end, i);
    if (at === -1) fail(`unterminated ${what}`);
    const inner = source.slice(i, at);
    i = at + end.length;
    return inner;
  };

  while (i < source.length) {
    const lt = source.indexOf('<', i);
    const text = source.slice(i, lt === -1 ? source.length : lt);
    if (stack.length) stack[stack.length - 1].text += decodeEntities(text);
    else if (text.trim()) fail('text outside the root element');
    if (lt === -1) break;
    i = lt;

    if (source.startsWith('<?', i)) skipPast('?>', 'processing instruction');
    else if (source.startsWith('<!--', i)) skipPast('-->', 'comment');
    else if (source.startsWith('<![CDATA[', i)) {
      i += 9;
      const data = skipPast(']]>', 'CDATA section');
      if (!stack.length) fail('CDATA outside the root element');
      stack[stack.length - 1].text += data;
    } else if (source.startsWith('<!', i)) fail('DOCTYPE and declarations are not accepted');
    else if (source.startsWith('</', i)) {
      i += 2;
      const name = skipPast('>', 'end tag').trim();
      const open = stack.pop();
      if (!open || open.name !== name) fail(`</${name}> does not close <${open?.name ?? '(nothing)'}>`);
    } else {
      if (stack.length >= MAX_XML_DEPTH) fail(`elements nested deeper than ${MAX_XML_DEPTH} levels`);
      i += 1;
      NAME.lastIndex = i;
      const name = NAME.exec(source)?.[0] ?? fail('a tag without a name');
      i += name.length;
      const element: XmlElement = { name, attributes: {}, children: [], text: '' };
      let selfClosing: boolean;
      for (;;) {
        ATTRIBUTE_OR_TAG_END.lastIndex = i;
        const match = ATTRIBUTE_OR_TAG_END.exec(source) ?? fail(`bad attribute or unterminated tag <${name}>`);
        i += match[0].length;
        if (match[2] === undefined) {
          selfClosing = match[1] === '/>';
          break;
        }
        element.attributes[match[2]] = decodeEntities(match[3].slice(1, -1));
      }
      if (stack.length) stack[stack.length - 1].children.push(element);
      else if (root) fail('a second root element');
      else root = element;
      if (!selfClosing) stack.push(element);
    }
  }
  if (stack.length) fail(`<${stack[stack.length - 1].name}> is never closed`);
  if (!root) fail('no root element');
  return root;
}

/** The first child named `name`, if any. */
export const child = (element: XmlElement | undefined, name: string): XmlElement | undefined => element?.children.find((c) => c.name === name);

export const childrenNamed = (element: XmlElement, name: string): XmlElement[] => element.children.filter((c) => c.name === name);
