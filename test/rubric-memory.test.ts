// Remember the rubric (issue 16.8): an answers file records `rubric: { id, version, path }` (path relative to the file);
// init, assess and merge write it when a custom rubric is in use, and commands find the rubric from --rubric, then
// SCALEPLAY_RUBRIC, then the recorded path (only when that rubric's id matches), then the built-in playbook. Every next
// step scaleplay prints runs as printed.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { run } from '../src/cli.js';
import { findRubricDir, recordedRubricDir, rubricPathFor } from '../src/io/rubric-source.js';
import { ROOT, fakeIo } from './helpers/cli.js';

const temp = mkdtempSync(join(tmpdir(), 'scaleplay-rubric-memory-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const CUSTOM = join(ROOT, 'fixtures/rubrics/valid-custom');

async function cli(args: string[], env: NodeJS.ProcessEnv = { NO_COLOR: '1' }) {
  const io = fakeIo({ env, stdin: 'ended' });
  const code = await run(['node', 'scaleplay', ...args], io);
  return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
}

/** A workspace: the custom rubric copied to ws/rubrics/support, answers files under ws/teams. */
function workspace(): { ws: string; rubric: string; teams: string } {
  const ws = mkdtempSync(join(temp, 'ws-'));
  const rubric = join(ws, 'rubrics', 'support');
  cpSync(CUSTOM, rubric, { recursive: true });
  const teams = join(ws, 'teams');
  mkdirSync(teams);
  return { ws, rubric, teams };
}

describe('init, merge and assess record the rubric; report and check find it', () => {
  it('init --rubric records the path relative to the answers file, and report and check then run without --rubric', async () => {
    const { rubric, teams } = workspace();
    const file = join(teams, 'answers.yaml');
    const init = await cli(['init', '--rubric', rubric, '--output', file, '--stage', 'pilot']);
    expect(init.code, init.stderr).toBe(0);
    expect(parse(readFileSync(file, 'utf8')).rubric).toEqual({
      id: 'support-copilot',
      version: '0.3.0',
      path: '../rubrics/support',
    });
    // The printed next step, run as printed.
    const next = /Next: edit it, then run: scaleplay (report \S+)/.exec(init.stderr)!;
    const report = await cli(next[1]!.split(' '));
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toContain('Support copilot readiness v0.3.0');
    const check = await cli(['check', file, '--min-score', '0']);
    expect(check.code, check.stderr).toBe(0);
  });

  it('init with the built-in playbook records no path', async () => {
    const file = join(temp, 'builtin.yaml');
    expect((await cli(['init', '--output', file])).code).toBe(0);
    expect(parse(readFileSync(file, 'utf8')).rubric).toEqual({ id: 'scaling-playbook', version: '2.0.0' });
  });

  it('merge --rubric writes the path into the consensus, and its printed next step runs as printed', async () => {
    const { rubric, teams } = workspace();
    // Two participants of one team.
    const base = readFileSync(join(CUSTOM, 'tests/answers/strong-team.yaml'), 'utf8');
    writeFileSync(join(teams, 'ana.yaml'), base);
    writeFileSync(join(teams, 'ben.yaml'), base.replace('stage: rollout', 'stage: pilot'));
    const output = join(teams, 'consensus.yaml');
    const merge = await cli([
      'merge',
      join(teams, 'ana.yaml'),
      join(teams, 'ben.yaml'),
      '--rubric',
      rubric,
      '--output',
      output,
    ]);
    expect(merge.code, merge.stderr).toBe(0);
    expect(parse(readFileSync(output, 'utf8')).rubric).toMatchObject({
      id: 'support-copilot',
      path: '../rubrics/support',
    });
    const next = /Consensus written to \S+: scaleplay (report \S+)/.exec(merge.stdout)!;
    const report = await cli(next[1]!.split(' '));
    expect(report.code, report.stderr).toBe(0);
  });
});

describe('where the rubric comes from, in order', () => {
  const recorded = () => {
    const { ws, rubric, teams } = workspace();
    const file = join(teams, 'a.yaml');
    const text = readFileSync(join(CUSTOM, 'tests/answers/strong-team.yaml'), 'utf8').replace(
      'rubric: { id: support-copilot, version: 0.3.0 }',
      'rubric: { id: support-copilot, version: 0.3.0, path: ../rubrics/support }',
    );
    writeFileSync(file, text);
    return { ws, rubric, file };
  };

  it('--rubric first, then SCALEPLAY_RUBRIC, then the recorded path, then the built-in playbook', () => {
    const { rubric, file } = recorded();
    expect(findRubricDir({ flag: 'flag-dir', env: { SCALEPLAY_RUBRIC: 'env-dir' }, answersFile: file })).toBe(
      'flag-dir',
    );
    expect(findRubricDir({ env: { SCALEPLAY_RUBRIC: 'env-dir' }, answersFile: file })).toBe('env-dir');
    expect(findRubricDir({ env: { SCALEPLAY_RUBRIC: '  ' }, answersFile: file })).toBe(join(rubric, '..', 'support'));
    expect(findRubricDir({ env: {} })).toBeUndefined();
    expect(findRubricDir({ env: {}, answersFile: '-' })).toBeUndefined();
  });

  it('SCALEPLAY_RUBRIC is used by every command, e.g. report', async () => {
    const file = join(temp, 'env.yaml');
    cpSync(join(CUSTOM, 'tests/answers/strong-team.yaml'), file);
    expect((await cli(['report', file])).code).toBe(2);
    const withEnv = await cli(['report', file], { NO_COLOR: '1', SCALEPLAY_RUBRIC: CUSTOM });
    expect(withEnv.code, withEnv.stderr).toBe(0);
  });

  it('a recorded path whose rubric has another id is not followed: the built-in playbook is used, and says so', async () => {
    const { rubric, file } = recorded();
    writeFileSync(
      join(rubric, 'rubric.yaml'),
      readFileSync(join(rubric, 'rubric.yaml'), 'utf8').replace('id: support-copilot', 'id: another-rubric'),
    );
    expect(recordedRubricDir(file)).toBeUndefined();
    const report = await cli(['report', file]);
    expect(report.code).toBe(2);
    expect(report.stderr).toContain(
      'answers are for rubric "support-copilot", but the rubric in use is "scaling-playbook"',
    );
  });

  it('a recorded path that does not exist, or a broken answers file, falls back quietly (the loader reports the file)', async () => {
    const file = join(temp, 'missing-path.yaml');
    writeFileSync(file, 'rubric: { id: support-copilot, version: 0.3.0, path: ../nowhere }\nanswers: {}\n');
    expect(recordedRubricDir(file)).toBeUndefined();
    const broken = join(temp, 'broken.yaml');
    writeFileSync(broken, 'rubric: [unclosed\n');
    expect(recordedRubricDir(broken)).toBeUndefined();
    expect((await cli(['report', broken])).code).toBe(2);
  });

  it('the path recorded is relative to the answers file, with forward slashes; none for standard output', () => {
    expect(rubricPathFor(join(temp, 'a', 'b.yaml'), join(temp, 'rubrics', 'x'))).toBe('../rubrics/x');
    expect(rubricPathFor(join(temp, 'b.yaml'), temp)).toBe('.');
    expect(rubricPathFor('-', temp)).toBeUndefined();
    expect(rubricPathFor(join(temp, 'b.yaml'), undefined)).toBeUndefined();
    expect(relative(temp, join(temp, 'a'))).toBe('a');
  });
});
