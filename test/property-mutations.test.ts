// Property: random mutations of valid files (answers fixtures, the playbook, a custom rubric) give either a result or an
// InputError whose every problem is located at file:line:col — never another exception.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { stageTargets } from '../src/core/cheapest-path.js';
import { buildRoadmap } from '../src/core/roadmap.js';
import { lintRubric } from '../src/core/rubric-lint.js';
import { scoreAssessment } from '../src/core/score.js';
import { InputError, type Problem } from '../src/errors.js';
import { loadAnswers, resolveAnswers } from '../src/io/load-answers.js';
import { loadRubric } from '../src/io/load-rubric.js';
import { readYamlFile } from '../src/io/yaml-file.js';
import { REPORT_FORMATS, renderReport } from '../src/render/registry.js';
import { plainTheme } from '../src/render/theme.js';
import { fakeIo } from './helpers/cli.js';

const root = join(import.meta.dirname, '..');
const answersFixtures = readdirSync(join(root, 'fixtures/answers')).map((name) => join(root, 'fixtures/answers', name));
const playbook = loadRubric(join(root, 'playbook')).rubric;

/** Fragments that stress YAML and our checks: structure, aliases, tags, odd numbers, forbidden keys, controls, bad bytes. */
const FRAGMENTS = [
  '[',
  ']',
  '{',
  '}',
  ':',
  ': ',
  '- ',
  '? ',
  ',',
  '&a ',
  '*a',
  '*b',
  '!!binary ',
  '!custom ',
  '|',
  '>',
  "'",
  '"',
  '#',
  '\t',
  '\n',
  '\n  ',
  '    ',
  '---\n',
  '...\n',
  '.nan',
  '.inf',
  '-.inf',
  '1e400',
  '123456789012345678901234567890',
  '__proto__: 1\n',
  'constructor: x\n',
  '~',
  'null',
  'yes',
  'no',
  'unknown',
  'n/a',
  '\u001b[2J',
  '\r',
  '\u0000',
  '\u009b',
  '\uFEFF',
  '%YAML 1.1\n',
  '<<: *a\n',
  '0x1F',
  '[[[[[[[[',
  '? ? ? ? ',
  '- - - - ',
  '@',
  '`',
  '%',
  '\\',
];
const BAD_BYTES = [[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0x00]];

type Edit =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'replace'; at: number; length: number; text: string }
  | { kind: 'duplicate-line' | 'drop-line' | 'indent-line' | 'dedent-line'; line: number }
  | { kind: 'swap-lines'; line: number; other: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'bytes'; at: number; bytes: number[] };

const textArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...FRAGMENTS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) },
);
const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: textArb }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
  fc.record({
    kind: fc.constant('replace' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 6 }),
    text: textArb,
  }),
  fc.record({
    kind: fc.constantFrom(
      'duplicate-line' as const,
      'drop-line' as const,
      'indent-line' as const,
      'dedent-line' as const,
    ),
    line: fc.nat(),
  }),
  fc.record({ kind: fc.constant('swap-lines' as const), line: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('bytes' as const), at: fc.nat(), bytes: fc.constantFrom(...BAD_BYTES) }),
);
const editsArb = fc.array(editArb, { minLength: 1, maxLength: 4 });

/** Applies edits to the bytes of a file (positions are taken modulo the current length, so every edit applies). */
function mutate(original: Buffer, edits: readonly Edit[]): Buffer {
  let bytes = original;
  for (const edit of edits) {
    const size = Math.max(1, bytes.length);
    const lines = bytes.toString('latin1').split('\n');
    const joinLines = (list: string[]) => Buffer.from(list.join('\n'), 'latin1');
    switch (edit.kind) {
      case 'insert':
        bytes = Buffer.concat([
          bytes.subarray(0, edit.at % size),
          Buffer.from(edit.text),
          bytes.subarray(edit.at % size),
        ]);
        break;
      case 'delete':
        bytes = Buffer.concat([bytes.subarray(0, edit.at % size), bytes.subarray((edit.at % size) + edit.length)]);
        break;
      case 'replace':
        bytes = Buffer.concat([
          bytes.subarray(0, edit.at % size),
          Buffer.from(edit.text),
          bytes.subarray((edit.at % size) + edit.length),
        ]);
        break;
      case 'bytes':
        bytes = Buffer.concat([
          bytes.subarray(0, edit.at % size),
          Buffer.from(edit.bytes),
          bytes.subarray(edit.at % size),
        ]);
        break;
      case 'truncate':
        bytes = bytes.subarray(0, edit.at % size);
        break;
      case 'duplicate-line': {
        const index = edit.line % lines.length;
        lines.splice(index, 0, lines[index]!);
        bytes = joinLines(lines);
        break;
      }
      case 'drop-line':
        lines.splice(edit.line % lines.length, 1);
        bytes = joinLines(lines);
        break;
      case 'indent-line':
      case 'dedent-line': {
        const index = edit.line % lines.length;
        lines[index] = edit.kind === 'indent-line' ? `  ${lines[index]}` : lines[index]!.replace(/^ {1,2}/, '');
        bytes = joinLines(lines);
        break;
      }
      case 'swap-lines': {
        const a = edit.line % lines.length;
        const b = edit.other % lines.length;
        [lines[a], lines[b]] = [lines[b]!, lines[a]!];
        bytes = joinLines(lines);
        break;
      }
    }
  }
  return bytes;
}

