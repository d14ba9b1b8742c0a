// The compiled-rubric cache: a custom rubric folder, once loaded and validated, is kept as JSON under the user's cache
// folder ($XDG_CACHE_HOME/scaleplay/rubrics, else ~/.cache/scaleplay/rubrics), so later commands skip parsing and
// validating its YAML. An entry is found by, and checked against, a hash of the folder's files (their names and bytes)
// and of the scaleplay build: it is never used for other files, a corrupt entry is ignored (and replaced), and a folder
// whose files are not all plain, bounded regular files is never cached (loading it the usual way reports why).
// `--no-cache` turns it off. Writing is best effort: a read-only cache folder just means no cache.
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Rubric } from '../core/model.js';
import { ownedAndPrivate } from './private-file.js';
import type { Problem } from '../errors.js';
import { noteFileRead } from './files-read.js';
import { MAX_FILE_BYTES } from './yaml-file.js';

declare const SCALEPLAY_BUILD: string | undefined;

/** Bump when the entry layout changes. */
const CACHE_FORMAT = 1;
/** Entries kept; the oldest beyond this are removed when a new one is written. */
const MAX_ENTRIES = 64;

/** A problem whose file is stored relative to the rubric folder (e.g. steps/wedge.yaml). */
type StoredProblem = Problem;

interface CacheEntry {
  format: number;
  build: string;
  sourceHash: string;
  rubric: Rubric;
  warnings: StoredProblem[];
  /** `rubric validate`'s lint findings, located; absent until validate has run on these files. */
  lint?: { warnings: StoredProblem[]; errors: StoredProblem[] };
}

/** What a cached load gives back (problem files as the user would see them from `cwd`). */
export interface CachedRubric {
  rubric: Rubric;
  warnings: Problem[];
  lint?: LocatedLint;
}

/** `rubric validate`'s lint findings, located in the files: warnings, and errors (which fail validate). */
export interface LocatedLint {
  warnings: Problem[];
  errors: Problem[];
}

/** The cache folder from the environment: $XDG_CACHE_HOME (when absolute) or $HOME/.cache, then scaleplay/rubrics. */
export function rubricCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, 'scaleplay', 'rubrics');
  const home = env.HOME;
  return home && isAbsolute(home) ? join(home, '.cache', 'scaleplay', 'rubrics') : undefined;
}

/** A SHA-256 hasher. node:crypto is loaded on first use: `check` on the built-in playbook never hashes a rubric. */
function sha256() {
  return process.getBuiltinModule('node:crypto').createHash('sha256');
}

/** The build the cache belongs to: entries of another build are not read. */
function buildId(): string {
  return typeof SCALEPLAY_BUILD === 'string' ? SCALEPLAY_BUILD : 'dev';
}

/**
 * A hash of a rubric folder's files: the names in it and in steps/, and the bytes of rubric.yaml and of every
 * steps/*.yaml|yml. Undefined when a file is not a regular file (a symbolic link, a pipe…) or is over the size limit:
 * such folders are loaded the usual way, which reports what is wrong.
 */
export function hashRubricFolder(dir: string, cwd = '.'): string | undefined {
  try {
    const hash = sha256();
    const stepsDir = join(dir, 'steps');
    const steps = readdirSync(stepsDir).sort();
    const files = ['rubric.yaml', ...steps.filter((name) => /\.ya?ml$/i.test(name)).map((name) => `steps/${name}`)];
    hash.update(`steps:${steps.join('\0')}\0`);
    for (const file of files) {
      const path = join(dir, file);
      const stats = lstatSync(path);
      if (!stats.isFile() || stats.size > MAX_FILE_BYTES) return undefined;
      hash.update(`${file}\0${stats.size}\0`).update(readFileSync(path)).update('\0');
      // Read here, so no output of this command may replace it (as when the YAML is parsed).
      noteFileRead(shownPath(cwd, path), path, stats);
    }
    return hash.digest('hex');
  } catch {
    return undefined;
  }
}

/** One rubric folder's place in the cache. */
export class RubricCache {
  readonly #file: string;
  readonly #sourceHash: string;
  readonly #dir: string;
  readonly #cwd: string;

  private constructor(cacheDir: string, dir: string, cwd: string, sourceHash: string) {
    this.#sourceHash = sourceHash;
    this.#dir = dir;
    this.#cwd = cwd;
    const key = sha256().update(`${CACHE_FORMAT}\0${buildId()}\0${sourceHash}`).digest('hex');
    this.#file = join(cacheDir, `${key}.json`);
  }

