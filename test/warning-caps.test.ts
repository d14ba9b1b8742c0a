// Repeated warnings and drift lines are capped at 10 of a kind, then "… and N more (--verbose lists all)";
// --verbose (before or after the command) lists every one.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPEAT_CAP, warningKind } from '../src/commands/shared.js';
import { runCli, tempDir } from './helpers/cli.js';

/** A rubric of one step: a gate question g, `gated` questions that apply only when g is yes, and `bare` yes/no questions
 * without an action (a rubric warning each). Version 1.0.0. */
function writeRubric(dir: string, gated: number, bare: number): string {
  const rubric = join(dir, 'rubric');
  mkdirSync(join(rubric, 'steps'), { recursive: true });
  writeFileSync(
    join(rubric, 'rubric.yaml'),
    [
      'id: caps',
      'version: 1.0.0',
      'title: Caps',
      'steps: [s1]',
      'levels:',
      '  - { id: low, name: Low, min: 0, max: 49 }',
      '  - { id: high, name: High, min: 50, max: 100 }',
      'critical: { cap: low, met_at: 0.7 }',
      'stages:',
      '  - { id: one, name: One, overall: low, targets: { s1: low } }',
      '',
    ].join('\n'),
  );
  const action = '{ text: Do it., effort: S }';
  const lines = ['id: s1', 'title: Step one', 'summary: One.', 'questions:'];
  lines.push(`  - { id: g, prompt: Gate?, why: W., kind: boolean, action: ${action} }`);
  for (let i = 0; i < gated; i++) {
    lines.push(
      `  - { id: c${i}, prompt: C${i}?, why: W., kind: boolean, action: ${action}, when: { question: g, in: [yes] } }`,
    );
  }
  for (let i = 0; i < bare; i++) lines.push(`  - { id: b${i}, prompt: B${i}?, why: W., kind: boolean }`);
  writeFileSync(join(rubric, 'steps', 's1.yaml'), `${lines.join('\n')}\n`);
  return rubric;
}

/** Answers: g is no, every gated question answered (each one "not counted"), plus `removed` answers to questions the
 * rubric no longer has, made with version `version`. */
function writeAnswers(dir: string, gated: number, options: { version?: string; removed?: number } = {}): string {
  const file = join(dir, 'answers.yaml');
  const lines = [
    `rubric: { id: caps, version: ${options.version ?? '1.0.0'} }`,
    'stage: one',
    'answers:',
    '  s1:',
    '    g: no',
  ];
  for (let i = 0; i < gated; i++) lines.push(`    c${i}: yes`);
  for (let i = 0; i < (options.removed ?? 0); i++) lines.push(`    gone${i}: yes`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const starting = (prefix: string, stderr: string) => stderr.split('\n').filter((line) => line.startsWith(prefix));

describe('repeated warnings', () => {
  it('shows 10 of a kind, then how many more, right after the tenth', async () => {
    const dir = tempDir();
    const rubric = writeRubric(dir, 25, 0);
    const answers = writeAnswers(dir, 25);
    const result = await runCli(['report', answers, '--rubric', rubric, '--format', 'json']);
    expect(result.code).toBe(0);
    const warnings = starting('warning: ', result.stderr);
    expect(warnings).toHaveLength(REPEAT_CAP + 1);
    expect(warnings.slice(0, 10).every((line) => line.includes('is not counted'))).toBe(true);
    expect(warnings[9]).toContain('answer to s1.c9 ');
    expect(warnings[10]).toBe('warning: … and 15 more (--verbose lists all)');
  });

  it.each([
    ['after the command', (args: string[]) => [...args, '--verbose']],
    ['before the command', (args: string[]) => ['--verbose', ...args]],
  ])('--verbose %s lists every one, with no summary line', async (_where, withVerbose) => {
    const dir = tempDir();
    const rubric = writeRubric(dir, 25, 0);
    const answers = writeAnswers(dir, 25);
    const result = await runCli(withVerbose(['check', answers, '--rubric', rubric, '--min-score', '0']));
    expect(result.code).toBe(0);
    const warnings = starting('warning: ', result.stderr);
    expect(warnings).toHaveLength(25);
    expect(warnings[24]).toContain('answer to s1.c24 ');
    expect(result.stderr).not.toContain('more (--verbose');
  });

  it('exactly 10 of a kind: all shown, no summary line', async () => {
    const dir = tempDir();
    const result = await runCli([
      'report',
      writeAnswers(dir, 10),
      '--rubric',
      writeRubric(dir, 10, 0),
      '--format',
      'json',
    ]);
    expect(starting('warning: ', result.stderr)).toHaveLength(10);
    expect(result.stderr).not.toContain('… and');
  });

  it('caps each kind on its own: rubric warnings of `rubric validate` too', async () => {
    const dir = tempDir();
    const rubric = writeRubric(dir, 0, 13);
    const result = await runCli(['rubric', 'validate', rubric]);
    expect(result.code).toBe(0);
    const warnings = starting('warning: ', result.stderr);
    expect(warnings.filter((line) => line.includes('has no action for the answer "no"'))).toHaveLength(10);
    expect(warnings).toContain('warning: … and 3 more (--verbose lists all)');
    const verbose = await runCli(['rubric', 'validate', rubric, '--verbose']);
    expect(starting('warning: ', verbose.stderr).filter((line) => line.includes('has no action'))).toHaveLength(13);
  });

  it('warnings of different kinds are capped separately', () => {
    const a = {
      file: 'x.yaml',
      line: 3,
      col: 5,
      message: 'answer to s1.q3 (b) is not counted',
      hint: 'The answer is kept.',
    };
    const b = { ...a, line: 9, message: 'answer to s1.q17 ([a, b]) is not counted' };
    expect(warningKind(a)).toBe(warningKind(b));
    expect(
      warningKind({ file: 'x', message: 'answers were made with rubric version 0.9.0; the rubric in use is 1.0.0' }),
    ).toBe(
      warningKind({ file: 'y', message: 'answers were made with rubric version 0.8.0; the rubric in use is 1.2.0' }),
    );
    expect(warningKind(a)).not.toBe(
      warningKind({ file: 'x', message: 'question "q" has no action', hint: 'Add action.' }),
    );
  });
});

describe('drift lines', () => {
  it('are capped at 10 of a kind as well; the summary line always shows', async () => {
    const dir = tempDir();
    const rubric = writeRubric(dir, 0, 0);
    const answers = writeAnswers(dir, 0, { version: '0.9.0', removed: 14 });
    const result = await runCli(['report', answers, '--rubric', rubric, '--format', 'json']);
    expect(result.code).toBe(0);
    const drift = starting('drift: ', result.stderr);
    expect(drift[0]).toContain('answers made with rubric version 0.9.0, rubric in use is 1.0.0: 14 removed');
    expect(drift.slice(1, 11).every((line) => line.includes('gone'))).toBe(true);
    expect(drift[11]).toBe('drift: … and 4 more (--verbose lists all)');
    expect(drift).toHaveLength(12);
    const verbose = await runCli(['report', answers, '--rubric', rubric, '--format', 'json', '--verbose']);
    expect(starting('drift: ', verbose.stderr)).toHaveLength(15);
  });
});
