// The cheapest path keeps its promise: applying its actions to the answers gives exactly the scores it promises, also
// when its own actions switch conditional questions on or off (a gate moved to `production` makes a question apply).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findCheapestPath, stageTargets } from '../src/core/cheapest-path.js';
import type { Answer, Assessment, Rubric } from '../src/core/model.js';
import { scoreAssessment } from '../src/core/score.js';
import { loadRubric } from '../src/io/load-rubric.js';
import { rubricAndAssessmentArb, stagedAssessmentArb } from './helpers/hardening-arbitraries.js';

/** The answers after the path: each action's question set to the answer its last rung leads to. */
function applyPath(answers: Record<string, Answer>, after: Record<string, Answer>): Record<string, Answer> {
  return { ...answers, ...after };
}

function checkPromise(rubric: Rubric, assessment: Assessment) {
  const report = scoreAssessment(rubric, assessment);
  const targets = stageTargets(rubric, report);
  if (!targets) return;
  const path = findCheapestPath(rubric, report, targets);
  const after = scoreAssessment(rubric, { ...assessment, answers: applyPath(assessment.answers, path.answersAfter) });
  // Every question the path changes is one of its actions' questions.
  expect(Object.keys(path.answersAfter).sort()).toEqual(
    [...new Set(path.actions.map((action) => action.questionId))].sort(),
  );
  expect(path.verified).toBe(true);
  for (const plan of path.steps) {
    const step = after.steps.find((candidate) => candidate.id === plan.stepId)!;
    expect(plan.reached, plan.stepId).toBe(step.score);
    if (plan.status === 'planned' || plan.status === 'at-target')
      expect(step.score, plan.stepId).toBeGreaterThanOrEqual(plan.target!.score);
  }
  expect(path.overall.reached).toBe(after.overall.score);
  if (path.overall.status === 'planned' || path.overall.status === 'at-target')
    expect(after.overall.score).toBeGreaterThanOrEqual(path.overall.target!.score);
}

describe('the cheapest path keeps its promise', () => {
  it('on random rubrics with conditions and random answers (property)', () => {
    const withStage = rubricAndAssessmentArb
      .filter(({ rubric }) => rubric.stages.length > 0)
      .map(({ rubric, assessment }) => ({ rubric, assessment: { ...assessment, stage: rubric.stages[0]!.id } }));
    fc.assert(
      fc.property(withStage, ({ rubric, assessment }) => checkPromise(rubric, assessment)),
      { seed: 916, numRuns: 300 },
    );
  });

  it('on the built-in playbook, with random answers files, for every stage (property)', () => {
    const { rubric } = loadRubric();
    fc.assert(
      fc.property(stagedAssessmentArb(rubric), (assessment) => checkPromise(rubric, assessment)),
      { seed: 65, numRuns: 150 },
    );
  });
});
