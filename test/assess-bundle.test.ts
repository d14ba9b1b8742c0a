// The prompt library is loaded by `assess` only: in the built bundle (made by the global setup), nothing that main.js or
// the check/report chunks import statically comes from @inquirer; the assess chunk reaches it through a dynamic import.
// The bundle is CommonJS (scripts/build.mjs): a static import is a `require("./x.js")` at the top of a chunk, a dynamic
// import a `Promise.resolve().then(() => __toESM(require("./x.js")))`, which runs only when the code gets there.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

const DIST = join(ROOT, 'dist');

/** A dynamic import of a chunk, as the CommonJS bundle writes it; group 1 is the chunk's path. */
const DYNAMIC = String.raw`\(\)\s*=>\s*__toESM\(require\("(\.[^"]+)"\)\)`;

/** The files `entry` loads at start-up: itself and its static imports, followed recursively (dynamic imports excluded). */
function staticClosure(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  // Every `require("./x.js")` that is not a dynamic import's.
  const text = readFileSync(entry, 'utf8').replace(new RegExp(DYNAMIC, 'g'), '');
  for (const match of text.matchAll(/\brequire\("(\.[^"]+)"\)/g)) {
    staticClosure(resolve(dirname(entry), match[1]!), seen);
  }
  return seen;
}

/** The chunk a dynamic import in `file` loads for a name like "check". */
function dynamicChunk(file: string, name: string): string {
  const pattern = DYNAMIC.replace(String.raw`(\.[^"]+)`, String.raw`(\./(?:chunks/)?${name}-[A-Z0-9]+\.js)`);
  const match = new RegExp(pattern).exec(readFileSync(file, 'utf8'));
  if (!match) throw new Error(`no dynamic import of ${name} in ${file}`);
  return resolve(dirname(file), match[1]!);
}

describe('bundle: the closure the tests below walk is real', () => {
  it('`check` starts with the YAML parser, reached through static requires, and not the other commands', () => {
    const main = join(DIST, 'main.js');
    const files = staticClosure(dynamicChunk(main, 'check'), staticClosure(main));
    const yamlMessage = 'Implicit keys need to be on a single line';
    expect([...files].filter((file) => readFileSync(file, 'utf8').includes(yamlMessage))).toHaveLength(1);
    expect([...files].some((file) => /\/(assess|report|portfolio)-[A-Z0-9]+\.js$/.test(file))).toBe(false);
  });
});

// A message of @inquirer/core's that survives minification (comments naming node_modules paths do not).
const fromInquirer = (file: string) => readFileSync(file, 'utf8').includes('User force closed the prompt');

describe('bundle: the prompt library stays out of start-up', () => {
  const main = join(DIST, 'main.js');

  it.each(['check', 'report', 'init', 'rubric', 'schema', 'diff', 'merge', 'portfolio'])(
    '`%s` loads nothing from @inquirer',
    (command) => {
      const files = staticClosure(dynamicChunk(main, command), staticClosure(main));
      expect([...files].filter(fromInquirer)).toEqual([]);
    },
  );

  it('`assess` loads it only through a dynamic import, after its terminal check', () => {
    const assess = dynamicChunk(main, 'assess');
    expect([...staticClosure(assess, staticClosure(main))].filter(fromInquirer)).toEqual([]);
    const adapter = dynamicChunk(assess, 'inquirer-ask');
    expect(fromInquirer(adapter) || [...staticClosure(adapter)].some(fromInquirer)).toBe(true);
  });
});

// zod's classic `import { z } from 'zod'` drags every locale into the bundle (~430 kB parsed at each start); the
// namespace import `import * as z from 'zod'` lets esbuild keep English only. A Dutch message marks the locales.
const fromZodLocales = (file: string) => readFileSync(file, 'utf8').includes('Ongeldige invoer');

describe('bundle: start-up stays lean', () => {
  const main = join(DIST, 'main.js');

  it.each(['check', 'report'])('`%s` loads no zod locale files', (command) => {
    const files = staticClosure(dynamicChunk(main, command), staticClosure(main));
    expect([...files].filter(fromZodLocales)).toEqual([]);
  });
});

// Renderers load on use (src/render/registry.ts): a command's start-up holds no report renderer, and `check` (the CI
// gate) never the HTML or Markdown report; `report` loads the one renderer its --format names.
const RENDERER_MARKERS = {
  html: '<!doctype html>',
  markdown: '<details><summary>The ',
  table: 'every target is met.',
} as const;
const holds = (files: Set<string>, marker: string) =>
  [...files].filter((file) => readFileSync(file, 'utf8').includes(marker));

describe('bundle: renderers load on use', () => {
  const main = join(DIST, 'main.js');

  const commands = ['check', 'report', 'diff', 'merge', 'portfolio', 'init', 'rubric', 'schema'];
  it.each(commands)('`%s` starts without the HTML or Markdown report', (command) => {
    const files = staticClosure(dynamicChunk(main, command), staticClosure(main));
    expect(holds(files, RENDERER_MARKERS.html)).toEqual([]);
    expect(holds(files, RENDERER_MARKERS.markdown)).toEqual([]);
  });

  it('start-up (main) loads no renderer at all, though it lists every --format choice', () => {
    const files = staticClosure(main);
    for (const marker of Object.values(RENDERER_MARKERS)) expect(holds(files, marker)).toEqual([]);
    // The registry is there, reaching the HTML renderer only through a dynamic import.
    const dynamicHtml = new RegExp(
      DYNAMIC.replace(String.raw`(\.[^"]+)`, String.raw`\./(?:chunks/)?html-[A-Z0-9]+\.js`),
    );
    expect([...files].some((file) => dynamicHtml.test(readFileSync(file, 'utf8')))).toBe(true);
  });
});

// The repository probes (`--verify DIR`) load only when asked for: `check` and `report` start without the probe runner.
describe('bundle: the probe runner loads on use', () => {
  const main = join(DIST, 'main.js');
  const marker = 'a link out of the repository, not read';

  it.each(['check', 'report'])('`%s` starts without it and reaches it through a dynamic import', (command) => {
    const chunk = dynamicChunk(main, command);
    expect(holds(staticClosure(chunk, staticClosure(main)), marker)).toEqual([]);
    expect(holds(staticClosure(dynamicChunk(chunk, 'verify-repo')), marker)).toHaveLength(1);
  });
});
