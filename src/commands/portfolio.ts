// `scaleplay portfolio DIR|FILES…`: many teams side by side, with percentiles across the set. The rubric is loaded once;
// files that fail to load are listed on stderr and the rest are reported (exit 2 only when none loads).
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildPortfolio, type PortfolioInput } from '../core/portfolio.js';
import { scoreAssessment } from '../core/score.js';
import { formatProblem, InputError, UsageError, type Problem } from '../errors.js';
import type { Io } from '../io.js';
import { loadAnswers } from '../io/load-answers.js';
import { loadRubric } from '../io/load-rubric.js';
import { findRubricDir } from '../io/rubric-source.js';
import { renderPortfolio, type PortfolioFormat } from '../render/portfolio.js';
import { safeText } from '../render/safe-text.js';
import { themeFor, requireStage } from './shared.js';

/** Options of `scaleplay portfolio`. */
export interface PortfolioOptions {
  /** Folders (their *.yaml and *.yml files, not recursive) and files. */
  inputs: string[];
  rubric?: string;
  format: PortfolioFormat;
  /** Score every file against this stage's targets instead of its own. */
  stage?: string;
  /** "overall" (default) or a step id. */
  sort?: string;
  color?: boolean;
}

/** Prints the portfolio; returns 0 when at least one file loaded. */
export function runPortfolio(options: PortfolioOptions, io: Io): number {
  const { rubric } = loadRubric(findRubricDir({ flag: options.rubric, env: io.env }));
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
      const loaded = loadAnswers(file, rubric);
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
  io.stdout.write(renderPortfolio(portfolio, options.format, { theme: themeFor(io, 'stdout', options.color), levels: rubric.levels, errors, width: io.stdout.columns ?? 80 }));
  return 0;
}

/** Folders become their YAML files (sorted, not recursive, hidden files skipped); the same file is listed once. */
function expandInputs(inputs: readonly string[], io: Io): string[] {
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    const key = resolve(io.cwd, file);
    if (!seen.has(key)) {
      seen.add(key);
      files.push(file);
    }
  };
  for (const input of inputs) {
    let isFolder = false;
    try {
      isFolder = statSync(input).isDirectory();
    } catch {
      // A missing path is listed as a file that failed to load.
    }
    if (!isFolder) {
      add(input);
      continue;
    }
    const names = readdirSync(input)
      .filter((name) => /\.ya?ml$/i.test(name) && !name.startsWith('.'))
      .sort();
    if (names.length === 0) throw new UsageError(`${input} holds no .yaml or .yml files`);
    for (const name of names) add(join(input, name));
  }
  return files;
}
