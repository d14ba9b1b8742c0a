// The cheapest path searches plans up to a bound on each step's effort and raises the bound until its plan is provably
// the one an unbounded search finds. Only when the next search would pass the work limit does it settle for the best
// plan up to the bound, and then the path says so (searchBound) and every output states it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CheapestPath, findCheapestPath, type SearchLimits, stageTargets } from '../src/core/cheapest-path.js';
import type { Answer, Assessment, Rubric } from '../src/core/model.js';
import { buildRoadmap } from '../src/core/roadmap.js';
import { scoreAssessment } from '../src/core/score.js';
import { loadRubric } from '../src/io/load-rubric.js';
import { renderReport } from '../src/render/registry.js';
import { plainTheme } from '../src/render/theme.js';
import { rubricAndAssessmentArb, stagedAssessmentArb } from './helpers/hardening-arbitraries.js';

const UNBOUNDED: SearchLimits = { firstBound: Number.POSITIVE_INFINITY, maxTransitions: Number.POSITIVE_INFINITY };
/** Starts at one effort point a step and may raise the bound as far as needed. */
const RAISED: SearchLimits = { firstBound: 1, maxTransitions: Number.POSITIVE_INFINITY };
/** One effort point a step, never raised. */
const CUT: SearchLimits = { firstBound: 1, maxTransitions: 0 };

const withStage = rubricAndAssessmentArb
  .filter(({ rubric }) => rubric.stages.length > 0)
  .map(({ rubric, assessment }) => ({ rubric, assessment: { ...assessment, stage: rubric.stages[0]!.id } }));

function pathsFor(rubric: Rubric, assessment: Assessment) {
  const report = scoreAssessment(rubric, assessment);
  const targets = stageTargets(rubric, report);
  if (!targets) return undefined;
  const at = (limits?: SearchLimits) => findCheapestPath(rubric, report, targets, limits);
  return { report, unbounded: at(UNBOUNDED), byDefault: at(), raised: at(RAISED), cut: at(CUT) };
}

/** Applying a path's answers gives the scores it promises. */
function expectPromiseKept(rubric: Rubric, assessment: Assessment, path: CheapestPath) {
  const after = scoreAssessment(rubric, { ...assessment, answers: { ...assessment.answers, ...path.answersAfter } });
  expect(path.verified).toBe(true);
  for (const plan of path.steps)
    expect(plan.reached, plan.stepId).toBe(after.steps.find((step) => step.id === plan.stepId)!.score);
  expect(path.overall.reached).toBe(after.overall.score);
}

describe('the bounded search of the cheapest path', () => {
  it('finds exactly the unbounded plan when it may raise its bound (random rubrics with conditions)', () => {
    let raisedFromOne = 0;
    fc.assert(
      fc.property(withStage, ({ rubric, assessment }) => {
        const paths = pathsFor(rubric, assessment);
        if (!paths) return;
        expect(paths.unbounded.searchBound).toBeUndefined();
        expect(paths.raised).toEqual(paths.unbounded);
        expect(paths.byDefault).toEqual(paths.unbounded);
        if (paths.unbounded.steps.some((plan) => plan.cost > 1)) raisedFromOne++;
      }),
      { seed: 1515, numRuns: 300 },
    );
    // The cases had to raise the bound (some step's plan costs more than the first bound).
    expect(raisedFromOne).toBeGreaterThan(20);
  });

  it('finds exactly the unbounded plan on the built-in playbook with random answers, for every stage', () => {
    const { rubric } = loadRubric();
    fc.assert(
      fc.property(stagedAssessmentArb(rubric), (assessment) => {
        const paths = pathsFor(rubric, assessment)!;
        expect(paths.raised).toEqual(paths.unbounded);
      }),
      { seed: 2026, numRuns: 60 },
    );
  });

  it('when cut off, keeps its promise within the bound and says so', () => {
    let bounded = 0;
    fc.assert(
      fc.property(withStage, ({ rubric, assessment }) => {
        const paths = pathsFor(rubric, assessment);
        if (!paths) return;
        const { cut, unbounded } = paths;
        if (cut.searchBound === undefined) {
          // Settled at the first bound: only when that plan is provably the unbounded one.
          expect(cut).toEqual(unbounded);
          return;
        }
        bounded++;
        expect(cut.searchBound).toBe(1);
        for (const plan of cut.steps) expect(plan.cost, plan.stepId).toBeLessThanOrEqual(1);
        expectPromiseKept(rubric, assessment, cut);
        // Never cheaper than the best plan: a cut search can only miss plans, not invent cheaper ones.
        if (cut.status === 'reachable' && unbounded.status === 'reachable')
          expect(cut.cost).toBeGreaterThanOrEqual(unbounded.cost);
      }),
      { seed: 1516, numRuns: 300 },
    );
    expect(bounded).toBeGreaterThan(20);
  });

  it('is stated in every report format', async () => {
    const { rubric } = loadRubric();
    const answers: Record<string, Answer> = {};
    for (const question of rubric.steps.flatMap((step) => step.questions))
      answers[question.id] = { value: { type: 'unknown' } } as Answer;
    const assessment: Assessment = {
      rubric: { id: rubric.id, version: rubric.version },
      stage: rubric.stages.at(-1)!.id,
      answers,
    };
    const report = scoreAssessment(rubric, assessment);
    const roadmap = buildRoadmap(rubric, report, stageTargets(rubric, report));
    const path = findCheapestPath(rubric, report, stageTargets(rubric, report)!, CUT);
    expect(path.searchBound).toBe(1);
    const view = { report, rubric, roadmap: { ...roadmap, path } };
    const context = { theme: plainTheme, width: 100 };
    const outputs: Record<string, string> = {};
    for (const format of ['table', 'md', 'html', 'json'] as const)
      outputs[format] = await renderReport({ ...view, full: true }, format, context);
    const flat = (text: string) => text.replace(/\s+/g, ' ');
    for (const format of ['table', 'md', 'html'] as const)
      expect(flat(outputs[format]!), format).toContain('only plans of up to 1 effort point a step were weighed');
    expect(JSON.parse(outputs.json!).roadmap.cheapestPath.searchBound).toBe(1);
    // Without a bound, no output mentions one.
    const exact = { report, rubric, roadmap };
    for (const format of ['table', 'md', 'html'] as const)
      expect(flat(await renderReport(exact, format, context)), format).not.toContain('a step were weighed');
  });
});
