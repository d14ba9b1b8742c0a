// SVG logos: an allowlist of elements and attributes, no foreign namespaces, and nothing that refers outside the logo
// once XML entities and CSS escapes are decoded. Hostile fixtures live in fixtures/logos/.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readLogoBytes } from '../src/render/logo.js';
import { fixture, runBin } from './helpers/cli.js';

const svg = (body: string, root = 'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"') =>
  `<svg ${root}>${body}</svg>`;
const verdict = (text: string) => {
  const result = readLogoBytes(Buffer.from(text));
  return result.ok ? 'accepted' : result.message;
};

describe('SVG logo allowlist', () => {
  it.each([
    ['hostile-namespaced-script.svg', 'another namespace (xmlns:x)'],
    ['hostile-prefixed-foreign.svg', 'another namespace (xmlns:s)'],
    ['hostile-css-escape-import.svg', 'a CSS @import'],
    ['hostile-css-escape-url.svg', 'a url(…) to anything but an element of the logo itself'],
    ['hostile-entity-url.svg', 'a url(…) to anything but an element of the logo itself'],
  ])('refuses fixtures/logos/%s', (name, reason) => {
    expect(verdict(readFileSync(fixture('logos', name), 'utf8'))).toBe(
      `the SVG logo contains ${reason}; it is refused rather than embedded`,
    );
  });

  it.each([
    [
      'a prefixed script declaring its own prefix',
      svg('<x:script xmlns:x="http://www.w3.org/2000/svg">alert(1)</x:script>'),
      /an element in another namespace \(<x:script>\)/,
    ],
    [
      'a prefixed foreignObject',
      svg('<svg:foreignObject/>'),
      /an element in another namespace \(<svg:foreignObject>\)/,
    ],
    ['a double-encoded url(', svg('<rect style="fill:u&#92;72l(https://e.example/p)"/>'), /url\(/],
    ['an entity-encoded @import', svg('<style>&#64;import "https://e.example/x.css";</style>'), /@import/],
    ['a CSS-escaped @import split by a comment', svg('<style>@/**/\\000069mport "x.css";</style>'), /@import/],
    ['url( in a CDATA style', svg('<style><![CDATA[rect{fill:url(https://e.example/p)}]]></style>'), /url\(/],
    ['a presentation attribute with url(', svg('<rect fill="url(https://e.example/p#g)"/>'), /url\(/],
    ['an image-set()', svg('<rect style="fill:image-set(&quot;x.png&quot; 1x)"/>'), /CSS function/],
    ['<image>', svg('<image href="#a"/>'), /the element <image>/],
    ['<a>', svg('<a href="#a"><rect/></a>'), /the element <a>/],
    ['<use> of another file', svg('<use href="other.svg#a"/>'), /link or reference/],
    [
      '<use xlink:href> to a URL',
      svg(
        '<use xlink:href="https://e.example/s.svg#a"/>',
        'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"',
      ),
      /link or reference/,
    ],
    [
      'another default namespace on an inner element',
      svg('<g xmlns="http://www.w3.org/1999/xhtml"><rect/></g>'),
      /another default namespace/,
    ],
    [
      'another declared namespace',
      svg('<rect/>', 'xmlns="http://www.w3.org/2000/svg" xmlns:h="http://www.w3.org/1999/xhtml"'),
      /another namespace \(xmlns:h\)/,
    ],
    ['a namespaced attribute', svg('<rect h:onclick="x"/>'), /event-handler|not plain drawing/],
    ['an event handler in odd case', svg('<rect ONLOAD="x"/>'), /event-handler/],
    ['an unknown attribute', svg('<rect formaction="x"/>'), /the attribute formaction/],
    ['an undeclared entity', svg('<text>&nbsp;</text>'), /entity/],
    ['a processing instruction inside', svg('<?xml-stylesheet href="x.css"?>'), /stylesheet|processing instruction/],
    ['unbalanced tags', '<svg xmlns="http://www.w3.org/2000/svg"><g></svg>', /does not match/],
    ['a second root', `${svg('')}<svg/>`, /outside the <svg> root/],
  ])('refuses %s', (_name, text, reason) => {
    expect(verdict(text)).toMatch(reason);
  });

  it.each([
    ['the fixture logo', readFileSync(fixture('logos', 'northstar.svg'), 'utf8')],
    [
      'a local gradient and a local <use>',
      svg(
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs><rect id="r" fill="url(#g)"/><use href="#r"/>',
      ),
    ],
    ['a style element with local url()', svg('<style>.a{fill:url("#g")}/* note */</style><rect class="a"/>')],
    ['text with the predefined entities', svg('<text>R&amp;D &lt;3 &#169;</text>')],
    [
      'Illustrator-style xlink and data-name',
      svg(
        '<g data-name="Layer 1"><use xlink:href="#p"/></g>',
        'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"',
      ),
    ],
  ])('accepts %s', (_name, text) => {
    expect(verdict(text)).toBe('accepted');
  });

  it('the built bin refuses a namespaced script with exit 2 and the reason', () => {
    const result = runBin([
      'report',
      fixture('answers', 'growth-saas.yaml'),
      '--format',
      'html',
      '--logo',
      fixture('logos', 'hostile-namespaced-script.svg'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      'hostile-namespaced-script.svg: the SVG logo contains another namespace (xmlns:x); it is refused',
    );
  });
});