/** Every problem names its file and a 1-based line and column, with a printable message. */
function expectLocated(problems: readonly Problem[]) {
  expect(problems.length).toBeGreaterThan(0);
  for (const problem of problems) {
    expect(problem.file).toBeTruthy();
    expect(problem.message.trim()).not.toBe('');
    expect(problem.line, `${problem.file}: ${problem.message}`).toBeGreaterThanOrEqual(1);
    expect(problem.col).toBeGreaterThanOrEqual(1);
    expect(`${problem.message}${problem.hint ?? ''}`).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  }
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scaleplay-mutations-'));
  cpSync(join(root, 'playbook'), join(dir, 'playbook'), { recursive: true });
  cpSync(join(root, 'fixtures/rubrics/valid-custom'), join(dir, 'custom'), { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mutated files give a result or a located InputError', () => {
  it('answers files (fixtures), through load, score and render', async () => {
    const file = join(dir, 'answers.yaml');
    let located = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...answersFixtures), editsArb, async (source, edits) => {
        writeFileSync(file, mutate(readFileSync(source), edits));
        try {
          const yaml = readYamlFile(file);
          const { assessment } = resolveAnswers(yaml, playbook);
          const report = scoreAssessment(playbook, assessment);
          const view = {
            report,
            rubric: playbook,
            roadmap: buildRoadmap(playbook, report, stageTargets(playbook, report)),
          };
          for (const format of REPORT_FORMATS)
            expect(await renderReport(view, format, { theme: plainTheme, width: 80 })).toBeTypeOf('string');
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          expectLocated(error.problems);
          located++;
        }
      }),
      { numRuns: 300 },
    );
    expect(located).toBeGreaterThan(30); // the mutations do break files, often
  });

  it.each([
    { name: 'the playbook', folder: 'playbook', answers: join(root, 'fixtures/answers/growth-saas.yaml') },
    {
      name: 'a custom rubric',
      folder: 'custom',
      answers: join(root, 'fixtures/rubrics/valid-custom/tests/answers/strong-team.yaml'),
    },
  ])('rubric files of $name, through load, lint and scoring', ({ folder, answers }) => {
    const rubricDir = join(dir, folder);
    const files = ['rubric.yaml', ...readdirSync(join(rubricDir, 'steps')).map((name) => join('steps', name))];
    const originals = new Map(files.map((name) => [name, readFileSync(join(rubricDir, name))]));
    fc.assert(
      fc.property(fc.constantFrom(...files), editsArb, (name, edits) => {
        writeFileSync(join(rubricDir, name), mutate(originals.get(name)!, edits));
        try {
          const { rubric } = loadRubric(rubricDir);
          expect(Array.isArray(lintRubric(rubric))).toBe(true);
          const { assessment } = loadAnswers(answers, rubric);
          scoreAssessment(rubric, assessment);
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          expectLocated(error.problems);
        } finally {
          writeFileSync(join(rubricDir, name), originals.get(name)!);
        }
      }),
      { numRuns: 120 },
    );
  });

  it('through the CLI: exit 0 or 2, never an internal error', async () => {
    const file = join(dir, 'cli-answers.yaml');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...answersFixtures), editsArb, async (source, edits) => {
        writeFileSync(file, mutate(readFileSync(source), edits));
        const io = fakeIo({ env: { NO_COLOR: '1' }, columns: 100, stdin: 'ended' });
        const code = await run(['node', 'scaleplay', 'report', file], io);
        expect([0, 2]).toContain(code);
        expect(io.stderrText()).not.toMatch(/internal error|\n\s+at /);
      }),
      { numRuns: 60 },
    );
  });
});
