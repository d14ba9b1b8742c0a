// The code cache for Node versions without `module.enableCompileCache()` (Node 20 and 22.0): the bin loads the bundle
// (dist/main.js and the chunks it requires, CommonJS) through `vm.Script` with V8's cached data, so a later run skips
// parsing and compiling it, including the functions the earlier run compiled lazily. Files live under the user's cache
// folder ($XDG_CACHE_HOME/scaleplay/code, else ~/.cache/scaleplay/code), in a folder per bundle build, Node version,
// architecture and V8 flags. V8 checks little itself (a changed file of the same length passes, and so do damaged
// bytes), so every file carries a CRC-32 of the module's source and of the data: anything else is ignored and
// replaced (a CRC, from node:zlib: node:crypto alone costs 2 ms to load). Writes are atomic and best effort: an unwritable folder means no cache. SCALEPLAY_CODE_CACHE=0 (or
// NODE_DISABLE_COMPILE_CACHE, Node's own switch) turns it off. Built on its own as dist/code-cache.js.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import module from 'node:module';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { Script } from 'node:vm';
import { crc32 } from 'node:zlib';
import { ownedAndPrivate } from './private-file.js';

declare const SCALEPLAY_BUNDLE: string | undefined;

/** The first bytes of every cache file (bump the number when the layout changes). */
const MAGIC = Buffer.from('scaleplay code cache 1\n');
const HASH_BYTES = 8;
/** Cache folders (builds × Node versions) kept; older ones are removed when a new one is made. */
const MAX_FOLDERS = 4;
/** Commands a cache file records having run with (a new one refreshes it once, so its functions are cached too). */
const MAX_TAGS = 32;

/** A CommonJS module as the bundle sees it. */
interface LoadedModule {
  exports: unknown;
}

/** One module's cache state after loading: whether its file must be (re)written at the end of the run, and with what. */
interface CacheSlot {
  script: Script;
  /** The module's bytes, as read. */
  source: Uint8Array;
  file: string;
  tags: string[];
}

export interface CodeCacheOptions {
  /** The folder of this build's cache files; undefined: no cache (the modules are still loaded the same way). */
  dir: string | undefined;
  /** What this run is (its command): files made by runs of other commands are refreshed once with this run's code. */
  tag: string;
}

/** Loads CommonJS modules through V8's code cache; `save()` writes what this run compiled anew. */
export interface CodeCacheLoader {
  /** Runs `file` (and, through its `require`, every relative module it needs) and returns its exports. */
  load(file: string): unknown;
  /** Writes the cache files that were missing, damaged, rejected by V8 or made by other commands; returns how many. */
  save(): number;
}

/** A loader of CommonJS files with V8 cached data read from, and written to, `options.dir`. */
export function createCodeCacheLoader(options: CodeCacheOptions): CodeCacheLoader {
  const modules = new Map<string, LoadedModule>();
  const stale: CacheSlot[] = [];
  let root: string | undefined;

  const load = (file: string): unknown => {
    const known = modules.get(file);
    if (known) return known.exports;
    const loaded: LoadedModule = { exports: {} };
    modules.set(file, loaded);
    root ??= dirname(file);
    // The bytes are checked as read (a CRC of a string would encode it again first).
    const bytes = readFileSync(file);
    const source = bytes.toString('utf8');
    const cacheFile = options.dir === undefined ? undefined : join(options.dir, cacheFileName(root, file));
    const cached = cacheFile === undefined ? undefined : readCacheFile(cacheFile, bytes);
    const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
      filename: file,
      ...(cached && { cachedData: cached.data }),
    });
    if (
      cacheFile !== undefined &&
      (cached === undefined || script.cachedDataRejected || !cached.tags.includes(options.tag))
    ) {
      const tags = cached && !script.cachedDataRejected ? cached.tags : [];
      stale.push({ script, source: bytes, file: cacheFile, tags: [...tags, options.tag].slice(-MAX_TAGS) });
    }
    const dir = dirname(file);
    const requireBuiltin = module.createRequire(file);
    const requireFrom = (specifier: string): unknown =>
      specifier.startsWith('./') || specifier.startsWith('../')
        ? load(resolve(dir, specifier))
        : requireBuiltin(specifier);
    (script.runInThisContext() as ModuleFunction).call(loaded.exports, loaded.exports, requireFrom, loaded, file, dir);
    return loaded.exports;
  };

  const save = (): number => {
    if (options.dir === undefined || stale.length === 0) return 0;
    let written = 0;
    try {
      makeFolder(options.dir);
    } catch {
      return 0;
    }
    for (const slot of stale.splice(0)) {
      try {
        writeAtomically(slot.file, cacheFileBytes(slot.source, slot.script.createCachedData(), slot.tags));
        written++;
      } catch {
        // Best effort: a full disk or a read-only folder only means a slower next start.
      }
    }
    return written;
  };

  return { load, save };
}

type ModuleFunction = (
  this: unknown,
  exports: unknown,
  require: (specifier: string) => unknown,
  module: LoadedModule,
  filename: string,
  dirname: string,
) => void;

