import { describe, expect, it } from 'vitest';
import { scoreAssessment } from '../src/core/score.js';
import {
  assess,
  boolean,
  makeRubric,
  multi,
  na,
  num,
  number,
  pick,
  single,
  unknown,
} from './helpers/rubric-factory.js';
import type { Answer } from '../src/core/model.js';

describe('question scores', () => {
  const rubric = makeRubric([
    { id: 's1', questions: [single('q-single'), multi('q-multi'), boolean('q-bool'), number('q-num')] },
  ]);
  const score = (id: string, answer: Answer) =>
    scoreAssessment(rubric, assess({ [id]: answer })).steps[0]!.questions.find((q) => q.id === id)!.score;

  it.each([
    ['q-single', pick('none'), 0],
    ['q-single', pick('some'), 0.5],
    ['q-single', pick('all'), 1],
    ['q-multi', pick(), 0],
    ['q-multi', pick('a'), 0.4],
    ['q-multi', pick('a', 'b'), 0.8],
    ['q-multi', pick('a', 'b', 'c'), 1],
    ['q-bool', pick('yes'), 1],
    ['q-bool', pick('no'), 0],
    ['q-num', num(0), 0],
    ['q-num', num(9.99), 0],
    ['q-num', num(10), 0.5],
    ['q-num', num(29), 0.5],
    ['q-num', num(30), 1],
    ['q-num', num(100), 1],
  ])('%s answered %j scores %d', (id, answer, expected) => {
    expect(score(id, answer)).toBeCloseTo(expected, 10);
  });
});

describe('step scores', () => {
  it('is the weighted mean of known answers, times 100, rounded', () => {
    const rubric = makeRubric([{ id: 's1', questions: [single('a', { weight: 3 }), single('b', { weight: 1 })] }]);
    const step = scoreAssessment(rubric, assess({ a: pick('all'), b: pick('none') })).steps[0]!;
    expect(step.score).toBe(75);
    expect([step.low, step.high]).toEqual([75, 75]);
  });

  it.each([
    // answers, expected [score, low, high]
    [{ a: pick('all'), b: unknown }, [100, 50, 100]],
    [{ a: pick('some'), b: unknown }, [50, 25, 75]],
    [{ a: pick('some') }, [50, 25, 75]],
    [{ a: unknown, b: unknown }, [0, 0, 100]],
    [{}, [0, 0, 100]],
  ] as Array<[Record<string, Answer>, number[]]>)(
    'unknown and unanswered give a range, not a silent zero: %j',
    (answers, expected) => {
      const rubric = makeRubric([{ id: 's1', questions: [single('a'), single('b')] }]);
      const step = scoreAssessment(rubric, assess(answers)).steps[0]!;
      expect([step.score, step.low, step.high]).toEqual(expected);
    },
  );

  it('leaves not-applicable answers and skipped questions out of the score', () => {
    const rubric = makeRubric([
      {
        id: 's1',
        questions: [
          boolean('has-api'),
          single('api-tier', { when: { question: 'has-api', in: ['yes'] } }),
          single('c', { allowNa: true }),
          single('d'),
        ],
      },
    ]);
    const report = scoreAssessment(rubric, assess({ 'has-api': pick('no'), c: na(), d: pick('all') }));
    const step = report.steps[0]!;
    // has-api (0) and d (1) count; api-tier is skipped, c is n/a.
    expect(step.score).toBe(50);
    expect(step.questions.map((q) => q.status)).toEqual(['answered', 'skipped', 'na', 'answered']);
    expect(step.counts).toMatchObject({
      total: 4,
      answered: 2,
      skipped: 1,
      notApplicable: 1,
      unknown: 0,
      unanswered: 0,
    });
  });

  it('asks a conditional question once its condition holds, including number conditions', () => {
    const rubric = makeRubric([
      { id: 's1', questions: [number('share'), single('deep', { when: { question: 'share', atLeast: 20 } })] },
    ]);
    const below = scoreAssessment(rubric, assess({ share: num(19) })).steps[0]!;
    const above = scoreAssessment(rubric, assess({ share: num(20) })).steps[0]!;
    expect(below.questions[1]!.status).toBe('skipped');
    expect(above.questions[1]!.status).toBe('unanswered');
  });

  it('skips a question whose gate is itself skipped', () => {
    const rubric = makeRubric([
      {
        id: 's1',
        questions: [
          boolean('a'),
          boolean('b', { when: { question: 'a', in: ['yes'] } }),
          boolean('c', { when: { question: 'b', in: ['yes'] } }),
        ],
      },
    ]);
    // c's gate b is answered yes but b does not apply (a is no), so c does not apply either.
    const step = scoreAssessment(rubric, assess({ a: pick('no'), b: pick('yes') })).steps[0]!;
    expect(step.questions.map((q) => q.status)).toEqual(['answered', 'skipped', 'skipped']);
  });

  it('marks a step with nothing applicable as not applicable and leaves it out of the overall score', () => {
    const rubric = makeRubric([
      { id: 's1', questions: [single('a')] },
      { id: 's2', questions: [single('b', { allowNa: true })] },
    ]);
    const report = scoreAssessment(rubric, assess({ a: pick('all'), b: na() }));
    expect(report.steps[1]!.applicable).toBe(false);
    expect(report.overall.score).toBe(100);
  });
});

