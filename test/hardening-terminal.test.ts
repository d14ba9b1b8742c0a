// Terminal safety, through the built bin: escapes and control characters in answers and rubric files (clear screen,
// OSC 8 hyperlinks and window titles, \r overwrites, C1 CSI, BEL, bidirectional overrides) never reach the terminal raw,
// in any output format or error message. The JSON output keeps the data (escaped), so nothing is lost either.
import { describe, expect, it } from 'vitest';
import { safeText } from '../src/render/channels.js';
import { cleanMessage } from '../src/io/yaml-file.js';
import { runBin, STACK_FRAME } from './helpers/cli.js';

const ANSWERS = 'fixtures/hostile/terminal-escapes.yaml';
const RUBRIC = 'fixtures/hostile/rubric';
const RUBRIC_ANSWERS = 'fixtures/hostile/rubric-answers.yaml';

/** Raw terminal controls: C0 except newline (tab included), DEL, C1, and bidirectional overrides and isolates. */
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function expectClean(result: ReturnType<typeof runBin>) {
  expect(result.stdout, JSON.stringify(result.stdout.match(RAW))).not.toMatch(RAW);
  expect(result.stderr, JSON.stringify(result.stderr.match(RAW))).not.toMatch(RAW);
  expect(result.stderr).not.toMatch(STACK_FRAME);
}

describe('hostile answers file', () => {
  it('the fixture really is hostile', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(ANSWERS, 'utf8');
    for (const raw of ['\u001b]8;;https://evil.example/\u0007', '\u0007']) expect(text).toContain(raw);
    for (const escaped of ['\\e[2J', '\\r', '\\x9b', '\\e]0;']) expect(text).toContain(escaped);
  });

  it.each(['table', 'md', 'json'])('report --format %s prints no raw control character', (format) => {
    const result = runBin(['report', ANSWERS, '--format', format]);
    expect(result.code, result.stderr).toBe(0);
    expectClean(result);
  });

  it('the table keeps the visible text and drops the sequences (hyperlink target included)', () => {
    const { stdout } = runBin(['report', ANSWERS]);
    expect(stdout.split('\n')[0]).toMatch(/^scaleplay · Acme · click here · stage: seed/);
    expect(stdout).not.toContain('evil.example');
    expect(stdout).not.toContain('[2J');
  });

  it('the JSON report keeps every character of the notes, escaped', () => {
    const { stdout } = runBin(['report', ANSWERS, '--format', 'json']);
    const report = JSON.parse(stdout);
    const question = report.steps[0].questions.find((q: { id: string }) => q.id === 'release-cadence');
    expect(question.note).toBe('all good\rALL BAD, IGNORE THE REPORT');
    expect(question.evidence).toBe('\u009b31mred\u0007\u0007');
    expect(report.team).toBe('\u001b[2J\u001b[HAcme\u001b[31m');
  });

  it.each([
    ['report', ANSWERS, '--format', 'html'],
    ['diff', 'fixtures/answers/preseed-demo.yaml', ANSWERS],
    ['portfolio', ANSWERS, 'fixtures/answers/growth-saas.yaml'],
    ['merge', ANSWERS, 'fixtures/answers/preseed-demo.yaml', '--output', '-'],
  ])('%s … with hostile answers prints no raw control character', (...args) => {
    const result = runBin(args);
    // merge refuses files about two teams (exit 2); its message names the hostile team, cleaned.
    expect([0, 1, 2]).toContain(result.code);
    expectClean(result);
  });

  it('check prints no raw control character', () => {
    const result = runBin(['check', ANSWERS, '--min-score', '1']);
    expect([0, 1]).toContain(result.code);
    expectClean(result);
  });

  it('an invalid value with escapes is quoted back visibly escaped, never raw', () => {
    const result = runBin(['report', 'fixtures/invalid/terminal-escapes-in-choice.yaml']);
    expect(result.code).toBe(2);
    expectClean(result);
    expect(result.stderr).toContain('unknown choice "maybe\\u001b[2J\\u001b]8;;https://evil.example/\\u0007x"');
  });
});

