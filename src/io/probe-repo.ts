// Repository probes: read-only looks at a local repository that verify or contradict an answer. They never run a
// program other than `git ls-files` (to respect .gitignore in a work tree), never touch the network, never follow a
// link out of the repository, and stop at a file, size and time budget, saying what they could not read.
import { execFileSync } from 'node:child_process';
import { closeSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseDocument, LineCounter, isMap, isSeq, isScalar, type Node } from 'yaml';
import type { Probe } from '../core/model.js';
import { compileGlob } from '../core/probe-patterns.js';
import type { ProbeHit, ProbeResult } from '../core/verification.js';

/** What a probe run may cost at most. */
export interface ProbeBudget {
  maxFiles: number;
  maxFileBytes: number;
  maxDepth: number;
  /** Wall-clock budget for listing and reading, in milliseconds. */
  timeMs: number;
  /** Longest line a content pattern is run on (longer lines are cut there). */
  maxLineLength: number;
}

export const DEFAULT_PROBE_BUDGET: ProbeBudget = {
  maxFiles: 20_000,
  maxFileBytes: 1024 * 1024,
  maxDepth: 32,
  timeMs: 5_000,
  maxLineLength: 1_000,
};

/** A repository opened for probing: its files, listed once, and what was skipped. */
export interface ProbedRepository {
  root: string;
  files: string[];
  /** Human-readable notes on what was not read (links out of the repository, budgets reached, unreadable files). */
  skipped: string[];
  incomplete: boolean;
  /** Cached reads. */
  read(file: string): string | undefined;
  outOfTime(): boolean;
}

const ALWAYS_SKIPPED = new Set(['.git', 'node_modules']);

/** Opens `root` for probing: lists its files (tracked and untracked-but-not-ignored in a git work tree). */
export function openRepository(root: string, budget: ProbeBudget = DEFAULT_PROBE_BUDGET): ProbedRepository {
  const started = Date.now();
  const realRoot = realpathSync(root);
  const skipped: string[] = [];
  let incomplete = false;
  const outOfTime = () => Date.now() - started > budget.timeMs;
  const listed = listWithGit(realRoot, budget) ?? walk(realRoot, budget, skipped, outOfTime);
  let files = listed.files;
  if (listed.incomplete) incomplete = true;
  if (files.length > budget.maxFiles) {
    skipped.push(`only the first ${budget.maxFiles} files were looked at (the repository has more)`);
    files = files.slice(0, budget.maxFiles);
    incomplete = true;
  }
  const cache = new Map<string, string | undefined>();
  const repository: ProbedRepository = {
    root: realRoot,
    files,
    skipped,
    get incomplete() {
      return incomplete;
    },
    outOfTime,
    read(file) {
      if (cache.has(file)) return cache.get(file);
      const text = readInside(realRoot, file, budget, (note) => {
        skipped.push(note);
        incomplete = true;
      });
      cache.set(file, text);
      return text;
    },
  };
  return repository;
}

function listWithGit(root: string, budget: ProbeBudget): { files: string[]; incomplete: boolean } | undefined {
  try {
    if (!statSync(join(root, '.git')).isDirectory() && !statSync(join(root, '.git')).isFile()) return undefined;
  } catch {
    return undefined;
  }
  try {
    const output = execFileSync('git', ['-C', root, 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      encoding: 'utf8',
      timeout: budget.timeMs,
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { PATH: process.env.PATH ?? '', GIT_CONFIG_NOSYSTEM: '1', HOME: '/nonexistent', LC_ALL: 'C' },
    });
    const files = output
      .split('\0')
      .filter((file) => file !== '' && !file.split('/').some((part) => ALWAYS_SKIPPED.has(part)));
    return { files, incomplete: false };
  } catch {
    return undefined;
  }
}

