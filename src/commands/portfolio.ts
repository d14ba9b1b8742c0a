// `scaleplay portfolio DIR|FILES…`: many teams side by side, with percentiles across the set. The rubric is loaded once;
// files that fail to load are listed on stderr and the rest are reported (exit 2 only when none loads).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { assemblePortfolio, type PortfolioRow } from '../core/portfolio.js';
import type { CommonFlags, PortfolioFlags } from '../cli.js';
import { EXIT, formatProblem, InputError, UsageError, type ExitCode, type Problem } from '../errors.js';
import { claimFrom, scoreOne, scoreShare, type PortfolioShare, type PortfolioWork } from './portfolio-share.js';
import { renderPortfolio } from '../render/registry.js';
import { safeText } from '../render/channels.js';
import { fileIdentity } from '../io/files-read.js';
import { pathIn, type Io } from '../runtime.js';
import { requireStage, rubricFor, themeFor } from './shared.js';

/** Options of `scaleplay portfolio`, as declared in src/cli.ts; `inputs` are folders (their *.yaml and *.yml files, not
 * recursive) and files. */
export type PortfolioOptions = PortfolioFlags & CommonFlags & { inputs: string[] };

/** Prints the portfolio; returns 0 when at least one file loaded. */
export async function runPortfolio(options: PortfolioOptions, io: Io): Promise<ExitCode> {
  const { rubric } = rubricFor(io, options.rubric, undefined, options);
  requireStage(rubric, options.stage);
  const sort = options.sort ?? 'overall';
  if (sort !== 'overall' && !rubric.steps.some((step) => step.id === sort)) {
    throw new UsageError(
      `--sort "${sort}" is not "overall" or a step (expected one of: overall, ${rubric.steps.map((step) => step.id).join(', ')})`,
    );
  }
  const files = expandInputs(options.inputs, io);
  const stage = options.stage === undefined ? {} : { stage: options.stage };
  const { rows, errors, drifted, discounted } = await scoreFiles(
    { rubric, files, cwd: io.cwd, today: io.today(), ...stage },
    io,
  );
  if (rows.length === 0) {
    io.stderr.write(
      `scaleplay portfolio: none of the ${files.length} file${files.length === 1 ? '' : 's'} could be loaded.\n`,
    );
    throw new InputError(errors.flatMap((error) => error.problems));
  }
  if (errors.length > 0) {
    io.stderr.write(
      `scaleplay portfolio: ${errors.length} of ${files.length} files could not be loaded and are left out:\n`,
    );
    for (const error of errors)
      for (const problem of error.problems) io.stderr.write(`${safeText(formatProblem(problem), true)}\n`);
  }
  if (drifted > 0) {
    io.stderr.write(
      `note: ${drifted} file${drifted === 1 ? ' was' : 's were'} made with another rubric version (drift); \`scaleplay report FILE\` lists what changed\n`,
    );
  }
  if (discounted > 0) {
    io.stderr.write(
      `note: ${discounted} file${discounted === 1 ? ' has' : 's have'} answers counted as unknown because their evidence is stale or missing; \`scaleplay evidence FILE\` lists them\n`,
    );
  }
  const portfolio = assemblePortfolio(rubric, rows, { sort, ...stage });
  const view = { portfolio, levels: rubric.levels, errors };
  io.stdout.write(
    await renderPortfolio(view, options.format, {
      theme: themeFor(io, 'stdout', options.color),
      width: io.stdout.columns ?? 80,
    }),
  );
  return EXIT.ok;
}

/** Below this many files a file list is scored on the main thread: worker threads cost more to start than they save. */
const MIN_FILES_PER_WORKER = 64;
/**
 * Each worker's heap is kept small, so that 10,000 files stay within a few hundred MB: what a worker keeps is its rows
 * (and the rubric); the rest is one file's garbage at a time.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 24 };

/**
 * Loads and scores every file. A few files are scored here; more are spread over one worker thread per core, which
 * claim files one at a time (SCALEPLAY_PORTFOLIO_WORKERS sets the number of workers; 0 for none), while this thread
 * only waits, so its heap holds rows and nothing else. Rows and errors come back in file order.
 */
