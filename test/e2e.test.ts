// The real built bin in a child process: stdout, stderr and the exit code together, as a user or CI job sees them.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, tempDir, runBin, V1_PLAYBOOK } from './helpers/cli.js';

// These tests are about rendering and planning mechanics: they run against the frozen playbook 1.0.0 (fixtures/v1).
const withV1 = (args: string[]) =>
  args.includes('--rubric') || args[0] === 'rubric' ? args : [...args, '--rubric', V1_PLAYBOOK];
const binV1 = (args: string[], options?: Parameters<typeof runBin>[1]) => runBin(withV1(args), options);

describe('scaleplay (built bin)', () => {
  it('report: the gap report on stdout, nothing on stderr, exit 0', () => {
    const result = binV1(['report', fixture('v1', 'answers', 'growth-saas.yaml')]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Overall \d+\/100 · level /m);
    const critical = result.stdout.indexOf('Critical, not met\n');
    expect(critical).toBeGreaterThan(0);
    expect(result.stdout.indexOf('  ! Reliability: Are model endpoints')).toBeGreaterThan(critical);
    expect(result.stdout).toMatch(/\nNext actions · cheapest path to the Growth stage targets: /);
    const full = runBin(['report', fixture('answers', 'growth-saas.yaml'), '--full']);
    expect(full).toMatchObject({ code: 0, stderr: '' });
    expect(full.stdout).toMatch(/\nRoadmap\n Now: .* \(\d+\)\n/);
  });

  it('report --format json parses and agrees with check', () => {
    const json = JSON.parse(binV1(['report', fixture('v1', 'answers', 'growth-saas.yaml'), '--format', 'json']).stdout);
    const reliability = json.steps.find((step: { id: string }) => step.id === 'reliability');
    const check = binV1(['check', fixture('v1', 'answers', 'growth-saas.yaml')]);
    expect(check.code).toBe(1);
    // The gate judges the worst case (`low`); with every reliability answer known it is the report's score.
    expect(reliability.low).toBe(reliability.score);
    expect(check.stdout).toContain(
      `✗ reliability ${reliability.low} is below the minimum 60, short by ${60 - reliability.low}`,
    );
    expect(check.stdout).toMatch(/FAIL: 1 of 3 thresholds not met\n$/);
    expect(check.stderr).toBe('');
  });

  it('check: exit 0 when every threshold holds', () => {
    const result = binV1(['check', fixture('v1', 'answers', 'mistral-2026.yaml')]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/PASS: 3 of 3 thresholds met\n$/);
  });

  it('check: exit 2 and a located message for an invalid answers file, file unchanged', () => {
    const dir = tempDir();
    const file = join(dir, 'answers.yaml');
    const text =
      'rubric: { id: scaling-playbook, version: 1.0.0 }\nanswers:\n  reliability:\n    published-sla: maybe\n';
    writeFileSync(file, text);
    const result = binV1(['check', 'answers.yaml'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^answers\.yaml:4:20: unknown choice "maybe" for reliability\.published-sla\n  Expected one of: /,
    );
    expect(result.stderr).toMatch(/scaleplay: 1 problem found; nothing was changed\.\n$/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('check: exit 2 for a usage error, with the reason', () => {
    const result = binV1(['check', fixture('v1', 'answers', 'growth-saas.yaml'), '--min-score', 'high']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--min-score <n>' argument 'high' is invalid\. expected a score from 0 to 100/);
  });

  it('init then report: a fresh template is a valid, unanswered assessment', () => {
    const dir = tempDir();
    const init = binV1(['init', '--team', 'Acme', '--stage', 'seed'], { cwd: dir });
    expect(init.code).toBe(0);
    expect(init.stderr).toMatch(/Wrote answers\.yaml: \d+ questions in 6 steps/);
    const report = binV1(['report', 'answers.yaml'], { cwd: dir });
    expect(report.code).toBe(0);
    expect(report.stdout).toMatch(/\d+ unanswered \(score could be 0–\d+\)/);
    const check = binV1(['check', 'answers.yaml'], { cwd: dir });
    expect(check.code).toBe(1);
  });

  it('NO_COLOR and FORCE_COLOR decide colour', () => {
    const file = fixture('v1', 'answers', 'growth-saas.yaml');
    expect(binV1(['report', file], { env: { FORCE_COLOR: '1' } }).stdout).toMatch(/\u001b\[/);
    expect(binV1(['report', file], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout).not.toMatch(/\u001b\[/);
  });

  it('rubric validate: exit 2 with every problem located in a broken rubric', () => {
    const dir = tempDir();
    const manifest = readFileSync(fixture('..', 'playbook', 'rubric.yaml'), 'utf8')
      .replace('min: 40', 'min: 38')
      .replace(/cap: ad-hoc/, 'cap: expert');
    writeFileSync(join(dir, 'rubric.yaml'), manifest);
    const result = binV1(['rubric', 'validate', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/rubric\.yaml:\d+:\d+: level "emerging" \(38–64\) overlaps level "ad-hoc" \(0–39\)/);
    expect(result.stderr).toMatch(/rubric\.yaml:\d+:\d+: unknown level "expert"/);
    expect(result.stderr).toMatch(/no file for step "wedge"/);
  });
});
