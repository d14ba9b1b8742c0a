// The guarded YAML loader, in-process: what it accepts, what it refuses, and where it says the problem is.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError, type Problem } from '../src/errors.js';
import {
  checkFolder,
  findInvalidUtf8,
  locate,
  locateKey,
  MAX_ALIASES,
  MAX_FILE_BYTES,
  parseYamlText,
  problemAt,
  readTextFile,
  readYamlFile,
} from '../src/io/yaml-file.js';

function problemsOf(run: () => unknown): Problem[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems;
  }
  throw new Error('expected an InputError');
}

const parse = (text: string) => parseYamlText('f.yaml', text);
const refused = (text: string) => problemsOf(() => parse(text));

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scaleplay-loader-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('paths', () => {
  it.each([
    { kind: 'missing', make: () => join(dir, 'nope.yaml'), message: 'file not found' },
    { kind: 'a folder', make: () => (mkdirSync(join(dir, 'f')), join(dir, 'f')), message: 'is a folder, not a file' },
    {
      kind: 'through a file',
      make: () => (writeFileSync(join(dir, 'f'), 'a: 1'), join(dir, 'f', 'x.yaml')),
      message: 'file not found: a part of the path is a file, not a folder',
    },
    {
      kind: 'a symlink loop',
      make: () => (
        symlinkSync(join(dir, 'b'), join(dir, 'a')), symlinkSync(join(dir, 'a'), join(dir, 'b')), join(dir, 'a')
      ),
      message: 'symbolic link loop: the path never reaches a file',
    },
    {
      kind: 'a broken symlink',
      make: () => (symlinkSync('gone.yaml', join(dir, 'a')), join(dir, 'a')),
      message: 'is a broken symbolic link (it points to gone.yaml, which does not exist)',
    },
    {
      kind: 'a named pipe',
      make: () => (spawnSync('mkfifo', [join(dir, 'p')]), join(dir, 'p')),
      message: 'is not a regular file (a named pipe)',
    },
    { kind: 'a device', make: () => '/dev/null', message: 'is not a regular file (a character device)' },
    {
      kind: 'too large',
      make: () => (writeFileSync(join(dir, 'big'), Buffer.alloc(MAX_FILE_BYTES + 1, 0x61)), join(dir, 'big')),
      message: 'file is too large (1.00 MiB, 1048577 bytes; the limit is 1 MiB)',
    },
    { kind: 'a name too long', make: () => join(dir, 'x'.repeat(5000)), message: 'path is too long' },
  ])('$kind → "$message", without a line', ({ make, message }) => {
    const path = make();
    const problems = problemsOf(() => readYamlFile(path));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toBe(message);
    expect(problems[0]!.line).toBeUndefined();
  });

  it('checkFolder names what a rubric folder path is instead', () => {
    writeFileSync(join(dir, 'file'), 'x');
    expect(problemsOf(() => checkFolder(join(dir, 'file'), 'rubric folder'))[0]!.message).toBe(
      'is a file, not a rubric folder',
    );
    expect(problemsOf(() => checkFolder(join(dir, 'nope'), 'rubric folder'))[0]!.message).toBe(
      'rubric folder not found',
    );
    expect(() => checkFolder(dir)).not.toThrow();
  });
});

