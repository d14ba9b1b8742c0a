// The points a report promises for an action are the scorer's own change when that one action is taken: checked on the
// case that was wrong (a step with an unknown answer), on hand-made rubrics, and on random rubrics against re-scoring.
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stageTargets } from '../src/core/cheapest-path.js';
import { getLevel } from '../src/core/levels.js';
import type { Answer, Assessment, Rubric } from '../src/core/model.js';
import { bestAnswer, improvementsFor, scoreBounds, worstAnswer } from '../src/core/questions.js';
import { buildRoadmap } from '../src/core/roadmap.js';
import { scoreAssessment, type Report, type StepResult } from '../src/core/score.js';
import { loadAnswers } from '../src/io/load-answers.js';
import { loadRubric } from '../src/io/load-rubric.js';
import { rubricAndAssessmentArb } from './helpers/hardening-arbitraries.js';
import { assess, makeRubric, na, pick, single, unknown } from './helpers/rubric-factory.js';

const root = join(import.meta.dirname, '..');
const playbook = loadRubric().rubric;
const round1 = (value: number) => Math.round(value * 10) / 10;

/**
 * The exact (unrounded) step score, recomputed from what the report says of each question, by the rule docs/scoring.md gives:
 * the weighted mean of the known answers, kept within worst..best of the unknown ones, held at the cap level while a
 * critical question is unmet or unknown. Checked against the report's rounded score wherever it is used.
 */
function exactStep(rubric: Rubric, step: StepResult): number | undefined {
  if (!step.applicable) return undefined;
  const definition = rubric.steps.find((candidate) => candidate.id === step.id)!;
  const questions = definition.questions;
  let known = 0;
  let knownWeight = 0;
  let worst = 0;
  let best = 0;
  let unknownWeight = 0;
  // A best_of group counts once, with its weight: known when a member is answered (its score the best answer, or the
  // worst an unknown member may give if that is higher; its range up to the best any member may give), else unknown.
  let knownHigh = 0;
  const groupOf = new Map(
    (definition.bestOf ?? []).flatMap((group) => group.questions.map((id) => [id, group] as const)),
  );
  const members = new Map<string, { weight: number; items: { known: boolean; worst: number; best: number }[] }>();
  for (const result of step.questions) {
    const counted = result.status === 'answered' || result.status === 'unknown' || result.status === 'unanswered';
    const group = groupOf.get(result.id);
    if (group) {
      if (!counted) continue;
      const bounds = scoreBounds(questions.find((question) => question.id === result.id)!);
      const item =
        result.status === 'answered'
          ? { known: true, worst: result.score!, best: result.score! }
          : { known: false, ...bounds };
      members.set(group.id, { weight: group.weight, items: [...(members.get(group.id)?.items ?? []), item] });
    } else if (result.status === 'answered') {
      known += result.weight * result.score!;
      knownWeight += result.weight;
    } else if (result.status === 'unknown' || result.status === 'unanswered') {
      const bounds = scoreBounds(questions.find((question) => question.id === result.id)!);
      worst += result.weight * bounds.worst;
      best += result.weight * bounds.best;
      unknownWeight += result.weight;
    }
  }
  for (const { weight, items } of members.values()) {
    const low = Math.max(...items.map((item) => item.worst));
    const high = Math.max(...items.map((item) => item.best));
    if (items.some((item) => item.known)) {
      known += weight * low;
      knownWeight += weight;
      knownHigh += weight * (high - low);
    } else {
      worst += weight * low;
      best += weight * high;
      unknownWeight += weight;
    }
  }
  best += knownHigh;
  const weight = knownWeight + unknownWeight;
  const low = (100 * (known + worst)) / weight;
  const high = (100 * (known + best)) / weight;
  const mean = knownWeight > 0 ? (100 * known) / knownWeight : low;
  const score = Math.min(Math.max(mean, low), high);
  const capped = step.criticalUnmet.length + step.criticalUnknown.length > 0;
  const exact = capped ? Math.min(score, getLevel(rubric.levels, rubric.critical.cap).max) : score;
  expect(Math.round(exact), `oracle for ${step.id}`).toBe(step.score);
  return exact;
}

function exactOverall(rubric: Rubric, report: Report): number {
  const scored = report.steps
    .map((step) => ({ step, exact: exactStep(rubric, step) }))
    .filter(({ exact }) => exact !== undefined);
  const weight = scored.reduce((sum, { step }) => sum + step.weight, 0);
  const overall = weight > 0 ? scored.reduce((sum, { step, exact }) => sum + step.weight * exact!, 0) / weight : 0;
  expect(Math.round(overall)).toBe(report.overall.score);
  return overall;
}

/** The exact change of one step's score and of the overall score between two reports. */
function change(rubric: Rubric, before: Report, after: Report, stepId: string) {
  const step = (report: Report) => exactStep(rubric, report.steps.find((candidate) => candidate.id === stepId)!) ?? 0;
  return { step: step(after) - step(before), overall: exactOverall(rubric, after) - exactOverall(rubric, before) };
}

