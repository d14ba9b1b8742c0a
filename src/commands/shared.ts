// What most commands share: the rubric in use, a theme per stream, warnings on stderr, the --stage check.
import type { Rubric } from '../core/model.js';
import type { Io } from '../runtime.js';
import { resolve } from 'node:path';
import { loadRubric, type LoadedRubric } from '../io/load-rubric.js';
import { findRubricDir } from '../io/rubric-source.js';
import { safeText } from '../render/safe-text.js';
import { createTheme, shouldUseColor, type Theme } from '../render/theme.js';
import { formatProblem, UsageError, type Problem } from '../errors.js';

/**
 * Loads the rubric: the folder `dir` (--rubric, relative to the working folder), else SCALEPLAY_RUBRIC, else the folder
 * `answersFile` records (`rubric.path`, when that rubric has the recorded id), else the built-in playbook.
 */
export function rubricFor(io: Io, dir: string | undefined, answersFile?: string): LoadedRubric {
  return loadRubric(findRubricDir({ flag: dir, env: io.env, answersFile, cwd: io.cwd }), io.cwd);
}

/** The folder a custom rubric was found in (as rubricFor finds it), or undefined for the built-in playbook. */
export function rubricDirFor(io: Io, dir: string | undefined, answersFile?: string): string | undefined {
  const found = findRubricDir({ flag: dir, env: io.env, answersFile, cwd: io.cwd });
  return found === undefined ? undefined : resolve(io.cwd, found);
}

/** The theme for a stream, honouring --no-color, NO_COLOR and FORCE_COLOR. */
export function themeFor(io: Io, stream: 'stdout' | 'stderr', color: boolean | undefined): Theme {
  return createTheme(shouldUseColor({ ...(color !== undefined && { color }), env: io.env, isTTY: io[stream].isTTY === true }));
}

/** Prints warnings (legal but worth knowing) to stderr. */
export function printWarnings(io: Io, warnings: readonly Problem[]): void {
  // Warnings quote answers files (e.g. a rubric version): keep their text from driving the terminal.
  for (const warning of warnings) io.stderr.write(`warning: ${safeText(formatProblem(warning), true)}\n`);
}

/** Throws a usage error (exit 2) when `--stage` names a stage the rubric does not have. */
export function requireStage(rubric: Rubric, stage: string | undefined): void {
  if (stage !== undefined && !rubric.stages.some((candidate) => candidate.id === stage)) {
    throw new UsageError(`--stage "${stage}" is not a stage of this rubric (expected one of: ${rubric.stages.map((candidate) => candidate.id).join(', ')})`);
  }
}
