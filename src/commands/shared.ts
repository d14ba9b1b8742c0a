// What most commands share: the rubric in use, a theme per stream, warnings on stderr, the --stage check.
import type { Rubric } from '../core/model.js';
import type { Io } from '../runtime.js';
import { loadRubric, type LoadedRubric } from '../io/load-rubric.js';
import { safeText } from '../render/safe-text.js';
import { createTheme, shouldUseColor, type Theme } from '../render/theme.js';
import { formatProblem, UsageError, type Problem } from '../errors.js';

/** Loads the rubric folder `dir` (relative to the working folder), or the built-in playbook when it is undefined. */
export function rubricFor(io: Io, dir: string | undefined): LoadedRubric {
  return loadRubric(dir, io.cwd);
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
