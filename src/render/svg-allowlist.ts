// The SVG logo allowlist. An SVG is read as XML the way a browser would (elements, attributes, entities, CSS escapes)
// and accepted only when every element and attribute is a known drawing one, in the SVG namespace, and nothing in it
// refers outside the logo once XML entities and CSS escapes are decoded (`u&#114;l(`, `u\72l(`, `@\69mport`).
// Anything not understood is refused: a refusal with its reason is safe, a guess is not.

/** Elements of plain drawing: shapes, text, gradients, clips and masks, local reuse and styles. */
const ELEMENTS = new Set([
  'svg',
  'g',
  'defs',
  'title',
  'desc',
  'symbol',
  'use',
  'style',
  'path',
  'rect',
  'circle',
  'ellipse',
  'line',
  'polyline',
  'polygon',
  'text',
  'tspan',
  'textPath',
  'linearGradient',
  'radialGradient',
  'stop',
  'pattern',
  'clipPath',
  'mask',
]);

/** Attributes of plain drawing (geometry, paint, text, gradients); `on…` handlers and links to outside are not here. */
const ATTRIBUTES = new Set([
  'id',
  'class',
  'style',
  'version',
  'baseProfile',
  'viewBox',
  'preserveAspectRatio',
  'width',
  'height',
  'x',
  'y',
  'x1',
  'y1',
  'x2',
  'y2',
  'cx',
  'cy',
  'r',
  'rx',
  'ry',
  'fx',
  'fy',
  'fr',
  'd',
  'points',
  'pathLength',
  'transform',
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-miterlimit',
  'stroke-dasharray',
  'stroke-dashoffset',
  'stroke-opacity',
  'opacity',
  'color',
  'display',
  'visibility',
  'overflow',
  'offset',
  'stop-color',
  'stop-opacity',
  'gradientUnits',
  'gradientTransform',
  'spreadMethod',
  'clip-path',
  'clip-rule',
  'clipPathUnits',
  'mask',
  'maskUnits',
  'maskContentUnits',
  'patternUnits',
  'patternContentUnits',
  'patternTransform',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'font-variant',
  'font-stretch',
  'text-anchor',
  'dominant-baseline',
  'alignment-baseline',
  'baseline-shift',
  'letter-spacing',
  'word-spacing',
  'text-decoration',
  'dx',
  'dy',
  'rotate',
  'textLength',
  'lengthAdjust',
  'startOffset',
  'shape-rendering',
  'text-rendering',
  'vector-effect',
  'paint-order',
  'mix-blend-mode',
  'isolation',
  'enable-background',
  'type',
  'media',
  'data-name',
  'xml:space',
  'xml:lang',
  'lang',
  // References: allowed only to an element of the logo itself (`#id`), checked below.
  'href',
  'xlink:href',
  // Namespace declarations: only the SVG and XLink namespaces, checked below.
  'xmlns',
  'xmlns:xlink',
]);

const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';
const XLINK_NAMESPACE = 'http://www.w3.org/1999/xlink';
const NAME = '[A-Za-z_][\\w.:-]*';
const ATTRIBUTE = new RegExp(`^\\s+(${NAME})\\s*=\\s*(?:"([^"<]*)"|'([^'<]*)')`);

/** Why an SVG logo is refused, or undefined when every element and attribute is on the allowlist. */
export function svgAllowlistProblem(text: string): string | undefined {
  let rest = text.replace(/^\uFEFF/, '');
  const open: string[] = [];
  let sawRoot = false;
  const declaration = /^\s*<\?xml\s[^<>]*\?>/.exec(rest);
  if (declaration) rest = rest.slice(declaration[0].length);
  while (rest.length > 0) {
    const lt = rest.indexOf('<');
    const textPart = lt === -1 ? rest : rest.slice(0, lt);
    const textProblem = checkText(textPart, open[open.length - 1]);
    if (textProblem) return textProblem;
    if (lt === -1) break;
    rest = rest.slice(lt);
    if (rest.startsWith('<!--')) {
      const end = rest.indexOf('-->', 4);
      if (end === -1) return 'an unclosed comment';
      rest = rest.slice(end + 3);
      continue;
    }
    if (rest.startsWith('<![CDATA[')) {
      const end = rest.indexOf(']]>');
      if (end === -1 || open[open.length - 1] !== 'style') return 'a CDATA section outside a <style> element';
      const cssProblem = checkCss(rest.slice(9, end));
      if (cssProblem) return cssProblem;
      rest = rest.slice(end + 3);
      continue;
    }
    if (rest.startsWith('<!') || rest.startsWith('<?'))
      return 'a declaration or processing instruction (<!… or <?…) inside the document';
    const close = new RegExp(`^</(${NAME})\\s*>`).exec(rest);
    if (close) {
      if (open.pop() !== close[1]) return `a closing tag </${close[1]}> that does not match`;
      rest = rest.slice(close[0].length);
      continue;
    }
    const start = new RegExp(`^<(${NAME})`).exec(rest);
    if (!start) return 'markup that is not well-formed XML';
    const name = start[1]!;
    if (name.includes(':')) return `an element in another namespace (<${name}>)`;
    if (!ELEMENTS.has(name)) return `the element <${name}>, which is not plain drawing`;
    if (open.length === 0 && (sawRoot || name !== 'svg')) return 'content outside the <svg> root element';
    sawRoot = true;
    rest = rest.slice(start[0].length);
    const seen = new Set<string>();
    for (let match = ATTRIBUTE.exec(rest); match; match = ATTRIBUTE.exec(rest)) {
      const attribute = match[1]!;
      const raw = match[2] ?? match[3] ?? '';
      if (seen.has(attribute)) return `the attribute ${attribute} twice on <${name}>`;
      seen.add(attribute);
      const problem = checkAttribute(name, attribute, raw);
      if (problem) return problem;
      rest = rest.slice(match[0].length);
    }
    const end = /^\s*(\/?)>/.exec(rest);
    if (!end) return `markup that is not well-formed XML in <${name}>`;
    if (!end[1]) open.push(name);
    rest = rest.slice(end[0].length);
  }
  if (!sawRoot) return 'no <svg> root element';
  if (open.length > 0) return `an unclosed <${open[open.length - 1]}> element`;
  return undefined;
}

