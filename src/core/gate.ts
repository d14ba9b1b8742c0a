// The outcome of `scaleplay check`, gathered once and shared by every output (text, JSON, JUnit, annotations, summary).
import type { RubricDrift } from './drift.js';
import type { RegressionResult, StepRegression } from './regression.js';
import type { QuestionResult, Report } from './score.js';
import type { CheckResult, ThresholdResult, ThresholdSuggestion } from './thresholds.js';
import type { ClaimsChecked, Verification } from './verification.js';

/** One critical question and whether it holds back a failing check. */
export interface CriticalItem {
  stepId: string;
  questionId: string;
  prompt: string;
  status: 'met' | 'unmet' | 'unknown' | 'not-applicable';
  answerText: string;
  score?: number;
  /**
   * Unmet or unknown while its step (or the overall score) fails an error threshold, or one of the answers that made its
   * step regress: it is part of why the check fails.
   */
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
  /** `check --verify DIR`; with severity `error` a contradicted claim fails the check. */
  claims?: ClaimsChecked;
  passed: boolean;
}

/** The claims `--verify` found contradicted. */
export function contradictedClaims(outcome: Pick<CheckOutcome, 'claims'>): Verification[] {
  return outcome.claims?.verifications.filter((verification) => verification.state === 'contradicted') ?? [];
}

/**
 * Combines threshold results, regressions and drift into one outcome: it passes when no error threshold failed and nothing
 * regressed. A critical item gates (is part of why the check fails) when it is unmet or unknown and either its step (or
 * the overall score) fails an error threshold, or it is one of the answers that made its step regress.
 */
export function buildCheckOutcome(input: Omit<CheckOutcome, 'critical' | 'passed'>): CheckOutcome {
  const claimsFail = input.claims?.severity === 'error' && contradictedClaims(input).length > 0;
  const passed = input.result.passed && (input.regression?.passed ?? true) && !claimsFail;
  const failingThreshold = new Set(input.result.results.filter(isFailure).map((result) => result.id));
  // A failing step group holds back its steps' critical items too.
  for (const group of input.report.groups ?? []) {
    if (failingThreshold.has(group.id)) for (const stepId of group.steps) failingThreshold.add(stepId);
  }
  const overallFails = failingThreshold.has('overall');
  // A step that fails only by regressing is held back by the answers that got worse, not by critical items that did not change.
  const regressedAnswers = new Set(
    (input.regression?.regressions ?? []).flatMap((step) =>
      step.questions.map((question) => `${question.stepId}.${question.questionId}`),
    ),
  );
  const critical = input.report.steps.flatMap((step) =>
    step.questions
      .filter((question) => question.critical)
      .map((question) =>
        criticalItem(
          question,
          overallFails || failingThreshold.has(step.id) || regressedAnswers.has(`${step.id}.${question.id}`),
        ),
      ),
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

/** "min reliability ≥ 60" or "target reliability: Leading (≥ 85)": a threshold's name, for tables. */
export function thresholdName(result: ThresholdResult): string {
  if (result.kind === 'stage-target') return `target ${result.id}: ${result.requiredLevel} (≥ ${result.required})`;
  return `min ${result.id} ≥ ${result.required}`;
}

/**
 * The one sentence every output (terminal, JSON, JUnit, annotations, step summary) uses for a threshold result:
 * "reliability 25 is below the minimum 28, short by 3", and when answers are counted at their worst
 * "reliability 25 (worst case: 1 answer unknown; 30 on known answers) is below the minimum 28, short by 3".
 * `idWidth` pads the step id so that a terminal can align the scores in a column.
 */
export function describeThreshold(result: ThresholdResult, idWidth = 0): string {
  const need =
    result.kind === 'stage-target'
      ? `the target ${result.requiredLevel} (≥ ${result.required})`
      : `the minimum ${result.required}`;
  const verdict = result.passed
    ? `meets ${need}`
    : `is below ${need}${result.shortBy > 0 ? `, short by ${result.shortBy}` : ''}`;
  return `${result.id.padEnd(idWidth)} ${describeJudgedScore(result)} ${verdict}`;
}

/** "25", or "25 (worst case: 1 answer unknown; 30 on known answers)" when unknown or unanswered answers count at their worst. */
function describeJudgedScore(result: Pick<ThresholdResult, 'actual' | 'known' | 'unknown' | 'unanswered'>): string {
  const open = describeOpenAnswers(result.unknown, result.unanswered);
  return open === undefined
    ? String(result.actual)
    : `${result.actual} (worst case: ${open}; ${result.known} on known answers)`;
}

/** "1 answer unknown", "2 answers unanswered", "1 answer unknown, 2 unanswered"; undefined when there are none. */
function describeOpenAnswers(unknown: number, unanswered: number): string | undefined {
  if (unknown + unanswered === 0) return undefined;
  const answers = (count: number) => `${count} answer${count === 1 ? '' : 's'}`;
  if (unanswered === 0) return `${answers(unknown)} unknown`;
  if (unknown === 0) return `${answers(unanswered)} unanswered`;
  return `${answers(unknown)} unknown, ${unanswered} unanswered`;
}

/** "reliability dropped 62 → 55 (−7) since HEAD~1:answers.yaml", with "in the worst case" when unknown answers count at their worst. */
export function describeRegression(regression: StepRegression, baseline: string | undefined): string {
  const worst = regression.worstCase ? ' in the worst case' : '';
  return `${regression.id} dropped ${regression.before} → ${regression.after} (−${regression.drop})${worst}${baseline ? ` since ${baseline}` : ''}`;
}

/** "no step dropped since the baseline (overall 58 → 61)", for a regression gate that passed. */
export function describeNoRegression(regression: RegressionResult, baseline: string | undefined): string {
  const allowed = regression.allowedDrop > 0 ? ` by more than ${regression.allowedDrop}` : '';
  const worst = regression.worstCase ? ' in the worst case' : '';
  return `no step dropped${allowed} since ${baseline ?? 'the baseline'} (overall ${regression.overall.before} → ${regression.overall.after}${worst})`;
}

/** "scores 85", or "scores 85 in the worst case": the score a threshold suggestion is based on. */
export function describeSuggestionScore(suggestion: ThresholdSuggestion): string {
  return `scores ${suggestion.actual}${suggestion.worstCase ? ' in the worst case' : ''}`;
}

/** "critical question reliability.synthetic-checks unmet: Only uptime pings (scores 0.3, met at 0.7)" */
export function describeCritical(item: CriticalItem, metAt: number): string {
  const what = item.status === 'unmet' ? 'unmet' : item.status === 'unknown' ? 'not known to be met' : item.status;
  const score = item.score !== undefined ? ` (scores ${round2(item.score)}, met at ${metAt})` : '';
  return `critical question ${item.stepId}.${item.questionId} ${what}: ${item.answerText}${score}`;
}

function criticalItem(question: QuestionResult, partOfFailure: boolean): CriticalItem {
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
    gating: partOfFailure && (status === 'unmet' || status === 'unknown'),
  };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
