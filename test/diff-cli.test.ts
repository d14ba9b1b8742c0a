// `scaleplay diff OLD NEW`: per step and per question what improved, regressed, is new or gone.
import { describe, expect, it } from 'vitest';
import { classifyQuestion, diffReports, type QuestionChange } from '../src/core/diff.js';
import type { QuestionResult } from '../src/core/score.js';
import { scoreAssessment } from '../src/core/score.js';
import { loadAnswers } from '../src/io/load-answers.js';
import { loadRubric } from '../src/io/load-rubric.js';
import { repoPath, runBin, runCli, V1_PLAYBOOK } from './helpers/cli.js';

// These tests are about the gate's mechanics: they run against the frozen playbook 1.0.0 (fixtures/v1).
const cliV1 = (args: readonly string[], options?: Parameters<typeof runCli>[1]) =>
  runCli(args.includes('--rubric') ? args : [...args, '--rubric', V1_PLAYBOOK], options);
const binV1 = (args: readonly string[], options?: Parameters<typeof runBin>[1]) =>
  runBin(args.includes('--rubric') ? args : [...args, '--rubric', V1_PLAYBOOK], options);

const old = repoPath('fixtures/drift/northwind-0.9.yaml');
const growth = repoPath('fixtures/v1/answers/growth-saas.yaml');
const preseed = repoPath('fixtures/v1/answers/preseed-demo.yaml');

describe('diff across a rubric change', () => {
  it('lists new and gone questions, and what improved (table)', async () => {
    const result = await cliV1(['diff', old, growth]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /Northwind Analytics, 2026-05-04, rubric v0\.9\.0 → Northwind Analytics, 2026-11-26, rubric v1\.0\.0/,
    );
    expect(result.stdout).toMatch(
      /Improved\n {2}▲ reliability\.synthetic-checks: No \(0\) → Only uptime pings on a health\s+endpoint \(0\.3\)/,
    );
    expect(result.stdout).toMatch(/New in the rubric \(not in the older file\)\n {2}\+ reliability\.production-churn/);
    expect(result.stdout).toMatch(
      /Gone from the rubric \(answered in the older file\)\n {2}− reliability\.on-call-rotation: answered in the older file\n {2}− hiring\.\*: answers to a step the rubric no longer has/,
    );
    expect(result.stderr).toContain('drift: ');
  });

  it('gives the same facts as JSON', async () => {
    const result = await cliV1(['diff', old, growth, '--format', 'json']);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout);
    expect(parsed).toMatchObject({ schemaVersion: 1, kind: 'diff', files: { before: old, after: growth } });
    expect(parsed.before.rubricVersion).toBe('0.9.0');
    expect(parsed.counts).toMatchObject({ new: 1, gone: 2, improved: 1, regressed: 0 });
    const reliability = parsed.steps.find((step: { id: string }) => step.id === 'reliability');
    expect(reliability.delta).toBe(reliability.after.score - reliability.before.score);
    expect(reliability.change).toBe('improved');
    expect(
      parsed.gone.map((item: { stepId: string; questionId: string }) => `${item.stepId}.${item.questionId}`),
    ).toEqual(['reliability.on-call-rotation', 'hiring.*']);
  });

  it('renders Markdown for a pull-request comment', async () => {
    const result = await cliV1(['diff', old, growth, '--format', 'md']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^## scaleplay diff: overall \d+ → \d+ \([+−±]\d+\)\n/);
    expect(result.stdout).toContain('| step | before | after | change | level |');
    expect(result.stdout).toContain('### New in the rubric (not in the older file)');
    expect(result.stdout).toContain('- **reliability.production-churn**:');
  });
});

