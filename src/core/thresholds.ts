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
