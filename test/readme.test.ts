// The README's examples must keep working: its answers-file example validates against the built-in playbook.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture, makeTempDir, runBin, runInProcess } from './helpers/cli.js';

const readme = readFileSync(fixture('..', 'README.md'), 'utf8');
let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('README', () => {
  it('has an answers-file example that validates and can be checked', async () => {
    const example = /## The answers file[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const temp = makeTempDir();
    cleanup = temp.cleanup;
    const file = join(temp.dir, 'answers.yaml');
    writeFileSync(file, example!);
    const report = await runInProcess(['report', file, '--format', 'json']);
    expect(report.stderr).toBe('');
    expect(report.code).toBe(0);
    const json = JSON.parse(report.stdout);
    expect(json.overall).toMatchObject({ unknown: 1, notApplicable: 1 });
    // A mostly unanswered file: the gate counts the open answers at their worst, so it fails, naming the thresholds.
    const check = await runInProcess(['check', file]);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/✗ reliability +\d+ \(worst case: \d+ answers unanswered; \d+ on known answers\) is\s+below the minimum 40/);
  });

  it('quotes the terminal report of the growth-saas fixture exactly as the CLI prints it', async () => {
    const sample = /report opens with:\n\n```\n([\s\S]*?)\n…\n```/.exec(readme)?.[1];
    expect(sample).toBeDefined();
    const { stdout } = await runInProcess(['report', fixture('answers', 'growth-saas.yaml')], { columns: 80 });
    expect(stdout.startsWith(`${sample!}\n`)).toBe(true);
  });

  it('quotes a located error exactly as the CLI prints it', async () => {
    const quoted = /\$ scaleplay check answers\.yaml\n([\s\S]*?)\$ echo \$\?\n(\d+)/.exec(readme);
    expect(quoted).not.toBeNull();
    const temp = makeTempDir();
    cleanup = temp.cleanup;
    writeFileSync(join(temp.dir, 'answers.yaml'), 'rubric: { id: scaling-playbook, version: 2.0.0 }\nstage: seed\nanswers:\n  reliability:\n    published-sla: maybe\n');
    const result = runBin(['check', 'answers.yaml'], { cwd: temp.dir });
    expect(result.stderr).toBe(quoted![1]);
    expect(result.code).toBe(Number(quoted![2]));
  });

  it('gives the two set-up commands: install and assess, and the tests', () => {
    expect(readme).toContain('npm ci && npm run assess');
    expect(readme).toMatch(/^npm test /m);
  });
});
