// The regression gate: `check --baseline OLD.yaml` and `check --baseline-git REF` fail when a step's score dropped.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRegressions } from '../src/core/regression.js';
import { scoreAssessment } from '../src/core/score.js';
import { suggestThresholds, type ThresholdResult } from '../src/core/thresholds.js';
import { loadAnswers } from '../src/io/load-answers.js';
import { loadRubric } from '../src/io/load-rubric.js';
import { repoPath, runBin, runCli, tempDir, V1_PLAYBOOK } from './helpers/cli.js';
import { findAll, parseXmlStrict } from './helpers/xml.js';

// These tests are about the gate's mechanics: they run against the frozen playbook 1.0.0 (fixtures/v1).
const cliV1 = (args: readonly string[], options?: Parameters<typeof runCli>[1]) =>
  runCli(args.includes('--rubric') ? args : [...args, '--rubric', V1_PLAYBOOK], options);
const binV1 = (args: readonly string[], options?: Parameters<typeof runBin>[1]) =>
  runBin(args.includes('--rubric') ? args : [...args, '--rubric', V1_PLAYBOOK], options);

const growthText = readFileSync(repoPath('fixtures/v1/answers/growth-saas.yaml'), 'utf8');
// Better synthetic checks than growth-saas.yaml has: growth-saas.yaml regressed from this.
const betterText = growthText.replace('answer: uptime-only', 'answer: endpoints');

function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
}

function git(dir: string, ...args: string[]): void {
  execFileSync(
    'git',
    [
      '-c',
      'user.name=Test',
      '-c',
      'user.email=test@example.com',
      '-c',
      'commit.gpgsign=false',
      '-c',
      'init.defaultBranch=main',
      ...args,
    ],
    { cwd: dir, stdio: 'ignore' },
  );
}

