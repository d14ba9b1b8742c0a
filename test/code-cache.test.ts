// The code cache (src/io/code-cache.ts): modules loaded through vm.Script with V8's cached data, kept under the user's
// cache folder per bundle build, Node version and flags. Cached data is used only when its checksums match the module's
// source and the data itself: damaged, foreign or V8-refused files are ignored and replaced; an unwritable folder is
// harmless; SCALEPLAY_CODE_CACHE=0 (or NODE_DISABLE_COMPILE_CACHE) turns it off. Then the real bin, end to end.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import module from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cacheFileBytes,
  codeCacheDir,
  commandTag,
  createCodeCacheLoader,
  readCacheFile,
} from '../src/io/code-cache.js';
import { ownedAndPrivate } from '../src/io/private-file.js';
import { fixture, runBin, tempDir } from './helpers/cli.js';

/** A small CommonJS "bundle": an entry requiring a chunk (and a built-in), as dist/main.js requires its chunks. */
function writeBundle(root: string, answer = 42): string {
  mkdirSync(join(root, 'chunks'), { recursive: true });
  writeFileSync(
    join(root, 'chunks', 'chunk-A.js'),
    `const { join } = require('node:path');\nexports.answer = () => ${answer};\nexports.joined = join('a', 'b');\n`,
  );
  writeFileSync(
    join(root, 'main.js'),
    "const chunk = require('./chunks/chunk-A.js');\nconst again = require('./chunks/chunk-A.js');\n" +
      'module.exports = { answer: chunk.answer(), same: chunk === again, joined: chunk.joined, file: __filename };\n',
  );
  return join(root, 'main.js');
}

interface Loaded {
  answer: number;
  same: boolean;
  joined: string;
  file: string;
}

/** Loads the bundle with a fresh loader (a new process, as far as the cache can tell) and saves; returns both. */
function loadOnce(main: string, dir: string | undefined, tag = 'check') {
  const loader = createCodeCacheLoader({ dir, tag });
  const exports = loader.load(main) as Loaded;
  return { exports, written: loader.save() };
}

const cacheFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

