// The HTML report, checked structurally: one self-contained document with an SVG chart, nothing loaded from anywhere,
// no script, every string from a file escaped (text and attributes), only http(s) evidence linked; and the logo rules.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeHtml, linkify } from '../src/render/html.js';
import { MAX_LOGO_BYTES, readLogoBytes } from '../src/render/logo.js';
import { renderRadarSvg } from '../src/render/radar.js';
import { fixture, tempDir, runBin, runCli, V1_PLAYBOOK } from './helpers/cli.js';

// These tests are about rendering and planning mechanics: they run against the frozen playbook 1.0.0 (fixtures/v1).
const withV1 = (args: string[]) =>
  args.includes('--rubric') || args[0] === 'rubric' ? args : [...args, '--rubric', V1_PLAYBOOK];
const cliV1 = (args: string[], options?: Parameters<typeof runCli>[1]) => runCli(withV1(args), options);
const binV1 = (args: string[], options?: Parameters<typeof runBin>[1]) => runBin(withV1(args), options);

async function html(name: string, ...extra: string[]): Promise<string> {
  const result = await cliV1(['report', fixture('v1', 'answers', `${name}.yaml`), '--format', 'html', ...extra]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

/** Every attribute value of every tag, as [tag, attribute, value]. */
function attributes(document: string): [string, string, string][] {
  const out: [string, string, string][] = [];
  for (const tag of document.matchAll(/<([a-zA-Z][\w-]*)(\s[^<>]*?)?\/?>/g)) {
    for (const attribute of (tag[2] ?? '').matchAll(/([\w:-]+)\s*=\s*"([^"]*)"/g))
      out.push([tag[1]!.toLowerCase(), attribute[1]!.toLowerCase(), attribute[2]!]);
  }
  return out;
}

describe('HTML report: self-contained', () => {
  it.each(['growth-saas', 'mistral-2026', 'preseed-demo', 'hostile-notes'])(
    '%s has the chart and loads nothing from anywhere',
    async (name) => {
      const document = await html(name);
      expect(document.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
      expect(document.trimEnd().endsWith('</html>')).toBe(true);
      // The chart: one inline SVG with the score polygon, a target polygon (every fixture has a stage) and six labels.
      expect(document.match(/<svg class="radar"/g)).toHaveLength(1);
      expect(document).toMatch(/<polygon class="score" points="[\d., -]+"\/>/);
      expect(document).toMatch(/<polygon class="target" points="[\d., -]+"\/>/);
      expect(document.match(/<tspan class="label-step"/g)).toHaveLength(6);
      // Nothing executable, nothing external.
      expect(document).not.toMatch(/<script/i);
      expect(document).not.toMatch(/<(link|iframe|object|embed|base|meta http-equiv)\b/i);
      expect(document).not.toMatch(/@import|url\(/i);
      // Escaped text holds no "<", so every tag found is a real one: none has an event handler or an unquoted value.
      for (const tag of document.matchAll(/<[a-zA-Z][^<>]*>/g)) {
        expect(tag[0]).not.toMatch(/\son[a-z]+\s*=/i);
        expect(tag[0].replace(/"[^"]*"/g, '""')).not.toMatch(/=[^"\s>]/);
      }
      for (const [tag, attribute, value] of attributes(document)) {
        if (attribute === 'src') expect(value, `${tag} src`).toMatch(/^data:image\/(png|jpeg|svg\+xml);base64,/);
        if (attribute === 'href' || attribute === 'xlink:href') {
          // Links navigate, they load nothing: only anchors, and only to this page or to http(s) pages.
          expect(tag).toBe('a');
          expect(value).toMatch(/^(#[\w-]+|https?:\/\/[^\s]+)$/);
        }
        if (attribute === 'style') throw new Error('no inline style attributes expected');
      }
    },
  );

  it('prints well: A4/Letter page rules, page breaks, no background wasted', async () => {
    const document = await html('growth-saas');
    expect(document).toMatch(/@page \{ margin: [^}]+\}/);
    expect(document).toMatch(/@media print \{[\s\S]*html, body \{ background: #fff; \}/);
    expect(document).toMatch(/break-inside: avoid/);
    expect(document).toMatch(/\.details \{ break-before: page; \}/);
  });

  it('shows per step a table of questions, answers, notes, evidence and next actions', async () => {
    const document = await html('growth-saas');
    expect(document.match(/<article class="step" id="step-[\w-]+">/g)).toHaveLength(6);
    expect(document).toContain('Median over October 2026 sign-ups, from account creation to first 2xx response.');
    expect(document).toContain(
      '<a href="https://analytics.northwind.example/dashboards/activation" rel="noopener noreferrer nofollow">https://analytics.northwind.example/dashboards/activation</a>',
    );
    expect(document).toContain('<h2>Critical items not met</h2>');
    expect(document).toContain('<h2>Cheapest path to target</h2>');
    expect(document).toContain('<h2>Roadmap</h2>');
    expect(document).toMatch(
      /Cheapest path to the Growth stage targets: <b>19 actions · 33 effort points \(12 S, 7 M\)<\/b>/,
    );
  });

  it('shows the rubric title, the --title and an embedded --logo', async () => {
    const document = await html(
      'growth-saas',
      '--title',
      'Client review <Q4>',
      '--logo',
      fixture('logos', 'northstar.png'),
    );
    expect(document).toContain('<p class="eyebrow">AI platform scaling playbook · v1.0.0</p>');
    expect(document).toContain('<h1>Client review &lt;Q4&gt;</h1>');
    expect(document).toContain('<title>Client review &lt;Q4&gt; · AI platform scaling playbook</title>');
    const png = readFileSync(fixture('logos', 'northstar.png')).toString('base64');
    expect(document).toContain(`<img class="logo" src="data:image/png;base64,${png}" alt="Logo">`);
  });
});

describe('HTML report: without a stage', () => {
  it('draws no target polygon and no path, and still phases the gaps', async () => {
    const dir = tempDir();
    const file = join(dir, 'no-stage.yaml');
    writeFileSync(
      file,
      readFileSync(fixture('v1', 'answers', 'preseed-demo.yaml'), 'utf8').replace(/^stage: pre-seed\n/m, ''),
    );
    const result = await cliV1(['report', file, '--format', 'html']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/<polygon class="score"/);
    expect(result.stdout).not.toContain('class="target"');
    expect(result.stdout).not.toContain('Stage target');
    expect(result.stdout).not.toContain('<h2>Cheapest path to target</h2>');
    expect(result.stdout).toContain('<h2>Roadmap</h2>');
    expect(result.stdout).toContain('<b>Stage</b> not set');
  });
});

describe('HTML report: hostile notes', () => {
  it('shows every hostile string as text and runs nothing', async () => {
    const document = await html('hostile-notes');
    for (const raw of [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(2)>',
      "onmouseover='alert(22)'",
      '<style>body{display:none}</style>',
      '<link rel=stylesheet',
      '<a href="javascript:alert(8)">',
      '<b>b</b>',
    ]) {
      expect(document, raw).not.toContain(raw);
    }
    expect(document).toContain('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(document).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt; &#39; onmouseover=&#39;alert(22)</p>');
    expect(document).toContain(
      '<h1>Evil &lt;img src=x onerror=alert(&#39;team&#39;)&gt; &amp; &quot;Co&quot; | red · &lt;/title&gt;&lt;script&gt;alert(&#39;product&#39;)&lt;/script&gt;',
    );
    // An entity in a note stays an entity's text, not a character.
    expect(document).toContain('&amp;lt;script&amp;gt;');
    // Script and data URLs stay text; a URL in a sentence is linked only up to the quote that ends it.
    expect(document).toContain('Evidence: javascript:alert(3)');
    expect(document).toContain('Evidence: data:text/html;base64,');
    expect(document).toContain('Evidence: //evil.example/x.js');
    expect(document).toContain(
      '<a href="https://example.com/q?a=1&amp;b=" rel="noopener noreferrer nofollow">https://example.com/q?a=1&amp;b=</a>&quot;&gt;&lt;script&gt;alert(4)&lt;/script&gt;',
    );
    expect(document).not.toMatch(/href="\s*(javascript|data|vbscript):/i);
    // Terminal escapes, controls and bidi overrides are gone; a newline in a note is a line break.
    expect(document).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(document).toContain('Line one<br>Line two with  a screen clear and  a title change');
  });

  it.each([
    ['<>&"\'', '&lt;&gt;&amp;&quot;&#39;'],
    ['a\u001b[31mb', 'ab'],
    ['x\u202ey', 'xy'],
  ])('escapeHtml(%j) is %j', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });

  it.each([
    [
      'see https://a.example/x?y=1&z=2.',
      'see <a href="https://a.example/x?y=1&amp;z=2" rel="noopener noreferrer nofollow">https://a.example/x?y=1&amp;z=2</a>.',
    ],
    ['javascript:alert(1)', 'javascript:alert(1)'],
    [
      'JAVASCRIPT:alert(1) http://ok.example',
      'JAVASCRIPT:alert(1) <a href="http://ok.example/" rel="noopener noreferrer nofollow">http://ok.example</a>',
    ],
    ['http://[broken', 'http://[broken'],
    ['ftp://files.example/a', 'ftp://files.example/a'],
    [
      '"https://q.example/"onclick="x"',
      '&quot;<a href="https://q.example/" rel="noopener noreferrer nofollow">https://q.example/</a>&quot;onclick=&quot;x&quot;',
    ],
  ])('linkify(%j)', (input, expected) => {
    expect(linkify(input)).toBe(expected);
  });
});

describe('radar chart', () => {
  const axis = (label: string, score: number, target?: number) => ({
    label,
    score,
    low: score,
    high: score,
    applicable: true,
    ...(target !== undefined && { target }),
  });
  const options = {
    levels: [
      { name: 'Low', min: 0 },
      { name: 'High', min: 50 },
    ],
    title: 'Chart',
    escape: escapeHtml,
  };

  it('escapes its labels and draws one vertex per step', () => {
    const svg = renderRadarSvg(
      [axis('<b>One</b>', 10, 50), axis('Two', 90, 50), axis('Three', 50, 50), axis('Four', 0, 50)],
      options,
    );
    expect(svg).toContain('&lt;b&gt;One&lt;/b&gt;');
    expect(svg).not.toContain('<b>');
    const points = /<polygon class="score" points="([^"]+)"/.exec(svg)![1]!.split(' ');
    expect(points).toHaveLength(4);
    expect(svg).toContain('<polygon class="target"');
  });

  it('has no target polygon without targets, and falls back to bars below three steps', () => {
    expect(renderRadarSvg([axis('a', 1), axis('b', 2), axis('c', 3)], options)).not.toContain('class="target"');
    const bars = renderRadarSvg([axis('a', 40, 65), axis('b', 70)], options);
    expect(bars).toContain('class="radar bars"');
    expect(bars.match(/<rect class="score"/g)).toHaveLength(2);
  });
});

describe('logo', () => {
  const logo = (name: string) => readFileSync(fixture('logos', name));

  it.each([
    ['northstar.png', 'image/png'],
    ['northstar.jpg', 'image/jpeg'],
    ['northstar.svg', 'image/svg+xml'],
  ])('embeds %s as a %s data URI (recognised by its bytes)', (name, type) => {
    const result = readLogoBytes(logo(name));
    expect(result).toMatchObject({ ok: true, logo: { type } });
    if (result.ok) expect(result.logo.dataUri).toBe(`data:${type};base64,${logo(name).toString('base64')}`);
  });

  it.each([
    ['hostile-script.svg', /a <script> element/],
    ['hostile-onload.svg', /an event-handler attribute/],
    ['hostile-external.svg', /a link or reference to anything but an element of the logo itself/],
    ['hostile-entity.svg', /a DOCTYPE or entity declaration/],
    ['not-supported.gif', /not a PNG, JPEG or SVG image/],
  ])('refuses %s', (name, message) => {
    const result = readLogoBytes(logo(name));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it.each([
    ['<svg><a href="javascript:alert(1)"><rect/></a></svg>', /link or reference/],
    ['<svg><use x:href="https://evil.example/s.svg#a"/></svg>', /link or reference/],
    ['<svg><style>@import "https://evil.example/x.css";</style></svg>', /@import/],
    ['<svg><rect style="fill:url(https://evil.example/p)"/></svg>', /url\(/],
    ['<svg><set attributeName="href" to="javascript:alert(1)"/></svg>', /animation/],
    ['<svg><foreignObject><div/></foreignObject></svg>', /foreign content/],
  ])('refuses the SVG %s', (text, message) => {
    const result = readLogoBytes(Buffer.from(text));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('refuses an empty or oversized file', () => {
    expect(readLogoBytes(new Uint8Array())).toMatchObject({ ok: false, message: 'the logo file is empty' });
    const big = Buffer.alloc(MAX_LOGO_BYTES + 1, 0);
    big.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(readLogoBytes(big)).toMatchObject({ ok: false, message: expect.stringMatching(/too large/) });
  });

  it.each([
    [
      ['--logo', fixture('logos', 'hostile-script.svg')],
      /hostile-script\.svg: the SVG logo contains a <script> element; it is refused rather than embedded/,
    ],
    [['--logo', fixture('logos', 'missing.png')], /missing\.png: logo file not found/],
    [['--logo', fixture('logos')], /logos: is not a file/],
  ])('the command refuses a bad logo with exit 2 and says why (%j)', async (extra, message) => {
    const result = await cliV1(['report', fixture('v1', 'answers', 'growth-saas.yaml'), '--format', 'html', ...extra]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });

  it('refuses an oversized logo before reading it', async () => {
    const dir = tempDir();
    const file = join(dir, 'big.png');
    const big = Buffer.alloc(MAX_LOGO_BYTES + 1, 0);
    big.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    writeFileSync(file, big);
    const result = await cliV1([
      'report',
      fixture('v1', 'answers', 'growth-saas.yaml'),
      '--format',
      'html',
      '--logo',
      file,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/the logo is too large \(262145 bytes; the limit is 262144 bytes\)/);
  });

  it('built bin: --logo with a non-HTML format is a usage error', () => {
    const result = binV1([
      'report',
      fixture('v1', 'answers', 'growth-saas.yaml'),
      '--logo',
      fixture('logos', 'northstar.png'),
    ]);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toBe('scaleplay: --logo is for the HTML report: add --format html.\n');
  });
});
