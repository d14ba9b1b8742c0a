// Deep nesting: the YAML library composes documents recursively, and parsing two deeply nested documents in one process
// has aborted Node outright ("RegExpCompiler Allocation failed", exit 134) where no try/catch helps. The loader bounds
// nesting on the token tree before composing; these tests show the hazard and that the bound prevents it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { MAX_NESTING, parseYamlText } from '../src/io/yaml-file.js';
import { ROOT, runBin, STACK_FRAME } from './helpers/cli.js';
import { fingerprint } from './helpers/fingerprint.js';

/** YAML texts nested `depth` collections deep (the paired shapes round up by one), in every shape the parser nests. */
const SHAPES: Record<string, (depth: number) => string> = {
  'flow lists': (depth) => `${'['.repeat(depth)}${']'.repeat(depth)}\n`,
  'flow mappings': (depth) => `${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`,
  'block mappings': (depth) =>
    `${Array.from({ length: depth }, (_, index) => `${' '.repeat(index)}a:`).join('\n')} 1\n`,
  'block lists': (depth) => `${Array.from({ length: depth }, (_, index) => `${' '.repeat(index)}-`).join('\n')} 1\n`,
  'compact lists (- - -)': (depth) => `${'- '.repeat(depth)}x\n`,
  'explicit keys (? ? ?)': (depth) => `${'? '.repeat(depth)}x\n`,
  'lists of explicit keys (- ? - ?)': (depth) => `${'- ? '.repeat(Math.ceil(depth / 2))}x\n`,
  'mixed flow in block': (depth) =>
    `a:\n  - ${'[{b: '.repeat(Math.ceil((depth - 2) / 2))}1${'}]'.repeat(Math.ceil((depth - 2) / 2))}\n`,
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scaleplay-nesting-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the hazard (the YAML library alone)', () => {
  it('composing two documents nested 1,000 deep in one process aborts Node or exhausts the stack', () => {
    // Run in a child: when Node aborts, it takes the whole process with it.
    const script = `
      import { parseDocument } from 'yaml';
      const text = '['.repeat(1000) + ']'.repeat(1000);
      for (let i = 0; i < 2; i++) {
        const doc = parseDocument(text);
        console.log(doc.errors.map((error) => error.code).join(',') || 'ok');
      }`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    const aborted = result.signal === 'SIGABRT' || result.status === 134;
    // On Node 20 this aborts (exit 134, "RegExpCompiler Allocation failed"); where it does not, the library still fails
    // with a stack overflow it reports as RESOURCE_EXHAUSTION. Either way, deep input must not reach it.
    expect(
      aborted || /RESOURCE_EXHAUSTION/.test(result.stdout),
      `${result.status} ${result.signal} ${result.stdout}`,
    ).toBe(true);
  });
});