describe('the code cache loader', () => {
  it('runs the modules as CommonJS (relative requires once each, built-ins, __filename) and caches each file', () => {
    const root = tempDir();
    const main = writeBundle(root);
    const dir = join(root, 'cache', 'build-1');
    const first = loadOnce(main, dir);
    expect(first.exports).toEqual({ answer: 42, same: true, joined: join('a', 'b'), file: main });
    expect(first.written).toBe(2);
    expect(cacheFiles(dir)).toEqual(['chunks_chunk-A.js.v8', 'main.js.v8']);
    expect(readFileSync(join(dir, 'main.js.v8')).subarray(0, 21).toString()).toBe('scaleplay code cache ');
  });

  it('a later run reads what the first wrote: V8 takes it and nothing is written again', () => {
    const root = tempDir();
    const main = writeBundle(root);
    const dir = join(root, 'cache');
    loadOnce(main, dir);
    const before = cacheFiles(dir).map((name) => statSync(join(dir, name)).mtimeMs);
    const second = loadOnce(main, dir);
    expect(second.exports.answer).toBe(42);
    expect(second.written).toBe(0);
    expect(cacheFiles(dir).map((name) => statSync(join(dir, name)).mtimeMs)).toEqual(before);
  });

  it('a run of another command refreshes the files once, then records both commands', () => {
    const root = tempDir();
    const main = writeBundle(root);
    const dir = join(root, 'cache');
    loadOnce(main, dir, 'check');
    expect(loadOnce(main, dir, 'report').written).toBe(2);
    expect(loadOnce(main, dir, 'report').written).toBe(0);
    expect(loadOnce(main, dir, 'check').written).toBe(0);
    const source = readFileSync(main, 'utf8');
    expect(readCacheFile(join(dir, 'main.js.v8'), source)?.tags).toEqual(['check', 'report']);
  });

  it.each([
    [
      'a flipped byte in the data',
      (bytes: Buffer) => bytes.map((byte, at) => (at === bytes.length - 5 ? byte ^ 0xff : byte)),
    ],
    ['a flipped byte in the checksum', (bytes: Buffer) => bytes.map((byte, at) => (at === 25 ? byte ^ 0xff : byte))],
    ['a truncated file', (bytes: Buffer) => bytes.subarray(0, bytes.length >> 1)],
    ['an empty file', () => Buffer.alloc(0)],
    ['another program’s file', () => Buffer.from('not a cache file at all\n')],
  ])('%s is ignored: the module runs from its source, and the file is replaced', (_, damage) => {
    const root = tempDir();
    const main = writeBundle(root);
    const dir = join(root, 'cache');
    loadOnce(main, dir);
    const file = join(dir, 'chunks_chunk-A.js.v8');
    const chunkSource = readFileSync(join(root, 'chunks', 'chunk-A.js'), 'utf8');
    writeFileSync(file, damage(readFileSync(file)));
    expect(readCacheFile(file, chunkSource)).toBeUndefined();
    const again = loadOnce(main, dir);
    expect(again.exports.answer).toBe(42);
    expect(again.written).toBe(1);
    expect(readCacheFile(file, chunkSource)).toBeDefined();
  });

  it('keeps its folder and files private, and never uses a file that others could have written', () => {
    const root = tempDir();
    const main = writeBundle(root);
    const dir = join(root, 'cache');
    loadOnce(main, dir);
    const file = join(dir, 'main.js.v8');
    const source = readFileSync(main, 'utf8');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readCacheFile(file, source)).toBeDefined();
    // Writable by the group or by everyone: sound checksums or not, it is not read, and the next run replaces it.
    for (const mode of [0o620, 0o606]) {
      chmodSync(file, mode);
      expect(readCacheFile(file, source)).toBeUndefined();
      expect(loadOnce(main, dir).written).toBe(1);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }
    expect(ownedAndPrivate({ uid: process.getuid!() + 1, mode: 0o100600 })).toBe(false);
    expect(ownedAndPrivate({ uid: process.getuid!(), mode: 0o100644 })).toBe(true);
  });

  it('data made for other code of the same length (which V8 itself would run) is never used', () => {
    const root = tempDir();
    const dir = join(root, 'cache');
    loadOnce(writeBundle(root, 42), dir);
    // Same length, other code: V8 checks only the length, so without the source checksum it would answer 42.
    const main = writeBundle(root, 43);
    const again = loadOnce(main, dir);
    expect(again.exports.answer).toBe(43);
    expect(again.written).toBe(1);
  });

  it('data V8 refuses (another V8, other flags) is replaced, even with sound checksums', () => {
    const root = tempDir();
    const main = writeBundle(root);
    const dir = join(root, 'cache');
    mkdirSync(dir, { recursive: true });
    const source = readFileSync(main, 'utf8');
    writeFileSync(
      join(dir, 'main.js.v8'),
      cacheFileBytes(source, Buffer.from('V8 data of some other build'), ['check']),
      { mode: 0o600 },
    );
    expect(readCacheFile(join(dir, 'main.js.v8'), source)).toBeDefined();
    const run = loadOnce(main, dir);
    expect(run.exports.answer).toBe(42);
    expect(run.written).toBe(2);
    expect(readCacheFile(join(dir, 'main.js.v8'), source)?.data.toString()).not.toBe('V8 data of some other build');
  });

  it('an unwritable cache folder is harmless: the modules run, nothing is written, nothing is thrown', () => {
    const root = tempDir();
    const main = writeBundle(root);
    // A folder inside a regular file cannot be made, even by root.
    writeFileSync(join(root, 'plain-file'), '');
    const run = loadOnce(main, join(root, 'plain-file', 'cache'));
    expect(run.exports.answer).toBe(42);
    expect(run.written).toBe(0);
  });

  it('without a folder (the cache off) the modules run the same and nothing is written', () => {
    const root = tempDir();
    const main = writeBundle(root);
    expect(loadOnce(main, undefined)).toEqual({
      exports: { answer: 42, same: true, joined: join('a', 'b'), file: main },
      written: 0,
    });
    expect(readdirSync(root).sort()).toEqual(['chunks', 'main.js']);
  });

  it('a new cache folder (another build) removes the oldest beyond four', () => {
    const root = tempDir();
    const main = writeBundle(root);
    const code = join(root, 'code');
    for (const [index, name] of ['old-1', 'old-2', 'old-3', 'old-4', 'old-5'].entries()) {
      mkdirSync(join(code, name), { recursive: true });
      utimesSync(join(code, name), 1000 + index, 1000 + index);
    }
    loadOnce(main, join(code, 'new'));
    expect(readdirSync(code).sort()).toEqual(['new', 'old-3', 'old-4', 'old-5']);
  });
});

