// The regression gate of `check --baseline`: which steps scored lower than in the baseline answers.
import { diffReports, type DiffDrift, type QuestionDiff, type ReportDiff, type StepDiff } from './diff.js';
import type { Report } from './score.js';

/** A step that scored lower than in the baseline. */
export interface StepRegression {
  id: string;
  title: string;
  before: number;
  after: number;
  /** Points lost (positive). */
  drop: number;
  /** The questions of this step that scored lower or became unknown. */
  questions: QuestionDiff[];
}

/** The regression gate's verdict against a baseline. */
export interface RegressionResult {
  /** Points a step may drop before the gate fails (0: any drop fails). */
  allowedDrop: number;
  regressions: StepRegression[];
  /** Steps that improved, for the summary. */
  improved: { id: string; before: number; after: number }[];
  overall: { before: number; after: number; delta: number };
  passed: boolean;
  diff: ReportDiff;
}

/** Compares the current report with a baseline report; fails when any applicable step dropped more than `allowedDrop`. */
export function findRegressions(baseline: Report, current: Report, options: { allowedDrop?: number; drift?: DiffDrift } = {}): RegressionResult {
  const allowedDrop = options.allowedDrop ?? 0;
  const diff = diffReports(baseline, current, options.drift);
  const dropped = (step: StepDiff) => step.before.applicable && step.after.applicable && -step.delta > allowedDrop;
  const regressions = diff.steps.filter(dropped).map((step) => ({
    id: step.id,
    title: step.title,
    before: step.before.score,
    after: step.after.score,
    drop: -step.delta,
    questions: step.questions.filter((question) => question.change === 'regressed' || question.change === 'now-unknown'),
  }));
  return {
    allowedDrop,
    regressions,
    improved: diff.steps.filter((step) => step.delta > 0).map((step) => ({ id: step.id, before: step.before.score, after: step.after.score })),
    overall: { before: diff.overall.before.score, after: diff.overall.after.score, delta: diff.overall.delta },
    passed: regressions.length === 0,
    diff,
  };
}
