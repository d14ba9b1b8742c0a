// Threshold checks for `scaleplay check`: which thresholds a report meets and by how much it falls short. The gate judges
// the worst case: every threshold is compared with `low`, the score with unknown and unanswered answers counted at their
// worst (and the critical cap applied to it as the scorer does), so a team cannot pass a gate by not knowing.
import { getLevel, targetStatus } from './levels.js';
import type { Level, Threshold, Thresholds } from './model.js';
import type { Report } from './score.js';

export interface ThresholdResult {
  /**
   * `overall`: the overall minimum (`min_score`); `step`: a step minimum; `group`: a step group's minimum; `stage-
   * target`:
   * a step's, a group's or the overall target level.
   */
  kind: 'overall' | 'step' | 'group' | 'stage-target';
  /** Step or group id, or "overall". */
  id: string;
  title: string;
  severity: Threshold['severity'];
  /** The score required (for stage targets, the `min` of the target level). */
  required: number;
  /** Required level name, for stage targets. */
  requiredLevel?: string;
  /** The score the threshold is judged on: the worst case (`low`), unknown and unanswered answers counted at their worst. */
  actual: number;
  /** The score on known answers only: the report's headline score. */
  known: number;
  /** The worst–best range (`low` equals `actual`). */
  low: number;
  high: number;
  /** Answers counted at their worst in `actual`: marked unknown, and not answered at all. */
  unknown: number;
  unanswered: number;
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
  /** Also require every step and the overall score to reach the report's stage target levels. */
  stageTargets: boolean;
  /** The rubric's levels, lowest first: stage targets compare the level of the worst-case score with the target level. */
  levels: readonly Level[];
}

/** The scores of a step, a group or the overall score that a threshold looks at. */
interface Scores {
  score: number;
  low: number;
  high: number;
  /** Unrounded: a target level is judged on them, as the report's status is. */
  lowExact: number;
  highExact: number;
  unknown: number;
  unanswered: number;
}

/** Evaluates thresholds against a scored report, on the worst case of its unknown and unanswered answers. */
export function evaluateThresholds(report: Report, request: CheckRequest): CheckResult {
  const results: ThresholdResult[] = [];
  const { thresholds, levels } = request;
  const overall: Scores = report.overall;
  const stepScores = (step: Report['steps'][number]): Scores => ({
    ...step,
    unknown: step.counts.unknown,
    unanswered: step.counts.unanswered,
  });
  if (thresholds.minScore) {
    results.push(compare('overall', 'overall', 'Overall', thresholds.minScore, overall));
  }
  for (const step of report.steps) {
    const threshold = thresholds.steps[step.id];
    if (threshold) results.push(compare('step', step.id, step.title, threshold, stepScores(step)));
  }
  const groupScores = (group: NonNullable<Report['groups']>[number]): Scores => {
    const members = report.steps.filter((step) => group.steps.includes(step.id));
    const count = (pick: (step: Report['steps'][number]) => number) =>
      members.reduce((sum, step) => sum + pick(step), 0);
    const unknown = count((step) => step.counts.unknown);
    return { ...group, unknown, unanswered: count((step) => step.counts.unanswered) };
  };
  for (const group of report.groups ?? []) {
    const threshold = thresholds.steps[group.id];
    if (threshold) results.push(compare('group', group.id, group.title, threshold, groupScores(group)));
  }
  if (request.stageTargets) {
    const applicable = report.steps.filter((step) => step.applicable);
    // Like the steps' targets, the overall target needs something to score: a report with no applicable step has none.
    if (report.overall.target !== undefined && applicable.length > 0) {
      results.push(compareLevel('overall', 'Overall', getLevel(levels, report.overall.target), overall, levels));
    }
    for (const step of applicable) {
      if (step.target === undefined) continue;
      results.push(compareLevel(step.id, step.title, getLevel(levels, step.target), stepScores(step), levels));
    }
    for (const group of report.groups ?? []) {
      if (group.target === undefined || !group.applicable) continue;
      results.push(compareLevel(group.id, group.title, getLevel(levels, group.target), groupScores(group), levels));
    }
  }
  return { results, passed: results.every((result) => result.passed || result.severity === 'warn') };
}

function compare(
  kind: ThresholdResult['kind'],
  id: string,
  title: string,
  threshold: Threshold,
  scores: Scores,
): ThresholdResult {
  const passed = scores.low >= threshold.value;
  return {
    kind,
    id,
    title,
    severity: threshold.severity,
    required: threshold.value,
    actual: scores.low,
    known: scores.score,
    low: scores.low,
    high: scores.high,
    unknown: scores.unknown,
    unanswered: scores.unanswered,
    passed,
    shortBy: passed ? 0 : threshold.value - scores.low,
  };
}

/**
 * A stage target: the level of the worst-case score (already held at the cap by unmet or unknown critical items)
 * against
 * the target level, by the rule the report's `status` uses (met exactly when the status is `met`).
 */
function compareLevel(
  id: string,
  title: string,
  target: Level,
  scores: Scores,
  levels: readonly Level[],
): ThresholdResult {
  const passed = targetStatus(levels, scores.lowExact, scores.highExact, target.id) === 'met';
  return {
    ...compare('stage-target', id, title, { value: target.min, severity: 'error' }, scores),
    requiredLevel: target.name,
    passed,
    shortBy: passed ? 0 : Math.max(0, target.min - scores.low),
  };
}

/** A threshold the team clears by a wide margin, and a higher value it would still clear. */
export interface ThresholdSuggestion {
  kind: 'overall' | 'step' | 'group';
  id: string;
  current: number;
  suggested: number;
  /** The worst-case score the threshold is judged on. */
  actual: number;
  /** The score on known answers only. */
  known: number;
  /** Whether unknown or unanswered answers are counted at their worst in `actual`. */
  worstCase: boolean;
}

/** Points above a threshold from which `check` suggests raising it. */
export const WELL_ABOVE = 10;
/** Points of headroom a suggested threshold leaves below the current score. */
const HEADROOM = 5;

/**
 * Suggests raising numeric thresholds the team clears by at least `margin` points in the worst case (the score the gate
 * judges): the suggestion is the highest multiple of 5 that leaves 5 points of headroom below that score.
 */
export function suggestThresholds(
  results: readonly ThresholdResult[],
  margin: number = WELL_ABOVE,
): ThresholdSuggestion[] {
  const suggestions: ThresholdSuggestion[] = [];
  for (const result of results) {
    if (result.kind === 'stage-target' || !result.passed) continue;
    if (result.actual - result.required < margin) continue;
    const suggested = Math.min(100, Math.floor((result.actual - HEADROOM) / 5) * 5);
    if (suggested <= result.required) continue;
    suggestions.push({
      kind: result.kind,
      id: result.id,
      current: result.required,
      suggested,
      actual: result.actual,
      known: result.known,
      worstCase: result.unknown + result.unanswered > 0,
    });
  }
  return suggestions;
}
