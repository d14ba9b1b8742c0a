// Levels, stages and targets: which band a score falls in and what a stage expects.
import type { Level, Rubric, Stage } from './model.js';

/** The level whose band holds `score` (rounded to an integer and clamped to 0..100). */
export function levelForScore(levels: readonly Level[], score: number): Level {
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
