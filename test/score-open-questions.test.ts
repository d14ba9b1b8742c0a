// Questions whose condition hangs on an unknown answer ("open"): they may apply, so they widen the range, but they are
// neither asked for nor counted in the point score.
import { describe, expect, it } from 'vitest';
import { findCheapestPath, stageTargets } from '../src/core/cheapest-path.js';
import { classifyQuestion } from '../src/core/diff.js';
import type { Answer, Assessment } from '../src/core/model.js';
import { applicabilityOf, isApplicable } from '../src/core/questions.js';
import { buildRoadmap } from '../src/core/roadmap.js';
import { scoreAssessment, type Report } from '../src/core/score.js';
import { V1_PLAYBOOK } from './helpers/cli.js';
import { loadRubric } from '../src/io/load-rubric.js';
import { renderReport } from '../src/render/registry.js';
import { plainTheme } from '../src/render/theme.js';
import { assess, boolean, makeRubric, pick, single, unknown } from './helpers/rubric-factory.js';

const playbook = loadRubric(V1_PLAYBOOK).rubric;
const playbookAssessment = (answers: Record<string, Answer>): Assessment => ({
  rubric: { id: playbook.id, version: playbook.version },
  answers,
});
const stepOf = (report: Report, id: string) => report.steps.find((step) => step.id === id)!;
const statuses = (report: Report, id: string) =>
  Object.fromEntries(stepOf(report, id).questions.map((question) => [question.id, question.status]));

describe('a question whose gate is unknown (the playbook: ladder-rungs unknown)', () => {
  const answers = { 'has-api': pick('no'), 'ladder-rungs': unknown, 'self-serve-upgrade': pick('yes') };
  const report = scoreAssessment(playbook, playbookAssessment(answers));
  const ladder = stepOf(report, 'revenue-ladder');
  const dependents = ['usage-revenue-share', 'arpu-growth', 'rung-conversion', 'enterprise-contract'];

  it('is open, not skipped or unanswered; a question whose gate is known to fail stays skipped', () => {
    expect(statuses(report, 'revenue-ladder')).toEqual({
      'ladder-rungs': 'unknown',
      'self-serve-upgrade': 'answered',
      'premium-usage-pricing': 'skipped', // has-api is no
      ...Object.fromEntries(dependents.map((id) => [id, 'open'])),
    });
    expect(ladder.counts).toMatchObject({ total: 7, answered: 1, unknown: 1, unanswered: 0, skipped: 1, open: 4 });
    // Other steps have unanswered gates too (segment partners, stack position…): the overall count adds them up.
    expect(report.overall.open).toBe(report.steps.reduce((sum, step) => sum + step.counts.open, 0));
    expect(ladder.questions.find((question) => question.id === 'arpu-growth')!.answerText).toBe(
      'depends on an unknown answer (ladder-rungs)',
    );
  });

  it('keeps the point score on the known answers, and the range holds what resolving ladder-rungs gives', () => {
    // Before the fix: score 100, low 25, high 100, and ladder-rungs: [enterprise] with its dependents at worst scored 15.
    expect(ladder.score).toBe(100);
    const worstDependents = {
      'usage-revenue-share': { value: { type: 'number', value: 0 } },
      'arpu-growth': pick('not-tracked'),
      'rung-conversion': pick('none'),
      'enterprise-contract': pick(),
    } satisfies Record<string, Answer>;
    const resolutions: Record<string, Answer>[] = [
      { 'ladder-rungs': pick('enterprise'), ...worstDependents },
      { 'ladder-rungs': pick() },
      {
        'ladder-rungs': pick('free-open', 'pro', 'team', 'enterprise'),
        'usage-revenue-share': { value: { type: 'number', value: 50 } },
        'arpu-growth': pick('designed'),
        'rung-conversion': pick('each-rung-tested'),
        'enterprise-contract': pick('control', 'compliance', 'predictable-cost', 'contract-sla'),
      },
    ];
    const resolved = resolutions.map(
      (extra) =>
        stepOf(scoreAssessment(playbook, playbookAssessment({ ...answers, ...extra })), 'revenue-ladder').score,
    );
    expect(resolved[0]).toBe(15);
    for (const score of resolved) {
      expect(score).toBeGreaterThanOrEqual(ladder.low);
      expect(score).toBeLessThanOrEqual(ladder.high);
    }
    expect([ladder.low, ladder.high]).toEqual([8, 100]);
    expect(report.overall.low).toBeLessThanOrEqual(
      scoreAssessment(playbook, playbookAssessment({ ...answers, ...resolutions[0] })).overall.score,
    );
  });

  it('is not demanded: no gap, no answer to find out on the cheapest path, and assess does not ask it', () => {
    const gapIds = report.gaps.map((gap) => gap.questionId);
    for (const id of dependents) expect(gapIds).not.toContain(id);
    expect(gapIds).toContain('ladder-rungs');
    const withStage = scoreAssessment(playbook, { ...playbookAssessment(answers), stage: 'growth' });
    const path = findCheapestPath(playbook, withStage, stageTargets(playbook, withStage)!);
    const plan = path.steps.find((step) => step.stepId === 'revenue-ladder')!;
    for (const id of dependents) expect(plan.findOut).not.toContain(id);
    const roadmap = buildRoadmap(playbook, withStage, stageTargets(playbook, withStage));
    for (const id of dependents)
      expect([...roadmap.now, ...roadmap.next, ...roadmap.later].map((item) => item.questionId)).not.toContain(id);
    // The assess flow asks a question only when isApplicable holds.
    const byId = new Map(
      playbook.steps.flatMap((step) => step.questions.map((question) => [question.id, question] as const)),
    );
    for (const id of dependents) expect(isApplicable(byId.get(id)!, answers, byId)).toBe(false);
  });

  it('shows as depending on an unknown answer in the HTML report, and out of the "answered of" count', async () => {
    const html = await renderReport({ report, rubric: playbook, roadmap: buildRoadmap(playbook, report) }, 'html', {
      theme: plainTheme,
      width: 80,
    });
    expect(html).toContain('depends on an unknown answer (ladder-rungs)');
    expect(html).toMatch(/Revenue ladder<\/a><\/th>.*<td class="muted">1 of 2<\/td><\/tr>/);
  });
});