function walk(root: string, budget: ProbeBudget, skipped: string[], outOfTime: () => boolean) {
  const files: string[] = [];
  let incomplete = false;
  const visit = (dir: string, depth: number): void => {
    if (files.length > budget.maxFiles || incomplete) return;
    if (depth > budget.maxDepth) {
      skipped.push(`${relative(root, dir)}: deeper than ${budget.maxDepth} folders, not looked into`);
      incomplete = true;
      return;
    }
    if (outOfTime()) {
      skipped.push('the time budget ran out while listing files');
      incomplete = true;
      return;
    }
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      skipped.push(`${relative(root, dir) || '.'}: folder could not be read`);
      incomplete = true;
      return;
    }
    for (const name of names) {
      if (ALWAYS_SKIPPED.has(name)) continue;
      const full = join(dir, name);
      let stats: ReturnType<typeof lstatSync>;
      try {
        stats = lstatSync(full);
      } catch {
        continue;
      }
      // Linked folders are never entered (no loops, no way out); linked files are read only when they stay inside.
      if (stats.isDirectory()) visit(full, depth + 1);
      else if (stats.isFile() || stats.isSymbolicLink()) files.push(relative(root, full).split(sep).join('/'));
    }
  };
  visit(root, 0);
  return { files, incomplete };
}

function readInside(root: string, file: string, budget: ProbeBudget, note: (text: string) => void): string | undefined {
  const full = join(root, file);
  let real: string;
  try {
    real = realpathSync(full);
  } catch {
    note(`${file}: could not be resolved (a broken link?)`);
    return undefined;
  }
  if (real !== root && !real.startsWith(root + sep)) {
    note(`${file}: a link out of the repository, not read`);
    return undefined;
  }
  let descriptor: number | undefined;
  try {
    const stats = statSync(real);
    if (!stats.isFile()) return undefined;
    const size = Math.min(stats.size, budget.maxFileBytes);
    if (stats.size > budget.maxFileBytes)
      note(`${file}: larger than ${budget.maxFileBytes} bytes, only the first ${budget.maxFileBytes} read`);
    const buffer = Buffer.alloc(size);
    descriptor = openSync(real, 'r');
    let offset = 0;
    while (offset < size) {
      const count = readSync(descriptor, buffer, offset, size - offset, offset);
      if (count === 0) break;
      offset += count;
    }
    return buffer.subarray(0, offset).toString('utf8');
  } catch {
    note(`${file}: could not be read`);
    return undefined;
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

/** Runs one probe against an opened repository. */
export function runProbe(
  repository: ProbedRepository,
  probe: Probe,
  budget: ProbeBudget = DEFAULT_PROBE_BUDGET,
): ProbeResult {
  const hits: ProbeHit[] = [];
  const before = repository.skipped.length;
  if (probe.kind === 'dependency') {
    for (const file of repository.files) {
      if (repository.outOfTime()) break;
      const finder = dependencyFinderFor(file);
      if (!finder) continue;
      const text = repository.read(file);
      if (text === undefined) continue;
      const line = finder(text, probe.dependency);
      if (line !== undefined) hits.push({ file, line });
    }
  } else {
    const matcher = compileGlob(probe.glob);
    const contentPattern = probe.kind === 'content' ? new RegExp(probe.contains, 'u') : undefined;
    for (const file of repository.files) {
      if (!matcher.test(file)) continue;
      if (repository.outOfTime()) break;
      if (probe.kind === 'glob') hits.push({ file });
      else {
        const text = repository.read(file);
        if (text === undefined) continue;
        const found =
          probe.kind === 'content'
            ? findPattern(text, contentPattern!, budget.maxLineLength)
            : findKey(text, probe.key, probe.equals);
        if (found !== undefined) hits.push({ file, ...found });
      }
      if (hits.length >= 5) break;
    }
  }
  const incomplete =
    hits.length === 0 && (repository.incomplete || repository.skipped.length > before || repository.outOfTime());
  return { probe, hits, incomplete };
}

function findPattern(text: string, pattern: RegExp, maxLineLength: number): { line: number; text: string } | undefined {
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!.slice(0, maxLineLength);
    if (pattern.test(line)) return { line: index + 1, text: line.trim().slice(0, 120) };
  }
  return undefined;
}

/** A key path (`jobs.*.steps.*.uses`) in a YAML or JSON text, optionally with an expected value; returns its line. */
function findKey(
  text: string,
  path: string,
  equals: string | number | boolean | undefined,
): { line: number; text: string } | undefined {
  const lineCounter = new LineCounter();
  let document: ReturnType<typeof parseDocument>;
  try {
    document = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  } catch {
    return undefined;
  }
  if (document.errors.length > 0) return undefined;
  const parts = path.split('.');
  const search = (node: Node | null | undefined, index: number, depth: number): Node | undefined => {
    if (!node || depth > 64) return undefined;
    if (index === parts.length) {
      if (equals === undefined) return node;
      return isScalar(node) && String(node.value) === String(equals) ? node : undefined;
    }
    const part = parts[index]!;
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key === undefined || (part !== '*' && key !== part)) continue;
        const found = search(pair.value as Node, index + 1, depth + 1);
        if (found) return found;
      }
    } else if (isSeq(node)) {
      for (const [position, item] of node.items.entries()) {
        if (part !== '*' && part !== String(position)) continue;
        const found = search(item as Node, index + 1, depth + 1);
        if (found) return found;
      }
    }
    return undefined;
  };
  const found = search(document.contents as Node, 0, 0);
  if (!found) return undefined;
  const offset = found.range?.[0] ?? 0;
  const line = lineCounter.linePos(offset).line;
  return { line, text: (text.split('\n')[line - 1] ?? '').trim().slice(0, 120) };
}

