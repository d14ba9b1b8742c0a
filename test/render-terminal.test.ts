// The terminal report: fits any width, reads without colour, shows the unknown-answer ranges, never prints a control
// character or escape sequence that came from a file.
import { describe, expect, it } from 'vitest';
import type { StepResult } from '../src/core/score.js';
import { BAR, bar } from '../src/render/terminal.js';
import { visibleWidth, wrap, wrapAligned, wrapParts } from '../src/render/text.js';
import { safeText } from '../src/render/channels.js';
import { createTheme } from '../src/render/theme.js';
import { fixture, runCli, V1_PLAYBOOK } from './helpers/cli.js';

// These tests are about rendering and planning mechanics: they run against the frozen playbook 1.0.0 (fixtures/v1).
const withV1 = (args: string[]) =>
  args.includes('--rubric') || args[0] === 'rubric' ? args : [...args, '--rubric', V1_PLAYBOOK];
const cliV1 = (args: string[], options?: Parameters<typeof runCli>[1]) => runCli(withV1(args), options);

const FIXTURES = ['growth-saas', 'mistral-2026', 'preseed-demo', 'hostile-notes'];
const stripColour = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

describe('terminal report: width', () => {
  const widths = [40, 60, 80, 100, 120, 200];
  const cases = FIXTURES.flatMap((name) =>
    widths.flatMap((columns) => ['', '--full'].map((full) => [name, columns, full] as const)),
  );
  it.each(cases)('%s fits %i columns %s', async (name, columns, full) => {
    const file = fixture('v1', 'answers', `${name}.yaml`);
    const { stdout, code } = await cliV1(['report', file, ...(full ? [full] : [])], { columns });
    expect(code).toBe(0);
    const limit = Math.min(Math.max(columns, 40), 160);
    for (const line of stdout.split('\n')) expect(visibleWidth(line), line).toBeLessThanOrEqual(limit);
  });

  it('shows a bar per step at 60 columns and more, and drops it (not the numbers) when it cannot fit', async () => {
    for (const columns of [60, 80, 120]) {
      const { stdout } = await cliV1(['report', fixture('v1', 'answers', 'growth-saas.yaml')], { columns });
      expect(
        stdout.split('\n').filter((line) => line.includes(BAR.target) && !line.startsWith(` ${BAR.score} score`)),
      ).toHaveLength(6);
    }
    const narrow = await cliV1(['report', fixture('v1', 'answers', 'growth-saas.yaml')], { columns: 40 });
    expect(narrow.stdout).not.toContain(BAR.score);
    expect(narrow.stdout).toMatch(/Reliabil… ! +25 /);
  });

  it('keeps the level column where it fits, and moves the critical flag to the title where it does not', async () => {
    const wide = await cliV1(['report', fixture('v1', 'answers', 'growth-saas.yaml')], { columns: 80 });
    expect(wide.stdout).toMatch(/ Reliability +25 +Ad hoc ! +Leading +−60 /);
    const narrow = await cliV1(['report', fixture('v1', 'answers', 'growth-saas.yaml')], { columns: 60 });
    expect(narrow.stdout).toMatch(/ Reliability ! +25 +Leading +−60 /);
  });
});

describe('terminal report: unknown answers are visible', () => {
  it('gives a range column and a legend when answers are unknown, so 100 is not read as certain', async () => {
    const { stdout } = await cliV1(['report', fixture('v1', 'answers', 'mistral-2026.yaml')], { columns: 80 });
    expect(stdout).toMatch(/ step +score +range +level/);
    expect(stdout).toMatch(/ Revenue ladder +100 +71–100 /);
    expect(stdout).toContain(`${BAR.lower}${BAR.higher} range while answers are unknown`);
    // The revenue-ladder bar: solid up to the worst case only, the rest shaded.
    const line = stdout.split('\n').find((candidate) => candidate.startsWith(' Revenue ladder'))!;
    expect(line).toContain(BAR.lower);
  });

  it('has no range column when every answer is known', async () => {
    const { stdout } = await cliV1(['report', fixture('v1', 'answers', 'growth-saas.yaml')], { columns: 80 });
    expect(stdout).not.toMatch(/ range /);
    expect(stdout).not.toContain(BAR.lower);
  });
});

