// `scaleplay diff OLD NEW`: what improved, what regressed, and what is new or gone between two answers files of a team.
import type { CommonFlags, DiffFlags } from '../cli.js';
import { diffReports } from '../core/diff.js';
import type { Assessment } from '../core/model.js';
import { scoreAssessment } from '../core/score.js';
import { EXIT, type ExitCode } from '../errors.js';
import { renderDiff } from '../render/registry.js';
import { fileIdentity } from '../io/files-read.js';
import { safeText } from '../render/channels.js';
import type { Io } from '../runtime.js';
import { differentTeams, openAnswersFiles, type OpenedAnswers } from './open-answers.js';
import { requireStage, rubricFor, themeFor } from './shared.js';

/** Options of `scaleplay diff`, as declared in src/cli.ts. */
export type DiffOptions = DiffFlags & CommonFlags & { before: string; after: string };

/** Prints the comparison; always exit 0 (use `check --baseline` to gate on regressions). */
export async function runDiff(options: DiffOptions, io: Io): Promise<ExitCode> {
  // The same file on both sides counts nothing twice and its diff is right (no change), so it runs; a note says why
  // nothing moved, since it usually means a wrong path (a hard link or another spelling of the same file).
  if (fileIdentity(options.before, io.cwd) === fileIdentity(options.after, io.cwd)) {
    io.stderr.write(
      `note: ${safeText(options.after)} is the same file as ${safeText(options.before)}: nothing can have changed\n`,
    );
  }
  const { rubric } = rubricFor(io, options.rubric, options.after, options);
  requireStage(rubric, options.stage);
  const files = [options.before, options.after];
  const [before, after] = openAnswersFiles(io, rubric, files, {
    strict: options.strict,
    verbose: options.verbose,
  }) as [OpenedAnswers, OpenedAnswers];
  const teams = differentTeams(before, after);
  if (teams) {
    io.stderr.write(
      `warning: comparing two teams: "${teams[0]}" and "${teams[1]}" (use \`scaleplay portfolio\` to compare teams)\n`,
    );
  }
  const stage = options.stage ?? after.answers.assessment.stage;
  const score = (assessment: Assessment) => scoreAssessment(rubric, assessment, stage === undefined ? {} : { stage });
  const diff = diffReports(
    score(before.answers.assessment),
    score(after.answers.assessment),
    {
      ...(before.answers.drift && { before: before.answers.drift }),
      ...(after.answers.drift && { after: after.answers.drift }),
    },
    {
      ...(before.answers.assessment.plan && { before: before.answers.assessment.plan }),
      ...(after.answers.assessment.plan && { after: after.answers.assessment.plan }),
    },
  );
  const theme = themeFor(io, 'stdout', options.color);
  const view = { diff, before: options.before, after: options.after };
  io.stdout.write(await renderDiff(view, options.format, { theme, width: io.stdout.columns ?? 80 }));
  return EXIT.ok;
}
