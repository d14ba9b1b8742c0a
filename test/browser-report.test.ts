// End to end in a real browser: the HTML report opened from disk in Debian's chromium (headless, driven by
// playwright-core) renders its chart, logs no console error, asks the network for nothing but the file itself, runs
// none of the hostile text it contains, and prints to PDF on A4 and Letter.
// It needs /usr/bin/chromium (Debian package `chromium`; .ci/run installs it). Without it this test FAILS on purpose:
// a skipped browser test would hide a broken report.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, runCli } from './helpers/cli.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let workDir: string;
let context: BrowserContext;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Debian's chromium is missing at ${CHROMIUM}: install it with "apt-get install -y chromium" (.ci/run must do this). The browser test does not skip.`,
    );
  }
  workDir = mkdtempSync(join(tmpdir(), 'scaleplay-browser-'));
  context = await chromium.launchPersistentContext(join(workDir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1200, height: 900 },
  });
}, 60_000);

afterAll(async () => {
  await context?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

interface Opened {
  page: Page;
  url: string;
  requests: string[];
  errors: string[];
  dialogs: string[];
}

async function open(name: string, ...extra: string[]): Promise<Opened> {
  return openReport(fixture('answers', `${name}.yaml`), name, ...extra);
}

async function openReport(answers: string, name: string, ...extra: string[]): Promise<Opened> {
  const file = join(workDir, `${name}.html`);
  const result = await runCli(['report', answers, '--format', 'html', '--output', file, ...extra]);
  expect(result.code, result.stderr).toBe(0);
  const url = pathToFileURL(file).href;
  const page = await context.newPage();
  const opened: Opened = { page, url, requests: [], errors: [], dialogs: [] };
  // Anything but the report itself is recorded and refused, so a stray reference would both fail and not leak.
  await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  page.on('request', (request) => opened.requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') opened.errors.push(message.text());
  });
  page.on('pageerror', (error) => opened.errors.push(error.message));
  page.on('dialog', (dialog) => {
    opened.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(url, { waitUntil: 'load' });
  return opened;
}

describe('HTML report in chromium', () => {
  it('renders the radar chart, with no console error and no request but the file', async () => {
    const { page, url, requests, errors } = await open(
      'growth-saas',
      '--title',
      'Northwind review',
      '--logo',
      fixture('logos', 'northstar.png'),
    );
    const chart = page.locator('svg.radar');
    await expect(chart.isVisible()).resolves.toBe(true);
    const box = (await chart.boundingBox())!;
    expect(box.width).toBeGreaterThan(300);
    expect(box.height).toBeGreaterThan(200);
    for (const selector of ['svg.radar polygon.score', 'svg.radar polygon.target']) {
      const polygon = page.locator(selector).first();
      await expect(polygon.isVisible()).resolves.toBe(true);
      const area = (await polygon.boundingBox())!;
      expect(area.width, selector).toBeGreaterThan(20);
      expect(area.height, selector).toBeGreaterThan(20);
    }
    expect(await page.locator('svg.radar tspan.label-step').allTextContents()).toEqual([
      'Wedge',
      'Stack climb',
      'Revenue ladder',
      'Reliability',
      'Partnerships',
      'Compute plan',
    ]);
    // The embedded logo decoded (a broken data URI would have no natural size).
    expect(await page.locator('img.logo').evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(240);
    expect(errors).toEqual([]);
    expect(requests.filter((request) => !request.startsWith('data:'))).toEqual([url]);
    await page.close();
  });

  it('runs none of the hostile notes: no script, no dialog, the text shown as text', async () => {
    const { page, url, requests, errors, dialogs } = await open(
      'hostile-notes',
      '--logo',
      fixture('logos', 'northstar.svg'),
    );
    expect(await page.evaluate(() => document.scripts.length)).toBe(0);
    expect(
      await page.evaluate(
        () => document.querySelectorAll('[onerror], [onload], [onmouseover], iframe, object, embed, link, base').length,
      ),
    ).toBe(0);
    // Hovering and clicking the hostile cells triggers nothing either.
    const cells = page.locator('td.notes');
    for (let index = 0; index < (await cells.count()); index++) await cells.nth(index).hover();
    await expect(page.getByText('<script>alert(1)</script>', { exact: true }).isVisible()).resolves.toBe(true);
    expect(await page.locator('a[href^="javascript:" i], a[href^="data:" i]').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    expect(requests.filter((request) => !request.startsWith('data:'))).toEqual([url]);
    await page.close();
  });

  it('prints to a non-empty PDF on A4 and on Letter', async () => {
    const { page } = await open('mistral-2026');
    for (const format of ['A4', 'Letter'] as const) {
      const pdf = await page.pdf({ format, printBackground: true });
      expect(pdf.subarray(0, 5).toString('latin1'), format).toBe('%PDF-');
      expect(pdf.length, format).toBeGreaterThan(20_000);
      // More than one page: the step-by-step details start on a page of their own.
      expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0, format).toBeGreaterThan(2);
    }
    await page.close();
  });

  it("shows the client view: the summary first, who said what, each participant's scores, no id", async () => {
    const consensus = fixture('golden', 'workshop-consensus.yaml');
    const { page, url, requests, errors } = await openReport(consensus, 'client', ...CLIENT_ARGS);
    const sections = await page.locator('main > section').evaluateAll((nodes) => nodes.map((node) => node.className));
    expect(sections[0]).toBe('exec-summary');
    await expect(page.getByRole('heading', { name: 'Where the participants differ' }).isVisible()).resolves.toBe(true);
    const heads = await page.locator('#participants thead th').allTextContents();
    expect(heads).toEqual(['Step', 'Consensus', 'Alice', 'Bob', 'Carol', 'Spread']);
    expect(await page.locator('#participants tbody tr').count()).toBe(7);
    expect(await page.locator('.qid').count()).toBe(0);
    expect(await page.locator('code').count()).toBe(0);
    await expect(page.locator('#differences').getByText('Carol', { exact: true }).first().isVisible()).resolves.toBe(
      true,
    );
    expect(errors).toEqual([]);
    expect(requests.filter((request) => !request.startsWith('data:'))).toEqual([url]);
    await page.close();
  });

  it('prints every page with the footer (firm, contact, confidentiality) and "Page N of M"', async () => {
    const consensus = fixture('golden', 'workshop-consensus.yaml');
    const { page } = await openReport(consensus, 'client-print', ...CLIENT_ARGS);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const file = join(workDir, 'client.pdf');
    writeFileSync(file, pdf);
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
    expect(pages).toBeGreaterThan(2);
    const text = pdfText(file);
    if (text === undefined) {
      // Without poppler's pdftotext (apt-get install -y poppler-utils), check the print CSS the browser applied.
      const rules = await page.evaluate(() =>
        [...document.styleSheets]
          .flatMap((sheet) => [...sheet.cssRules].map((rule) => rule.cssText))
          .filter((rule) => rule.startsWith('@page')),
      );
      expect(rules.join('\n')).toContain('counter(pages)');
      expect(rules.join('\n')).toContain('Northstar Advisory');
    } else {
      // pdftotext separates pages with a form feed; the last element after the final one is empty.
      const printed = text.split('\f').slice(0, pages);
      expect(printed).toHaveLength(pages);
      for (const [index, content] of printed.entries()) {
        const flat = content.replace(/\s+/g, ' ');
        expect(flat, `page ${index + 1}`).toContain(`Page ${index + 1} of ${pages}`);
        expect(flat, `page ${index + 1}`).toContain(
          'Northstar Advisory · lead@northstar.example · Confidential: prepared for Northwind Analytics',
        );
      }
    }
    await page.close();
  });

  it.each([
    ['growth-saas', fixture('answers', 'growth-saas.yaml')],
    ['mistral-2026', fixture('answers', 'mistral-2026.yaml')],
    ['preseed-demo', fixture('answers', 'preseed-demo.yaml')],
    ['workshop', fixture('golden', 'workshop-consensus.yaml')],
    ['plan-q2', fixture('client', 'plan-q2.yaml')],
  ])(
    '%s: no ring label of the radar overlaps the score, the target, a range band or an axis label',
    async (name, answers) => {
      const { page } = await openReport(answers, `rings-${name}`);
      const found = await page.evaluate(() => {
        const svg = document.querySelector('svg.radar') as SVGSVGElement;
        const shapes = [
          ...svg.querySelectorAll('polygon.score, polygon.target, line.range, circle.dot'),
        ] as SVGGeometryElement[];
        const labels = [...svg.querySelectorAll('text.ring-label:not(.ring-key)')] as SVGTextElement[];
        const axisLabels = [...svg.querySelectorAll('text.label')] as SVGTextElement[];
        const overlaps: string[] = [];
        for (const label of labels) {
          const box = label.getBBox();
          for (let i = 0; i <= 8; i++) {
            for (let j = 0; j <= 4; j++) {
              const point = svg.createSVGPoint();
              point.x = box.x + (box.width * i) / 8;
              point.y = box.y + (box.height * j) / 4;
              for (const shape of shapes) {
                const filled = shape.classList.contains('score') || shape.classList.contains('dot');
                if ((filled && shape.isPointInFill(point)) || shape.isPointInStroke(point))
                  overlaps.push(`${label.textContent} × ${shape.getAttribute('class')}`);
              }
            }
          }
          for (const axis of axisLabels) {
            const other = axis.getBBox();
            const apart =
              box.x + box.width < other.x ||
              other.x + other.width < box.x ||
              box.y + box.height < other.y ||
              other.y + other.height < box.y;
            if (!apart) overlaps.push(`${label.textContent} × ${axis.textContent}`);
          }
        }
        const keyed = svg.querySelector('text.ring-key')?.textContent ?? '';
        return { overlaps: [...new Set(overlaps)], onChart: labels.map((label) => label.textContent ?? ''), keyed };
      });
      expect(found.overlaps).toEqual([]);
      // Every level boundary is named once: on the chart or in the key.
      const named = [
        ...found.onChart,
        ...found.keyed
          .replace(/^Rings: /, '')
          .split(' · ')
          .filter(Boolean),
      ];
      expect(named.length, JSON.stringify(found)).toBe(3);
      await page.close();
    },
  );
});

/** What `--audience client` is run with in the browser tests. */
const CLIENT_ARGS = [
  '--audience',
  'client',
  '--summary',
  fixture('client', 'summary.md'),
  '--firm',
  'Northstar Advisory',
  '--contact',
  'lead@northstar.example',
  '--confidential',
  'Confidential: prepared for Northwind Analytics',
];

/** The text of a PDF by poppler's pdftotext (pages split by form feeds), or undefined when pdftotext is not installed. */
function pdfText(file: string): string | undefined {
  const result = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}