async function scoreFiles(
  work: Omit<PortfolioWork, 'kind' | 'counter'>,
  io: Io,
): Promise<{
  rows: PortfolioRow[];
  errors: { file: string; problems: Problem[] }[];
  drifted: number;
  discounted: number;
}> {
  const counter = new SharedArrayBuffer(4);
  const workers = startWorkers(workerCount(work.files.length, io), { kind: 'scaleplay-portfolio', ...work, counter });
  const shares: PortfolioShare[] = [];
  if (workers.length === 0) shares.push(scoreShare(work, claimFrom(counter)));
  shares.push(...(await Promise.all(workers)).filter((share): share is PortfolioShare => share !== undefined));
  // A worker that failed (it could not start, or ran out of its memory) leaves the files it had claimed: score them here.
  const done = new Set(shares.flatMap((share) => [...share.rows, ...share.errors].map(([index]) => index)));
  const rest: PortfolioShare = { rows: [], errors: [], drifted: 0, discounted: 0 };
  const stage = work.stage === undefined ? {} : { stage: work.stage };
  for (let index = 0; index < work.files.length; index++) if (!done.has(index)) scoreOne(work, index, stage, rest);
  shares.push(rest);
  const byIndex = <T>(entries: [number, T][]) => entries.sort((a, b) => a[0] - b[0]).map(([, value]) => value);
  return {
    rows: byIndex(shares.flatMap((share) => share.rows)),
    errors: byIndex(shares.flatMap((share) => share.errors)),
    drifted: shares.reduce((sum, share) => sum + share.drifted, 0),
    discounted: shares.reduce((sum, share) => sum + share.discounted, 0),
  };
}

function workerCount(files: number, io: Io): number {
  const asked = io.env.SCALEPLAY_PORTFOLIO_WORKERS;
  if (asked !== undefined && /^\d+$/.test(asked)) return Math.min(Number(asked), files, 16);
  return files < MIN_FILES_PER_WORKER
    ? 0
    : Math.min(availableParallelism(), Math.floor(files / MIN_FILES_PER_WORKER), 8);
}

/** The bundled worker entry (dist/portfolio-worker.js), when running from the bundle. */
function workerEntry(): string | undefined {
  if (!import.meta.url.endsWith('.js')) return undefined;
  const entry = fileURLToPath(new URL('../portfolio-worker.js', import.meta.url));
  return existsSync(entry) ? entry : undefined;
}

/** Starts `count` workers; each promise gives the worker's share, or undefined if it failed (its files are redone). */
function startWorkers(count: number, work: PortfolioWork): Promise<PortfolioShare | undefined>[] {
  const entry = count > 0 ? workerEntry() : undefined;
  if (entry === undefined) return [];
  return Array.from({ length: count }, () => {
    return new Promise<PortfolioShare | undefined>((resolve) => {
      let share: PortfolioShare | undefined;
      const worker = new Worker(entry, { workerData: work, stdout: true, stderr: true, resourceLimits: WORKER_LIMITS });
      worker.once('message', (message: PortfolioShare) => (share = message));
      worker.once('error', () => resolve(undefined));
      worker.once('exit', () => resolve(share));
    });
  });
}

/**
 * Folders become their YAML files (sorted, not recursive, hidden files skipped). The same file (another spelling, a
 * symbolic or hard link) is listed once: a folder and a file in it, or overlapping globs, are an ordinary way to name
 * a set of teams, so a repeat is counted once rather than refused.
 */
function expandInputs(inputs: readonly string[], io: Io): string[] {
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    const key = fileIdentity(file, io.cwd);
    if (!seen.has(key)) {
      seen.add(key);
      files.push(file);
    }
  };
  for (const input of inputs) {
    let isFolder = false;
    try {
      isFolder = statSync(pathIn(io, input)).isDirectory();
    } catch {
      // A missing path is listed as a file that failed to load.
    }
    if (!isFolder) {
      add(input);
      continue;
    }
    const names = readdirSync(pathIn(io, input))
      .filter((name) => /\.ya?ml$/i.test(name) && !name.startsWith('.'))
      .sort();
    if (names.length === 0) throw new UsageError(`${input} holds no .yaml or .yml files`);
    for (const name of names) add(join(input, name));
  }
  return files;
}