  /** The cache of the folder `given` (relative to `cwd`), or undefined when the folder cannot be cached. */
  static open(cacheDir: string, given: string, cwd: string): RubricCache | undefined {
    const dir = resolve(cwd, given);
    const sourceHash = hashRubricFolder(dir, cwd);
    return sourceHash === undefined ? undefined : new RubricCache(cacheDir, dir, cwd, sourceHash);
  }

  /** The cached rubric, when there is an entry for exactly these files and it is sound; else undefined. */
  read(): CachedRubric | undefined {
    let entry: unknown;
    try {
      if (!ownedAndPrivate(statSync(this.#file))) return undefined;
      entry = JSON.parse(readFileSync(this.#file, 'utf8'));
    } catch {
      return undefined;
    }
    if (!isEntry(entry) || entry.sourceHash !== this.#sourceHash || entry.build !== buildId()) return undefined;
    return {
      rubric: entry.rubric,
      warnings: entry.warnings.map((problem) => this.#fromStored(problem)),
      ...(entry.lint && {
        lint: {
          warnings: entry.lint.warnings.map((problem) => this.#fromStored(problem)),
          errors: entry.lint.errors.map((problem) => this.#fromStored(problem)),
        },
      }),
    };
  }

  /** Stores a rubric that loaded without problems (with its warnings and, from validate, its lint findings). */
  write(value: CachedRubric): void {
    const entry: CacheEntry = {
      format: CACHE_FORMAT,
      build: buildId(),
      sourceHash: this.#sourceHash,
      rubric: value.rubric,
      warnings: value.warnings.map((problem) => this.#toStored(problem)),
      ...(value.lint && {
        lint: {
          warnings: value.lint.warnings.map((problem) => this.#toStored(problem)),
          errors: value.lint.errors.map((problem) => this.#toStored(problem)),
        },
      }),
    };
    const folder = join(this.#file, '..');
    const temporary = `${this.#file}.${process.pid}.tmp`;
    try {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      writeFileSync(temporary, JSON.stringify(entry), { mode: 0o600 });
      renameSync(temporary, this.#file);
      prune(folder);
    } catch {
      rmSync(temporary, { force: true });
    }
  }

  #toStored(problem: Problem): StoredProblem {
    return { ...problem, file: relative(this.#dir, resolve(this.#cwd, problem.file)) };
  }

  #fromStored(problem: StoredProblem): Problem {
    return { ...problem, file: shownPath(this.#cwd, join(this.#dir, problem.file)) };
  }
}

/** A path as messages show it: relative to the working folder when inside it, else absolute. */
function shownPath(cwd: string, path: string): string {
  const shown = relative(resolve(cwd), path);
  return shown.startsWith('..') || shown === '' ? path : shown;
}

function isEntry(value: unknown): value is CacheEntry {
  if (value === null || typeof value !== 'object') return false;
  const entry = value as Partial<CacheEntry>;
  const rubric = entry.rubric as Partial<Rubric> | undefined;
  const problems = (list: unknown) =>
    Array.isArray(list) &&
    list.every(
      (item) =>
        item !== null && typeof item === 'object' && typeof item.file === 'string' && typeof item.message === 'string',
    );
  return (
    entry.format === CACHE_FORMAT &&
    typeof entry.sourceHash === 'string' &&
    rubric !== null &&
    typeof rubric === 'object' &&
    typeof rubric.id === 'string' &&
    typeof rubric.version === 'string' &&
    Array.isArray(rubric.steps) &&
    rubric.steps.every((step) => step !== null && typeof step === 'object' && Array.isArray(step.questions)) &&
    Array.isArray(rubric.levels) &&
    Array.isArray(rubric.stages) &&
    problems(entry.warnings) &&
    (entry.lint === undefined || (problems(entry.lint.warnings) && problems(entry.lint.errors)))
  );
}

/** Keeps the newest MAX_ENTRIES entries (and leaves stray temporary files of crashed writers for an hour). */
function prune(folder: string): void {
  const names = readdirSync(folder);
  if (names.length <= MAX_ENTRIES) return;
  const entries = names
    .map((name) => ({ name, time: statSync(join(folder, name)).mtimeMs }))
    .sort((a, b) => b.time - a.time);
  for (const { name, time } of entries.slice(MAX_ENTRIES)) {
    if (name.endsWith('.json') || Date.now() - time > 3_600_000) rmSync(join(folder, name), { force: true });
  }
}
