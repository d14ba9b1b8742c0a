// `scaleplay rubric test DIR`: golden cases beside a rubric. A consultant changes the rubric and sees what moved;
// exit 0 when every case holds, 1 when a value moved, 2 when the rubric or a case is invalid.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { fakeIo, ROOT, runBin, STACK_FRAME } from './helpers/cli.js';
import { fingerprint } from './helpers/fingerprint.js';

const CUSTOM = join(ROOT, 'fixtures/rubrics/valid-custom');

let dir: string;
let rubric: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scaleplay-rubric-test-'));
  rubric = join(dir, 'rubric');
  cpSync(CUSTOM, rubric, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function edit(relative: string, from: string, to: string) {
  const path = join(rubric, relative);
  const text = readFileSync(path, 'utf8');
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
}

async function rubricTest(...args: string[]) {
  const io = fakeIo({ env: { NO_COLOR: '1' }, columns: 100, stdin: 'ended' });
  const code = await run(['node', 'scaleplay', 'rubric', 'test', ...args], io);
  return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
}

describe('rubric test', () => {
  it('passes on the fixture rubric (built bin)', () => {
    const result = runBin(['rubric', 'test', 'fixtures/rubrics/valid-custom']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('scaleplay rubric test · support-copilot v0.3.0 · 3 cases');
    expect(result.stdout).toMatch(/✓ new-team-at-rollout\s+3 checks hold/);
    expect(result.stdout).toMatch(/✓ new-team\s+7 checks hold/);
    expect(result.stdout).toMatch(/✓ strong-team\s+8 checks hold/);
    expect(result.stdout).toContain('PASS: all 3 cases hold.');
    expect(result.stderr).toBe('');
  });

  it('shows what moved after a weight change, exits 1, and changes no file', async () => {
    edit('steps/quality.yaml', '    kind: boolean\n', '    kind: boolean\n    weight: 2\n');
    const before = fingerprint(rubric);
    const { code, stdout } = await rubricTest(rubric);
    expect(code).toBe(1);
    expect(stdout).toMatch(/✗ strong-team\s+2 of 8 moved/);
    expect(stdout).toMatch(/overall score\s+expected 90, got 92 \(\+2\)/);
    expect(stdout).toMatch(/quality score\s+expected 80, got 87 \(\+7\)/);
    expect(stdout).toMatch(/✗ new-team\s+1 of 7 moved/);
    expect(stdout).toMatch(/quality high\s+expected 50, got 33 \(−17\)/);
    expect(stdout).toMatch(/✓ new-team-at-rollout\s+3 checks hold/);
    expect(stdout).toContain('FAIL: 2 of 3 cases moved.');
    expect(stdout).toContain(`accept the new values with: scaleplay rubric test ${rubric} --update`);
    expect(fingerprint(rubric)).toBe(before);
  });

  it('names level and target moves in words', async () => {
    edit(
      'rubric.yaml',
      '{ id: proven, name: Proven, min: 80, max: 100 }',
      '{ id: proven, name: Proven, min: 95, max: 100 }',
    );
    edit('rubric.yaml', '{ id: ready, name: Ready, min: 50, max: 79 }', '{ id: ready, name: Ready, min: 50, max: 94 }');
    const { code, stdout } = await rubricTest(rubric);
    expect(code).toBe(1);
    expect(stdout).toMatch(/overall level\s+expected proven, got ready \(down 1 level\)/);
    expect(stdout).toMatch(/quality level\s+expected proven, got ready \(down 1 level\)/);
    expect(stdout).toMatch(/quality meets_target\s+expected true, got false/);
  });

  it('--update writes the moved values into the cases, keeps their comments, and the next run passes', async () => {
    edit('steps/quality.yaml', '    kind: boolean\n', '    kind: boolean\n    weight: 2\n');
    const untouched = fingerprint(join(rubric, 'tests', 'new-team-at-rollout.yaml'));
    const { code, stdout } = await rubricTest(rubric, '--update');
    expect(code).toBe(0);
    expect(stdout).toContain('UPDATED: 2 case files now expect the new values');
    const strong = readFileSync(join(rubric, 'tests', 'strong-team.yaml'), 'utf8');
    expect(strong).toContain('# Golden case: a team that has rolled the copilot out well.');
    expect(strong).toContain('overall: { score: 92, level: proven, meets_target: true }');
    expect(strong).toContain('quality: { score: 87, level: proven, meets_target: true }');
    expect(readFileSync(join(rubric, 'tests', 'new-team.yaml'), 'utf8')).toContain(
      'quality: { score: 0, low: 0, high: 33, level: early }',
    );
    expect(fingerprint(join(rubric, 'tests', 'new-team-at-rollout.yaml'))).toBe(untouched);
    expect((await rubricTest(rubric)).code).toBe(0);
  });

  it('a bare score expectation (`deflection: 33`) is updated in place too', async () => {
    edit('steps/deflection.yaml', '    kind: single\n    weight: 2\n', '    kind: single\n');
    const { code } = await rubricTest(rubric, '--update');
    expect(code).toBe(0);
    expect(readFileSync(join(rubric, 'tests', 'new-team.yaml'), 'utf8')).toMatch(/^ {4}deflection: 25$/m);
  });

  it.each([
    {
      name: 'an unknown step in the expectations',
      file: 'bad-step.yaml',
      text: 'answers: answers/strong-team.yaml\nexpect:\n  steps:\n    moat: 50\n',
      problem: 'tests/bad-step.yaml:4:5: unknown step "moat"',
    },
    {
      name: 'an unknown level',
      file: 'bad-level.yaml',
      text: 'answers: answers/strong-team.yaml\nexpect:\n  overall: { level: legendary }\n',
      problem: 'tests/bad-level.yaml:3:21: unknown level "legendary"',
    },
    {
      name: 'a score out of range',
      file: 'bad-score.yaml',
      text: 'answers: answers/strong-team.yaml\nexpect:\n  overall: 140\n',
      problem: 'tests/bad-score.yaml:3:12: a score is from 0 to 100, found number 140 at expect.overall',
    },
    {
      name: 'a missing answers file',
      file: 'no-answers.yaml',
      text: 'answers: answers/nobody.yaml\nexpect:\n  overall: 10\n',
      problem: 'tests/no-answers.yaml:1:10: the answers file answers/nobody.yaml cannot be used',
    },
    {
      name: 'invalid answers',
      file: 'bad-answers.yaml',
      text: 'answers: answers/for-another-rubric.yaml\nexpect:\n  overall: 10\n',
      problem: 'answers are for rubric "scaling-playbook"',
    },
    {
      name: 'an expectation of nothing',
      file: 'empty-expect.yaml',
      text: 'answers: answers/strong-team.yaml\nexpect: {}\n',
      problem: 'tests/empty-expect.yaml:2:9: the case expects nothing',
    },
    {
      name: 'a case that is not YAML',
      file: 'broken.yaml',
      text: 'answers: [oops\n',
      problem: 'tests/broken.yaml:2:1:',
    },
  ])(
    '$name → exit 2 with the problem located; the valid cases still run; --update writes nothing',
    async ({ file, text, problem }) => {
      writeFileSync(
        join(rubric, 'tests', 'answers', 'for-another-rubric.yaml'),
        readFileSync(join(ROOT, 'fixtures/answers/preseed-demo.yaml')),
      );
      writeFileSync(join(rubric, 'tests', file), text);
      edit('steps/quality.yaml', '    kind: boolean\n', '    kind: boolean\n    weight: 2\n');
      const before = fingerprint(dir);
      for (const args of [[rubric], [rubric, '--update']]) {
        const { code, stdout, stderr } = await rubricTest(...args);
        expect(code).toBe(2);
        expect(stderr).toContain(problem);
        expect(stderr).toContain('nothing was changed');
        expect(stderr).not.toMatch(STACK_FRAME);
        expect(stdout).toMatch(/✗ strong-team\s+2 of 8 moved/);
        expect(stdout).toMatch(new RegExp(`! ${file.replace('.yaml', '')}\\s+cannot run`));
        expect(stdout).toContain('INVALID: 1 case cannot run; 2 of the others moved. Nothing was updated.');
      }
      expect(fingerprint(dir)).toBe(before);
    },
  );

  it('a rubric without tests/ → exit 2 saying how to add cases', async () => {
    rmSync(join(rubric, 'tests'), { recursive: true });
    const { code, stderr } = await rubricTest(rubric);
    expect(code).toBe(2);
    expect(stderr).toContain(`${join(rubric, 'tests')}: no golden cases found`);
    expect(stderr).toContain('Add tests/<name>.yaml files beside rubric.yaml');
  });

  it('an invalid rubric → exit 2 with its problems, before any case runs (built bin)', () => {
    const result = runBin(['rubric', 'test', 'fixtures/rubrics/broken-levels-hole']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('fixtures/rubrics/broken-levels-hole/rubric.yaml:9:36: hole between level "early"');
  });

  it('a case can score against another stage than its answers file', async () => {
    const { stdout } = await rubricTest(rubric);
    expect(stdout).toMatch(/✓ new-team-at-rollout\s+3 checks hold\s+Pilot team against rollout targets/);
    edit('tests/new-team-at-rollout.yaml', 'stage: rollout', 'stage: pilot');
    const moved = await rubricTest(rubric);
    expect(moved.code).toBe(1);
    expect(moved.stdout).toMatch(/overall meets_target\s+expected false, got true/);
  });
});
