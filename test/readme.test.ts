// The README's examples must keep working: its answers-file example validates against the built-in playbook.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture, makeTempDir, runInProcess } from './helpers/cli.js';

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
    const check = await runInProcess(['check', file]);
    expect([0, 1]).toContain(check.code);
  });

  it('gives the two set-up commands: install and assess, and the tests', () => {
    expect(readme).toContain('npm ci && npm run assess');
    expect(readme).toMatch(/^npm test /m);
  });
});
