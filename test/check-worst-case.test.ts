// The gate judges the worst case: thresholds, stage targets (the overall one included) and the regression gate compare
// the score with unknown and unanswered answers counted at their worst, so nobody passes a gate by not knowing. Every
// output (terminal, JSON, JUnit, annotations, step summary) says it with the same sentence.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoPath, runBin, runCli, tempDir, V1_PLAYBOOK } from './helpers/cli.js';
import { findAll, parseXmlStrict } from './helpers/xml.js';

// These tests are about the gate's mechanics: they run against the frozen playbook 1.0.0 (fixtures/v1).
const cliV1 = (args: readonly string[], options?: Parameters<typeof runCli>[1]) =>
  runCli(args.includes('--rubric') ? args : [...args, '--rubric', V1_PLAYBOOK], options);
const binV1 = (args: readonly string[], options?: Parameters<typeof runBin>[1]) =>
  runBin(args.includes('--rubric') ? args : [...args, '--rubric', V1_PLAYBOOK], options);

const growthText = readFileSync(repoPath('fixtures/v1/answers/growth-saas.yaml'), 'utf8');
/** growth-saas.yaml with one answer replaced (`null`: the answer deleted). */
function growthWith(key: string, from: string, to: string | null): string {
  const line = `    ${key}: ${from}\n`;
  expect(growthText).toContain(line);
  return growthText.replace(line, to === null ? '' : `    ${key}: ${to}\n`);
}
// `deploy-synced-monitoring: no` is that question's worst answer: unknown or deleted, the worst case stays 25 while the
// mean of the known answers rises to 30.
const knownNo = growthText;
const unknownNo = growthWith('deploy-synced-monitoring', 'no', 'unknown');
const missingNo = growthWith('deploy-synced-monitoring', 'no', null);
// `has-api: yes` is above its worst answer but below the wedge's mean: unknown, the known mean rises (85 → 91) while
// the worst case drops (85 → 71: the API questions it gates are open, so they widen the range too).
const unknownApi = growthWith('has-api', 'yes', 'unknown');

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

/** Collapses the terminal's wrapping and column padding, to compare its sentences with the other outputs'. */
const unwrap = (text: string) => text.replace(/\s+/g, ' ');

