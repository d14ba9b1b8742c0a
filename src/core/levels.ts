// Levels, stages and targets: which band a score falls in and what a stage expects.
import type { Level, Rubric, Stage } from './model.js';

/**
 * The level whose band holds `score`: with whole-number bounds, the score rounded to an integer (and clamped to 0..100);
 * with fractional bounds, the exact score, in the highest band whose min it reaches.
 */
export function levelForScore(levels: readonly Level[], score: number): Level {
  if (hasFractionalBounds(levels)) {
    let found = levels[0]!;
    // A floating-point residue (84.99999999999999 for 85) must not drop a score below a bound it reaches.
    for (const level of levels) if (score >= level.min - 1e-9) found = level;
    return found;
  }
  const rounded = Math.min(100, Math.max(0, Math.round(score)));
  const found = levels.find((level) => rounded >= level.min && rounded <= level.max);
  // Validated rubrics have contiguous bands from 0 to 100, so this fallback only guards hand-built data.
  return found ?? levels[levels.length - 1]!;
}

/** Position of a level in ascending order, -1 when the id is unknown. */
export function levelRank(levels: readonly Level[], levelId: string): number {
  return levels.findIndex((level) => level.id === levelId);
}

/** The level with this id; throws on an id that validation should have caught. */
export function getLevel(levels: readonly Level[], levelId: string): Level {
  const level = levels.find((candidate) => candidate.id === levelId);
  if (!level) throw new Error(`unknown level "${levelId}"`);
  return level;
}

/** The stage with this id, or undefined. */
export function findStage(rubric: Rubric, stageId: string | undefined): Stage | undefined {
  return stageId === undefined ? undefined : rubric.stages.find((stage) => stage.id === stageId);
}

/** Whether any level bound is fractional (levels then start where the one before ends, and scores are not rounded to find one). */
export function hasFractionalBounds(levels: readonly Level[]): boolean {
  return levels.some((level) => !Number.isInteger(level.min) || !Number.isInteger(level.max));
}

/** met: even the worst case reaches the target; below: not even the best case does; undetermined: unknown answers decide. */
export type TargetStatus = 'met' | 'below' | 'undetermined';

/**
 * Whether a score range (exact low and high, 0..100) meets a target level: the one rule the report's status and
 * `check`'s stage targets share, so the two never disagree.
 */
export function targetStatus(levels: readonly Level[], low: number, high: number, targetId: string): TargetStatus {
  const target = levelRank(levels, targetId);
  if (levelRank(levels, levelForScore(levels, low).id) >= target) return 'met';
  if (levelRank(levels, levelForScore(levels, high).id) < target) return 'below';
  return 'undetermined';
}
