// Io is the whole process as commands see it: an in-process run in another folder, on another date, reads and writes
// exactly where and what the built bin run from that folder does, and signals reach a command only through Io.
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processIo } from '../src/runtime.js';
import { fixture, repoPath, runBin, runCli, tempDir } from './helpers/cli.js';

/** A folder holding answers files, a rubric folder and a folder of teams, all named by relative paths below. */
function workspace(): string {
  const dir = tempDir('scaleplay-io-');
  cpSync(fixture('answers', 'growth-saas.yaml'), join(dir, 'answers.yaml'));
  cpSync(fixture('answers', 'preseed-demo.yaml'), join(dir, 'older.yaml'));
  mkdirSync(join(dir, 'workshop'));
  for (const name of ['alice', 'bob', 'carol']) {
    cpSync(fixture('workshop', `${name}.yaml`), join(dir, 'workshop', `${name}.yaml`));
  }
  cpSync(repoPath('playbook'), join(dir, 'rubric'), { recursive: true });
  return dir;
}

const COMMANDS: [string, string[], string[]][] = [
  // name, arguments, files it must write (relative to the folder)
  ['report to a file', ['report', 'answers.yaml', '--format', 'md', '--output', 'report.md'], ['report.md']],
  [
    'check with reports',
    ['check', 'answers.yaml', '--junit', 'junit.xml', '--json', 'gate.json', '--baseline', 'older.yaml'],
    ['junit.xml', 'gate.json'],
  ],
  ['diff', ['diff', 'older.yaml', 'answers.yaml'], []],
  ['merge', ['merge', 'workshop/alice.yaml', 'workshop/bob.yaml', '--output', 'consensus.yaml'], ['consensus.yaml']],
  ['portfolio of a folder', ['portfolio', 'workshop'], []],
  ['rubric validate', ['rubric', 'validate', 'rubric'], []],
  ['rubric show', ['rubric', 'show', '--rubric', 'rubric'], []],
  ['report with a rubric folder', ['report', 'answers.yaml', '--rubric', 'rubric'], []],
];

describe('relative paths resolve against io.cwd, for reads and writes alike', () => {
  it.each(COMMANDS)('%s: in-process in a folder gives what the bin gives there', async (_name, args, writes) => {
    const inProcess = workspace();
    const bin = workspace();
    const here = await runCli(args, { cwd: inProcess });
    const there = runBin(args, { cwd: bin });
    expect(here.stderr, here.stderr).not.toContain('internal error');
    expect(here.code).toBe(there.code);
    expect(here.stdout.replaceAll(inProcess, '<dir>')).toBe(there.stdout.replaceAll(bin, '<dir>'));
    expect(here.stderr.replaceAll(inProcess, '<dir>')).toBe(there.stderr.replaceAll(bin, '<dir>'));
    for (const file of writes) {
      expect(existsSync(join(inProcess, file)), file).toBe(true);
      expect(readFileSync(join(inProcess, file), 'utf8')).toBe(readFileSync(join(bin, file), 'utf8'));
      expect(existsSync(repoPath(file)), `${file} must not be written in the repository`).toBe(false);
    }
  });

  it('a missing relative file is looked for in io.cwd, and named as given', async () => {
    const dir = workspace();
    const result = await runCli(['report', 'missing.yaml'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missing.yaml: file not found');
    expect(result.stderr).not.toContain(dir);
    expect((await runCli(['report', 'answers.yaml'], { cwd: dir })).code).toBe(0);
  });

  it('init writes into io.cwd with io.today() as the date, and refuses to replace a file there', async () => {
    const dir = workspace();
    const result = await runCli(['init', '--output', 'new.yaml', '--team', 'Acme'], { cwd: dir, today: '2031-02-03' });
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, 'new.yaml'), 'utf8')).toMatch(/^date: 2031-02-03$/m);
    expect(existsSync(repoPath('new.yaml'))).toBe(false);
    const again = await runCli(['init', '--output', 'answers.yaml'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('answers.yaml already exists');
  });

  it('the GitHub step summary named by a relative $GITHUB_STEP_SUMMARY is appended in io.cwd', async () => {
    const dir = workspace();
    const env = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: 'summary.md' };
    const result = await runCli(['check', 'answers.yaml', '--min-score', '10'], { cwd: dir, env });
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain('scaleplay');
    expect(existsSync(repoPath('summary.md'))).toBe(false);
  });
});

describe('processIo', () => {
  it('gives today as YYYY-MM-DD and hands signals to the process, removing its listener when asked', () => {
    const io = processIo();
    expect(io.today()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(io.cwd).toBe(process.cwd());
    const before = process.listenerCount('SIGHUP');
    let called = 0;
    const stop = io.onSignal('SIGHUP', () => called++);
    expect(process.listenerCount('SIGHUP')).toBe(before + 1);
    process.emit('SIGHUP', 'SIGHUP');
    expect(called).toBe(1);
    stop();
    expect(process.listenerCount('SIGHUP')).toBe(before);
  });
});