describe('bytes and text', () => {
  it.each([
    { name: 'ASCII', bytes: [0x61, 0x62], invalid: -1 },
    { name: 'two-, three- and four-byte characters', bytes: [...Buffer.from('é€😀')], invalid: -1 },
    { name: 'a lone continuation byte', bytes: [0x61, 0x80], invalid: 1 },
    { name: 'a Latin-1 é', bytes: [0x43, 0x61, 0x66, 0xe9, 0x20], invalid: 3 },
    { name: 'an overlong slash', bytes: [0xc0, 0xaf], invalid: 0 },
    { name: 'an overlong three-byte form', bytes: [0xe0, 0x80, 0xaf], invalid: 0 },
    { name: 'a UTF-16 surrogate', bytes: [0xed, 0xa0, 0x80], invalid: 0 },
    { name: 'a code point above U+10FFFF', bytes: [0xf4, 0x90, 0x80, 0x80], invalid: 0 },
    { name: 'a character cut short at the end', bytes: [0x61, 0xe2, 0x82], invalid: 1 },
    { name: 'a byte that never starts a character', bytes: [0xff], invalid: 0 },
  ])('findInvalidUtf8: $name → $invalid', ({ bytes, invalid }) => {
    expect(findInvalidUtf8(Uint8Array.from(bytes))).toBe(invalid);
    // Agrees with the platform's strict decoder on whether the bytes are valid.
    let valid = true;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
    } catch {
      valid = false;
    }
    expect(invalid === -1).toBe(valid);
  });

  it('a UTF-8 byte-order mark is removed; CRLF line endings are fine', () => {
    const file = join(dir, 'bom.yaml');
    writeFileSync(file, '\uFEFFteam: Acme\r\nstage: seed\r\n');
    expect(readTextFile(file).startsWith('team')).toBe(true);
    expect(readYamlFile(file).data).toEqual({ team: 'Acme', stage: 'seed' });
  });

  it('a NUL byte and invalid UTF-8 are located by line and column (in characters, after multi-byte ones)', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, Buffer.concat([Buffer.from('a: 1\nb: é€ '), Buffer.from([0xff]), Buffer.from('\n')]));
    expect(problemsOf(() => readYamlFile(file))[0]).toMatchObject({
      line: 2,
      col: 7,
      message: expect.stringContaining('not valid UTF-8 text: found the bytes ff'),
    });
    writeFileSync(file, Buffer.concat([Buffer.from('a: 1\nb: €'), Buffer.from([0]), Buffer.from('\n')]));
    expect(problemsOf(() => readYamlFile(file))[0]).toMatchObject({
      line: 2,
      col: 5,
      message: expect.stringContaining('found a NUL byte'),
    });
  });

  it.each([
    { name: 'empty', text: '', message: 'file is empty' },
    { name: 'blank', text: ' \n\t\n', message: 'file is empty' },
    { name: 'only comments', text: '# nothing\n', message: 'file has no content (only comments)' },
    { name: 'only a document marker', text: '---\n', message: 'file has no content (only comments)' },
  ])('$name → "$message" at 1:1', ({ text, message }) => {
    expect(refused(text)).toEqual([expect.objectContaining({ line: 1, col: 1, message })]);
  });
});

