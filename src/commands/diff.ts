// `scaleplay diff OLD NEW`: what improved, what regressed, and what is new or gone between two answers files of a team.
import { diffReports } from '../core/diff.js';
import { scoreAssessment } from '../core/score.js';
import type { Io } from '../io.js';
import { loadAnswers } from '../io/load-answers.js';
import { loadRubric } from '../io/load-rubric.js';
import { renderDiff, type DiffFormat } from '../render/registry.js';
import { safeText } from '../render/safe-text.js';
import { enforceStrict, printDrift } from './drift-notes.js';
import { printWarnings, themeFor, requireStage } from './shared.js';

/** Options of `scaleplay diff`. */
export interface DiffOptions {
  before: string;
  after: string;
  rubric?: string;
  format: DiffFormat;
  /** Score both against this stage (default: the newer file's stage). */
  stage?: string;
  strict?: boolean;
  color?: boolean;
}

/** Prints the comparison; always exit 0 (use `check --baseline` to gate on regressions). */
export async function runDiff(options: DiffOptions, io: Io): Promise<number> {
  const { rubric } = loadRubric(options.rubric);
  requireStage(rubric, options.stage);
  const before = loadAnswers(options.before, rubric);
  const after = loadAnswers(options.after, rubric);
  enforceStrict(options.strict, options.before, before.drift);
  enforceStrict(options.strict, options.after, after.drift);
  for (const [file, loaded] of [[options.before, before], [options.after, after]] as const) {
    printWarnings(io, loaded.warnings);
    printDrift(io, file, loaded.drift);
  }
  const [beforeTeam, afterTeam] = [before.assessment.team, after.assessment.team];
  if (beforeTeam !== undefined && afterTeam !== undefined && beforeTeam.trim().toLowerCase() !== afterTeam.trim().toLowerCase()) {
    io.stderr.write(`warning: comparing two teams: "${safeText(beforeTeam)}" and "${safeText(afterTeam)}" (use \`scaleplay portfolio\` to compare teams)\n`);
  }
  const stage = options.stage ?? after.assessment.stage;
  const score = (assessment: typeof before.assessment) => scoreAssessment(rubric, assessment, stage === undefined ? {} : { stage });
  const diff = diffReports(score(before.assessment), score(after.assessment), {
    ...(before.drift && { before: before.drift }),
    ...(after.drift && { after: after.drift }),
  }, {
    ...(before.assessment.plan && { before: before.assessment.plan }),
    ...(after.assessment.plan && { after: after.assessment.plan }),
  });
  const view = { diff, before: options.before, after: options.after };
  io.stdout.write(await renderDiff(view, options.format, { theme: themeFor(io, 'stdout', options.color), width: io.stdout.columns ?? 80 }));
  return 0;
}