describe('where the code cache lives', () => {
  const runtime = { version: 'v20.19.0', arch: 'x64', execArgv: [] as string[] };

  it('under $XDG_CACHE_HOME when absolute, else ~/.cache; a folder per build, Node version, architecture and flags', () => {
    const dir = codeCacheDir({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/a' }, 'b1', runtime);
    expect(dir).toMatch(/^\/x\/cache\/scaleplay\/code\/b1-v20\.19\.0-x64-[0-9a-f]+$/);
    expect(codeCacheDir({ XDG_CACHE_HOME: 'relative', HOME: '/home/a' }, 'b1', runtime)).toMatch(
      /^\/home\/a\/\.cache\/scaleplay\/code\/b1-/,
    );
    expect(codeCacheDir({ HOME: '/home/a' }, 'b2', runtime)).not.toBe(codeCacheDir({ HOME: '/home/a' }, 'b1', runtime));
    expect(codeCacheDir({ HOME: '/home/a' }, 'b1', { ...runtime, version: 'v20.20.0' })).not.toBe(
      codeCacheDir({ HOME: '/home/a' }, 'b1', runtime),
    );
    expect(codeCacheDir({ HOME: '/home/a' }, 'b1', { ...runtime, execArgv: ['--max-old-space-size=100'] })).not.toBe(
      codeCacheDir({ HOME: '/home/a' }, 'b1', runtime),
    );
    expect(codeCacheDir({ HOME: '/home/a', NODE_OPTIONS: '--jitless' }, 'b1', runtime)).not.toBe(
      codeCacheDir({ HOME: '/home/a' }, 'b1', runtime),
    );
  });

  it.each([
    ['SCALEPLAY_CODE_CACHE=0', { HOME: '/home/a', SCALEPLAY_CODE_CACHE: '0' }],
    ['NODE_DISABLE_COMPILE_CACHE=1', { HOME: '/home/a', NODE_DISABLE_COMPILE_CACHE: '1' }],
    ['neither HOME nor XDG_CACHE_HOME', {}],
    ['only relative folders', { HOME: 'home', XDG_CACHE_HOME: 'cache' }],
  ])('nowhere with %s', (_, env) => {
    expect(codeCacheDir(env, 'b1', runtime)).toBeUndefined();
  });

  it.each([
    [['node', 'scaleplay', 'check', 'a.yaml'], 'check'],
    [['node', 'scaleplay', '--no-color', 'report', 'a.yaml'], 'report'],
    [['node', 'scaleplay', 'rubric', 'validate'], 'rubric'],
    [['node', 'scaleplay', '--help'], '-'],
    [['node', 'scaleplay', 'Some,Thing'], '-'],
  ])('the command of %o is %s', (argv, tag) => {
    expect(commandTag(argv)).toBe(tag);
  });
});

// The real bin. On Node 22.1 and later Node's own compile cache is used instead (the bin turns it on), and scaleplay
// writes no code cache: the same runs must then leave the folder alone.
const OURS = typeof (module as { enableCompileCache?: unknown }).enableCompileCache !== 'function';

describe('the bin with its code cache', () => {
  const answers = fixture('answers', 'mistral-2026.yaml');
  const codeFiles = (cache: string): string[] => {
    const code = join(cache, 'scaleplay', 'code');
    return existsSync(code)
      ? readdirSync(code).flatMap((build) => readdirSync(join(code, build)).map((name) => join(code, build, name)))
      : [];
  };

  it('writes the cache on the first run, uses it on the next, and prints the same either way', () => {
    const cache = join(tempDir(), 'cache');
    const first = runBin(['check', answers], { env: { XDG_CACHE_HOME: cache } });
    expect(first).toMatchObject({ code: 0, stderr: '' });
    const files = codeFiles(cache);
    if (OURS) expect(files.map((file) => file.slice(file.lastIndexOf('/') + 1))).toContain('main.js.v8');
    else expect(files).toEqual([]);
    const times = files.map((file) => statSync(file).mtimeMs);
    const second = runBin(['check', answers], { env: { XDG_CACHE_HOME: cache } });
    expect(second).toEqual(first);
    expect(files.map((file) => statSync(file).mtimeMs)).toEqual(times);
  });

  it('damaged cache files are ignored and rewritten; the output does not change', () => {
    const cache = join(tempDir(), 'cache');
    const first = runBin(['report', answers, '--format', 'json'], { env: { XDG_CACHE_HOME: cache } });
    expect(first.code).toBe(0);
    const files = codeFiles(cache);
    for (const file of files) {
      const bytes = readFileSync(file);
      // Keep the header, scramble the data V8 would read.
      for (let at = 60; at < bytes.length; at += 7) bytes[at] = (bytes[at]! * 31 + 17) & 0xff;
      writeFileSync(file, bytes);
    }
    const again = runBin(['report', answers, '--format', 'json'], { env: { XDG_CACHE_HOME: cache } });
    expect(again).toEqual(first);
    if (OURS) {
      expect(files.length).toBeGreaterThan(5);
      for (const file of files) expect(readFileSync(file).subarray(0, 20).toString()).toBe('scaleplay code cache');
      expect(runBin(['report', answers, '--format', 'json'], { env: { XDG_CACHE_HOME: cache } })).toEqual(first);
    }
  });

  it('SCALEPLAY_CODE_CACHE=0 writes nothing; an unwritable cache folder changes nothing', () => {
    const root = tempDir();
    const off = runBin(['check', answers], { env: { XDG_CACHE_HOME: join(root, 'off'), SCALEPLAY_CODE_CACHE: '0' } });
    expect(off).toMatchObject({ code: 0, stderr: '' });
    expect(existsSync(join(root, 'off'))).toBe(false);
    writeFileSync(join(root, 'file'), '');
    const unwritable = runBin(['check', answers], { env: { XDG_CACHE_HOME: join(root, 'file') } });
    expect(unwritable).toEqual(off);
  });
});
