// The one way commands open answers files: load each against the rubric, refuse drift under --strict, then print each
// file's warnings and drift notes to stderr. Also the one same-team check (diff, check --baseline and merge).
import { discountUnbackedAnswers } from '../core/evidence.js';
import type { Rubric } from '../core/model.js';
import { scoreAssessment, type Report } from '../core/score.js';
import { InputError, type Problem } from '../errors.js';
import { loadAnswers, resolveAnswers, type LoadedAnswers, type LoadOptions } from '../io/load-answers.js';
import { readYamlFile, type YamlFile } from '../io/yaml-file.js';
import { safeText } from '../render/channels.js';
import type { Io } from '../runtime.js';
import { enforceStrict, printDrift } from './drift-notes.js';
import { printWarnings, requireStage, rubricFor } from './shared.js';

/** An answers file to open: a path (as the user gave it), or YAML already read (e.g. from git). */
export type AnswersSource = string | YamlFile;

export interface OpenAnswersOptions extends Omit<LoadOptions, 'cwd'> {
  /** --strict: drift (answers made with another rubric version) is an error, exit 2. */
  strict?: boolean | undefined;
  /** Load every file before failing, so one error lists the problems of all of them (default: stop at the first). */
  everyProblem?: boolean;
  /**
   * Keep every answer as claimed (merge, evidence). By default an answer whose evidence is stale, or missing where its
   * stage requires it, counts as unknown (src/core/evidence.ts), as of `io.today()`.
   */
  asClaimed?: boolean;
  /** Runs after every file loaded (and passed --strict), before any warning is printed; may throw. */
  beforeNotes?: (opened: readonly OpenedAnswers[]) => void;
  /** --verbose: every warning and drift line (else at most REPEAT_CAP of a kind). */
  verbose?: boolean | undefined;
}

/** An opened answers file and the name it goes by in messages. */
export interface OpenedAnswers {
  file: string;
  answers: LoadedAnswers;
}

/** Opens answers files in order (see the module comment); throws an InputError (exit 2) on invalid input. */
export function openAnswersFiles(
  io: Io,
  rubric: Rubric,
  sources: readonly AnswersSource[],
  options: OpenAnswersOptions = {},
): OpenedAnswers[] {
  const { strict, everyProblem, beforeNotes, asClaimed, verbose, ...load } = options;
  const opened: OpenedAnswers[] = [];
  const problems: Problem[] = [];
  for (const source of sources) {
    try {
      const answers =
        typeof source === 'string'
          ? loadAnswers(source, rubric, { ...load, cwd: io.cwd })
          : resolveAnswers(source, rubric, load);
      if (!asClaimed) answers.assessment = discountUnbackedAnswers(rubric, answers.assessment, io.today());
      opened.push({ file: typeof source === 'string' ? source : source.file, answers });
    } catch (error) {
      if (!everyProblem || !(error instanceof InputError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  for (const { file, answers } of opened) enforceStrict(strict, file, answers.drift);
  beforeNotes?.(opened);
  for (const { file, answers } of opened) printAnswersNotes(io, file, answers, verbose);
  return opened;
}

/** Opens one answers file (see `openAnswersFiles`). */
export function openAnswers(
  io: Io,
  rubric: Rubric,
  source: AnswersSource,
  options: OpenAnswersOptions = {},
): LoadedAnswers {
  return openAnswersFiles(io, rubric, [source], options)[0]!.answers;
}

/** Prints what is worth knowing about a loaded answers file: its warnings, then its drift notes. */
export function printAnswersNotes(
  io: Io,
  file: string,
  answers: Pick<LoadedAnswers, 'warnings' | 'drift'>,
  verbose = false,
): void {
  printWarnings(io, answers.warnings, verbose);
  printDrift(io, file, answers.drift, verbose);
}

/**
 * The same-team check: groups files by their `team:` (ignoring case and surrounding spaces; files without one fit any
 * group). One group or none means they are about the same team.
 */
export function groupByTeam(opened: readonly OpenedAnswers[]): TeamMember[][] {
  const groups = new Map<string, TeamMember[]>();
  for (const { file, answers } of opened) {
    const team = answers.assessment.team;
    if (team === undefined) continue;
    const key = team.trim().toLowerCase();
    groups.set(key, [...(groups.get(key) ?? []), { file, team: safeText(team) }]);
  }
  return [...groups.values()];
}

/** A file and its team (cleaned for the terminal). */
export interface TeamMember {
  file: string;
  team: string;
}

/** The teams of two files when they differ (for a warning), else undefined. */
export function differentTeams(before: OpenedAnswers, after: OpenedAnswers): [string, string] | undefined {
  const groups = groupByTeam([before, after]);
  return groups.length > 1 ? [groups[0]![0]!.team, groups[1]![0]!.team] : undefined;
}

export interface Scored {
  rubric: Rubric;
  loaded: LoadedAnswers;
  report: Report;
}

/** What `report` and `check` do first: the rubric, --stage checked, the answers file opened, then scored. */
export function loadAndScore(
  io: Io,
  options: {
    file: string;
    rubric?: string | undefined;
    stage?: string | undefined;
    strict?: boolean | undefined;
    verbose?: boolean | undefined;
    cache?: boolean | undefined;
  },
): Scored {
  // The answers file is read and parsed once, for the rubric folder it records and for its answers. A file that cannot
  // be read or parsed is reported where it always was: after the rubric has loaded and --stage was checked.
  let answers: YamlFile | undefined;
  let unreadable: InputError | undefined;
  if (options.file !== '-') {
    try {
      answers = readYamlFile(options.file, io.cwd);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      unreadable = error;
    }
  }
  const { rubric } = rubricFor(io, options.rubric, options.file, options, answers);
  requireStage(rubric, options.stage);
  if (unreadable) throw unreadable;
  const loaded = openAnswers(io, rubric, answers ?? options.file, { strict: options.strict, verbose: options.verbose });
  const stage = options.stage === undefined ? {} : { stage: options.stage };
  return { rubric, loaded, report: scoreAssessment(rubric, loaded.assessment, stage) };
}
