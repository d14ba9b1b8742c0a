// Outputs never replace inputs, links and modes survive atomic writes, a closed pipe is not an error, and a missing
// command is a usage error.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  lstatSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../src/io/write-file.js';
import { BIN, fixture, runBin, tempDir } from './helpers/cli.js';

describe('an output path that is an input', () => {
  it.each([
    ['report -o', (file: string) => ['report', file, '-o', file], '--output'],
    [
      'report -o through another spelling',
      (file: string) => ['report', file, '--format', 'json', '-o', `./sub/../${file}`],
      '--output',
    ],
    ['check --json', (file: string) => ['check', file, '--json', file], '--json'],
    ['check --junit', (file: string) => ['check', file, '--junit', file], '--junit'],
    [
      'check --json over the baseline',
      (file: string) => ['check', file, '--baseline', 'old.yaml', '--json', 'old.yaml'],
      '--json',
    ],
  ])('%s is refused with exit 2 and the file is unchanged', (_name, args, option) => {
    const dir = tempDir();
    const file = 'answers.yaml';
    copyFileSync(fixture('answers', 'growth-saas.yaml'), join(dir, file));
    copyFileSync(fixture('answers', 'growth-saas.yaml'), join(dir, 'old.yaml'));
    spawnSync('mkdir', [join(dir, 'sub')]);
    const before = readFileSync(join(dir, file), 'utf8');
    const result = runBin(args(file), { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${option} `);
    expect(result.stderr).toContain('scaleplay never overwrites its input');
    expect(readFileSync(join(dir, file), 'utf8')).toBe(before);
    expect(readFileSync(join(dir, 'old.yaml'), 'utf8')).toBe(before);
  });

  it('is refused through a symbolic link to the input', () => {
    const dir = tempDir();
    copyFileSync(fixture('answers', 'growth-saas.yaml'), join(dir, 'answers.yaml'));
    symlinkSync('answers.yaml', join(dir, 'link.yaml'));
    const result = runBin(['report', 'answers.yaml', '-o', 'link.yaml'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(readFileSync(join(dir, 'answers.yaml'), 'utf8')).toBe(
      readFileSync(fixture('answers', 'growth-saas.yaml'), 'utf8'),
    );
  });
});

describe('writeFileAtomic', () => {
  it('writes through a symbolic link, keeping the link', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'target.md'), 'old');
    symlinkSync('target.md', join(dir, 'link.md'));
    writeFileAtomic(join(dir, 'link.md'), 'new');
    expect(lstatSync(join(dir, 'link.md')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'link.md'))).toBe('target.md');
    expect(readFileSync(join(dir, 'target.md'), 'utf8')).toBe('new');
  });

  it("keeps an existing file's permissions, and gives a new file 0644", () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'private.md'), 'old');
    chmodSync(join(dir, 'private.md'), 0o600);
    writeFileAtomic(join(dir, 'private.md'), 'new');
    expect(statSync(join(dir, 'private.md')).mode & 0o777).toBe(0o600);
    writeFileAtomic(join(dir, 'fresh.md'), 'x');
    expect(statSync(join(dir, 'fresh.md')).mode & 0o777).toBe(0o644 & ~process.umask());
  });
});

describe('the process edges', () => {
  it.each([['report --format json'], ['report --format html'], ['report']])(
    '`%s | head -c 1` ends quietly with exit 0',
    (command) => {
      const script = `node ${JSON.stringify(BIN)} ${command} ${JSON.stringify(fixture('answers', 'mistral-2026.yaml'))} | head -c 1 >/dev/null; echo "exit=\${PIPESTATUS[0]}"`;
      const result = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
      expect(result.stdout.trim()).toBe('exit=0');
      expect(result.stderr).not.toMatch(/EPIPE|Error/);
    },
  );

  it.each([[[]], [['rubric']]])('`scaleplay %j` without a command shows help on stderr and exits 2', (args) => {
    const result = runBin(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^Usage: scaleplay/);
  });

  it('`scaleplay --help` exits 0 with help on stdout', () => {
    const result = runBin(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: scaleplay/);
  });
});
