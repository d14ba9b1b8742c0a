import { describe, expect, it } from 'vitest';
import { scoreAssessment } from '../src/core/score.js';
import { evaluateThresholds } from '../src/core/thresholds.js';
import { assess, makeRubric, pick, single, unknown } from './helpers/rubric-factory.js';

const rubric = makeRubric(
  [
    { id: 'one', questions: [single('a'), single('b')] },
    { id: 'two', questions: [single('c', { critical: true }), single('d', { weight: 9 })] },
  ],
  { one: 'mid', two: 'high' },
);
// one = 75, two: raw 95 but c is critical and unmet, so held at 69 ("mid"), below its "high" target.
const report = scoreAssessment(rubric, assess({ a: pick('all'), b: pick('some'), c: pick('some'), d: pick('all') }));
const error = (value: number) => ({ value, severity: 'error' as const });
const warn = (value: number) => ({ value, severity: 'warn' as const });

describe('evaluateThresholds', () => {
  it.each([
    ['overall met', { minScore: error(72), steps: {} }, true, [[true, 0]]],
    ['overall short by 1', { minScore: error(73), steps: {} }, false, [[false, 1]]],
    ['step met and step short', { steps: { one: error(75), two: error(80) } }, false, [[true, 0], [false, 11]]],
    ['a warning does not fail', { steps: { two: warn(80) } }, true, [[false, 11]]],
    ['an error among warnings fails', { minScore: warn(99), steps: { one: error(76) } }, false, [[false, 27], [false, 1]]],
  ] as const)('%s', (_name, thresholds, passed, expected) => {
    const result = evaluateThresholds(report, { thresholds: { ...thresholds, steps: { ...thresholds.steps } }, stageTargets: false });
    expect(result.passed).toBe(passed);
    expect(result.results.map((item) => [item.passed, item.shortBy])).toEqual(expected);
  });

  it('checks stage targets by level, so a capped step fails even when its raw score would reach the target band', () => {
    const result = evaluateThresholds(report, { thresholds: { steps: {} }, stageTargets: true });
    expect(result.results.map((item) => [item.id, item.passed, item.requiredLevel, item.shortBy])).toEqual([
      ['one', true, 'Mid', 0],
      ['two', false, 'High', 1],
    ]);
    expect(result.passed).toBe(false);
  });

  it('reports the worst–best range next to the score when answers are unknown', () => {
    const open = scoreAssessment(rubric, assess({ a: pick('all'), b: unknown }));
    const [item] = evaluateThresholds(open, { thresholds: { steps: { one: error(60) } }, stageTargets: false }).results;
    expect(item).toMatchObject({ actual: 100, low: 50, high: 100, passed: true });
  });
});
