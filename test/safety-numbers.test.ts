// Number literals more precise than a double are refused, located, instead of being rounded silently (which can cross
// a band edge); `!!int` and `!!float` are resolved the same way as the plain literal.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { losesPrecision, parseYamlText } from '../src/io/yaml-file.js';
import { fixture, runBin, tempDir } from './helpers/cli.js';

const parse = (value: string) => (parseYamlText('t.yaml', `x: ${value}\n`).data as { x: unknown }).x;
const problem = (value: string): string => {
  try {
    parseYamlText('t.yaml', `x: ${value}\n`);
  } catch (error) {
    if (error instanceof InputError) return error.problems.map((p) => `${p.line}:${p.col}: ${p.message}`).join('\n');
    throw error;
  }
  return '';
};

describe('number literals', () => {
  it.each([
    ['7', 7],
    ['7.0', 7],
    ['55.000000', 55],
    ['0.1', 0.1],
    ['1e1', 10],
    ['-0.5', -0.5],
    ['0.30000000000000004', 0.30000000000000004],
    ['99.999999999999', 99.999999999999],
    ['!!int 7', 7],
    ['!!float 7', 7],
    ['!!float 7.5', 7.5],
    ['!!int 7.0', 7],
    ['!!int 0x1f', 31],
    ['!!float -1e2', -100],
  ])('%s is read as %d', (text, value) => {
    expect(parse(text)).toBe(value);
  });

  it.each([
    [
      '99.99999999999999999',
      '1:4: found 99.99999999999999999, which has more digits than a number can hold exactly (it would be read as 100)',
    ],
    ['0.1000000000000000000001', 'it would be read as 0.1'],
    ['!!float 99.99999999999999999', 'would be read as 100'],
    ['!!int 99.99999999999999999', 'would be read as 100'],
    ['!!int 7.5', '1:4: !!int needs a whole number, found "7.5"'],
    ['!!float seven', '1:4: !!float needs a number, found "seven"'],
    ['!!float .inf', 'infinite'],
  ])('%s is refused, located', (text, message) => {
    expect(problem(text)).toContain(message);
  });

  it('losesPrecision compares digits, not spelling', () => {
    expect(losesPrecision('00100.0e-2', 1)).toBe(false);
    expect(losesPrecision('1.00000000000000001', 1)).toBe(true);
  });
});

describe('end to end: a too-precise threshold cannot cross a band edge', () => {
  it('check exits 2, located at the literal, and its --json says so', () => {
    const temp = { dir: tempDir() };
    const file = join(temp.dir, 'a.yaml');
    copyFileSync(fixture('answers', 'growth-saas.yaml'), file);
    writeFileSync(file, readFileSync(file, 'utf8').replace('min_score: 55', 'min_score: 99.99999999999999999'));
    const result = runBin(['check', file, '--json', join(temp.dir, 'out.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/a\.yaml:\d+:\d+: found 99\.99999999999999999, which has more digits/);
    expect(JSON.parse(readFileSync(join(temp.dir, 'out.json'), 'utf8'))).toMatchObject({ passed: false, exitCode: 2 });
  });
});