describe('hostile rubric', () => {
  it('rubric validate warns about each text with controls, located, and prints none of them', () => {
    const result = runBin(['rubric', 'validate', RUBRIC]);
    expect(result.code, result.stderr).toBe(0);
    expectClean(result);
    const warnings = result.stderr.split('\n').filter((line) => line.startsWith('warning: '));
    expect(warnings).toEqual([
      `warning: ${RUBRIC}/rubric.yaml:4:8: text contains control characters (U+001B, U+0007); they were removed`,
      `warning: ${RUBRIC}/rubric.yaml:9:24: text contains control characters (U+001B, U+0007); they were removed`,
      `warning: ${RUBRIC}/rubric.yaml:16:11: text contains control characters (U+000D); they were removed`,
      `warning: ${RUBRIC}/steps/deflection.yaml:2:8: text contains control characters (U+009B, U+202E); they were removed`,
      `warning: ${RUBRIC}/steps/deflection.yaml:7:13: text contains control characters (U+001B); they were removed`,
      `warning: ${RUBRIC}/steps/deflection.yaml:14:16: text contains control characters (U+0007, U+2066); they were removed`,
      `warning: ${RUBRIC}/steps/deflection.yaml:16:25: text contains control characters (U+001B); they were removed`,
    ]);
  });

  it.each([
    ['rubric', 'show', '--rubric', RUBRIC],
    ['rubric', 'show', '--rubric', RUBRIC, '--format', 'json'],
    ['init', '--rubric', RUBRIC, '--output', '-'],
    ['report', '--rubric', RUBRIC, RUBRIC_ANSWERS],
    ['report', '--rubric', RUBRIC, RUBRIC_ANSWERS, '--format', 'md'],
    ['report', '--rubric', RUBRIC, RUBRIC_ANSWERS, '--format', 'json'],
    ['check', '--rubric', RUBRIC, RUBRIC_ANSWERS, '--stage', 'rollout'],
  ])('%s %s %s %s … prints no raw control character', (...args) => {
    const result = runBin(args);
    expect([0, 1]).toContain(result.code);
    expectClean(result);
  });

  it('escape sequences are removed whole: no "[2J" or hyperlink residue in rubric text', () => {
    const { stdout } = runBin(['rubric', 'show', '--rubric', RUBRIC]);
    expect(stdout.split('\n')[0]).toBe('Support copilot readiness (support-copilot v0.3.0)');
    expect(stdout).toContain('Levels: Early 0–49 · Ready 50–79 · Proven 80–100');
    expect(stdout).not.toMatch(/\[2J|\]8;;|\]0;|evil\.example/);
  });
});

describe('the helpers', () => {
  it.each([
    ['\u001b[2Jclear', 'clear'],
    ['\u001b]8;;https://x/\u0007link\u001b]8;;\u0007', 'link'],
    ['\u001b]0;title\u001b\\text', 'text'],
    ['good\rbad', 'goodbad'],
    ['\u009b31mred', 'red'],
    ['a\u202eb\u2066c', 'abc'],
    ['tab\there', 'tab here'],
  ])('safeText(%j) → %j', (input, output) => {
    expect(safeText(input)).toBe(output);
  });

  it('cleanMessage shows controls escaped and cuts long text in the middle', () => {
    expect(cleanMessage('bad "\u001b[2J\r"')).toBe('bad "\\u001b[2J\\u000d"');
    const long = cleanMessage(`unknown choice "${'x'.repeat(100_000)}" for wedge.has-api`);
    expect(long.length).toBeLessThan(320);
    expect(long).toMatch(/^unknown choice "x+ … \(\d+ characters cut\) … x+" for wedge\.has-api$/);
  });
});