describe('terminal report: colour', () => {
  it('colours only with FORCE_COLOR, and the text is the same without it', async () => {
    const plain = await cliV1(['report', fixture('v1', 'answers', 'mistral-2026.yaml')], { columns: 80 });
    const coloured = await cliV1(['report', fixture('v1', 'answers', 'mistral-2026.yaml')], {
      columns: 80,
      env: { FORCE_COLOR: '1' },
    });
    expect(plain.stdout).not.toContain('\u001b');
    expect(coloured.stdout).toContain('\u001b[');
    expect(stripColour(coloured.stdout)).toBe(plain.stdout);
    const noColor = await cliV1(['report', fixture('v1', 'answers', 'mistral-2026.yaml')], {
      columns: 80,
      env: { FORCE_COLOR: '1', NO_COLOR: '1' },
    });
    expect(noColor.stdout).toBe(plain.stdout);
  });
});

describe('terminal report: hostile text', () => {
  it.each([{}, { FORCE_COLOR: '1' }])('prints no control character or escape from the files (env %o)', async (env) => {
    const { stdout } = await cliV1(['report', fixture('v1', 'answers', 'hostile-notes.yaml')], { columns: 100, env });
    const text = stripColour(stdout);
    // Only newlines remain of C0/C1 controls; no ESC, BEL, NUL, CSI (U+009B) or bidi override survives.
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain('Evil <img src=x onerror=alert(\'team\')> & "Co" | red');
  });

  it.each([
    ['\u001b[31mred\u001b[0m', 'red'],
    ['a\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\b', 'alinkb'],
    ['bell\u0007 nul\u0000 del\u007f', 'bell nul del'],
    ['\u009b31mC1\u009b0m', 'C1'],
    ['\u202egnp.exe\u202c', 'gnp.exe'],
    ['line\none\ttab', 'line one tab'],
  ])('safeText(%j) is %j', (input, expected) => {
    expect(safeText(input)).toBe(expected);
  });
});

describe('bar and wrap', () => {
  const step = (score: number, low: number, high: number, targetScore?: number): StepResult =>
    ({
      applicable: true,
      score,
      low,
      high,
      ...(targetScore !== undefined && { targetScore, meetsTarget: score >= targetScore }),
    }) as StepResult;

  it.each([
    ['on target', step(85, 85, 85, 65), 20, '█████████████┃███···'],
    ['below target', step(25, 25, 25, 85), 20, '█████············┃··'],
    ['a range', step(60, 40, 80, 65), 20, '████████▓▓▓▓░┃░░····'],
    ['no target', step(50, 50, 50), 10, '█████·····'],
    ['target zero shows no marker', step(0, 0, 0, 0), 10, '··········'],
  ])('draws %s', (_name, input, width, expected) => {
    expect(bar(input, width)).toBe(expected);
    expect([...bar(input, width, createTheme(true)).replace(/\u001b\[[0-9;]*m/g, '')].join('')).toBe(expected);
  });

  it('wraps words and hangs continuation lines; wrapAligned keeps the spacing inside a line', () => {
    expect(wrap('  ab  cd ef gh', 9, 4)).toBe('  ab cd\n    ef gh');
    expect(wrapAligned('  ab  cd ef gh', 8, 4)).toBe('  ab  cd\n    ef\n    gh');
    expect(wrap('short', 80, 2)).toBe('short');
    // A word longer than a line is cut rather than overflowing it.
    expect(wrap('x '.concat('y'.repeat(12)), 6, 0)).toBe('x\nyyyyyy\nyyyyyy');
  });

  it('wraps "a · b · c" lines between their parts first', () => {
    expect(wrapParts('alpha beta · gamma delta · epsilon', 26, 2)).toBe('alpha beta · gamma delta ·\n  epsilon');
  });
});

describe('callers without a roadmap', () => {
  it('still get the ranked next actions in the terminal and in Markdown', async () => {
    const { loadRubric } = await import('../src/io/load-rubric.js');
    const { loadAnswers } = await import('../src/io/load-answers.js');
    const { scoreAssessment } = await import('../src/core/score.js');
    const { renderTerminalReport } = await import('../src/render/terminal.js');
    const { renderMarkdownReport } = await import('../src/render/markdown.js');
    const { rubric } = loadRubric(V1_PLAYBOOK);
    const report = scoreAssessment(
      rubric,
      loadAnswers(fixture('v1', 'answers', 'growth-saas.yaml'), rubric).assessment,
    );
    const text = renderTerminalReport(report, { theme: createTheme(false), width: 80 });
    expect(text).toMatch(/Next actions \(5 of \d+, biggest gap first\)\n {3}1\. \[S\]! compute-plan: /);
    expect(renderMarkdownReport(report)).toMatch(/### Next actions\n\n1\. `S` ⚠️ \*\*compute-plan\*\*: /);
  });
});