describe('check --baseline FILE', () => {
  it('fails when a step dropped, listing the step and the questions that regressed', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'old.yaml': betterText, 'answers.yaml': growthText });
    const result = await cliV1([
      'check',
      join(dir, 'answers.yaml'),
      '--baseline',
      join(dir, 'old.yaml'),
      '--min-score',
      '50',
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✓ overall 58 meets the minimum 50');
    expect(result.stdout).toMatch(
      /Regressions since .*old\.yaml:\n {2}✗ reliability dropped \d+ → 25 \(−\d+\)\n {6}synthetic-checks: Every public model endpoint, but not user workflows → Only uptime pings on a health endpoint \(0\.75 → 0\.3\)/,
    );
    expect(result.stdout).toMatch(/FAIL: 1 of 1 thresholds met, 1 step regressed\n$/);
  });

  it('passes when nothing dropped, naming the steps that improved', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'old.yaml': growthText, 'answers.yaml': betterText });
    const result = await cliV1([
      'check',
      join(dir, 'answers.yaml'),
      '--baseline',
      join(dir, 'old.yaml'),
      '--min-score',
      '50',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('✓ no step dropped since the baseline');
    expect(result.stdout).toMatch(/improved: reliability 25 → \d+/);
  });

  it('--allow-drop tolerates a small drop', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'old.yaml': betterText, 'answers.yaml': growthText });
    const strictRun = await cliV1([
      'check',
      join(dir, 'answers.yaml'),
      '--baseline',
      join(dir, 'old.yaml'),
      '--min-score',
      '50',
      '--json',
      join(dir, 'c.json'),
    ]);
    const drop = JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8')).regression.regressions[0].drop as number;
    expect(strictRun.code).toBe(1);
    expect(
      (
        await cliV1([
          'check',
          join(dir, 'answers.yaml'),
          '--baseline',
          join(dir, 'old.yaml'),
          '--min-score',
          '50',
          '--allow-drop',
          String(drop),
        ])
      ).code,
    ).toBe(0);
    expect(
      (
        await cliV1([
          'check',
          join(dir, 'answers.yaml'),
          '--baseline',
          join(dir, 'old.yaml'),
          '--min-score',
          '50',
          '--allow-drop',
          String(drop - 1),
        ])
      ).code,
    ).toBe(1);
  });

  it('works as the only gate when the file has no thresholds and no stage', async () => {
    const dir = tempDir();
    const strip = (text: string) => text.replace(/^stage: .*\n/m, '').replace(/^thresholds:[\s\S]*$/m, '');
    writeFiles(dir, { 'old.yaml': strip(betterText), 'answers.yaml': strip(growthText) });
    const result = await cliV1(['check', join(dir, 'answers.yaml'), '--baseline', join(dir, 'old.yaml')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('regression gate only');
    expect(result.stdout).toMatch(/FAIL: 1 step regressed\n$/);
  });

  it('puts the regression into JUnit and annotations', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'old.yaml': betterText, 'answers.yaml': growthText });
    const junit = join(dir, 'j.xml');
    const result = await cliV1(
      ['check', join(dir, 'answers.yaml'), '--baseline', join(dir, 'old.yaml'), '--min-score', '50', '--junit', junit],
      { env: { GITHUB_ACTIONS: 'true' } },
    );
    expect(result.code).toBe(1);
    const failures = findAll(parseXmlStrict(readFileSync(junit, 'utf8')), 'failure');
    expect(failures.map((failure) => failure.attributes.type)).toEqual(['regression', 'critical']);
    expect(failures[0]!.attributes.message).toMatch(/^reliability dropped \d+ → 25 \(−\d+\) since .*old\.yaml$/);
    expect(result.stdout).toMatch(
      /^::error file=.*,title=scaleplay%3A reliability\.synthetic-checks regressed::was: Every public model endpoint/m,
    );
  });

  it.each([
    [
      'both baselines',
      ['--baseline', 'a.yaml', '--baseline-git', 'HEAD'],
      'use --baseline FILE or --baseline-git REF, not both',
    ],
    ['--allow-drop alone', ['--allow-drop', '3'], '--allow-drop needs --baseline FILE or --baseline-git REF'],
  ])('refuses %s (exit 2)', async (_label, flags, message) => {
    const result = await cliV1(['check', repoPath('fixtures/v1/answers/growth-saas.yaml'), ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('refuses the answers file as its own baseline', async () => {
    const file = repoPath('fixtures/v1/answers/growth-saas.yaml');
    const result = await cliV1(['check', file, '--baseline', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--baseline is the answers file itself');
  });

  it('reports an invalid baseline with its location (exit 2)', async () => {
    const result = await cliV1([
      'check',
      repoPath('fixtures/v1/answers/growth-saas.yaml'),
      '--baseline',
      repoPath('fixtures/v1/answers/bad-choice.yaml'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bad-choice.yaml:7:23: unknown choice "sometimes"');
  });
});

describe('check --baseline-git REF', () => {
  function repoWithHistory(): string {
    const dir = tempDir('scaleplay-git-');
    git(dir, 'init', '-q');
    writeFiles(dir, { 'answers.yaml': betterText });
    git(dir, 'add', 'answers.yaml');
    git(dir, 'commit', '-q', '-m', 'baseline');
    writeFiles(dir, { 'answers.yaml': growthText });
    return dir;
  }

  it('reads the same file at the revision and fails on the regression', async () => {
    const dir = repoWithHistory();
    const result = await cliV1(['check', join(dir, 'answers.yaml'), '--baseline-git', 'HEAD', '--min-score', '50'], {
      cwd: dir,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/baseline HEAD:.*answers\.yaml/);
    expect(result.stdout).toContain('✗ reliability');
  });

  it('end to end through the built bin, from the repository folder', () => {
    const dir = repoWithHistory();
    const result = binV1(['check', 'answers.yaml', '--baseline-git', 'HEAD', '--min-score', '50'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('· baseline HEAD:answers.yaml');
    expect(result.stdout).toContain('Regressions since HEAD:answers.yaml:');
  });

  it('compares with older revisions (HEAD~1) and passes against a revision with the same answers', async () => {
    const dir = repoWithHistory();
    git(dir, 'commit', '-q', '-am', 'current');
    const older = await cliV1(['check', join(dir, 'answers.yaml'), '--baseline-git', 'HEAD~1', '--min-score', '50'], {
      cwd: dir,
    });
    expect(older.code).toBe(1);
    expect(older.stdout).toContain('✗ reliability');
    const same = await cliV1(['check', join(dir, 'answers.yaml'), '--baseline-git', 'HEAD', '--min-score', '50'], {
      cwd: dir,
    });
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('✓ no step dropped since the baseline');
  });

  it.each([
    ['outside a git repository', false, 'HEAD', /--baseline-git needs a git repository/],
    ['with an unknown revision', true, 'no-such-branch', /--baseline-git: unknown revision "no-such-branch"/],
    ['with a revision that looks like an option', true, '--output=x', /is not a git revision/],
    ['with a revision containing a colon', true, 'HEAD:other.yaml', /is not a git revision/],
  ])('fails clearly (exit 2) %s', async (_label, inRepo, ref, message) => {
    const dir = inRepo ? repoWithHistory() : tempDir();
    if (!inRepo) writeFiles(dir, { 'answers.yaml': growthText });
    const result = await cliV1(['check', join(dir, 'answers.yaml'), '--baseline-git', ref], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('fails clearly (exit 2) when the file did not exist at the revision', async () => {
    const dir = tempDir('scaleplay-git-');
    git(dir, 'init', '-q');
    writeFiles(dir, { 'README.md': 'hello\n' });
    git(dir, 'add', 'README.md');
    git(dir, 'commit', '-q', '-m', 'first');
    writeFiles(dir, { 'answers.yaml': growthText });
    const result = await cliV1(['check', join(dir, 'answers.yaml'), '--baseline-git', 'HEAD'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/answers\.yaml does not exist at revision HEAD/);
  });
});

describe('findRegressions and suggestThresholds (pure)', () => {
  const { rubric } = loadRubric(V1_PLAYBOOK);
  const score = (file: string) => scoreAssessment(rubric, loadAnswers(repoPath(file), rubric).assessment);

  it('finds every step whose worst case dropped, and none against itself', () => {
    const growth = score('fixtures/v1/answers/growth-saas.yaml');
    const mistral = score('fixtures/v1/answers/mistral-2026.yaml');
    const result = findRegressions(mistral, growth);
    // mistral-2026.yaml has many unknown answers: compared on known answers every step would have dropped.
    expect(mistral.steps.every((step, index) => growth.steps[index]!.score < step.score)).toBe(true);
    const expected = mistral.steps.filter((step, index) => growth.steps[index]!.low < step.low).map((step) => step.id);
    expect(expected.length).toBeLessThan(mistral.steps.length);
    expect(result.regressions.map((item) => item.id)).toEqual(expected);
    expect(result.regressions.map((item) => [item.before, item.after])).toEqual(
      expected.map((id) => [
        mistral.steps.find((step) => step.id === id)!.low,
        growth.steps.find((step) => step.id === id)!.low,
      ]),
    );
    expect(result.passed).toBe(expected.length === 0);
    expect(findRegressions(growth, growth)).toMatchObject({ passed: true, regressions: [], improved: [] });
  });

  const result = (partial: Partial<ThresholdResult>): ThresholdResult => ({
    kind: 'step',
    id: 'wedge',
    title: 'Wedge',
    severity: 'error',
    required: 60,
    actual: 60,
    known: 60,
    low: 60,
    high: 60,
    unknown: 0,
    unanswered: 0,
    passed: true,
    shortBy: 0,
    ...partial,
  });
  // `actual` is the worst case the gate judges; `known` the mean of the known answers.
  it.each([
    [
      'well above: the highest multiple of 5 leaving 5 points of headroom',
      result({ actual: 85, known: 85, low: 85 }),
      [80],
    ],
    ['well above, not on a multiple of 5', result({ actual: 88, known: 88, low: 88 }), [80]],
    ['exactly 10 above', result({ actual: 70, known: 70, low: 70 }), [65]],
    ['less than 10 above', result({ actual: 69, known: 69, low: 69 }), []],
    [
      'well above on known answers only, the worst case close',
      result({ actual: 68, known: 90, low: 68, unknown: 2 }),
      [],
    ],
    ['worst case well above', result({ actual: 80, known: 90, low: 80, unknown: 2 }), [75]],
    ['failing', result({ actual: 40, known: 40, low: 40, passed: false, shortBy: 20 }), []],
    [
      'failing in the worst case though well above on known answers',
      result({ actual: 55, known: 90, low: 55, unknown: 3, passed: false, shortBy: 5 }),
      [],
    ],
    ['a stage target', result({ kind: 'stage-target', actual: 95, known: 95, low: 95 }), []],
    ['near 100', result({ required: 90, actual: 100, known: 100, low: 100 }), [95]],
  ])('suggestThresholds: %s', (_label, item, expected) => {
    const suggestions = suggestThresholds([item]);
    expect(suggestions.map((suggestion) => suggestion.suggested)).toEqual(expected);
    for (const suggestion of suggestions)
      expect(suggestion).toMatchObject({ actual: item.actual, known: item.known, worstCase: item.unknown > 0 });
  });
});