/**
 * The cache folder for a bundle build (`bundleId`) on this Node: $XDG_CACHE_HOME (when absolute) or $HOME/.cache, then
 * scaleplay/code/<build>-<node version>-<arch>-<flags>; undefined when neither is set or the cache is turned off.
 */
export function codeCacheDir(
  env: NodeJS.ProcessEnv,
  bundleId: string,
  runtime: { version: string; arch: string; execArgv: readonly string[] } = process,
): string | undefined {
  if (env.SCALEPLAY_CODE_CACHE === '0' || (env.NODE_DISABLE_COMPILE_CACHE ?? '') !== '') return undefined;
  const xdg = env.XDG_CACHE_HOME;
  const home = env.HOME;
  const base =
    xdg && isAbsolute(xdg) ? join(xdg, 'scaleplay') : home && isAbsolute(home) ? join(home, '.cache', 'scaleplay') : '';
  if (base === '') return undefined;
  // V8 refuses data made under other flags; a folder per flag set keeps runs with different flags from overwriting
  // each other's files.
  const flags = crc32(`${runtime.execArgv.join('\0')}\0${env.NODE_OPTIONS ?? ''}`).toString(16);
  const name = `${bundleId}-${runtime.version}-${runtime.arch}-${flags}`.replace(/[^\w.-]/g, '_');
  return join(base, 'code', name);
}

/**
 * Runs the bundle's entry `main` (the bin calls this): through Node's own loader where Node has a compile cache
 * (`module.enableCompileCache`, turned on by the bin) or the cache is off, else through the code cache loader, whose
 * new files are written when the process exits.
 */
export function runBundle(
  main: string,
  argv: readonly string[] = process.argv,
  env: NodeJS.ProcessEnv = process.env,
  bundleId = typeof SCALEPLAY_BUNDLE === 'string' ? SCALEPLAY_BUNDLE : 'dev',
): void {
  const nodeHasCompileCache = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function';
  const dir = nodeHasCompileCache ? undefined : codeCacheDir(env, bundleId);
  if (dir === undefined) {
    module.createRequire(main)(main);
    return;
  }
  const loader = createCodeCacheLoader({ dir, tag: commandTag(argv) });
  process.once('exit', () => loader.save());
  loader.load(main);
}

/** The command a run's arguments name (the first that is not an option), as a short tag; "-" when there is none. */
export function commandTag(argv: readonly string[]): string {
  const command = argv.slice(2).find((arg) => !arg.startsWith('-'));
  return command !== undefined && /^[a-z][a-z-]{0,23}$/.test(command) ? command : '-';
}

/** A cache file: MAGIC, CRC-32s of the source and of (tags, data), the tags line, then V8's data. */
export function cacheFileBytes(source: string | Uint8Array, data: Buffer, tags: readonly string[]): Buffer {
  const tagLine = Buffer.from(`${tags.join(',')}\n`);
  return Buffer.concat([MAGIC, checksum(source, tagLine, data), tagLine, data]);
}

/**
 * The cached data and tags of a cache file made for `source` (the module's text, or its bytes: the same CRC); undefined
 * when missing, damaged or made for other code.
 */
export function readCacheFile(file: string, source: string | Uint8Array): { data: Buffer; tags: string[] } | undefined {
  let bytes: Buffer;
  try {
    // Cached data is code V8 runs: only ever from a file this user owns and nobody else can write.
    if (!ownedAndPrivate(statSync(file))) return undefined;
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const start = MAGIC.length + HASH_BYTES;
  if (bytes.length <= start || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const newline = bytes.indexOf(10, start);
  if (newline < 0) return undefined;
  const tagLine = bytes.subarray(start, newline + 1);
  const data = bytes.subarray(newline + 1);
  if (!checksum(source, tagLine, data).equals(bytes.subarray(MAGIC.length, start))) return undefined;
  return { data, tags: tagLine.toString('utf8').trimEnd().split(',') };
}

function checksum(source: string | Uint8Array, tagLine: Buffer, data: Buffer): Buffer {
  const sums = Buffer.alloc(HASH_BYTES);
  sums.writeUInt32LE(crc32(source), 0);
  sums.writeUInt32LE(crc32(data, crc32(tagLine)), 4);
  return sums;
}

/** The cache file of a module: its path under the bundle folder, flattened. */
function cacheFileName(root: string, file: string): string {
  return `${relative(root, file).replace(/[^\w.-]/g, '_')}.v8`;
}

/** Makes the cache folder; a new one also removes the oldest sibling folders beyond MAX_FOLDERS (other builds). */
function makeFolder(dir: string): void {
  try {
    if (statSync(dir).isDirectory()) return;
  } catch {
    // Not there yet.
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const parent = dirname(dir);
  const siblings = readdirSync(parent)
    .map((name) => ({ path: join(parent, name), time: modifiedAt(join(parent, name)) }))
    .sort((a, b) => b.time - a.time);
  for (const old of siblings.slice(MAX_FOLDERS)) rmSync(old.path, { recursive: true, force: true });
}

function modifiedAt(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** Writes `file` whole or not at all: a temporary file beside it, then a rename. */
function writeAtomically(file: string, bytes: Buffer): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, bytes, { mode: 0o600 });
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