/** Promised points (one decimal) match an exact change: equal once rounded, allowing for a value on a rounding edge. */
function expectPoints(promised: number, exact: number, what: string) {
  expect(Math.abs(promised - exact), `${what}: promised ${promised}, exact ${exact}`).toBeLessThanOrEqual(0.05 + 1e-9);
}

describe('the points promised for an action', () => {
  it('growth-saas with one unknown reliability answer: evals-rollback gains what re-scoring gives (it claimed 6.2)', () => {
    // A regression found on the playbook 1.0.0: kept on its frozen copy (fixtures/v1).
    const v1 = loadRubric(join(root, 'fixtures/v1/playbook')).rubric;
    const { assessment } = loadAnswers(join(root, 'fixtures/v1/answers/growth-saas.yaml'), v1);
    const before: Assessment = {
      ...assessment,
      answers: { ...assessment.answers, 'deploy-synced-monitoring': unknown },
    };
    const report = scoreAssessment(v1, before);
    const gap = report.gaps.find((candidate) => candidate.questionId === 'evals-rollback')!;
    const after = scoreAssessment(v1, { ...before, answers: { ...before.answers, 'evals-rollback': pick('evals') } });
    const reliability = (scored: Report) => scored.steps.find((step) => step.id === 'reliability')!.score;
    expect([reliability(report), reliability(after)]).toEqual([30, 37]);
    // Known answers weigh 11 (the unknown one, weight 2, is left out of the score); evals-rollback (weight 2) goes 0.3 → 0.7.
    expect(gap.stepPoints).toBe(round1((100 * 2 * (0.7 - 0.3)) / 11));
    expect(gap.stepPoints).toBe(7.3);
    const exact = change(v1, report, after, 'reliability');
    expectPoints(gap.stepPoints, exact.step, 'step');
    expectPoints(gap.overallPoints, exact.overall, 'overall');
  });

  it('overall points are shared among the steps that count (a step all n/a is left out)', () => {
    const rubric = makeRubric([
      { id: 'a', questions: [single('x')] },
      { id: 'b', questions: [single('y', { allowNa: true })] },
    ]);
    const report = scoreAssessment(rubric, assess({ x: pick('none'), y: na() }));
    // x: none → some moves step a, the only step that counts, from 0 to 50: the overall score too.
    expect(report.gaps[0]).toMatchObject({ questionId: 'x', stepPoints: 50, overallPoints: 50 });
  });

  it('an action on a step held at the cap by a critical item promises what it really adds (nothing, until the cap lifts)', () => {
    const rubric = makeRubric([
      { id: 's1', questions: [single('must', { critical: true }), single('b', { weight: 9 })] },
    ]);
    const report = scoreAssessment(rubric, assess({ must: pick('some'), b: pick('some') }));
    // must is unmet (met at 0.7). Raw (0.5 + 9 × 0.5) / 10 = 50, under the cap (69); b at "all" would make it 95, held at
    // 69: b's action adds 19, not 45.
    expect(report.steps[0]!.score).toBe(50);
    expect(report.gaps.find((gap) => gap.questionId === 'b')).toMatchObject({ stepPoints: 19, overallPoints: 19 });
    const held = scoreAssessment(rubric, assess({ must: pick('none'), b: pick('all') }));
    expect(held.steps[0]).toMatchObject({ score: 69, capped: true });
    // must: none → some keeps it unmet (met at 0.7): still held at 69. The rung after that meets it: 69 → 100.
    expect(held.gaps.find((gap) => gap.questionId === 'must')).toMatchObject({ stepPoints: 0, overallPoints: 0 });
  });

  it('a find-out promises the most the score can move either way once the answer is known', () => {
    const rubric = makeRubric([{ id: 's1', questions: [single('k'), single('u')] }]);
    const report = scoreAssessment(rubric, assess({ k: pick('some'), u: unknown }));
    // Now 50 (k alone). u = none → 25, u = all → 75: ±25.
    expect(report.gaps.find((gap) => gap.kind === 'unknown')).toMatchObject({
      questionId: 'u',
      stepPoints: 25,
      overallPoints: 25,
    });
  });
});