describe('open questions in small rubrics', () => {
  const chain = makeRubric([
    {
      id: 's1',
      questions: [
        boolean('a'),
        boolean('b', { when: { question: 'a', in: ['yes'] } }),
        boolean('c', { when: { question: 'b', in: ['yes'] } }),
      ],
    },
  ]);
  const byId = new Map(chain.steps[0]!.questions.map((question) => [question.id, question] as const));

  it.each([
    // answers, status of b, status of c
    [{ a: unknown }, 'open', 'open'],
    [{}, 'open', 'open'],
    [{ a: unknown, b: pick('no') }, 'open', 'skipped'], // if b applies, its "no" turns c off; if not, c is off anyway
    [{ a: unknown, b: pick('yes') }, 'open', 'open'], // the gate of c's gate is unknown
    [{ a: unknown, b: unknown }, 'open', 'open'],
    [{ a: pick('yes'), b: unknown }, 'applies', 'open'],
    [{ a: pick('yes'), b: pick('yes') }, 'applies', 'applies'],
    [{ a: pick('no'), b: pick('yes') }, 'skipped', 'skipped'],
  ] as Array<[Record<string, Answer>, string, string]>)('nested gates %j: b %s, c %s', (answers, b, c) => {
    expect([applicabilityOf(byId.get('b')!, answers, byId), applicabilityOf(byId.get('c')!, answers, byId)]).toEqual([
      b,
      c,
    ]);
    const report = scoreAssessment(chain, assess(answers));
    const status = (state: string, id: string) =>
      state === 'applies' ? report.steps[0]!.questions.find((q) => q.id === id)!.status : state;
    expect(report.steps[0]!.questions.map((question) => question.status).slice(1)).toEqual([
      status(b, 'b'),
      status(c, 'c'),
    ]);
  });

  const rubric = makeRubric([
    { id: 's1', questions: [single('k'), single('g'), single('d', { when: { question: 'g', in: ['all'] } })] },
  ]);

  it('an answered open question widens the range where it can, and leaves the point score alone', () => {
    // k = 0 known, g unknown (0..1). If g turns out "all", d (answered 1) counts too: the best case is (0 + 1 + 1) / 3.
    // The worst case leaves d out (g is "none"): 0, not (0 + 0 + 1) / 3.
    const step = scoreAssessment(rubric, assess({ k: pick('none'), g: unknown, d: pick('all') })).steps[0]!;
    expect([step.score, step.low, step.high]).toEqual([0, 0, 67]);
    expect(step.questions[2]).toMatchObject({ status: 'open', answerText: 'All; depends on an unknown answer (g)' });
    expect(scoreAssessment(rubric, assess({ k: pick('none'), g: unknown })).steps[0]!.score).toBe(step.score);
  });

  it('an unanswered open question counts at its worst in low and at its best in high', () => {
    // k = 1 known, g unknown: low (1 + 0 + 0) / 3, high 100.
    const step = scoreAssessment(rubric, assess({ k: pick('all'), g: unknown })).steps[0]!;
    expect([step.score, step.low, step.high]).toEqual([100, 33, 100]);
  });

  it('a critical open question caps the worst case, not the score', () => {
    const critical = makeRubric([
      {
        id: 's1',
        questions: [
          single('k', { weight: 9 }),
          single('g'),
          single('d', { critical: true, when: { question: 'g', in: ['all'] } }),
        ],
      },
    ]);
    const step = scoreAssessment(critical, assess({ k: pick('all'), g: pick('all') })).steps[0]!;
    expect(step.questions[2]!.status).toBe('unanswered');
    const open = scoreAssessment(critical, assess({ k: pick('all'), g: unknown })).steps[0]!;
    expect([open.score, open.low, open.high]).toEqual([100, 69, 100]);
    expect(open.criticalUnknown).toEqual([]);
    expect(open.capped).toBe(false);
  });

  it('a step whose only questions are open does not count now, but the overall range allows for it', () => {
    const rubric2 = makeRubric([
      { id: 's1', questions: [single('g')] },
      { id: 's2', questions: [single('d', { when: { question: 'g', in: ['all'] } })] },
    ]);
    const report = scoreAssessment(rubric2, assess({ g: unknown, d: pick('all') }));
    expect(report.steps[1]).toMatchObject({ applicable: false, score: 0, counts: { open: 1 } });
    // g = "all": both steps count, (100 + 100) / 2; g = "none": only s1, 0.
    expect([report.overall.score, report.overall.low, report.overall.high]).toEqual([0, 0, 100]);
    const resolved = scoreAssessment(rubric2, assess({ g: pick('all'), d: pick('all') }));
    expect(resolved.overall.score).toBe(100);
  });

  it('diff: an answered question that became open is now unknown, and back', () => {
    const known = scoreAssessment(rubric, assess({ g: pick('all'), d: pick('all') })).steps[0]!.questions[2]!;
    const open = scoreAssessment(rubric, assess({ g: unknown, d: pick('all') })).steps[0]!.questions[2]!;
    expect(classifyQuestion(known, open)).toBe('now-unknown');
    expect(classifyQuestion(open, known)).toBe('now-known');
    expect(classifyQuestion(open, open)).toBe('unchanged');
  });
});
