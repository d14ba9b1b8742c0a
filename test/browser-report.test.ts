// End to end in a real browser: the HTML report opened from disk in Debian's chromium (headless, driven by
// playwright-core) renders its chart, logs no console error, asks the network for nothing but the file itself, runs
// none of the hostile text it contains, and prints to PDF on A4 and Letter.
// It needs /usr/bin/chromium (Debian package `chromium`; .ci/run installs it). Without it this test FAILS on purpose:
// a skipped browser test would hide a broken report.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, runCli } from './helpers/cli.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let workDir: string;
let context: BrowserContext;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Debian's chromium is missing at ${CHROMIUM}: install it with "apt-get install -y chromium" (.ci/run must do this). The browser test does not skip.`);
  }
  workDir = mkdtempSync(join(tmpdir(), 'scaleplay-browser-'));
  context = await chromium.launchPersistentContext(join(workDir, 'profile'), { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1200, height: 900 } });
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
  const file = join(workDir, `${name}.html`);
  const result = await runCli(['report', fixture('answers', `${name}.yaml`), '--format', 'html', '--output', file, ...extra]);
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
    const { page, url, requests, errors } = await open('growth-saas', '--title', 'Northwind review', '--logo', fixture('logos', 'northstar.png'));
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
    expect(await page.locator('svg.radar tspan.label-step').allTextContents()).toEqual(['Wedge', 'Stack climb', 'Revenue ladder', 'Reliability', 'Partnerships', 'Compute plan']);
    // The embedded logo decoded (a broken data URI would have no natural size).
    expect(await page.locator('img.logo').evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(240);
    expect(errors).toEqual([]);
    expect(requests.filter((request) => !request.startsWith('data:'))).toEqual([url]);
    await page.close();
  });

  it('runs none of the hostile notes: no script, no dialog, the text shown as text', async () => {
    const { page, url, requests, errors, dialogs } = await open('hostile-notes', '--logo', fixture('logos', 'northstar.svg'));
    expect(await page.evaluate(() => document.scripts.length)).toBe(0);
    expect(await page.evaluate(() => document.querySelectorAll('[onerror], [onload], [onmouseover], iframe, object, embed, link, base').length)).toBe(0);
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
});