/** Every gap of the report: improve gains are the exact change; find-outs the larger change of the worst and best answer. */
function checkGaps(rubric: Rubric, assessment: Assessment): number {
  const report = scoreAssessment(rubric, assessment);
  const byId = new Map(
    rubric.steps.flatMap((step) => step.questions.map((question) => [question.id, question] as const)),
  );
  const rescore = (id: string, answer: Answer) =>
    scoreAssessment(rubric, { ...assessment, answers: { ...assessment.answers, [id]: answer } });
  for (const gap of report.gaps) {
    const question = byId.get(gap.questionId)!;
    if (gap.kind === 'improve') {
      const answer = assessment.answers[gap.questionId]!;
      const result = report.steps
        .find((step) => step.id === gap.stepId)!
        .questions.find((candidate) => candidate.id === gap.questionId)!;
      const improvement = improvementsFor(question, answer, result.score!).find(
        (candidate) => candidate.choiceId === gap.choiceId && candidate.action === gap.action,
      )!;
      const exact = change(rubric, report, rescore(gap.questionId, improvement.answer), gap.stepId);
      expectPoints(gap.stepPoints, exact.step, `${gap.questionId} step`);
      expectPoints(gap.overallPoints, exact.overall, `${gap.questionId} overall`);
    } else {
      const ends = [worstAnswer(question), bestAnswer(question)].map((answer) =>
        change(rubric, report, rescore(gap.questionId, answer), gap.stepId),
      );
      expectPoints(
        gap.stepPoints,
        Math.max(...ends.map((end) => Math.abs(end.step))),
        `${gap.questionId} find-out step`,
      );
      expectPoints(
        gap.overallPoints,
        Math.max(...ends.map((end) => Math.abs(end.overall))),
        `${gap.questionId} find-out overall`,
      );
    }
  }
  return report.gaps.length;
}

/**
 * The roadmap's actions on the cheapest path: the first on a question has its gap's points, and the points of a
 * question's actions add up to the exact change of all of them together (from its worst answer, for one found out).
 */
function checkRoadmap(rubric: Rubric, assessment: Assessment): number {
  let checked = 0;
  const report = scoreAssessment(rubric, assessment);
  const roadmap = buildRoadmap(rubric, report, stageTargets(rubric, report));
  const path = roadmap.path!;
  const items = [...roadmap.now, ...roadmap.next, ...roadmap.later].filter((item) => item.onPath);
  const byId = new Map(
    rubric.steps.flatMap((step) => step.questions.map((question) => [question.id, question] as const)),
  );
  const withAnswer = (id: string, answer: Answer) =>
    scoreAssessment(rubric, { ...assessment, answers: { ...assessment.answers, [id]: answer } });
  for (const questionId of new Set(items.map((item) => item.questionId))) {
    const mine = items.filter((item) => item.questionId === questionId && item.kind === 'improve');
    if (mine.length === 0) continue;
    const first = mine.find((item) => item.rung === 1);
    const gap =
      first &&
      report.gaps.find(
        (candidate) =>
          candidate.questionId === questionId && candidate.kind === 'improve' && candidate.choiceId === first.choiceId,
      );
    if (first && gap) expect([first.stepPoints, first.overallPoints]).toEqual([gap.stepPoints, gap.overallPoints]);
    const planned = path.assumedWorst.includes(questionId);
    const start = planned ? withAnswer(questionId, worstAnswer(byId.get(questionId)!)) : report;
    const exact = change(rubric, start, withAnswer(questionId, path.answersAfter[questionId]!), mine[0]!.stepId);
    const tolerance = 0.05 * mine.length + 1e-9;
    const sum = (pick: (item: (typeof mine)[number]) => number) => mine.reduce((total, item) => total + pick(item), 0);
    expect(Math.abs(sum((item) => item.stepPoints) - exact.step), questionId).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(sum((item) => item.overallPoints) - exact.overall), questionId).toBeLessThanOrEqual(tolerance);
    checked++;
  }
  return checked;
}

describe('gains on the fixtures (the golden reports) match re-scoring', () => {
  it.each([
    'answers/growth-saas',
    'answers/mistral-2026',
    'answers/preseed-demo',
    'answers/hostile-notes',
    'golden/workshop-consensus',
  ])('%s', (name) => {
    const { assessment } = loadAnswers(join(root, 'fixtures', `${name}.yaml`), playbook);
    expect(checkGaps(playbook, assessment)).toBeGreaterThan(0);
    if (assessment.stage !== undefined) checkRoadmap(playbook, assessment);
  });
});

describe('gains on random rubrics match re-scoring', () => {
  const runs = 150;

  it('every gap: improve gains are the exact change; find-outs the larger change of the worst and best answer', () => {
    let checked = 0;
    fc.assert(
      fc.property(rubricAndAssessmentArb, ({ rubric, assessment }) => {
        checked += checkGaps(rubric, assessment);
      }),
      { numRuns: runs },
    );
    expect(checked).toBeGreaterThan(runs);
  });

  it("roadmap: the first action on a question has its gap's points; a question's actions add up to their change together", () => {
    let checked = 0;
    fc.assert(
      fc.property(rubricAndAssessmentArb, ({ rubric, assessment }) => {
        if (rubric.stages.length === 0) return;
        checked += checkRoadmap(rubric, { ...assessment, stage: rubric.stages[0]!.id });
      }),
      { numRuns: runs },
    );
    expect(checked).toBeGreaterThan(runs / 4);
  });
});