describe('critical questions', () => {
  const rubric = makeRubric([
    { id: 's1', questions: [single('must', { critical: true }), single('b', { weight: 9 })] },
  ]);
  it.each([
    // must, expected score, low, high, capped list
    ['all', 100, 100, 100, [], []],
    ['some', 69, 69, 69, ['must'], []], // raw 95 held to the top of the "mid" band
    ['unknown', 69, 69, 100, [], ['must']], // unknown: capped except in the best case
  ])('must = %s caps the step at the cap level', (must, score, low, high, unmet, unknownList) => {
    const answer = must === 'unknown' ? unknown : pick(must as string);
    const step = scoreAssessment(rubric, assess({ must: answer, b: pick('all') })).steps[0]!;
    expect([step.score, step.low, step.high]).toEqual([score, low, high]);
    expect(step.criticalUnmet).toEqual(unmet);
    expect(step.criticalUnknown).toEqual(unknownList);
    expect(step.level).toBe(score >= 70 ? 'high' : 'mid');
  });

  it('does not cap a step whose raw score is already below the cap', () => {
    const step = scoreAssessment(rubric, assess({ must: pick('none'), b: pick('some') })).steps[0]!;
    expect(step.score).toBe(45);
    expect(step.capped).toBe(false);
    expect(step.rawScore).toBe(45);
  });
});

describe('targets, gaps and overall', () => {
  const rubric = makeRubric(
    [
      { id: 'first', weight: 1, questions: [single('a'), single('b')] },
      { id: 'second', weight: 3, questions: [single('c'), boolean('d')] },
    ],
    { first: 'high', second: 'mid' },
  );
  const report = scoreAssessment(rubric, assess({ a: pick('some'), b: pick('all'), c: pick('none'), d: pick('yes') }));

  it('measures each step against its stage target level', () => {
    expect(
      report.steps.map((step) => [step.id, step.score, step.level, step.target, step.gap, step.meetsTarget]),
    ).toEqual([
      ['first', 75, 'high', 'high', 5, true],
      ['second', 50, 'mid', 'mid', 10, true],
    ]);
  });

  it('weights the overall score by step weight', () => {
    // (75 * 1 + 50 * 3) / 4 = 56.25
    expect(report.overall.score).toBe(56);
    expect(report.overall.level).toBe('mid');
    expect(report.overall.meetsTarget).toBe(true);
  });

  it('has no targets when the answers name no stage', () => {
    const noStage = scoreAssessment(rubric, assess({ a: pick('all') }, null));
    expect(noStage.steps[0]!.target).toBeUndefined();
    expect(noStage.overall.stepsBelowTarget).toBe(0);
  });

  it('lists gaps with the action that moves each answer, gains in step and overall points', () => {
    const byQuestion = Object.fromEntries(report.gaps.map((gap) => [gap.questionId, gap]));
    expect(Object.keys(byQuestion).sort()).toEqual(['a', 'c']);
    expect(byQuestion.a).toMatchObject({ action: { text: 'finish', effort: 'M' }, stepPoints: 25, overallPoints: 6.3 });
    expect(byQuestion.c).toMatchObject({ action: { text: 'start', effort: 'S' }, stepPoints: 25, overallPoints: 18.8 });
  });
});

describe('gap ranking', () => {
  const rubric = makeRubric(
    [
      { id: 'early', questions: [single('e1'), single('e2', { critical: true })] },
      { id: 'late', questions: [single('l1', { weight: 5 }), single('l2')] },
    ],
    { early: 'low', late: 'high' },
  );

  it('puts critical first, then gaps in steps below target, then the rest, unknowns after known gaps', () => {
    const report = scoreAssessment(
      rubric,
      assess({ e1: pick('none'), e2: pick('some'), l1: pick('none'), l2: unknown }),
    );
    expect(report.gaps.map((gap) => `${gap.questionId}:${gap.kind}`)).toEqual([
      'e2:improve',
      'l1:improve',
      'l2:unknown',
      'e1:improve',
    ]);
  });

  it('breaks ties by playbook order and is deterministic', () => {
    const tie = makeRubric([
      { id: 'early', questions: [single('x')] },
      { id: 'late', questions: [single('y')] },
    ]);
    const answers = { y: pick('none'), x: pick('none') };
    const first = scoreAssessment(tie, assess(answers));
    expect(first.gaps.map((gap) => gap.questionId)).toEqual(['x', 'y']);
    expect(scoreAssessment(tie, assess({ x: pick('none'), y: pick('none') }))).toEqual(first);
  });

  it('gives one action per missing item of a multi question', () => {
    const rubric2 = makeRubric([{ id: 's1', questions: [multi('m')] }]);
    const report = scoreAssessment(rubric2, assess({ m: pick('b') }));
    expect(report.gaps.map((gap) => gap.choiceId)).toEqual(['a', 'c']);
  });

  it('gives no action for a best answer or the top number band', () => {
    const rubric2 = makeRubric([{ id: 's1', questions: [single('s'), number('n')] }]);
    expect(scoreAssessment(rubric2, assess({ s: pick('all'), n: num(50) })).gaps).toEqual([]);
  });
});
