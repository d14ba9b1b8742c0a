// `scaleplay portfolio DIR|FILES…`: many teams side by side, with percentiles across the set. The rubric is loaded once;
// files that fail to load are listed on stderr and the rest are reported (exit 2 only when none loads).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildPortfolio, type PortfolioInput } from '../core/portfolio.js';
import { scoreAssessment } from '../core/score.js';
import type { CommonFlags, PortfolioFlags } from '../cli.js';
import { EXIT, formatProblem, InputError, UsageError, type ExitCode, type Problem } from '../errors.js';
import { loadAnswers } from '../io/load-answers.js';
import { renderPortfolio } from '../render/registry.js';
import { safeText } from '../render/safe-text.js';
import { fileIdentity } from '../io/files-read.js';
import { pathIn, type Io } from '../runtime.js';
import { requireStage, rubricFor, themeFor } from './shared.js';

/** Options of `scaleplay portfolio`, as declared in src/cli.ts; `inputs` are folders (their *.yaml and *.yml files, not
 * recursive) and files. */
export type PortfolioOptions = PortfolioFlags & CommonFlags & { inputs: string[] };

/** Prints the portfolio; returns 0 when at least one file loaded. */
export async function runPortfolio(options: PortfolioOptions, io: Io): Promise<ExitCode> {
  const { rubric } = rubricFor(io, options.rubric);
  requireStage(rubric, options.stage);
  const sort = options.sort ?? 'overall';
  if (sort !== 'overall' && !rubric.steps.some((step) => step.id === sort)) {
    throw new UsageError(`--sort "${sort}" is not "overall" or a step (expected one of: overall, ${rubric.steps.map((step) => step.id).join(', ')})`);
  }
  const files = expandInputs(options.inputs, io);
  const entries: PortfolioInput[] = [];
  const errors: { file: string; problems: Problem[] }[] = [];
  let drifted = 0;
  for (const file of files) {
    try {
      const loaded = loadAnswers(file, rubric, { cwd: io.cwd });
      if (loaded.drift) drifted++;
      entries.push({ file, report: scoreAssessment(rubric, loaded.assessment, options.stage === undefined ? {} : { stage: options.stage }) });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      errors.push({ file, problems: error.problems });
    }
  }
  if (entries.length === 0) {
    io.stderr.write(`scaleplay portfolio: none of the ${files.length} file${files.length === 1 ? '' : 's'} could be loaded.\n`);
    throw new InputError(errors.flatMap((error) => error.problems));
  }
  if (errors.length > 0) {
    io.stderr.write(`scaleplay portfolio: ${errors.length} of ${files.length} files could not be loaded and are left out:\n`);
    for (const error of errors) for (const problem of error.problems) io.stderr.write(`${safeText(formatProblem(problem), true)}\n`);
  }
  if (drifted > 0) {
    io.stderr.write(`note: ${drifted} file${drifted === 1 ? ' was' : 's were'} made with another rubric version (drift); \`scaleplay report FILE\` lists what changed\n`);
  }
  const portfolio = buildPortfolio(rubric, entries, { sort, ...(options.stage !== undefined && { stage: options.stage }) });
  const view = { portfolio, levels: rubric.levels, errors };
  io.stdout.write(await renderPortfolio(view, options.format, { theme: themeFor(io, 'stdout', options.color), width: io.stdout.columns ?? 80 }));
  return EXIT.ok;
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
