// Paths that cannot be read, and outputs that cannot be written, through the built bin: exit 2, one clear message, no
// stack trace, and nothing the user already had is changed.
//
// Permissions: the tests may run as root (they do in our CI containers), and root reads and writes through chmod 000.
// There, the permission cases run the bin as the unprivileged user "nobody" (spawn uid/gid 65534), so EACCES is real;
// as any other user chmod alone does it. Paths through a regular file (`file.yaml/x`) cover "cannot open" either way.
import {
  chmodSync,
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES } from '../src/io/yaml-file.js';
import { ROOT, runBin, STACK_FRAME, unprivileged } from './helpers/cli.js';
import { fingerprint } from './helpers/fingerprint.js';

const VALID_ANSWERS = readFileSync(join(ROOT, 'fixtures/answers/preseed-demo.yaml'), 'utf8');
const BROKEN_RUBRIC = join(ROOT, 'fixtures/rubrics/broken-levels-hole');
const CUSTOM_RUBRIC = join(ROOT, 'fixtures/rubrics/valid-custom');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scaleplay-paths-'));
  chmodSync(dir, 0o755); // traversable by "nobody" when the tests run as root
});
afterEach(() => {
  chmodTree(dir);
  rmSync(dir, { recursive: true, force: true });
});

function chmodTree(path: string) {
  try {
    chmodSync(path, 0o755);
    for (const entry of readdirSync(path, { withFileTypes: true }))
      if (entry.isDirectory()) chmodTree(join(path, entry.name));
  } catch {
    // not a folder, or already gone
  }
}

function expectInvalid(result: ReturnType<typeof runBin>, fragment: string) {
  expect(result.signal, result.stderr).toBeNull();
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toContain(fragment);
  expect(result.stderr).not.toMatch(STACK_FRAME);
  expect(result.stderr).not.toContain('internal error');
}

/** Builds an input path of the given kind inside the temp folder and returns it. */
function makeInput(kind: string): string {
  const path = join(dir, 'answers.yaml');
  switch (kind) {
    case 'missing':
      return join(dir, 'nope.yaml');
    case 'folder':
      mkdirSync(path);
      return path;
    case 'through-a-file':
      writeFileSync(path, VALID_ANSWERS);
      return join(path, 'inner.yaml');
    case 'symlink-loop':
      symlinkSync(join(dir, 'b.yaml'), path);
      symlinkSync(path, join(dir, 'b.yaml'));
      return path;
    case 'broken-symlink':
      symlinkSync(join(dir, 'gone.yaml'), path);
      return path;
    case 'named-pipe':
      expect(spawnSync('mkfifo', [path]).status).toBe(0);
      return path;
    case 'device':
      return '/dev/zero';
    case 'too-large': {
      const fd = openSync(path, 'w');
      writeSync(fd, VALID_ANSWERS);
      writeSync(fd, `# ${'x'.repeat(MAX_FILE_BYTES)}\n`);
      closeSync(fd);
      return path;
    }
    default:
      throw new Error(kind);
  }
}

const INPUTS = [
  { kind: 'missing', message: 'file not found' },
  { kind: 'folder', message: 'is a folder, not a file' },
  { kind: 'through-a-file', message: 'file not found: a part of the path is a file, not a folder' },
  { kind: 'symlink-loop', message: 'symbolic link loop' },
  { kind: 'broken-symlink', message: 'is a broken symbolic link' },
  { kind: 'named-pipe', message: 'is not a regular file (a named pipe)' },
  { kind: 'device', message: 'is not a regular file (a character device)' },
  { kind: 'too-large', message: 'file is too large' },
];

