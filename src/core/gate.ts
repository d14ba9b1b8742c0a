// The outcome of `scaleplay check`, gathered once and shared by every output (text, JSON, JUnit, annotations, summary).
import type { RubricDrift } from './drift.js';
import type { RegressionResult, StepRegression } from './regression.js';
import type { QuestionResult, Report } from './score.js';
import type { CheckResult, ThresholdResult, ThresholdSuggestion } from './thresholds.js';

/** One critical question and whether it holds back a failing check. */
export interface CriticalItem {
  stepId: string;
  questionId: string;
  prompt: string;
  status: 'met' | 'unmet' | 'unknown' | 'not-applicable';
  answerText: string;
  score?: number;
  /** Unmet or unknown while its step (or the overall score) fails an error-severity check: it is part of why the check fails. */
  gating: boolean;
}

/** Everything `check` found, shared by every output format. */
export interface CheckOutcome {
  file: string;
  /** Where the thresholds came from, e.g. "thresholds in answers.yaml". */
  source: string;
  /** The baseline answers, e.g. "HEAD~1:answers.yaml", with `check --baseline`. */
  baseline?: string;
  report: Report;
  result: CheckResult;
  regression?: RegressionResult;
  suggestions: ThresholdSuggestion[];
  drift?: RubricDrift;
  critical: CriticalItem[];
  /** The rubric's critical `met_at` (0..1). */
  metAt: number;
  passed: boolean;
}

/** Combines threshold results, regressions and drift into one outcome: it passes when no error threshold failed and nothing regressed. */
export function buildCheckOutcome(input: Omit<CheckOutcome, 'critical' | 'passed'>): CheckOutcome {
  const passed = input.result.passed && (input.regression?.passed ?? true);
  const failingSteps = new Set<string>();
  for (const result of input.result.results) if (isFailure(result)) failingSteps.add(result.id);
  for (const regression of input.regression?.regressions ?? []) failingSteps.add(regression.id);
  const overallFails = failingSteps.has('overall');
  const critical = input.report.steps.flatMap((step) =>
    step.questions.filter((question) => question.critical).map((question) => criticalItem(question, overallFails || failingSteps.has(step.id))),
  );
  return { ...input, critical, passed };
}

/** Whether a threshold result fails the check (an error threshold not met). */
export function isFailure(result: ThresholdResult): boolean {
  return !result.passed && result.severity === 'error';
}

/** Whether a threshold result is a warning (a warn threshold not met). */
export function isWarning(result: ThresholdResult): boolean {
  return !result.passed && result.severity === 'warn';
}

/** "min reliability ≥ 60" or "target reliability: Leading (≥ 85)". */
export function thresholdName(result: ThresholdResult): string {
  if (result.kind === 'stage-target') return `target ${result.id}: ${result.requiredLevel} (≥ ${result.required})`;
  return `min ${result.id} ≥ ${result.required}`;
}

/** What a threshold result means in one sentence, saying by how much it failed. */
export function describeThreshold(result: ThresholdResult): string {
  const range = result.low !== result.high ? ` (range ${result.low}–${result.high})` : '';
  const need = result.kind === 'stage-target' ? `the target ${result.requiredLevel} (≥ ${result.required})` : `the minimum ${result.required}`;
  if (result.passed) return `${result.id} ${result.actual} meets ${need}${range}`;
  const why = result.shortBy > 0 ? `short by ${result.shortBy}` : 'held below the target level by a critical item';
  return `${result.id} ${result.actual} is below ${need}, ${why}${range}`;
}

/** "reliability dropped 62 → 55 (−7) since HEAD~1:answers.yaml" */
export function describeRegression(regression: StepRegression, baseline: string | undefined): string {
  return `${regression.id} dropped ${regression.before} → ${regression.after} (−${regression.drop})${baseline ? ` since ${baseline}` : ''}`;
}

/** "critical question reliability.synthetic-checks unmet: Only uptime pings (scores 0.3, met at 0.7)" */
export function describeCritical(item: CriticalItem, metAt: number): string {
  const what = item.status === 'unmet' ? 'unmet' : item.status === 'unknown' ? 'not known to be met' : item.status;
  const score = item.score !== undefined ? ` (scores ${round2(item.score)}, met at ${metAt})` : '';
  return `critical question ${item.stepId}.${item.questionId} ${what}: ${item.answerText}${score}`;
}

function criticalItem(question: QuestionResult, stepFails: boolean): CriticalItem {
  const status: CriticalItem['status'] =
    question.status === 'answered'
      ? question.criticalUnmet
        ? 'unmet'
        : 'met'
      : question.status === 'unknown' || question.status === 'unanswered'
        ? 'unknown'
        : 'not-applicable';
  return {
    stepId: question.stepId,
    questionId: question.id,
    prompt: question.prompt,
    status,
    answerText: question.answerText,
    ...(question.score !== undefined && { score: question.score }),
    gating: stepFails && (status === 'unmet' || status === 'unknown'),
  };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
