// The built-in playbook 2.0.0: the shape issues #2 and #10 ask for, and the fixtures scoring as the case study suggests.
import { describe, expect, it } from 'vitest';
import { reachableStepScores } from '../src/core/rubric-lint.js';
import { scoreAssessment } from '../src/core/score.js';
import { loadAnswers } from '../src/io/load-answers.js';
import { loadRubric } from '../src/io/load-rubric.js';
import { fixture, runCli } from './helpers/cli.js';

const { rubric, warnings } = loadRubric();
const questions = rubric.steps.flatMap((step) => step.questions);
const byId = new Map(questions.map((question) => [question.id, question] as const));
const levelMin = (id: string) => rubric.levels.find((level) => level.id === id)!.min;

describe('built-in playbook', () => {
  it('is version 2.0.0 with the six steps in playbook order, 6–10 questions each, and no warnings', () => {
    expect(rubric.version).toBe('2.0.0');
    expect(rubric.steps.map((step) => step.id)).toEqual([
      'wedge',
      'stack-climb',
      'revenue-ladder',
      'reliability',
      'partnerships',
      'compute-plan',
    ]);
    for (const step of rubric.steps)
      expect(step.questions.length).toBeGreaterThanOrEqual(6), expect(step.questions.length).toBeLessThanOrEqual(10);
    expect(warnings).toEqual([]);
  });

  it('asks the company profile of the format contract: what it builds, how it sells, whether buyers are regulated', () => {
    expect(rubric.profile?.map((item) => [item.id, item.choices.map((choice) => choice.id)])).toEqual([
      ['builds', ['own-models', 'api', 'application', 'feature']],
      ['sells', ['self-serve', 'sales-led', 'both']],
      ['regulated', ['yes', 'no']],
    ]);
  });

  it('is small enough for the linter to prove every step target reachable (its search does not give up)', () => {
    for (const step of rubric.steps) {
      const capMax = rubric.levels.find((level) => level.id === rubric.critical.cap)!.max;
      const scores = reachableStepScores(step, rubric.critical.metAt, capMax);
      expect(scores, step.id).toBeDefined();
      const best = Math.max(...scores!);
      for (const stage of rubric.stages)
        expect(best, `${stage.id} ${step.id}`).toBeGreaterThanOrEqual(levelMin(stage.targets[step.id]!));
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

  it('has consistent targets: a team exactly at every step target reaches the overall target', () => {
    const totalWeight = rubric.steps.reduce((sum, step) => sum + step.weight, 0);
    for (const stage of rubric.stages) {
      const mean =
        rubric.steps.reduce((sum, step) => sum + step.weight * levelMin(stage.targets[step.id]!), 0) / totalWeight;
      expect(mean, stage.id).toBeGreaterThanOrEqual(levelMin(stage.overall));
    }
  });

  it('makes margins matter by Series A: the compute plan must be Established there, and its margin floor is critical', () => {
    expect(rubric.stages.find((stage) => stage.id === 'series-a')!.targets['compute-plan']).toBe('established');
    expect(byId.get('gross-margin')).toMatchObject({ critical: true, kind: 'number' });
    // An unmet critical question holds its step at Ad hoc: every critical bites from the first stage its step targets Emerging.
    expect(rubric.critical.cap).toBe('ad-hoc');
    const seed = rubric.stages.find((stage) => stage.id === 'seed')!;
    for (const step of ['revenue-ladder', 'reliability', 'compute-plan'])
      expect(seed.targets[step], step).toBe('emerging');
  });

  it('uses every kind of question, conditions, n/a, profile filters, best-of routes and critical outcomes', () => {
    expect(new Set(questions.map((question) => question.kind))).toEqual(
      new Set(['single', 'multi', 'boolean', 'number']),
    );
    expect(questions.filter((question) => question.when).length).toBeGreaterThanOrEqual(3);
    expect(questions.filter((question) => question.allowNa).length).toBeGreaterThanOrEqual(8);
    expect(questions.filter((question) => question.appliesTo).length).toBeGreaterThanOrEqual(8);
    expect(rubric.steps.find((step) => step.id === 'wedge')!.bestOf).toEqual([
      expect.objectContaining({ id: 'wedge-route', questions: ['open-weights', 'api-tier', 'in-product-path'] }),
    ]);
    const critical = questions.filter((question) => question.critical).map((question) => question.id);
    expect(critical).toEqual(['paying-customers', 'evals-rollback', 'synthetic-checks', 'gross-margin']);
  });

  it.each([
    // outcomes, each a number question with bands that allows "unknown"
    ['paying-customers', 'customers'],
    ['revenue-growth', '%'],
    ['net-revenue-retention', '%'],
    ['gross-margin', '%'],
    ['uptime-achieved', '%'],
    ['time-to-restore', 'minutes'],
    ['compute-share', '%'],
    ['production-usage-share', '%'],
  ])('asks the outcome %s as a number (%s) with bands', (id, unit) => {
    expect(byId.get(id)).toMatchObject({ kind: 'number', number: expect.objectContaining({ unit }) });
  });

  it('does not reward a share past concentration risk', () => {
    const bands = (id: string) => byId.get(id)!.number!.bands.map((band) => band.score);
    expect(bands('partner-revenue-share').at(-1)).toBeLessThan(Math.max(...bands('partner-revenue-share')));
    expect(bands('top-customer-share').at(-1)).toBe(0);
  });

  it('keeps a mediocre answer well away from a good one: the best score is reached by one answer, the second best is ≤ 0.85', () => {
    for (const question of questions.filter((item) => item.kind === 'single' || item.kind === 'number')) {
      const scores =
        question.kind === 'single'
          ? question.choices.map((choice) => choice.score)
          : question.number!.bands.map((band) => band.score);
      const sorted = [...new Set(scores)].sort((a, b) => b - a);
      expect(sorted[1], question.id).toBeLessThanOrEqual(0.85);
    }
  });

  it('states what must be true for every choice above the lowest, and has no choice that duplicates "unknown"', () => {
    for (const question of questions.filter((item) => item.kind === 'single' || item.kind === 'multi')) {
      const lowest = Math.min(...question.choices.map((choice) => choice.score));
      const needing =
        question.kind === 'multi' ? question.choices : question.choices.filter((choice) => choice.score > lowest);
      for (const choice of needing) expect(choice.description, `${question.id}.${choice.id}`).toBeTruthy();
      for (const choice of question.choices)
        expect(choice.label, `${question.id}.${choice.id}`).not.toMatch(/don'?t know|not known|unknown/i);
    }
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
  ])('covers the case study\'s "%s" in a prompt, a why, a criterion or a choice', (concept) => {
    const text = questions
      .map((question) =>
        [
          question.prompt,
          question.why,
          ...(question.criteria ?? []),
          ...question.choices.flatMap((choice) => [choice.label, choice.description ?? '']),
        ].join(' '),
      )
      .join(' ')
      .toLowerCase();
    expect(text).toContain(concept.toLowerCase());
  });

  it('states the principle first in every step summary, and cites Mistral as one example', () => {
    for (const step of rubric.steps) {
      const firstSentence = step.summary.split('. ')[0]!;
      expect(firstSentence, step.id).not.toMatch(/Mistral/);
      expect(step.summary, step.id).toMatch(/Mistral[^.]*\bone example\b|one example[^.]*Mistral/);
    }
  });

  it('has a concrete action for every answer that is not the best one', () => {
    for (const question of questions) {
      const best = Math.max(
        ...question.choices.map((choice) => choice.score),
        ...(question.number?.bands.map((band) => band.score) ?? []),
      );
      const missing =
        question.kind === 'number'
          ? question.number!.bands.filter((band) => band.score < best && !band.action)
          : question.choices.filter(
              (choice) => (question.kind === 'multi' ? choice.score > 0 : choice.score < best) && !choice.action,
            );
      expect(missing, question.id).toEqual([]);
    }
  });
});

describe('actions that fit the stage and the profile', () => {
  const roadmapTexts = async (file: string) => {
    const result = await runCli(['report', file, '--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as { gaps: { action: { text: string } }[]; roadmap: unknown };
    return [...json.gaps.map((gap) => gap.action.text), JSON.stringify(json.roadmap)].join('\n');
  };

  it('never tells a pre-seed team to book a SOC 2 audit', async () => {
    const text = await roadmapTexts(fixture('personas', 'fennec-preseed-lab.yaml'));
    expect(text).not.toMatch(/audit window|SOC 2/);
  });

  it('never tells a sales-led team to make keys self-serve, nor a team on hosted models to quote GPU-hours', async () => {
    const text = await roadmapTexts(fixture('personas', 'briefcase-seed-vertical-api.yaml'));
    expect(text).not.toMatch(/self-serve sign-up|make (API )?keys self-serve/i);
    expect(text).not.toMatch(/reserved-capacity|GPU-hours/);
    expect(text).not.toMatch(/per-token/);
  });
});

describe('fixtures', () => {
  const score = (name: string) =>
    scoreAssessment(rubric, loadAnswers(fixture('answers', `${name}.yaml`), rubric).assessment);

  it('preseed-demo: an application on hosted models; model and API questions are not for its profile', () => {
    const report = score('preseed-demo');
    const results = report.steps.flatMap((step) => step.questions);
    const notForProfile = results
      .filter((question) => question.applicability === 'not-for-profile')
      .map((question) => question.id);
    expect(notForProfile).toEqual(
      expect.arrayContaining(['open-weights', 'api-tier', 'pilot-to-production', 'compute-share', 'compute-supply']),
    );
    expect(report.overall.notApplicable).toBeGreaterThanOrEqual(1);
    expect(report.overall.unknown).toBeGreaterThanOrEqual(1);
  });

  it('growth-saas: weak on reliability and compute, the two lowest steps', () => {
    const report = score('growth-saas');
    const lowest = [...report.steps]
      .sort((a, b) => a.score - b.score)
      .slice(0, 2)
      .map((step) => step.id);
    expect(lowest.sort()).toEqual(['compute-plan', 'reliability']);
  });

  it('mistral-2026: scores higher overall than the other two fixtures', () => {
    const mistral = score('mistral-2026').overall.score;
    expect(mistral).toBeGreaterThan(score('growth-saas').overall.score);
    expect(score('growth-saas').overall.score).toBeGreaterThan(score('preseed-demo').overall.score);
  });
});
