// A consultant's logo for the HTML report: recognised by its bytes (never by its file name), embedded as a data URI.
// PNG and JPEG are embedded as they are. SVG is a document that can hold scripts, event handlers and links to the
// network, so an SVG logo is accepted only when it holds none of them (we reject rather than rewrite: a sanitiser that
// edits markup with patterns is easy to get wrong, a refusal with the reason is not); it is then shown through <img>,
// where browsers run no script and load nothing an SVG refers to, as a second line of defence. Past the quick refusals
// below, every element and attribute must be on an allowlist (./svg-allowlist.ts).
import { svgAllowlistProblem } from './svg-allowlist.js';

/** Logo files larger than this are refused (a logo is a few kB; the report should stay small enough to e-mail). */
export const MAX_LOGO_BYTES = 256 * 1024;

export type LogoType = 'image/png' | 'image/jpeg' | 'image/svg+xml';

export interface Logo {
  type: LogoType;
  /** `data:<type>;base64,…` */
  dataUri: string;
}

export type LogoResult = { ok: true; logo: Logo } | { ok: false; message: string; hint?: string };

const PLAIN_SVG_HINT = 'Export the logo as PNG, or as a plain SVG (shapes, paths, gradients, text only).';
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];

/** What an SVG must not contain to be embedded, with the reason given to the user. */
const SVG_REFUSALS: readonly [RegExp, string][] = [
  [/<!DOCTYPE|<!ENTITY/i, 'a DOCTYPE or entity declaration'],
  [/<\?xml-stylesheet/i, 'an external stylesheet'],
  [/<script\b/i, 'a <script> element'],
  [/<(foreignObject|iframe|embed|object|audio|video|canvas)\b/i, 'embedded foreign content'],
  [/<(animate|animateMotion|animateTransform|set|discard)\b/i, 'an animation (which can rewrite links)'],
  [/\son[a-z]+\s*=/i, 'an event-handler attribute (on…=)'],
  [
    /(?:^|[\s"'])(?:[\w.-]+:)?href\s*=\s*(?!["']#)/i,
    'a link or reference to anything but an element of the logo itself',
  ],
  [/url\(\s*(?!["']?#)/i, 'a url(…) to anything but an element of the logo itself'],
  [/@import/i, 'a CSS @import'],
  [/(?:javascript|vbscript|\bdata)\s*:/i, 'a script or data URL'],
];

/** Recognises a PNG, JPEG or SVG logo by its bytes and returns it as a data URI, or why it cannot be used. */
export function readLogoBytes(bytes: Uint8Array): LogoResult {
  if (bytes.length === 0) return { ok: false, message: 'the logo file is empty' };
  if (bytes.length > MAX_LOGO_BYTES) {
    return {
      ok: false,
      message: `the logo is too large (${bytes.length} bytes; the limit is ${MAX_LOGO_BYTES} bytes)`,
      hint: 'Export a smaller PNG (a few hundred pixels wide is plenty).',
    };
  }
  const starts = (magic: readonly number[]) => magic.every((byte, index) => bytes[index] === byte);
  if (starts(PNG)) return { ok: true, logo: embed('image/png', bytes) };
  if (starts(JPEG)) return { ok: true, logo: embed('image/jpeg', bytes) };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return unsupported();
  }
  // Markup with an <svg> element is judged as an SVG: first what it must not hold, then its shape: an optional XML
  // declaration and comments, then the <svg> root element.
  if (!/^\s*</.test(text) || !/<svg[\s>]/i.test(text)) return unsupported();
  for (const [pattern, what] of SVG_REFUSALS) {
    if (pattern.test(text)) {
      return {
        ok: false,
        message: `the SVG logo contains ${what}; it is refused rather than embedded`,
        hint: PLAIN_SVG_HINT,
      };
    }
  }
  if (!/^\s*(<\?xml\s[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(text)) return unsupported();
  // Then the allowlist, on the document as a browser decodes it (entities, CSS escapes, namespaces).
  const problem = svgAllowlistProblem(text);
  if (problem)
    return {
      ok: false,
      message: `the SVG logo contains ${problem}; it is refused rather than embedded`,
      hint: PLAIN_SVG_HINT,
    };
  return { ok: true, logo: embed('image/svg+xml', bytes) };
}

function embed(type: LogoType, bytes: Uint8Array): Logo {
  return { type, dataUri: `data:${type};base64,${Buffer.from(bytes).toString('base64')}` };
}

function unsupported(): LogoResult {
  return {
    ok: false,
    message: 'not a PNG, JPEG or SVG image (recognised by its content, not its name)',
    hint: 'Give a .png, .jpg or .svg file.',
  };
}
