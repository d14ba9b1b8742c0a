// Threshold checks for `scaleplay check`: which thresholds a report meets and by how much it falls short.
import type { Threshold, Thresholds } from './model.js';
import type { Report } from './score.js';

export interface ThresholdResult {
  kind: 'overall' | 'step' | 'stage-target';
  /** Step id, or "overall". */
  id: string;
  title: string;
  severity: Threshold['severity'];
  /** The score required. */
  required: number;
  /** Required level name, for stage targets. */
  requiredLevel?: string;
  actual: number;
  low: number;
  high: number;
  passed: boolean;
  /** Points short (0 when passed). */
  shortBy: number;
}

export interface CheckResult {
  results: ThresholdResult[];
  /** False when any `error` threshold failed. */
  passed: boolean;
}

export interface CheckRequest {
  thresholds: Thresholds;
  /** Also require every step (and the overall score) to reach the report's stage target. */
  stageTargets: boolean;
}

/** Evaluates thresholds against a scored report. */
export function evaluateThresholds(report: Report, request: CheckRequest): CheckResult {
  const results: ThresholdResult[] = [];
  const { thresholds } = request;
  if (thresholds.minScore) {
    results.push(compare('overall', 'overall', 'Overall', thresholds.minScore, report.overall));
  }
  for (const step of report.steps) {
    const threshold = thresholds.steps[step.id];
    if (threshold) results.push(compare('step', step.id, step.title, threshold, step));
  }
  if (request.stageTargets) {
    for (const step of report.steps) {
      if (step.targetScore === undefined || !step.applicable) continue;
      results.push({
        ...compare('stage-target', step.id, step.title, { value: step.targetScore, severity: 'error' }, step),
        requiredLevel: step.targetName!,
        // Levels decide stage targets: a capped step can reach the score band yet sit below the target level.
        passed: step.meetsTarget === true,
      });
    }
  }
  return { results, passed: results.every((result) => result.passed || result.severity === 'warn') };
}

function compare(
  kind: ThresholdResult['kind'],
  id: string,
  title: string,
  threshold: Threshold,
  scores: { score: number; low: number; high: number },
): ThresholdResult {
  const passed = scores.score >= threshold.value;
  return {
    kind,
    id,
    title,
    severity: threshold.severity,
    required: threshold.value,
    actual: scores.score,
    low: scores.low,
    high: scores.high,
    passed,
    shortBy: passed ? 0 : threshold.value - scores.score,
  };
}

/** A threshold the team clears by a wide margin, and a higher value it would still clear. */
export interface ThresholdSuggestion {
  kind: 'overall' | 'step';
  id: string;
  current: number;
  suggested: number;
  actual: number;
  low: number;
}

/** Points above a threshold from which `check` suggests raising it. */
export const WELL_ABOVE = 10;
/** Points of headroom a suggested threshold leaves below the current score. */
const HEADROOM = 5;

/**
 * Suggests raising numeric thresholds the team clears by at least `margin` points, even in the worst case of its unknown
 * answers: the suggestion is the highest multiple of 5 that leaves 5 points of headroom below the current score.
 */
export function suggestThresholds(results: readonly ThresholdResult[], margin: number = WELL_ABOVE): ThresholdSuggestion[] {
  const suggestions: ThresholdSuggestion[] = [];
  for (const result of results) {
    if (result.kind === 'stage-target' || !result.passed) continue;
    if (result.actual - result.required < margin || result.low < result.required) continue;
    const suggested = Math.min(100, Math.floor((Math.min(result.actual, result.low) - HEADROOM) / 5) * 5);
    if (suggested <= result.required) continue;
    suggestions.push({ kind: result.kind, id: result.id, current: result.required, suggested, actual: result.actual, low: result.low });
  }
  return suggestions;
}
