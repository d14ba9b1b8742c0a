// What most commands share: the rubric in use, a theme per stream, warnings on stderr, the --stage check.
import type { Rubric } from '../core/model.js';
import type { Io } from '../runtime.js';
import { resolve } from 'node:path';
import { loadRubric, type LoadedRubric } from '../io/load-rubric.js';
import { rubricCacheDir } from '../io/rubric-cache.js';
import { findRubricDir } from '../io/rubric-source.js';
import type { YamlFile } from '../io/yaml-file.js';
import { safeText } from '../render/channels.js';
import { createTheme, shouldUseColor, type Theme } from '../render/theme.js';
import { formatProblem, UsageError, type Problem } from '../errors.js';

/**
 * Loads the rubric: the folder `dir` (--rubric, relative to the working folder), else SCALEPLAY_RUBRIC, else the folder
 * `answersFile` records (`rubric.path`, when that rubric has the recorded id), else the built-in playbook. A custom
 * rubric goes through the compiled-rubric cache unless --no-cache. `answers`: `answersFile` already read, if it was.
 */
export function rubricFor(
  io: Io,
  dir: string | undefined,
  answersFile?: string,
  flags: { cache?: boolean | undefined } = {},
  answers?: YamlFile,
): LoadedRubric {
  const cacheDir = flags.cache === false ? undefined : rubricCacheDir(io.env);
  return loadRubric(findRubricDir({ flag: dir, env: io.env, answersFile, cwd: io.cwd, answers }), io.cwd, { cacheDir });
}

/** The folder a custom rubric was found in (as rubricFor finds it), or undefined for the built-in playbook. */
export function rubricDirFor(io: Io, dir: string | undefined, answersFile?: string): string | undefined {
  const found = findRubricDir({ flag: dir, env: io.env, answersFile, cwd: io.cwd });
  return found === undefined ? undefined : resolve(io.cwd, found);
}

/** The theme for a stream, honouring --no-color, NO_COLOR and FORCE_COLOR. */
export function themeFor(io: Io, stream: 'stdout' | 'stderr', color: boolean | undefined): Theme {
  return createTheme(
    shouldUseColor({ ...(color !== undefined && { color }), env: io.env, isTTY: io[stream].isTTY === true }),
  );
}

/** Lines of one kind printed before the rest are summed up (unless --verbose). */
export const REPEAT_CAP = 10;

/**
 * Writes `lines` to stderr, at most REPEAT_CAP of each kind: the last one shown of a longer kind is followed by
 * "… and N more (--verbose lists all)". With `verbose`, every line is written.
 */
export function writeCapped(
  io: Io,
  prefix: string,
  lines: readonly { kind: string; text: string }[],
  verbose = false,
): void {
  const totals = new Map<string, number>();
  for (const { kind } of lines) totals.set(kind, (totals.get(kind) ?? 0) + 1);
  const shown = new Map<string, number>();
  for (const { kind, text } of lines) {
    const count = (shown.get(kind) ?? 0) + 1;
    shown.set(kind, count);
    if (verbose || count <= REPEAT_CAP) io.stderr.write(`${prefix}${text}\n`);
    if (!verbose && count === REPEAT_CAP && totals.get(kind)! > REPEAT_CAP) {
      io.stderr.write(`${prefix}… and ${totals.get(kind)! - REPEAT_CAP} more (--verbose lists all)\n`);
    }
  }
}

/** The kind of a warning, for capping: its hint (warnings of a kind share it), else its message, ids and numbers left out. */
export function warningKind(warning: Problem): string {
  return (warning.hint ?? warning.message).replace(/"[^"]*"/g, '"…"').replace(/[\w.-]*\d[\w.-]*/g, '#');
}

/** Prints warnings (legal but worth knowing) to stderr, at most REPEAT_CAP of a kind unless `verbose`. */
export function printWarnings(io: Io, warnings: readonly Problem[], verbose = false): void {
  // Warnings quote answers files (e.g. a rubric version): keep their text from driving the terminal.
  const lines = warnings.map((warning) => ({
    kind: warningKind(warning),
    text: safeText(formatProblem(warning), true),
  }));
  writeCapped(io, 'warning: ', lines, verbose);
}

/** Throws a usage error (exit 2) when `--stage` names a stage the rubric does not have. */
export function requireStage(rubric: Rubric, stage: string | undefined): void {
  if (stage !== undefined && !rubric.stages.some((candidate) => candidate.id === stage)) {
    throw new UsageError(
      `--stage "${stage}" is not a stage of this rubric (expected one of: ${rubric.stages.map((candidate) => candidate.id).join(', ')})`,
    );
  }
}
