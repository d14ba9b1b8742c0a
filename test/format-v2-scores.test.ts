// Rubric format v2, score side: best_of groups, `unknown: worst | range`, the met / below / undetermined status (and
// that the report and `check` never disagree on it), unrounded scores, fractional level bounds and `display`.
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { run } from '../src/cli.js';
import { formatRange, formatScore } from '../src/core/display.js';
import { levelForScore } from '../src/core/levels.js';
import type { Answer, Question, Rubric } from '../src/core/model.js';
import { scoreAssessment } from '../src/core/score.js';
import { createGainModel } from '../src/core/step-score.js';
import { evaluateThresholds } from '../src/core/thresholds.js';
import { loadRubric } from '../src/io/load-rubric.js';
import { fakeIo } from './helpers/cli.js';
import { boolean, makeRubric, single } from './helpers/rubric-factory.js';

const temp = mkdtempSync(join(tmpdir(), 'scaleplay-v2-scores-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const choice = (id: string): Answer => ({ value: { type: 'choice', choices: [id] } });
const unknown: Answer = { value: { type: 'unknown' } };
const na: Answer = { value: { type: 'na', reason: 'no API' } };

/** Step s1: three alternative routes (best_of, weight 2) and one plain question. */
function routes(extra: Partial<Rubric> = {}): Rubric {
  const rubric = makeRubric([
    { id: 's1', questions: [single('open'), single('api', { allowNa: true }), single('app'), single('plain')] },
  ]);
  rubric.steps[0]!.bestOf = [{ id: 'route', title: 'Route', weight: 2, questions: ['open', 'api', 'app'] }];
  return { ...rubric, ...extra };
}

function score(rubric: Rubric, answers: Record<string, Answer>) {
  return scoreAssessment(rubric, { rubric: { id: rubric.id, version: rubric.version }, stage: 'st', answers });
}

describe('best_of: alternatives scored as the best of their members', () => {
  it.each([
    // route (weight 2) = the best member; plain (weight 1). none 0, some 0.5, all 1.
    {
      name: 'the best route counts, not the sum',
      answers: { open: 'none', api: 'all', app: 'none', plain: 'none' },
      score: 67,
      low: 67,
      high: 67,
    },
    {
      name: 'two middling routes are one middling route',
      answers: { open: 'some', api: 'some', app: 'some', plain: 'all' },
      score: 67,
      low: 67,
      high: 67,
    },
    {
      name: 'a member answered n/a drops out',
      answers: { open: 'none', api: 'n/a', app: 'some', plain: 'none' },
      score: 33,
      low: 33,
      high: 33,
    },
    // Known best 0.5 counts in the score; an unknown member may lift the group to 1 (high) but not below 0.5 (low).
    {
      name: 'unknown members: max of worsts .. max of bests',
      answers: { open: 'some', api: 'unknown', app: 'none', plain: 'all' },
      score: 67,
      low: 67,
      high: 100,
    },
    // Only unknown members: the group is unknown, from 0 to 1; the score counts the known plain answer, within range.
    {
      name: 'only unknown members: the group is unknown',
      answers: { open: 'unknown', api: 'unknown', plain: 'all' },
      score: 100,
      low: 33,
      high: 100,
    },
    {
      name: 'every member n/a or unanswered-but-n/a: the group drops out',
      answers: { open: 'n/a', api: 'n/a', app: 'n/a', plain: 'some' },
      score: 50,
      low: 50,
      high: 50,
    },
  ])('$name', ({ answers, score: expected, low, high }) => {
    const rubric = routes();
    for (const question of rubric.steps[0]!.questions) question.allowNa = true;
    const given: Record<string, Answer> = {};
    for (const [id, value] of Object.entries(answers))
      given[id] = value === 'unknown' ? unknown : value === 'n/a' ? na : choice(value);
    const step = score(rubric, given).steps[0]!;
    expect([step.score, step.low, step.high]).toEqual([expected, low, high]);
  });

  it('a gain on a member counts only above the group’s best, and improvements that stay below it are no gap', () => {
    const rubric = routes();
    const answers = { open: choice('none'), api: choice('all'), app: choice('some'), plain: choice('none') };
    const report = score(rubric, answers);
    expect(report.gaps.filter((gap) => gap.kind === 'improve').map((gap) => gap.questionId)).toEqual(['plain']);
    const step = report.steps[0]!;
    const gains = createGainModel(rubric, answers, [{ weight: 1, questions: step.questions }]);
    expect(gains.gain('app', choice('all'))).toEqual({ stepPoints: 0, overallPoints: 0 });
    // Dropping the best route leaves the next best (app, 0.5): (2 × 0.5 + 0) / 3 instead of (2 × 1 + 0) / 3.
    expect(gains.gain('api', choice('none'))).toEqual({ stepPoints: -33.3, overallPoints: -33.3 });
  });

  it.each([
    [
      'a member of another step',
      { questions: ['open', 'elsewhere'] },
      'best_of "route" names "elsewhere", which is not a question of step "s1"',
    ],
    [
      'a critical member',
      { questions: ['open', 'critical-one'] },
      'best_of "route" holds critical question "critical-one"',
    ],
    [
      'a question in two groups',
      { questions: ['open', 'api'], second: ['api', 'app'] },
      'question "api" is in two best_of groups ("route" and "route-2")',
    ],
    [
      'an id that is a question id',
      { id: 'plain', questions: ['open', 'api'] },
      'best_of id "plain" is also a question id',
    ],
    ['a single member', { questions: ['open'] }, 'a best_of group needs at least 2 questions'],
  ])('validation: %s → a located error', async (_name, group, message) => {
    const dir = join(temp, `bestof-${Math.random().toString(36).slice(2)}`);
    const choices = [
      { id: 'none', label: 'None', score: 0, action: { text: 'Start.', effort: 'S' } },
      { id: 'all', label: 'All', score: 1 },
    ];
    const q = (id: string, critical = false) => ({
      id,
      prompt: `${id}?`,
      why: 'Because.',
      kind: 'single',
      critical,
      choices,
    });
    const bestOf = [{ id: (group as { id?: string }).id ?? 'route', title: 'Route', questions: group.questions }];
    if ('second' in group) bestOf.push({ id: 'route-2', title: 'Route 2', questions: group.second as string[] });
    mkdirSync(join(dir, 'steps'), { recursive: true });
    const levels = [
      { id: 'low', name: 'Low', min: 0, max: 49 },
      { id: 'high', name: 'High', min: 50, max: 100 },
    ];
    writeFileSync(
      join(dir, 'rubric.yaml'),
      stringify({
        id: 'r',
        version: '1',
        title: 'R',
        steps: ['s1', 's2'],
        levels,
        critical: { cap: 'low', met_at: 1 },
        stages: [{ id: 'st', name: 'St', overall: 'low', targets: { s1: 'low', s2: 'low' } }],
      }),
    );
    writeFileSync(
      join(dir, 'steps', 's1.yaml'),
      stringify({
        id: 's1',
        title: 'S1',
        summary: 'S.',
        questions: [q('open'), q('api'), q('app'), q('plain'), q('critical-one', true)],
        best_of: bestOf,
      }),
    );
    writeFileSync(
      join(dir, 'steps', 's2.yaml'),
      stringify({ id: 's2', title: 'S2', summary: 'S.', questions: [q('elsewhere')] }),
    );
    const io = fakeIo({ env: { NO_COLOR: '1' }, stdin: 'ended' });
    expect(await run(['node', 'scaleplay', 'rubric', 'validate', dir], io)).toBe(2);
    expect(io.stderrText()).toMatch(new RegExp(`steps/s1\\.yaml:\\d+:\\d+: ${message.replace(/[()]/g, '\\$&')}`));
  });
});

describe('unknown answers: range (default) or worst', () => {
  const rubric = makeRubric([{ id: 's1', questions: [single('a'), single('b'), single('c')] }]);
  const answers = { a: choice('all'), b: choice('some'), c: unknown };

  it('range: the score counts known answers only, with the range beside it', () => {
    const step = score(rubric, answers).steps[0]!;
    expect([step.score, step.low, step.high]).toEqual([75, 50, 83]);
    expect(score(rubric, answers).unknown).toBe('range');
  });

  it('worst: the score counts unknown answers at their worst, so it is the low end', () => {
    const report = score({ ...rubric, unknown: 'worst' }, answers);
    const step = report.steps[0]!;
    expect([step.score, step.low, step.high]).toEqual([50, 50, 83]);
    expect(report.unknown).toBe('worst');
    expect(report.overall.score).toBe(50);
  });
});

describe('status: met only when the worst case meets the target, below when even the best case does not', () => {
  const rubric = makeRubric([{ id: 's1', questions: [single('a'), single('b'), single('c')] }], { s1: 'high' });

  it.each([
    { answers: { a: 'all', b: 'all', c: 'all' }, status: 'met', undecidedBy: undefined },
    { answers: { a: 'none', b: 'none', c: 'none' }, status: 'below', undecidedBy: undefined },
    // 100 on known answers, 33–100 in range: the headline alone would say "on target".
    { answers: { a: 'all', b: 'unknown', c: 'unknown' }, status: 'undetermined', undecidedBy: 2 },
    { answers: { a: 'none', b: 'none', c: 'unknown' }, status: 'below', undecidedBy: undefined },
  ])('$answers → $status', ({ answers, status, undecidedBy }) => {
    const given = Object.fromEntries(
      Object.entries(answers).map(([id, value]) => [id, value === 'unknown' ? unknown : choice(value)]),
    );
    const step = score(rubric, given).steps[0]!;
    expect(step.status).toBe(status);
    expect(step.undecidedBy).toBe(undecidedBy);
  });

  // Property: on random answers to random small rubrics, every step's and the overall status is `met` exactly when
  // `check` (stage targets) passes it, with integer and fractional levels, and with either unknown mode.
  const questionArb = (id: string) =>
    fc
      .record({ weight: fc.integer({ min: 1, max: 3 }), critical: fc.boolean(), bool: fc.boolean() })
      .map(
        ({ weight, critical, bool }): Question =>
          bool ? boolean(id, { weight, critical }) : single(id, { weight, critical }),
      );
  const answerArb = (question: Question) =>
    fc.oneof(
      fc.constantFrom(...question.choices.map((c) => choice(c.id))),
      fc.constant(unknown),
      fc.constant(undefined),
    );
  const caseArb = fc
    .record({
      steps: fc.array(fc.array(fc.constant(0), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
      fractional: fc.boolean(),
      worst: fc.boolean(),
      targets: fc.array(fc.constantFrom('low', 'mid', 'high'), { minLength: 4, maxLength: 4 }),
    })
    .chain(({ steps, fractional, worst, targets }) => {
      let n = 0;
      const questions = steps.map((step) => step.map(() => `q${n++}`));
      return fc
        .tuple(
          fc.constant({ fractional, worst, targets }),
          fc.tuple(...questions.map((ids) => fc.tuple(...ids.map(questionArb)))),
        )
        .chain(([options, built]) => {
          const targetOf = Object.fromEntries(built.map((_, index) => [`s${index}`, options.targets[index]!]));
          const rubric = makeRubric(
            built.map((qs, index) => ({ id: `s${index}`, questions: qs })),
            targetOf,
          );
          rubric.stages[0]!.overall = options.targets[3]!;
          if (options.fractional) {
            rubric.levels = [
              { id: 'low', name: 'Low', min: 0, max: 100 / 3 },
              { id: 'mid', name: 'Mid', min: 100 / 3, max: 62.5 },
              { id: 'high', name: 'High', min: 62.5, max: 100 },
            ];
          }
          if (options.worst) rubric.unknown = 'worst';
          const all = rubric.steps.flatMap((step) => step.questions);
          return fc.tuple(fc.constant(rubric), fc.tuple(...all.map(answerArb)));
        });
    });

  it('the report and check never disagree on whether a target is met (property)', () => {
    fc.assert(
      fc.property(caseArb, ([rubric, list]) => {
        const answers: Record<string, Answer> = {};
        rubric.steps
          .flatMap((step) => step.questions)
          .forEach((question, index) => {
            if (list[index]) answers[question.id] = list[index]!;
          });
        const report = score(rubric, answers);
        const check = evaluateThresholds(report, {
          thresholds: { steps: {} },
          stageTargets: true,
          levels: rubric.levels,
        });
        for (const step of report.steps.filter((candidate) => candidate.applicable)) {
          const judged = check.results.find((result) => result.id === step.id)!;
          expect(judged.passed, step.id).toBe(step.status === 'met');
          expect(step.lowExact).toBeLessThanOrEqual(step.scoreExact + 1e-9);
          expect(step.scoreExact).toBeLessThanOrEqual(step.highExact + 1e-9);
          if (step.status === 'below') expect(levelForScore(rubric.levels, step.highExact).id).not.toBe(step.target);
        }
        const overall = check.results.find((result) => result.id === 'overall');
        if (overall) expect(overall.passed).toBe(report.overall.status === 'met');
        expect(check.passed).toBe(
          report.steps.every((step) => !step.applicable || step.status === 'met') &&
            (!overall || report.overall.status === 'met'),
        );
      }),
      { seed: 1612, numRuns: 400 },
    );
  });
});

describe('unrounded scores, fractional levels and display', () => {
  it('JSON carries scoreExact, lowExact and highExact next to the rounded scores', () => {
    const rubric = makeRubric([{ id: 's1', questions: [single('a'), single('b'), single('c')] }]);
    const report = score(rubric, { a: choice('all'), b: choice('none'), c: choice('none') });
    expect(report.steps[0]!.score).toBe(33);
    expect(report.steps[0]!.scoreExact).toBe(33.333333333);
    expect(report.overall.scoreExact).toBe(33.333333333);
  });

  it.each([
    [{ scale: 3, decimals: 2 }, 33.333333333, '1.00'],
    [{ scale: 3, decimals: 2 }, 33.07, '0.99'],
    [{ scale: 5, decimals: 1 }, 100, '5.0'],
    [{ scale: 100, decimals: 1 }, 58.095238, '58.1'],
    [undefined, 58.6, '59'],
    [{ scale: 3, decimals: 0 }, -0.0001, '0'],
  ])('display %j shows %d as %s', (display, value, shown) => {
    expect(formatScore(value, display)).toBe(shown);
  });

  it('a range is shown on the scale too', () => {
    expect(formatRange(33.4, 66.7, { scale: 3, decimals: 1 })).toBe('1.0–2.0');
  });

  const writeLevels = (name: string, levels: unknown[]) => {
    const dir = join(temp, name);
    mkdirSync(join(dir, 'steps'), { recursive: true });
    writeFileSync(
      join(dir, 'rubric.yaml'),
      stringify({
        id: 'r',
        version: '1',
        title: 'R',
        steps: ['s1'],
        levels,
        critical: { cap: 'a', met_at: 1 },
        stages: [{ id: 'st', name: 'St', overall: 'a', targets: { s1: 'a' } }],
      }),
    );
    const choices = [
      { id: 'none', label: 'None', score: 0, action: { text: 'Start.', effort: 'S' } },
      { id: 'all', label: 'All', score: 1 },
    ];
    writeFileSync(
      join(dir, 'steps', 's1.yaml'),
      stringify({
        id: 's1',
        title: 'S1',
        summary: 'S.',
        questions: [{ id: 'q', prompt: 'Q?', why: 'W.', kind: 'single', choices }],
      }),
    );
    return dir;
  };

  it('fractional bounds: each level starts where the one before ends', () => {
    const dir = writeLevels('fractional-ok', [
      { id: 'a', name: 'A', min: 0, max: 33.3 },
      { id: 'b', name: 'B', min: 33.3, max: 66.6 },
      { id: 'c', name: 'C', min: 66.6, max: 100 },
    ]);
    const { rubric } = loadRubric(dir);
    expect(levelForScore(rubric.levels, 33.29).id).toBe('a');
    expect(levelForScore(rubric.levels, 33.3).id).toBe('b');
    expect(levelForScore(rubric.levels, 100).id).toBe('c');
  });

  it.each([
    [
      'fractional-hole',
      [
        { id: 'a', name: 'A', min: 0, max: 33.3 },
        { id: 'b', name: 'B', min: 33.4, max: 100 },
      ],
      'rubric.yaml:',
      'hole between level "a" (ends at 33.3) and level "b" (starts at 33.4)',
    ],
    [
      'fractional-overlap',
      [
        { id: 'a', name: 'A', min: 0, max: 33.5 },
        { id: 'b', name: 'B', min: 33.3, max: 100 },
      ],
      'rubric.yaml:',
      'level "b" (33.3–100) overlaps level "a" (0–33.5)',
    ],
    // Whole numbers keep today's rule: a level starting at the max of the one before overlaps it.
    [
      'integer-overlap',
      [
        { id: 'a', name: 'A', min: 0, max: 50 },
        { id: 'b', name: 'B', min: 50, max: 100 },
      ],
      'rubric.yaml:',
      'level "b" (50–100) overlaps level "a" (0–50)',
    ],
  ])('%s → a located error', async (name, levels, where, message) => {
    const dir = writeLevels(name, levels);
    const io = fakeIo({ env: { NO_COLOR: '1' }, stdin: 'ended' });
    expect(await run(['node', 'scaleplay', 'rubric', 'validate', dir], io)).toBe(2);
    expect(io.stderrText()).toContain(`${where}`);
    expect(io.stderrText()).toMatch(/rubric\.yaml:\d+:\d+: /);
    expect(io.stderrText()).toContain(message);
  });
});