describe('thresholds judge the worst case (unknown and unanswered answers at their worst)', () => {
  it.each([
    ['known worst answer', knownNo, 'reliability 25 is below the minimum 28, short by 3'],
    [
      'the same answer unknown',
      unknownNo,
      'reliability 25 (worst case: 1 answer unknown; 30 on known answers) is below the minimum 28, short by 3',
    ],
    [
      'the same answer deleted',
      missingNo,
      'reliability 25 (worst case: 1 answer unanswered; 30 on known answers) is below the minimum 28, short by 3',
    ],
  ])('%s: the gate fails, saying so plainly', async (_label, text, sentence) => {
    const dir = tempDir();
    write(dir, { 'answers.yaml': text });
    const result = await cliV1(['check', join(dir, 'answers.yaml'), '--min', 'reliability=28']);
    expect(result.code).toBe(1);
    expect(unwrap(result.stdout)).toContain(`✗ ${sentence}`);
    expect(result.stdout).toMatch(/FAIL: 1 of 1 thresholds not met\n$/);
    // The threshold lines (and their continuations) fit 80 columns.
    const thresholdLines = result.stdout.split('\n').filter((item) => /^ {2}[✗✓] |^ {5,}\S/.test(item));
    expect(thresholdLines.length).toBeGreaterThan(0);
    for (const line of thresholdLines) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('uses the same numbers and the same sentence in the terminal, JSON, JUnit, annotations and the step summary', async () => {
    const dir = tempDir();
    write(dir, { 'answers.yaml': unknownNo });
    const [junit, json, summary] = [join(dir, 'j.xml'), join(dir, 'c.json'), join(dir, 'summary.md')];
    const result = await cliV1(
      ['check', join(dir, 'answers.yaml'), '--min', 'reliability=28', '--junit', junit, '--json', json],
      {
        env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
      },
    );
    expect(result.code).toBe(1);
    const sentence =
      'reliability 25 (worst case: 1 answer unknown; 30 on known answers) is below the minimum 28, short by 3';
    expect(unwrap(result.stdout)).toContain(`✗ ${sentence}`);
    const [threshold] = JSON.parse(readFileSync(json, 'utf8')).thresholds;
    expect(threshold).toMatchObject({
      status: 'fail',
      actual: 25,
      known: 30,
      low: 25,
      unknown: 1,
      unanswered: 0,
      required: 28,
      shortBy: 3,
      message: sentence,
    });
    const reliability = findAll(parseXmlStrict(readFileSync(junit, 'utf8')), 'testcase').find(
      (testCase) => testCase.attributes.name === 'reliability',
    )!;
    expect(reliability.children.find((child) => child.name === 'failure')!.attributes.message).toBe(sentence);
    expect(result.stdout).toContain(`title=scaleplay%3A reliability below threshold::${sentence}\n`);
    // Markdown escapes its punctuation (parentheses here): read the summary's text as it renders.
    expect(readFileSync(summary, 'utf8').replace(/\\(.)/g, '$1')).toContain(
      `| ❌ | min reliability ≥ 28 | 25 | ${sentence} |`,
    );
  });

  it('passes when even the worst case clears the threshold, and says that it is a worst case', async () => {
    const dir = tempDir();
    write(dir, { 'answers.yaml': unknownNo });
    const result = await cliV1(['check', join(dir, 'answers.yaml'), '--min', 'reliability=25']);
    expect(result.code).toBe(0);
    expect(unwrap(result.stdout)).toContain(
      '✓ reliability 25 (worst case: 1 answer unknown; 30 on known answers) meets the minimum 25',
    );
    expect(unwrap(result.stdout)).toContain(
      'note: 1 answer is unknown or unanswered; the gate counts it at its worst: finding it out can only help',
    );
  });

  it('judges the overall minimum on the worst case too', async () => {
    const dir = tempDir();
    write(dir, { 'answers.yaml': unknownApi });
    const json = join(dir, 'c.json');
    const report = JSON.parse((await cliV1(['report', join(dir, 'answers.yaml'), '--format', 'json'])).stdout);
    expect(report.overall.score).toBeGreaterThan(report.overall.low);
    const result = await cliV1([
      'check',
      join(dir, 'answers.yaml'),
      '--min-score',
      String(report.overall.score),
      '--json',
      json,
    ]);
    expect(result.code).toBe(1);
    expect(JSON.parse(readFileSync(json, 'utf8')).thresholds[0]).toMatchObject({
      id: 'overall',
      actual: report.overall.low,
      known: report.overall.score,
      shortBy: report.overall.score - report.overall.low,
      passed: false,
    });
  });

  it('checks stage targets on the level of the worst case', async () => {
    const dir = tempDir();
    write(dir, { 'answers.yaml': unknownApi });
    const result = await cliV1(['check', join(dir, 'answers.yaml'), '--stage', 'growth']);
    expect(result.code).toBe(1);
    // On known answers the wedge (91) is Leading; its worst case (71) is Established.
    expect(unwrap(result.stdout)).toContain(
      '✗ wedge 71 (worst case: 1 answer unknown; 91 on known answers) is below the target Leading (≥ 85), short by 14',
    );
  });

  it('a critical question answered unknown holds the worst case at the cap, as the scorer does', async () => {
    const dir = tempDir();
    write(dir, {
      'answers.yaml': growthText.replace('production-integration: production', 'production-integration: unknown'),
    });
    const json = join(dir, 'c.json');
    const result = await cliV1(['check', join(dir, 'answers.yaml'), '--stage', 'series-a', '--json', json]);
    const wedge = JSON.parse(readFileSync(json, 'utf8')).thresholds.find(
      (item: { id: string; kind: string }) => item.id === 'wedge' && item.kind === 'stage-target',
    );
    // Emerging (the cap) ends at 64, one short of the Established target.
    expect(wedge).toMatchObject({ actual: 64, requiredLevel: 'Established', passed: false, shortBy: 1, unknown: 1 });
    expect(result.stdout).toContain('critical question wedge.production-integration not known to be met: unknown');
  });
});

describe('the overall stage target', () => {
  const manifest = (overall: string) => `id: tiny
version: 1.0.0
title: Tiny
steps: [alpha, beta]
levels:
  - { id: low, name: Low, min: 0, max: 49 }
  - { id: mid, name: Mid, min: 50, max: 79 }
  - { id: top, name: Top, min: 80, max: 100 }
critical: { cap: mid, met_at: 0.6 }
stages:
  - id: scale
    name: Scale
    overall: ${overall}
    targets: { alpha: mid, beta: mid }
`;
  const step = (id: string) => `id: ${id}
title: ${id.toUpperCase()}
summary: The ${id} step.
questions:
  - id: ${id}-done
    prompt: How far are you?
    why: Because it matters.
    kind: single
    choices:
      - { id: none, label: Not started, score: 0, action: { text: Start., effort: S } }
      - { id: half, label: Half way, score: 0.6, action: { text: Finish., effort: M } }
      - { id: full, label: Done, score: 1 }
`;
  const answers = (alpha: string, beta: string) =>
    `rubric: { id: tiny, version: 1.0.0 }\nstage: scale\nanswers:\n  alpha:\n    alpha-done: ${alpha}\n  beta:\n    beta-done: ${beta}\n`;

  function tinyRubric(overall: string): string {
    const dir = tempDir();
    write(dir, {
      'rubric/rubric.yaml': manifest(overall),
      'rubric/steps/alpha.yaml': step('alpha'),
      'rubric/steps/beta.yaml': step('beta'),
    });
    return dir;
  }

  it('fails the gate when every step meets its target but the overall score does not (a two-step custom rubric)', async () => {
    const dir = tinyRubric('top');
    write(dir, { 'answers.yaml': answers('half', 'half') });
    const json = join(dir, 'c.json');
    const result = await cliV1(['check', join(dir, 'answers.yaml'), '--rubric', join(dir, 'rubric'), '--json', json]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ overall 60 is below the target Top (≥ 80), short by 20');
    expect(result.stdout).toContain('✓ alpha   60 meets the target Mid (≥ 50)');
    expect(result.stdout).toContain('✓ beta    60 meets the target Mid (≥ 50)');
    expect(result.stdout).toMatch(/FAIL: 1 of 3 thresholds not met\n$/);
    const parsed = JSON.parse(readFileSync(json, 'utf8'));
    expect(parsed.thresholds[0]).toMatchObject({
      kind: 'stage-target',
      id: 'overall',
      requiredLevel: 'Top',
      required: 80,
      actual: 60,
      passed: false,
      shortBy: 20,
    });
  });

  it.each([
    [
      'every step and the overall score meet their targets',
      'top',
      ['full', 'full'],
      0,
      /✓ overall 100 meets the target Top \(≥ 80\)/,
    ],
    [
      'the overall target of a lower stage is met',
      'mid',
      ['half', 'half'],
      0,
      /✓ overall 60 meets the target Mid \(≥ 50\)/,
    ],
    [
      'a step misses its target while the overall score meets its own',
      'mid',
      ['full', 'none'],
      1,
      /✗ beta {4}0 is below the target Mid \(≥ 50\), short by 50\n {2}✓ overall 50 meets the target Mid \(≥ 50\)/,
    ],
  ])('%s', async (_label, overall, [alpha, beta], code, expected) => {
    const dir = tinyRubric(overall);
    write(dir, { 'answers.yaml': answers(alpha!, beta!) });
    const result = await cliV1(['check', join(dir, 'answers.yaml'), '--rubric', join(dir, 'rubric')]);
    expect(result.code).toBe(code);
    expect(result.stdout).toMatch(expected);
  });

  it('on the built-in playbook: the stage targets include the overall target, in every output', async () => {
    const dir = tempDir();
    const junit = join(dir, 'j.xml');
    const result = await cliV1(
      ['check', repoPath('fixtures/v1/answers/growth-saas.yaml'), '--stage', 'growth', '--junit', junit],
      { env: { GITHUB_ACTIONS: 'true' } },
    );
    expect(result.code).toBe(1);
    const sentence = 'overall 58 is below the target Established (≥ 65), short by 7';
    expect(unwrap(result.stdout)).toContain(`✗ ${sentence}`);
    expect(result.stdout).toContain('FAIL: 4 of 7 thresholds not met\n');
    expect(result.stdout).toContain(`title=scaleplay%3A overall below target::${sentence}\n`);
    const overall = findAll(parseXmlStrict(readFileSync(junit, 'utf8')), 'testcase').find(
      (testCase) => testCase.attributes.name === 'overall',
    )!;
    expect(overall.children.find((child) => child.name === 'failure')!.attributes).toMatchObject({
      type: 'stage-target',
      message: sentence,
    });
  });

  it('on the built-in playbook: a team whose known answers are Leading overall fails an enterprise gate on its worst case', async () => {
    const result = await cliV1(['check', repoPath('fixtures/v1/answers/mistral-2026.yaml'), '--stage', 'enterprise']);
    expect(result.code).toBe(1);
    expect(unwrap(result.stdout)).toContain(
      '✗ overall 55 (worst case: 19 answers unknown; 87 on known answers) is below the target Leading (≥ 85), short by 30',
    );
  });
});

describe('the regression gate compares worst cases', () => {
  it.each([
    [
      'an answer at its worst became unknown: neither a regression nor an improvement',
      knownNo,
      unknownNo,
      0,
      /✓ no step dropped since the baseline \(overall 58 → 58 in the worst case\)\n(?!.*improved)/,
    ],
    [
      'a known answer became unknown: a regression',
      knownNo,
      unknownApi,
      1,
      /✗ wedge dropped 85 → 71 \(−14\) in the worst case\n {6}has-api: Yes → unknown/,
    ],
    [
      'an unknown answer was found out: not a regression',
      unknownApi,
      knownNo,
      0,
      /improved \(worst case\): wedge 71 → 85/,
    ],
  ])('%s', async (_label, before, after, code, expected) => {
    const dir = tempDir();
    write(dir, { 'old.yaml': before, 'answers.yaml': after });
    const result = await cliV1([
      'check',
      join(dir, 'answers.yaml'),
      '--baseline',
      join(dir, 'old.yaml'),
      '--min-score',
      '1',
    ]);
    expect(result.code).toBe(code);
    expect(result.stdout).toMatch(expected);
  });

  it('puts the worst-case regression into JSON and JUnit with the same sentence', async () => {
    const dir = tempDir();
    write(dir, { 'old.yaml': knownNo, 'answers.yaml': unknownApi });
    const [junit, json] = [join(dir, 'j.xml'), join(dir, 'c.json')];
    expect(
      (
        await cliV1([
          'check',
          join(dir, 'answers.yaml'),
          '--baseline',
          join(dir, 'old.yaml'),
          '--min-score',
          '1',
          '--junit',
          junit,
          '--json',
          json,
        ])
      ).code,
    ).toBe(1);
    const sentence = `wedge dropped 85 → 71 (−14) in the worst case since ${join(dir, 'old.yaml')}`;
    const regression = JSON.parse(readFileSync(json, 'utf8')).regression;
    expect(regression).toMatchObject({
      passed: false,
      worstCase: true,
      regressions: [{ id: 'wedge', before: 85, after: 71, drop: 14, worstCase: true, message: sentence }],
    });
    const wedge = findAll(parseXmlStrict(readFileSync(junit, 'utf8')), 'testcase').find(
      (testCase) => testCase.attributes.name === 'wedge',
    )!;
    expect(wedge.children.find((child) => child.name === 'failure')!.attributes).toMatchObject({
      type: 'regression',
      message: sentence,
    });
  });

  it('lists critical items under a regression only when they are part of why the step fails', async () => {
    const dir = tempDir();
    // Reliability drops because its status page got worse; its critical synthetic checks were unmet before and are unchanged.
    const before = growthText.replace('published-sla: status-page', 'published-sla: published');
    write(dir, { 'old.yaml': before, 'answers.yaml': growthText });
    const [junit, json] = [join(dir, 'j.xml'), join(dir, 'c.json')];
    const result = await cliV1([
      'check',
      join(dir, 'answers.yaml'),
      '--baseline',
      join(dir, 'old.yaml'),
      '--min-score',
      '1',
      '--junit',
      junit,
      '--json',
      json,
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✗ reliability dropped \d+ → 25 \(−\d+\)\n {6}published-sla: /);
    expect(result.stdout).not.toContain('Critical items holding a failing step back');
    const critical = JSON.parse(readFileSync(json, 'utf8')).critical.find(
      (item: { questionId: string }) => item.questionId === 'synthetic-checks',
    );
    expect(critical).toMatchObject({ status: 'unmet', gating: false });
    expect(
      findAll(parseXmlStrict(readFileSync(junit, 'utf8')), 'failure').map((failure) => failure.attributes.type),
    ).toEqual(['regression']);
  });

  it('lists a critical item that regressed itself', async () => {
    const dir = tempDir();
    write(dir, {
      'old.yaml': growthText.replace('answer: uptime-only', 'answer: endpoints'),
      'answers.yaml': growthText,
    });
    const result = await cliV1([
      'check',
      join(dir, 'answers.yaml'),
      '--baseline',
      join(dir, 'old.yaml'),
      '--min-score',
      '1',
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'Critical items holding a failing step back:\n  ! critical question reliability.synthetic-checks unmet',
    );
  });
});

describe('command-line usage errors', () => {
  it.each([
    ['a value commander rejects', ['--min-score', 'abc']],
    ['an unknown flag', ['--no-such-flag']],
  ])('%s: exit 2 without writing the --junit or --json file (as docs/ci.md says)', (_label, flags) => {
    const dir = tempDir();
    const [junit, json] = [join(dir, 'j.xml'), join(dir, 'c.json')];
    const result = binV1(['check', 'fixtures/v1/answers/growth-saas.yaml', '--junit', junit, '--json', json, ...flags]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toBe('');
    expect(() => readFileSync(junit)).toThrow(/ENOENT/);
    expect(() => readFileSync(json)).toThrow(/ENOENT/);
  });
});