type DependencyFinder = (text: string, name: string) => number | undefined;

/** The reader for a dependency manifest, by file name; undefined for other files. */
function dependencyFinderFor(file: string): DependencyFinder | undefined {
  const name = file.slice(file.lastIndexOf('/') + 1);
  if (name === 'package.json') return findInPackageJson;
  if (/^requirements.*\.txt$/.test(name)) return findInRequirements;
  if (name === 'pyproject.toml') return findInPyproject;
  if (name === 'go.mod') return findInGoMod;
  if (name === 'Cargo.toml') return findInCargo;
  return undefined;
}

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const pythonName = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-');

function findInPackageJson(text: string, name: string): number | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object') return undefined;
  const sections = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;
  const declared = sections.some((section) => {
    const deps = (parsed as Record<string, unknown>)[section];
    return deps !== null && typeof deps === 'object' && Object.hasOwn(deps, name);
  });
  if (!declared) return undefined;
  const at = text.search(new RegExp(`"${escapeRegExp(name)}"\\s*:`));
  return at < 0 ? 1 : lineOf(text, at);
}

function findInRequirements(text: string, name: string): number | undefined {
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const match = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(lines[index]!.replace(/#.*/, ''));
    if (match && pythonName(match[1]!) === pythonName(name)) return index + 1;
  }
  return undefined;
}

function findInPyproject(text: string, name: string): number | undefined {
  const lines = text.split('\n');
  let inDependencies = false;
  let inArray = false;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!.replace(/#.*/, '');
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      inDependencies = /dependencies/.test(header[1]!);
      inArray = false;
      continue;
    }
    if (/^\s*(dependencies|[a-z-]*dependencies)\s*=\s*\[/.test(line)) inArray = true;
    const candidates = [...line.matchAll(/["']([A-Za-z0-9][A-Za-z0-9._-]*)/g)].map((match) => match[1]!);
    const key = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*=/.exec(line)?.[1];
    if (inArray && candidates.some((candidate) => pythonName(candidate) === pythonName(name))) return index + 1;
    if (inDependencies && key !== undefined && pythonName(key) === pythonName(name)) return index + 1;
    if (inArray && line.includes(']')) inArray = false;
  }
  return undefined;
}

function findInGoMod(text: string, name: string): number | undefined {
  const lines = text.split('\n');
  let inBlock = false;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!.replace(/\/\/.*/, '').trim();
    if (/^require\s*\($/.test(line)) inBlock = true;
    else if (inBlock && line === ')') inBlock = false;
    const module = inBlock ? line.split(/\s+/)[0] : /^require\s+(\S+)/.exec(line)?.[1];
    if (module && (module === name || module.endsWith(`/${name}`))) return index + 1;
  }
  return undefined;
}

function findInCargo(text: string, name: string): number | undefined {
  const lines = text.split('\n');
  let inDependencies = false;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!.replace(/#.*/, '');
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      const section = header[1]!.trim();
      inDependencies = /(^|\.)(dev-|build-)?dependencies$/.test(section);
      if (new RegExp(`(^|\\.)(dev-|build-)?dependencies\\.${escapeRegExp(name)}$`).test(section)) return index + 1;
      continue;
    }
    if (inDependencies && new RegExp(`^\\s*"?${escapeRegExp(name)}"?\\s*=`).test(line)) return index + 1;
  }
  return undefined;
}
