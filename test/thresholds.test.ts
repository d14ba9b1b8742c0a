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
    [
      'step met and step short',
      { steps: { one: error(75), two: error(80) } },
      false,
      [
        [true, 0],
        [false, 11],
      ],
    ],
    ['a warning does not fail', { steps: { two: warn(80) } }, true, [[false, 11]]],
    [
      'an error among warnings fails',
      { minScore: warn(99), steps: { one: error(76) } },
      false,
      [
        [false, 27],
        [false, 1],
      ],
    ],
  ] as const)('%s', (_name, thresholds, passed, expected) => {
    const result = evaluateThresholds(report, {
      thresholds: { ...thresholds, steps: { ...thresholds.steps } },
      stageTargets: false,
      levels: rubric.levels,
    });
    expect(result.passed).toBe(passed);
    expect(result.results.map((item) => [item.passed, item.shortBy])).toEqual(expected);
  });

  it('checks stage targets by level, so a capped step fails even when its raw score would reach the target band', () => {
    const result = evaluateThresholds(report, { thresholds: { steps: {} }, stageTargets: true, levels: rubric.levels });
    expect(result.results.map((item) => [item.id, item.passed, item.requiredLevel, item.shortBy])).toEqual([
      ['overall', true, 'Mid', 0],
      ['one', true, 'Mid', 0],
      ['two', false, 'High', 1],
    ]);
    expect(result.passed).toBe(false);
  });

  it('checks the overall stage target too: steps can meet theirs while the overall score misses its own', () => {
    const lowTargets = makeRubric(
      rubric.steps.map((step) => ({ id: step.id, questions: step.questions })),
      { one: 'low', two: 'low' },
    );
    // one = 25, two = 10 (c met, d none): both "low", as targeted; overall 18 is "low" too, below the stage's "mid".
    const scored = scoreAssessment(
      lowTargets,
      assess({ a: pick('none'), b: pick('some'), c: pick('all'), d: pick('none') }),
    );
    const result = evaluateThresholds(scored, {
      thresholds: { steps: {} },
      stageTargets: true,
      levels: lowTargets.levels,
    });
    expect(
      result.results.map((item) => [item.kind, item.id, item.passed, item.actual, item.requiredLevel, item.shortBy]),
    ).toEqual([
      ['stage-target', 'overall', false, 18, 'Mid', 22],
      ['stage-target', 'one', true, 25, 'Low', 0],
      ['stage-target', 'two', true, 10, 'Low', 0],
    ]);
    expect(result.passed).toBe(false);
  });

  it('judges the worst case: an unknown answer counts at its worst, not out of the mean', () => {
    // a = all, b unknown: 100 on the known answer, 50 with b at its worst ("none").
    const open = scoreAssessment(rubric, assess({ a: pick('all'), b: unknown }));
    const check = (value: number) =>
      evaluateThresholds(open, {
        thresholds: { steps: { one: error(value) } },
        stageTargets: false,
        levels: rubric.levels,
      }).results[0];
    expect(check(60)).toMatchObject({
      actual: 50,
      known: 100,
      low: 50,
      high: 100,
      unknown: 1,
      unanswered: 0,
      passed: false,
      shortBy: 10,
    });
    expect(check(50)).toMatchObject({ actual: 50, known: 100, passed: true, shortBy: 0 });
    // The same answer left out of the file counts the same way.
    const missing = scoreAssessment(rubric, assess({ a: pick('all') }));
    expect(
      evaluateThresholds(missing, {
        thresholds: { steps: { one: error(60) } },
        stageTargets: false,
        levels: rubric.levels,
      }).results[0],
    ).toMatchObject({
      actual: 50,
      known: 100,
      unknown: 0,
      unanswered: 1,
      passed: false,
    });
  });

  it('judges stage targets on the level of the worst case, held at the cap by an unknown critical question', () => {
    // two: c (critical) unknown, d = all: 90 at worst before the cap, held at 69 ("mid") below its "high" target.
    const open = scoreAssessment(rubric, assess({ a: pick('all'), b: pick('all'), c: unknown, d: pick('all') }));
    const [, , two] = evaluateThresholds(open, {
      thresholds: { steps: {} },
      stageTargets: true,
      levels: rubric.levels,
    }).results;
    expect(two).toMatchObject({ id: 'two', actual: 69, requiredLevel: 'High', passed: false, shortBy: 1, unknown: 1 });
  });
});