describe('the bound', () => {
  it.each(Object.entries(SHAPES))(
    '%s: accepted at the limit, refused one level past it, with the place',
    (_shape, make) => {
      // "Accepted" means past the nesting bound: some of these shapes are not valid YAML anyway (the parser then reports
      // its own, located errors), but none may be refused for nesting at or under the limit.
      const refusedForNesting = (depth: number) => {
        try {
          parseYamlText('deep.yaml', make(depth));
          return false;
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          const problems = (error as InputError).problems;
          for (const problem of problems) {
            expect(problem.line).toBeGreaterThanOrEqual(1);
            expect(problem.col).toBeGreaterThanOrEqual(1);
          }
          const nesting = problems.filter((problem) => problem.message === `nesting deeper than ${MAX_NESTING} levels`);
          if (nesting.length > 0) expect(problems).toHaveLength(1);
          return nesting.length > 0;
        }
      };
      expect(refusedForNesting(MAX_NESTING - 4)).toBe(false);
      expect(refusedForNesting(MAX_NESTING + 2)).toBe(true);
      expect(refusedForNesting(1000)).toBe(true);
      // The linear shapes also at 100,000 levels (the indented ones would be gigabytes).
      if (make(100).length < 1000) expect(refusedForNesting(100_000)).toBe(true);
    },
  );

  it('flow nesting is bounded exactly: 64 levels parse, 65 are refused at the 65th bracket', () => {
    expect(() => parseYamlText('deep.yaml', SHAPES['flow lists']!(MAX_NESTING))).not.toThrow();
    expect(() => parseYamlText('deep.yaml', SHAPES['flow lists']!(MAX_NESTING + 1))).toThrow(InputError);
    expect(() => parseYamlText('deep.yaml', `a: [1, [2,\n  ${'['.repeat(MAX_NESTING)}\n`)).toThrow(InputError);
    try {
      parseYamlText('deep.yaml', `a: [1, [2,\n  ${'['.repeat(MAX_NESTING)}\n`);
    } catch (error) {
      expect((error as InputError).problems[0]).toMatchObject({ line: 2, col: 2 + MAX_NESTING - 1 });
    }
  });

  it('brackets inside quoted text, plain text and comments are not nesting', () => {
    const brackets = '['.repeat(200);
    const yaml = parseYamlText(
      'ok.yaml',
      `a: "${brackets}"\nb: '${brackets}'\nc: x${brackets}\n# ${brackets}\nd: |\n  ${brackets}\n`,
    );
    expect(yaml.data).toMatchObject({ a: brackets, b: brackets, c: `x${brackets}`, d: `${brackets}\n` });
  });

  it('aliases cannot stack nesting past the limit', () => {
    const inner = `${'{a: '.repeat(40)}1${'}'.repeat(40)}`;
    const text = `base: &deep ${inner}\nouter: ${'{b: '.repeat(30)}*deep${'}'.repeat(30)}\n`;
    expect(() => parseYamlText('alias.yaml', text)).toThrow(
      /alias \*deep nests the data 71 levels deep; the limit is 64/,
    );
  });

  it('one process parsing a rubric of twelve step files, each nested 1,000 deep in another shape, exits 2 cleanly', () => {
    const rubric = join(dir, 'deep-rubric');
    mkdirSync(join(rubric, 'steps'), { recursive: true });
    const shapes = Object.values(SHAPES);
    const ids = Array.from({ length: 12 }, (_, index) => `step-${index}`);
    const manifest = readFileSync(join(ROOT, 'fixtures/rubrics/valid-custom/rubric.yaml'), 'utf8')
      .replace('steps: [deflection, quality]', `steps: [${ids.join(', ')}]`)
      .replace(/targets: \{[^}]*\}/g, `targets: { ${ids.map((id) => `${id}: early`).join(', ')} }`);
    writeFileSync(join(rubric, 'rubric.yaml'), manifest);
    for (const [index, id] of ids.entries()) {
      writeFileSync(
        join(rubric, 'steps', `${id}.yaml`),
        `id: ${id}\nquestions:\n${shapes[index % shapes.length]!(1000).replace(/^/gm, '  ')}`,
      );
    }
    const before = fingerprint(rubric);
    const result = runBin(['rubric', 'validate', rubric]);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(2);
    expect(result.stderr.match(/nesting deeper than 64 levels/g)).toHaveLength(12);
    expect(result.stderr).toContain('scaleplay: 12 problems found; nothing was changed.');
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(fingerprint(rubric)).toBe(before);
  });

  it('the fixture rubric with two step files nested 1,000 deep (which used to abort Node) exits 2 with both located', () => {
    const result = runBin(['rubric', 'validate', 'fixtures/rubrics/broken-nested-deep']);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'fixtures/rubrics/broken-nested-deep/steps/deflection.yaml:3:129: nesting deeper than 64 levels',
    );
    expect(result.stderr).toContain(
      'fixtures/rubrics/broken-nested-deep/steps/quality.yaml:3:129: nesting deeper than 64 levels',
    );
  });
});
