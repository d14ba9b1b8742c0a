// The regression gate of `check --baseline`: which steps' worst-case scores dropped since the baseline answers. Like the
// thresholds it judges the worst case (`low`): an answer that became unknown can be a regression, finding one out never is.
import {
  diffReports,
  type DiffDrift,
  type QuestionDiff,
  type QuestionSide,
  type ReportDiff,
  type StepDiff,
} from './diff.js';
import type { Report } from './score.js';

/** A step whose worst-case score is lower than in the baseline. */
export interface StepRegression {
  id: string;
  title: string;
  /** Worst-case scores (`low`) in the baseline and now. */
  before: number;
  after: number;
  /** Points lost (positive). */
  drop: number;
  /** Some answers of this step, in either file, are unknown or unanswered: the scores are worst cases, not known scores. */
  worstCase: boolean;
  /** The questions of this step that scored lower or became unknown. */
  questions: QuestionDiff[];
}

/** The regression gate's verdict against a baseline. */
export interface RegressionResult {
  /** Points a step may drop before the gate fails (0: any drop fails). */
  allowedDrop: number;
  regressions: StepRegression[];
  /** Steps whose worst-case score rose, for the summary. */
  improved: { id: string; before: number; after: number }[];
  /** The overall worst-case score in the baseline and now. */
  overall: { before: number; after: number; delta: number };
  /** Some answers, in either file, are unknown or unanswered: the scores compared are worst cases. */
  worstCase: boolean;
  passed: boolean;
  diff: ReportDiff;
}

/** Compares the current report with a baseline report; fails when any applicable step's worst case dropped more than `allowedDrop`. */
export function findRegressions(
  baseline: Report,
  current: Report,
  options: { allowedDrop?: number; drift?: DiffDrift } = {},
): RegressionResult {
  const allowedDrop = options.allowedDrop ?? 0;
  const diff = diffReports(baseline, current, options.drift);
  const comparable = (step: StepDiff) => step.before.applicable && step.after.applicable;
  const delta = (step: StepDiff) => (comparable(step) ? step.after.low - step.before.low : 0);
  const regressions = diff.steps
    .filter((step) => -delta(step) > allowedDrop)
    .map((step) => ({
      id: step.id,
      title: step.title,
      before: step.before.low,
      after: step.after.low,
      drop: -delta(step),
      worstCase: hasOpenAnswers(step),
      questions: step.questions.filter(
        (question) => question.change === 'regressed' || question.change === 'now-unknown',
      ),
    }));
  const overallDelta = diff.overall.after.low - diff.overall.before.low;
  return {
    allowedDrop,
    regressions,
    improved: diff.steps
      .filter((step) => delta(step) > 0)
      .map((step) => ({ id: step.id, before: step.before.low, after: step.after.low })),
    overall: { before: diff.overall.before.low, after: diff.overall.after.low, delta: overallDelta },
    worstCase: diff.steps.some(hasOpenAnswers),
    passed: regressions.length === 0,
    diff,
  };
}

function hasOpenAnswers(step: StepDiff): boolean {
  const open = (side: QuestionSide) => side.status === 'unknown' || side.status === 'unanswered';
  return step.questions.some((question) => open(question.before) || open(question.after));
}