describe('answers paths that cannot be read', () => {
  it.each(INPUTS)('$kind → report and check exit 2: "$message"', ({ kind, message }) => {
    const path = makeInput(kind);
    const before = fingerprint(dir);
    for (const command of ['report', 'check']) {
      const result = runBin([command, path, ...(command === 'check' ? ['--min-score', '1'] : [])], { timeout: 20_000 });
      expectInvalid(result, `${path}: ${message}`);
      expect(result.stdout).toBe('');
    }
    expect(fingerprint(dir)).toBe(before);
  });

  it('unreadable (permission denied) → exit 2, file unchanged', () => {
    const path = join(dir, 'answers.yaml');
    writeFileSync(path, VALID_ANSWERS);
    chmodSync(path, 0o000);
    const before = fingerprint(dir);
    const result = runBin(['report', path], unprivileged());
    expectInvalid(result, `${path}: cannot read the file: permission denied (EACCES)`);
    expect(fingerprint(dir)).toBe(before);
  });

  it('a file of exactly the size limit is read; one byte more is refused', () => {
    const path = join(dir, 'answers.yaml');
    const padding = MAX_FILE_BYTES - Buffer.byteLength(VALID_ANSWERS) - 3;
    writeFileSync(path, `${VALID_ANSWERS}# ${'x'.repeat(padding)}\n`);
    expect(readFileSync(path).length).toBe(MAX_FILE_BYTES);
    expect(runBin(['report', path]).code).toBe(0);
    writeFileSync(path, `${VALID_ANSWERS}# ${'x'.repeat(padding + 1)}\n`);
    expectInvalid(
      runBin(['report', path]),
      `file is too large (1.00 MiB, ${MAX_FILE_BYTES + 1} bytes; the limit is 1 MiB)`,
    );
  });

  it.each([
    { name: 'a UTF-8 byte-order mark', text: `\uFEFF${VALID_ANSWERS}` },
    { name: 'CRLF line endings', text: VALID_ANSWERS.replace(/\n/g, '\r\n') },
  ])('$name is fine', ({ text }) => {
    const path = join(dir, 'answers.yaml');
    writeFileSync(path, text);
    const result = runBin(['report', path, '--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).team).toBe('Lumen Labs');
  });

  it('a problem after a byte-order mark is located as an editor shows it', () => {
    const path = join(dir, 'answers.yaml');
    writeFileSync(path, '\uFEFFrubric: 5\n');
    expectInvalid(runBin(['report', path]), `${path}:1:9: expected a mapping, found number 5 at rubric`);
    writeFileSync(path, '\uFEFFrubric: { id: scaling-playbook, version: 1.0.0 }\nteam: 5\u0000\n');
    expectInvalid(runBin(['report', path]), `${path}:2:8: not a text file: found a NUL byte`);
  });
});

describe('rubric folders that cannot be read', () => {
  const RUBRIC_COMMANDS = (rubric: string) => [
    ['rubric', 'validate', rubric],
    ['rubric', 'show', '--rubric', rubric],
    ['rubric', 'test', rubric],
    ['init', '--rubric', rubric, '--output', '-'],
    ['report', '--rubric', rubric, 'fixtures/answers/preseed-demo.yaml'],
    ['check', '--rubric', rubric, 'fixtures/answers/preseed-demo.yaml', '--min-score', '1'],
  ];

  it.each([
    { kind: 'missing', make: () => join(dir, 'nope'), message: 'rubric folder not found' },
    {
      kind: 'a file',
      make: () => (writeFileSync(join(dir, 'rubric'), 'x'), join(dir, 'rubric')),
      message: 'is a file, not a rubric folder',
    },
    {
      kind: 'through a file',
      make: () => (writeFileSync(join(dir, 'file'), 'x'), join(dir, 'file', 'rubric')),
      message: 'a part of the path is a file',
    },
    {
      kind: 'a symlink loop',
      make: () => (
        symlinkSync(join(dir, 'b'), join(dir, 'a')), symlinkSync(join(dir, 'a'), join(dir, 'b')), join(dir, 'a')
      ),
      message: 'symbolic link loop',
    },
    {
      kind: 'without rubric.yaml',
      make: () => (mkdirSync(join(dir, 'empty')), join(dir, 'empty')),
      message: 'no rubric.yaml in this folder',
    },
  ])('$kind → every command that reads a rubric exits 2: "$message"', ({ make, message }) => {
    const rubric = make();
    const before = fingerprint(dir);
    for (const args of RUBRIC_COMMANDS(rubric)) {
      const result = runBin(args);
      expectInvalid(result, message);
      expect(result.stdout, args.join(' ')).toBe('');
    }
    expect(fingerprint(dir)).toBe(before);
  });

  it('a step file that is a named pipe is refused without waiting for a writer', () => {
    const rubric = join(dir, 'rubric');
    mkdirSync(join(rubric, 'steps'), { recursive: true });
    writeFileSync(join(rubric, 'rubric.yaml'), readFileSync(join(CUSTOM_RUBRIC, 'rubric.yaml')));
    writeFileSync(
      join(rubric, 'steps', 'deflection.yaml'),
      readFileSync(join(CUSTOM_RUBRIC, 'steps', 'deflection.yaml')),
    );
    expect(spawnSync('mkfifo', [join(rubric, 'steps', 'quality.yaml')]).status).toBe(0);
    expectInvalid(
      runBin(['rubric', 'validate', rubric], { timeout: 20_000 }),
      'steps/quality.yaml: is not a regular file (a named pipe)',
    );
  });

  it('an unreadable rubric folder → exit 2 (permission denied)', () => {
    const rubric = join(dir, 'rubric');
    mkdirSync(rubric);
    writeFileSync(join(rubric, 'rubric.yaml'), readFileSync(join(CUSTOM_RUBRIC, 'rubric.yaml')));
    chmodSync(join(rubric, 'rubric.yaml'), 0o000);
    expectInvalid(runBin(['rubric', 'validate', rubric], unprivileged()), 'permission denied');
  });
});

describe('outputs: a failed command never truncates or changes an existing file', () => {
  const EXISTING = 'my precious report\n';

  function existing(name = 'report.md'): string {
    const path = join(dir, name);
    writeFileSync(path, EXISTING);
    return path;
  }

  it('report --output X with invalid answers leaves X as it was', () => {
    const output = existing();
    const before = fingerprint(dir);
    expectInvalid(
      runBin(['report', 'fixtures/invalid/duplicate-key-answer.yaml', '--output', output]),
      'duplicate key',
    );
    expect(readFileSync(output, 'utf8')).toBe(EXISTING);
    expect(fingerprint(dir)).toBe(before);
  });

  it('report --output X into a read-only folder leaves X as it was, and no temporary file behind', () => {
    const folder = join(dir, 'locked');
    mkdirSync(folder);
    const output = join(folder, 'report.md');
    writeFileSync(output, EXISTING);
    chmodSync(folder, 0o555);
    const before = fingerprint(dir);
    expectInvalid(
      runBin(['report', 'fixtures/answers/preseed-demo.yaml', '--format', 'md', '--output', output], unprivileged()),
      `${output}: cannot write the file (EACCES)`,
    );
    expect(fingerprint(dir)).toBe(before);
  });

  it.each([
    {
      kind: 'a folder',
      make: () => (mkdirSync(join(dir, 'out.md')), join(dir, 'out.md')),
      message: 'cannot write: it is a folder',
    },
    { kind: 'in a missing folder', make: () => join(dir, 'missing', 'out.md'), message: 'does not exist' },
    { kind: 'through a file', make: () => join(existing('file.md'), 'out.md'), message: 'is not a folder' },
  ])('report --output that is $kind → exit 2, nothing changed', ({ make, message }) => {
    const output = make();
    const before = fingerprint(dir);
    expectInvalid(runBin(['report', 'fixtures/answers/preseed-demo.yaml', '--output', output]), message);
    expect(fingerprint(dir)).toBe(before);
  });

  it.each([
    { kind: 'a broken --rubric', args: ['--rubric', BROKEN_RUBRIC, '--force'], message: 'hole between level' },
    {
      kind: 'an unknown --stage',
      args: ['--stage', 'series-z', '--force'],
      message: '--stage "series-z" is not a stage',
    },
    { kind: 'no --force', args: [], message: 'already exists: nothing was written' },
  ])('init --output X with $kind leaves X as it was', ({ args, message }) => {
    const output = existing('answers.yaml');
    const before = fingerprint(dir);
    expectInvalid(runBin(['init', '--output', output, ...args]), message);
    expect(fingerprint(dir)).toBe(before);
  });

  it('init --output X --force into a read-only folder leaves X as it was', () => {
    const folder = join(dir, 'locked');
    mkdirSync(folder);
    const output = join(folder, 'answers.yaml');
    writeFileSync(output, EXISTING);
    chmodSync(folder, 0o555);
    const before = fingerprint(dir);
    expectInvalid(runBin(['init', '--output', output, '--force'], unprivileged()), 'cannot write the file (EACCES)');
    expect(fingerprint(dir)).toBe(before);
  });

  it('a successful report --output replaces X whole and leaves no temporary file', () => {
    const output = existing();
    const result = runBin(['report', 'fixtures/answers/preseed-demo.yaml', '--format', 'md', '--output', output]);
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(output, 'utf8')).toBe(
      runBin(['report', 'fixtures/answers/preseed-demo.yaml', '--format', 'md']).stdout,
    );
    expect(readdirSync(dir)).toEqual(['report.md']);
  });
});