describe('what the parser accepts but scaleplay refuses', () => {
  it.each([
    { text: 'a: !!binary aGVsbG8=\n', message: 'YAML tag !!binary is not supported', at: [1, 4] },
    { text: 'a: !!set {x, y}\n', message: 'YAML tag !!set is not supported', at: [1, 4] },
    { text: 'a: !!timestamp 2026-01-01\n', message: 'YAML tag !!timestamp is not supported', at: [1, 4] },
    { text: 'a: !custom x\n', message: 'unknown YAML tag: !custom', at: [1, 4] },
    { text: 'a: .nan\n', message: 'found .nan, which is not a number; expected a finite number', at: [1, 4] },
    { text: 'a: -.inf\n', message: 'found -.inf, which is infinite', at: [1, 4] },
    { text: 'a: 1e400\n', message: 'found 1e400, which is infinite', at: [1, 4] },
    { text: 'a: 9007199254740993\n', message: 'found 9007199254740993, a number too large to be exact', at: [1, 4] },
    { text: 'a:\n  b:\n    __proto__: 1\n', message: 'key "__proto__" is not allowed', at: [3, 5] },
    { text: '- constructor: 1\n', message: 'key "constructor" is not allowed', at: [1, 3] },
    { text: '1: a\n"1": b\n', message: 'duplicate key "1" in the same mapping', at: [2, 1] },
    { text: 'a: 1\na: 2\n', message: 'duplicate key "a" in the same mapping', at: [2, 1] },
    { text: '? [a, b]\n: 1\n', message: 'a key must be plain text, not a list or mapping', at: [1, 3] },
    { text: 'a: &x {b: *x}\n', message: 'alias *x refers to a node that contains it (an endless cycle)', at: [1, 11] },
    { text: 'a: *nowhere\n', message: 'alias *nowhere has no anchor &nowhere before it', at: [1, 4] },
    { text: 'a: 1\n---\nb: 2\n', message: 'a second YAML document (after ---)', at: [2, 1] },
    { text: 'a:\n\tb: 1\n', message: 'found a tab used for indentation', at: [2, 1] },
  ])('$text → $message', ({ text, message, at }) => {
    const problems = refused(text);
    expect(problems[0]).toMatchObject({ file: 'f.yaml', line: at[0], col: at[1] });
    expect(problems[0]!.message).toContain(message);
  });

  it('plain numbers, hex, yes/no words, dates as text and merge-looking keys are just data', () => {
    expect(parse('a: 0x1F\nb: 12.5\nc: yes\nd: 2026-01-01\ne: { "<<": 1 }\nf: -0\n').data).toEqual({
      a: 31,
      b: 12.5,
      c: 'yes',
      d: '2026-01-01',
      e: { '<<': 1 },
      f: -0,
    });
  });

  it(`allows up to ${MAX_ALIASES} aliases, refuses more, and stops alias bombs`, () => {
    const anchors = 'x: &a 1\n';
    expect(() =>
      parse(`${anchors}list: [${Array.from({ length: MAX_ALIASES }, () => '*a').join(', ')}]\n`),
    ).not.toThrow();
    expect(
      refused(`${anchors}list: [${Array.from({ length: MAX_ALIASES + 1 }, () => '*a').join(', ')}]\n`)[0]!.message,
    ).toBe(`too many aliases (${MAX_ALIASES + 1}; the limit is ${MAX_ALIASES})`);
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...'bcdefg'
        .split('')
        .map((name, index) => `${name}: &${name} [${Array(10).fill(`*${'abcdefg'[index]}`).join(', ')}]`),
    ].join('\n');
    expect(refused(bomb)[0]!.message).toContain('alias bomb');
  });

  it('__proto__ never reaches an object as a prototype', () => {
    expect(() => parse('a: {__proto__: {polluted: true}}\n')).toThrow(InputError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('lists at most five YAML syntax errors, one per line, and says how many more there are', () => {
    const text = Array.from({ length: 12 }, (_, index) => `k${index}: [unclosed\n  x: y`).join('\n');
    const problems = refused(text);
    expect(problems.length).toBeLessThanOrEqual(5);
    expect(new Set(problems.map((problem) => problem.line)).size).toBe(problems.length);
    if (problems.length === 5) expect(problems[4]!.hint).toMatch(/\d+ more YAML errors after this one are not shown/);
  });
});

describe('locations', () => {
  const yaml = parseYamlText('f.yaml', 'team: Acme\nanswers:\n  wedge:\n    has-api: maybe\n    list: [a, b]\n');

  it('locate finds a value, or its nearest existing parent', () => {
    expect(locate(yaml, ['answers', 'wedge', 'has-api'])).toEqual({ line: 4, col: 14 });
    expect(locate(yaml, ['answers', 'wedge', 'list', 1])).toEqual({ line: 5, col: 15 });
    expect(locate(yaml, ['answers', 'wedge', 'missing', 'deeper'])).toEqual({ line: 4, col: 5 });
    expect(locate(yaml, [])).toEqual({ line: 1, col: 1 });
  });

  it('locateKey finds the key itself', () => {
    expect(locateKey(yaml, ['answers', 'wedge', 'has-api'])).toEqual({ line: 4, col: 5 });
    expect(locateKey(yaml, ['team'])).toEqual({ line: 1, col: 1 });
  });

  it('problemAt makes the message safe to print', () => {
    const problem = problemAt(yaml, ['team'], 'unknown team "\u001b[2J"', 'hint \u0007');
    expect(problem).toEqual({
      file: 'f.yaml',
      line: 1,
      col: 7,
      message: 'unknown team "\\u001b[2J"',
      hint: 'hint \\u0007',
    });
  });
});