function checkAttribute(element: string, attribute: string, raw: string): string | undefined {
  if (/^on/i.test(attribute)) return `an event-handler attribute (${attribute}=)`;
  if (attribute.startsWith('xmlns:') && attribute !== 'xmlns:xlink') return `another namespace (${attribute})`;
  if (!ATTRIBUTES.has(attribute)) return `the attribute ${attribute} on <${element}>, which is not plain drawing`;
  const value = decodeEntities(raw);
  if (value === undefined)
    return `an entity other than &lt; &gt; &amp; &quot; &apos; or a character reference (in ${attribute})`;
  if (attribute === 'xmlns' && value !== SVG_NAMESPACE)
    return `another default namespace (xmlns="${value.slice(0, 60)}")`;
  if (attribute === 'xmlns:xlink' && value !== XLINK_NAMESPACE)
    return `another namespace (xmlns:xlink="${value.slice(0, 60)}")`;
  if ((attribute === 'href' || attribute === 'xlink:href') && !/^#[\w.:-]+$/.test(value.trim()))
    return 'a link or reference to anything but an element of the logo itself';
  return checkCss(value);
}

function checkText(text: string, parent: string | undefined): string | undefined {
  if (text.trim() === '') return undefined;
  if (parent === undefined) return 'content outside the <svg> root element';
  const value = decodeEntities(text);
  if (value === undefined) return 'an entity other than &lt; &gt; &amp; &quot; &apos; or a character reference';
  return parent === 'style' ? checkCss(value) : undefined;
}

/** CSS (a style attribute or element, or any attribute value a browser may read as CSS) that refers outside the logo. */
function checkCss(text: string): string | undefined {
  const css = decodeCssEscapes(text.replace(/\/\*[\s\S]*?\*\//g, '')).toLowerCase();
  if (/@import/.test(css)) return 'a CSS @import';
  for (const match of css.matchAll(/url\s*\(\s*(["']?)\s*([^"')]*)/g)) {
    if (!match[2]!.startsWith('#')) return 'a url(…) to anything but an element of the logo itself';
  }
  if (/(?:image-set|image|cross-fade|element|expression|src)\s*\(/.test(css))
    return 'a CSS function that can load or run something';
  if (/(?:javascript|vbscript|data)\s*:/.test(css)) return 'a script or data URL';
  if (/@font-face|@namespace|-moz-binding|behavior\s*:/.test(css)) return 'a CSS rule that can load something';
  return undefined;
}

/** XML character references and the five predefined entities decoded; undefined when another entity is used. */
function decodeEntities(text: string): string | undefined {
  let unknown = false;
  const decoded = text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][\w.-]*);?/g, (whole, body: string) => {
    if (!whole.endsWith(';')) {
      unknown = true;
      return whole;
    }
    if (body.startsWith('#')) {
      const code = body[1] === 'x' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
    }
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (named[body] === undefined) unknown = true;
    return named[body] ?? whole;
  });
  return unknown ? undefined : decoded;
}

/** CSS escapes decoded: `\69` (hex, up to six digits and one optional space) and `\x` for any other character. */
function decodeCssEscapes(text: string): string {
  return text.replace(
    /\\(?:([0-9a-fA-F]{1,6})\s?|([^\n0-9a-fA-F]))/g,
    (_whole, hex: string | undefined, other: string | undefined) => {
      if (hex !== undefined) {
        const code = Number.parseInt(hex, 16);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
      }
      return other ?? '';
    },
  );
}
