// A strict XML well-formedness checker for the JUnit output.

/** A parsed XML element. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_:][A-Za-z0-9_:.-]*$/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
// Characters XML 1.0 allows (https://www.w3.org/TR/xml/#charsets).
const INVALID_CHAR = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

/**
 * Parses XML strictly enough to catch what breaks CI dashboards: one root, balanced and matching tags, quoted and unique
 * attributes, only the five named entities and numeric references, no raw `<` or stray `&`, no `]]>` in text, no
 * characters XML 1.0 forbids. Throws an Error naming the offset of the first problem; returns the root element.
 */
export function parseXmlStrict(xml: string): XmlElement {
  const bad = INVALID_CHAR.exec(xml);
  if (bad) throw new Error(`character U+${bad[0].codePointAt(0)!.toString(16)} not allowed in XML at ${bad.index}`);
  let at = 0;
  const fail = (message: string): never => {
    throw new Error(`${message} at offset ${at}: ${JSON.stringify(xml.slice(at, at + 40))}`);
  };
  const decode = (text: string, inAttribute: boolean): string => {
    if (text.includes('<')) fail('raw "<" in text');
    if (!inAttribute && text.includes(']]>')) fail('"]]>" in text');
    return text.replace(/&([^;]*);|&/g, (_match, name: string | undefined) => {
      if (name === undefined) return fail('"&" not starting an entity');
      if (name in ENTITIES) return ENTITIES[name]!;
      const numeric = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(name);
      if (!numeric) return fail(`unknown entity &${name};`);
      const code = numeric[1] !== undefined ? parseInt(numeric[1], 16) : parseInt(numeric[2]!, 10);
      const char = String.fromCodePoint(code);
      if (INVALID_CHAR.test(char)) fail(`reference to a character XML forbids (&${name};)`);
      return char;
    });
  };
  const skipMisc = () => {
    for (;;) {
      const rest = xml.slice(at);
      const space = /^\s+/.exec(rest);
      if (space) at += space[0].length;
      else if (rest.startsWith('<!--')) {
        const end = xml.indexOf('-->', at + 4);
        if (end === -1) fail('unclosed comment');
        if (xml.slice(at + 4, end).includes('--')) fail('"--" inside a comment');
        at = end + 3;
      } else return;
    }
  };
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end === -1) fail('unclosed XML declaration');
    if (
      !/^<\?xml version="1\.[0-9]"( encoding="[A-Za-z][A-Za-z0-9._-]*")?( standalone="(yes|no)")?\s*\?>$/.test(
        xml.slice(0, end + 2),
      )
    )
      fail('malformed XML declaration');
    at = end + 2;
  }
  skipMisc();
  const parseElement = (): XmlElement => {
    const open = /^<([^\s/>]+)/.exec(xml.slice(at));
    if (!open) return fail('expected an element');
    const name = open[1]!;
    if (!NAME.test(name)) fail(`bad element name "${name}"`);
    at += open[0].length;
    const element: XmlElement = { name, attributes: {}, children: [], text: '' };
    for (;;) {
      const rest = xml.slice(at);
      const end = /^\s*(\/?)>/.exec(rest);
      if (end) {
        at += end[0].length;
        if (end[1] === '/') return element;
        break;
      }
      const attribute = /^\s+([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')/.exec(rest);
      if (!attribute) return fail(`malformed attribute in <${name}>`);
      const key = attribute[1]!;
      if (!NAME.test(key)) fail(`bad attribute name "${key}"`);
      if (key in element.attributes) fail(`duplicate attribute "${key}"`);
      element.attributes[key] = decode(attribute[3] ?? attribute[4] ?? '', true);
      at += attribute[0].length;
    }
    for (;;) {
      const next = xml.indexOf('<', at);
      if (next === -1) fail(`<${name}> is never closed`);
      element.text += decode(xml.slice(at, next), false);
      at = next;
      if (xml.startsWith('</', at)) {
        const close = /^<\/([^\s>]+)\s*>/.exec(xml.slice(at));
        if (!close || close[1] !== name) fail(`expected </${name}>`);
        at += close![0].length;
        return element;
      }
      if (xml.startsWith('<!--', at)) skipMisc();
      else if (xml.startsWith('<![CDATA[', at)) {
        const end = xml.indexOf(']]>', at);
        if (end === -1) fail('unclosed CDATA');
        element.text += xml.slice(at + 9, end);
        at = end + 3;
      } else if (xml.startsWith('<?', at) || xml.startsWith('<!', at))
        fail('processing instructions and declarations are not expected here');
      else element.children.push(parseElement());
    }
  };
  const root = parseElement();
  skipMisc();
  if (at !== xml.length) fail('content after the root element');
  return root;
}

/** Every descendant element named `name`. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((child) => [...(child.name === name ? [child] : []), ...findAll(child, name)]);
}
