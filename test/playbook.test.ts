// The built-in playbook: the shape issue #2 asks for, and the fixtures scoring as the case study suggests.
import { describe, expect, it } from 'vitest';
import { reachableStepScores } from '../src/core/rubric-lint.js';
import { scoreAssessment } from '../src/core/score.js';
import { loadAnswers } from '../src/io/load-answers.js';
import { loadRubric } from '../src/io/load-rubric.js';
import { fixture } from './helpers/cli.js';

const { rubric, warnings } = loadRubric();
const questions = rubric.steps.flatMap((step) => step.questions);

describe('built-in playbook', () => {
  it('has the six steps in playbook order, 6–10 questions each, and no warnings', () => {
    expect(rubric.steps.map((step) => step.id)).toEqual(['wedge', 'stack-climb', 'revenue-ladder', 'reliability', 'partnerships', 'compute-plan']);
    for (const step of rubric.steps) expect(step.questions.length).toBeGreaterThanOrEqual(6), expect(step.questions.length).toBeLessThanOrEqual(10);
    expect(warnings).toEqual([]);
  });

  it('is small enough for the linter to prove every step target reachable (its search does not give up)', () => {
    for (const step of rubric.steps) {
      const capMax = rubric.levels.find((level) => level.id === rubric.critical.cap)!.max;
      const scores = reachableStepScores(step, rubric.critical.metAt, capMax);
      expect(scores, step.id).toBeDefined();
      const best = Math.max(...scores!);
      for (const stage of rubric.stages) {
        const target = rubric.levels.find((level) => level.id === stage.targets[step.id])!;
        expect(best, `${stage.id} ${step.id}`).toBeGreaterThanOrEqual(target.min);
      }
    }
  });

  it('has the five stages with targets that never drop as a company grows', () => {
    expect(rubric.stages.map((stage) => stage.id)).toEqual(['pre-seed', 'seed', 'series-a', 'growth', 'enterprise']);
    const rank = (level: string) => rubric.levels.findIndex((candidate) => candidate.id === level);
    for (const step of rubric.steps) {
      const targets = rubric.stages.map((stage) => rank(stage.targets[step.id]!));
      expect(targets).toEqual([...targets].sort((a, b) => a - b));
    }
  });

  it('uses every kind of question, conditions, n/a and critical items', () => {
    expect(new Set(questions.map((question) => question.kind))).toEqual(new Set(['single', 'multi', 'boolean', 'number']));
    expect(questions.filter((question) => question.when).length).toBeGreaterThanOrEqual(3);
    expect(questions.filter((question) => question.allowNa).length).toBeGreaterThanOrEqual(3);
    for (const step of ['wedge', 'reliability', 'compute-plan']) expect(questions.some((question) => question.stepId === step && question.critical)).toBe(true);
  });

  it.each([
    'open weights',
    'licen',
    'free',
    'first',
    'quick-start',
    'assistant',
    'agents',
    'connectors',
    'pro',
    'team',
    'enterprise',
    'usage',
    'ARPU',
    'SLA',
    'Terraform',
    'synthetic',
    'deploy',
    'incident',
    'eval',
    'rollback',
    'Azure',
    'residency',
    'sovereign',
    'batching',
    'caching',
    'margin',
    'compute',
    'cloud',
  ])('covers "%s" in a prompt, a choice or a why', (concept) => {
    const text = questions.map((question) => [question.prompt, question.why, ...question.choices.map((choice) => choice.label)].join(' ')).join(' ').toLowerCase();
    expect(text).toContain(concept.toLowerCase());
  });

  it('has a concrete action for every answer that is not the best one', () => {
    for (const question of questions) {
      const best = Math.max(...question.choices.map((choice) => choice.score), ...(question.number?.bands.map((band) => band.score) ?? []));
      const missing = question.kind === 'number'
        ? question.number!.bands.filter((band) => band.score < best && !band.action)
        : question.choices.filter((choice) => (question.kind === 'multi' ? choice.score > 0 : choice.score < best) && !choice.action);
      expect(missing, question.id).toEqual([]);
    }
  });
});

describe('fixtures', () => {
  const score = (name: string) => scoreAssessment(rubric, loadAnswers(fixture('answers', `${name}.yaml`), rubric).assessment);

  it('preseed-demo: a demo with no API; API questions skipped', () => {
    const report = score('preseed-demo');
    const skipped = report.steps.flatMap((step) => step.questions).filter((question) => question.status === 'skipped').map((question) => question.id);
    expect(skipped).toEqual(expect.arrayContaining(['free-api-tier', 'time-to-first-call']));
    expect(report.overall.notApplicable).toBeGreaterThanOrEqual(1);
    expect(report.overall.unknown).toBeGreaterThanOrEqual(1);
  });

  it('growth-saas: weak on reliability and compute, the two lowest steps', () => {
    const report = score('growth-saas');
    const lowest = [...report.steps].sort((a, b) => a.score - b.score).slice(0, 2).map((step) => step.id);
    expect(lowest.sort()).toEqual(['compute-plan', 'reliability']);
  });

  it('mistral-2026: scores higher overall than the other two fixtures', () => {
    const mistral = score('mistral-2026').overall.score;
    expect(mistral).toBeGreaterThan(score('growth-saas').overall.score);
    expect(score('growth-saas').overall.score).toBeGreaterThan(score('preseed-demo').overall.score);
  });
});