describe('diff between files of the same rubric version', () => {
  it('has no new or gone questions and lists regressions first', async () => {
    const result = await cliV1(['diff', preseed, growth, '--format', 'json']);
    const parsed = JSON.parse(result.stdout);
    expect(parsed.counts.new).toBe(0);
    expect(parsed.counts.gone).toBe(0);
    expect(parsed.counts.regressed).toBeGreaterThan(0);
    const table = await cliV1(['diff', preseed, growth]);
    expect(table.stdout.indexOf('Regressed')).toBeLessThan(table.stdout.indexOf('Improved'));
    expect(table.stderr).toContain('warning: comparing two teams: "Lumen Labs" and "Northwind Analytics"');
  });

  it('of a file with itself: everything unchanged', async () => {
    const parsed = JSON.parse((await cliV1(['diff', growth, growth, '--format', 'json'])).stdout);
    const total = parsed.steps.reduce((sum: number, step: { questions: unknown[] }) => sum + step.questions.length, 0);
    expect(parsed.counts.unchanged).toBe(total);
    expect(parsed.overall.delta).toBe(0);
  });

  it.each([
    ['a missing file', ['diff', repoPath('fixtures/nope.yaml'), growth], /nope\.yaml: file not found/],
    [
      'an invalid file',
      ['diff', repoPath('fixtures/v1/answers/bad-choice.yaml'), growth],
      /bad-choice\.yaml:7:23: unknown choice/,
    ],
    ['an unknown stage', ['diff', preseed, growth, '--stage', 'unicorn'], /--stage "unicorn" is not a stage/],
    ['an unknown format', ['diff', preseed, growth, '--format', 'xml'], /argument 'xml' is invalid/],
    ['--strict with drift', ['diff', old, growth, '--strict'], /--strict: answers made with rubric version 0\.9\.0/],
  ])('fails with exit 2 on %s', async (_label, args, message) => {
    const result = await cliV1(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});

describe('classifyQuestion', () => {
  const q = (status: QuestionResult['status'], score?: number, answerText = 'x'): QuestionResult => ({
    id: 'q',
    stepId: 's',
    prompt: 'p',
    kind: 'single',
    weight: 1,
    critical: false,
    status,
    answerText,
    criticalUnmet: false,
    applicability: 'applies',
    ...(score !== undefined && { score }),
  });
  it.each<[string, QuestionResult, QuestionResult, QuestionChange]>([
    ['higher score', q('answered', 0.3), q('answered', 0.7), 'improved'],
    ['lower score', q('answered', 0.7), q('answered', 0.3), 'regressed'],
    ['same answer', q('answered', 0.5), q('answered', 0.5), 'unchanged'],
    ['other answer, same score', q('answered', 0.5, 'a'), q('answered', 0.5, 'b'), 'changed'],
    ['answered → unknown', q('answered', 0.5), q('unknown'), 'now-unknown'],
    ['answered → unanswered', q('answered', 0.5), q('unanswered'), 'now-unknown'],
    ['unknown → answered', q('unknown'), q('answered', 0), 'now-known'],
    ['unknown → unknown', q('unknown', undefined, 'unknown'), q('unknown', undefined, 'unknown'), 'unchanged'],
    ['answered → n/a', q('answered', 0.5), q('na'), 'changed'],
    ['skipped → skipped', q('skipped'), q('skipped'), 'unchanged'],
  ])('%s is %s', (_label, before, after, expected) => {
    expect(classifyQuestion(before, after)).toBe(expected);
  });

  it('diffReports counts every question once', () => {
    const { rubric } = loadRubric(V1_PLAYBOOK);
    const score = (file: string) => {
      const loaded = loadAnswers(file, rubric);
      return { report: scoreAssessment(rubric, loaded.assessment), drift: loaded.drift };
    };
    const [before, after] = [score(old), score(growth)];
    const diff = diffReports(before.report, after.report, { ...(before.drift && { before: before.drift }) });
    const questions = rubric.steps.reduce((sum, step) => sum + step.questions.length, 0);
    const counted = Object.values(diff.counts).reduce((sum, count) => sum + count, 0);
    expect(counted).toBe(questions + diff.gone.length);
  });
});

describe('diff end to end (built bin)', () => {
  it('prints JSON on stdout, drift notes on stderr, exit 0', () => {
    const result = binV1([
      'diff',
      'fixtures/drift/northwind-0.9.yaml',
      'fixtures/v1/answers/growth-saas.yaml',
      '--format',
      'json',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).counts.new).toBe(1);
    expect(result.stderr).toContain('drift: fixtures/drift/northwind-0.9.yaml: answers made with rubric version 0.9.0');
  });

  it('exit 2 with the problem on stderr for a missing file', () => {
    const result = binV1(['diff', 'nope.yaml', 'fixtures/v1/answers/growth-saas.yaml']);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain('nope.yaml: file not found');
  });
});
