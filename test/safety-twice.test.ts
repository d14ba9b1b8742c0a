// One file given twice (another spelling, a symbolic link or a hard link: the same device and inode) is refused by
// `merge` (it would count one participant twice), counted once by `portfolio`, and noted by `diff` (which is right:
// nothing changed). `check --baseline` refuses the answers file itself, hard links included.
import { copyFileSync, linkSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, runBin, tempDir as makeTemp } from './helpers/cli.js';

const tempDir = () => makeTemp('scaleplay-twice-');

const ways: Array<[string, (dir: string, file: string) => string]> = [
  ['a hard link', (dir, file) => (linkSync(join(dir, file), join(dir, `hard-${file}`)), `hard-${file}`)],
  ['a symbolic link', (dir, file) => (symlinkSync(file, join(dir, `soft-${file}`)), `soft-${file}`)],
  ['another spelling', (_dir, file) => `./sub/../${file}`],
];
function setup(names: string[], from: string): string {
  const dir = tempDir();
  for (const name of names) copyFileSync(fixture(from, name), join(dir, name));
  mkdirSync(join(dir, 'sub'));
  return dir;
}

describe('one file given twice', () => {
  it.each(ways)('merge refuses it given as %s (exit 2, clear message)', (_way, twin) => {
    const dir = setup(['alice.yaml', 'bob.yaml'], 'workshop');
    const other = twin(dir, 'bob.yaml');
    const result = runBin(['merge', 'alice.yaml', 'bob.yaml', other], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`is given twice (the same file as bob.yaml): give each participant's file once`);
  });

  it.each(ways.slice(0, 2))('portfolio counts it once when given as %s', (_way, twin) => {
    const dir = setup(['acme.yaml', 'northwind.yaml'], 'portfolio');
    const other = twin(dir, 'acme.yaml');
    const once = runBin(['portfolio', 'acme.yaml', 'northwind.yaml', '--format', 'json'], { cwd: dir });
    const twice = runBin(['portfolio', 'acme.yaml', 'northwind.yaml', other, '--format', 'json'], { cwd: dir });
    expect(twice.code).toBe(0);
    expect(JSON.parse(twice.stdout).teams ?? JSON.parse(twice.stdout).rows).toHaveLength(2);
    expect(twice.stdout.replace(/"file": "[^"]*"/g, '')).toBe(once.stdout.replace(/"file": "[^"]*"/g, ''));
  });

  it('diff of a file with its hard link runs and notes that both are the same file', () => {
    const dir = setup(['growth-saas.yaml'], 'answers');
    const other = ways[0]![1](dir, 'growth-saas.yaml');
    const result = runBin(['diff', 'growth-saas.yaml', other], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`note: ${other} is the same file as growth-saas.yaml: nothing can have changed`);
  });

  it('check --baseline refuses a hard link of the answers file itself', () => {
    const dir = setup(['growth-saas.yaml'], 'answers');
    const other = ways[0]![1](dir, 'growth-saas.yaml');
    const result = runBin(['check', 'growth-saas.yaml', '--baseline', other], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--baseline is the answers file itself');
  });
});
