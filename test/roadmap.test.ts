// The roadmap and the cheapest path to target: hand-made cases as tables, the three fixtures, and optimality against a
// brute force that enumerates every combination of actions on small random rubrics and scores each with the real scorer.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EFFORT_COST,
  findCheapestPath,
  stageTargets,
  thresholdTargets,
  type PathTargets,
} from '../src/core/cheapest-path.js';
import type { Answer, Assessment, Effort, Question, Rubric, Step } from '../src/core/model.js';
import { improvementsFor, scoreAnswer, worstAnswer } from '../src/core/questions.js';
import { buildRoadmap } from '../src/core/roadmap.js';
import { scoreAssessment, type Report } from '../src/core/score.js';
import { loadAnswers } from '../src/io/load-answers.js';
import { loadRubric } from '../src/io/load-rubric.js';
import { V1_PLAYBOOK } from './helpers/cli.js';
// The planning mechanics run against the frozen playbook 1.0.0 (fixtures/v1).

// ── Small factories ─────────────────────────────────────────────────────────────────────────────────────────────────

const LEVELS = [
  { id: 'ad-hoc', name: 'Ad hoc', min: 0, max: 39 },
  { id: 'emerging', name: 'Emerging', min: 40, max: 64 },
  { id: 'established', name: 'Established', min: 65, max: 84 },
  { id: 'leading', name: 'Leading', min: 85, max: 100 },
];

type QuestionSpec = { id: string; weight?: number; critical?: boolean } & (
  | { kind: 'single'; scores: number[]; efforts: Effort[] }
  | { kind: 'multi'; scores: number[]; efforts: Effort[] }
  | { kind: 'boolean'; effort: Effort }
  | { kind: 'number'; bands: { from: number; score: number; effort?: Effort }[] }
);

function question(stepId: string, spec: QuestionSpec): Question {
  const base = {
    id: spec.id,
    stepId,
    prompt: `Question ${spec.id}?`,
    why: 'Because.',
    weight: spec.weight ?? 1,
    critical: spec.critical ?? false,
    allowNa: false,
  };
  const act = (effort: Effort, what: string) => ({ text: `Do ${what}`, effort });
  switch (spec.kind) {
    case 'single': {
      const best = Math.max(...spec.scores);
      return {
        ...base,
        kind: 'single',
        choices: spec.scores.map((score, i) => ({
          id: `c${i}`,
          label: `choice ${i}`,
          score,
          ...(score < best && { action: act(spec.efforts[i % spec.efforts.length]!, `${spec.id} from c${i}`) }),
        })),
      };
    }
    case 'multi':
      return {
        ...base,
        kind: 'multi',
        choices: spec.scores.map((score, i) => ({
          id: `m${i}`,
          label: `option ${i}`,
          score,
          action: act(spec.efforts[i % spec.efforts.length]!, `${spec.id} add m${i}`),
        })),
      };
    case 'boolean':
      return {
        ...base,
        kind: 'boolean',
        choices: [
          { id: 'yes', label: 'Yes', score: 1 },
          { id: 'no', label: 'No', score: 0, action: act(spec.effort, `${spec.id}`) },
        ],
      };
    case 'number': {
      const best = Math.max(...spec.bands.map((band) => band.score));
      return {
        ...base,
        kind: 'number',
        choices: [],
        number: {
          min: 0,
          max: 1000,
          bands: spec.bands.map((band) => ({
            from: band.from,
            score: band.score,
            ...(band.score < best && band.effort && { action: act(band.effort, `${spec.id} band ${band.from}`) }),
          })),
        },
      };
    }
  }
}

function rubricOf(
  steps: { id: string; weight?: number; questions: QuestionSpec[] }[],
  targets: Record<string, string>,
  overall = 'ad-hoc',
): Rubric {
  const built: Step[] = steps.map((step) => ({
    id: step.id,
    title: `Step ${step.id}`,
    summary: '',
    weight: step.weight ?? 1,
    questions: step.questions.map((spec) => question(step.id, spec)),
  }));
  return {
    id: 'test',
    version: '1',
    title: 'Test rubric',
    levels: LEVELS,
    critical: { cap: 'emerging', metAt: 0.7 },
    stages: [{ id: 'stage', name: 'Stage', overall, targets }],
    steps: built,
  };
}

const choice = (...ids: string[]): Answer => ({ value: { type: 'choice', choices: ids } });
const num = (value: number): Answer => ({ value: { type: 'number', value } });
const unknown: Answer = { value: { type: 'unknown' } };

function scoreOf(rubric: Rubric, answers: Record<string, Answer>): Report {
  return scoreAssessment(rubric, { rubric: { id: rubric.id, version: rubric.version }, stage: 'stage', answers });
}

function pathFor(rubric: Rubric, answers: Record<string, Answer>, targets?: PathTargets) {
  const report = scoreOf(rubric, answers);
  return { report, path: findCheapestPath(rubric, report, targets ?? stageTargets(rubric, report)!) };
}

/** The planned answers re-scored by the scorer, independently of the plan's own verification. */
function rescore(rubric: Rubric, answers: Record<string, Answer>, after: Record<string, Answer>): Report {
  return scoreOf(rubric, { ...answers, ...after });
}

// ── Hand-made cases ─────────────────────────────────────────────────────────────────────────────────────────────────

describe('cheapest path: hand-made cases', () => {
  const ladder: QuestionSpec = { id: 'a', kind: 'single', scores: [0, 0.5, 1], efforts: ['S'] };

  it('is empty when every step is already at its target', () => {
    const rubric = rubricOf([{ id: 's', questions: [ladder] }], { s: 'established' });
    const { path } = pathFor(rubric, { a: choice('c2') });
    expect(path.status).toBe('at-target');
    expect(path.actions).toEqual([]);
    expect(path.cost).toBe(0);
    expect(path.steps[0]).toMatchObject({ status: 'at-target', score: 100, reached: 100, cost: 0 });
  });

  it('says plainly which step cannot reach its target and the best it can get', () => {
    // The best rung scores 0.8: "leading" (85) is out of reach whatever is done.
    const rubric = rubricOf(
      [{ id: 's', questions: [{ id: 'a', kind: 'single', scores: [0, 0.4, 0.8], efforts: ['S', 'M'] }] }],
      { s: 'leading' },
    );
    const { path } = pathFor(rubric, { a: choice('c0') });
    expect(path.status).toBe('unreachable');
    expect(path.steps[0]).toMatchObject({ status: 'unreachable', best: 80, reached: 80, cost: 4 });
    // The actions listed are the closest the rubric gets, and they are marked as such by the status.
    expect(path.steps[0]!.actions.map((action) => action.action.effort)).toEqual(['S', 'M']);
  });

  it.each([
    ['unmet critical answer', choice('c0')],
    ['unknown critical answer', unknown],
  ])('puts the critical question on the path when the target is above the cap (%s)', (_name, critical) => {
    // Without the critical question, the cheap actions on b and c alone lift the raw score to 86 (or 100 with k
    // unknown), but the cap holds the step at 64 until the critical question is met: two L rungs must be on the path.
    const rubric = rubricOf(
      [
        {
          id: 's',
          questions: [
            { id: 'k', kind: 'single', scores: [0, 0.4, 0.7, 1], efforts: ['L', 'L', 'S'], weight: 1, critical: true },
            { id: 'b', kind: 'boolean', effort: 'S', weight: 3 },
            { id: 'c', kind: 'boolean', effort: 'S', weight: 3 },
          ],
        },
      ],
      { s: 'established' },
    );
    const answers = { k: critical, b: choice('no'), c: choice('no') };
    const { path, report } = pathFor(rubric, answers);
    expect(
      report.steps[0]!.capped ||
        report.steps[0]!.criticalUnknown.length > 0 ||
        report.steps[0]!.criticalUnmet.length > 0,
    ).toBe(true);
    expect(path.status).toBe('reachable');
    expect(path.steps[0]!.criticalRequired).toEqual(['k']);
    const onK = path.actions.filter((action) => action.questionId === 'k');
    expect(onK.length).toBeGreaterThan(0);
    expect(onK.at(-1)!.scoreAfter).toBeGreaterThanOrEqual(0.7);
    const after = rescore(rubric, answers, path.answersAfter);
    expect(after.steps[0]!.criticalUnmet).toEqual([]);
    expect(after.steps[0]!.meetsTarget).toBe(true);
  });

  it('plans an unknown critical answer from its worst answer and says it must be found out first', () => {
    const rubric = rubricOf(
      [
        {
          id: 's',
          questions: [
            { id: 'k', kind: 'single', scores: [0, 0.7, 1], efforts: ['M', 'S'], critical: true },
            { id: 'b', kind: 'boolean', effort: 'S' },
          ],
        },
      ],
      { s: 'established' },
    );
    const { path } = pathFor(rubric, { k: unknown, b: choice('yes') });
    expect(path.assumedWorst).toEqual(['k']);
    expect(path.actions.map((action) => [action.kind, action.questionId, action.rung])).toEqual([
      ['find-out', 'k', 1],
      ['improve', 'k', 2],
    ]);
    expect(path.cost).toBe(EFFORT_COST.S + EFFORT_COST.M);
  });

  it('finds the optimum where the greedy "most points per effort" choice is not it', () => {
    // Target 65 from 0. Greedy by points per effort takes the three S booleans first (3/8 = 38), then still needs the L:
    // 11 points. The L alone gets 5/8 = 63; the optimum is the L and one S: 6/8 = 75 for 9 points.
    const rubric = rubricOf(
      [
        {
          id: 's',
          questions: [
            { id: 'big', kind: 'boolean', effort: 'L', weight: 5 },
            { id: 'x', kind: 'boolean', effort: 'S' },
            { id: 'y', kind: 'boolean', effort: 'S' },
            { id: 'z', kind: 'boolean', effort: 'S' },
          ],
        },
      ],
      { s: 'established' },
    );
    const answers = { big: choice('no'), x: choice('no'), y: choice('no'), z: choice('no') };
    const { path } = pathFor(rubric, answers);
    expect(path.cost).toBe(EFFORT_COST.L + EFFORT_COST.S);
    expect(path.steps[0]!.reached).toBe(75);
  });

  it('climbs a ladder rung by rung, paying for every rung below the one it needs', () => {
    const rubric = rubricOf(
      [{ id: 's', questions: [{ id: 'a', kind: 'single', scores: [0, 0.3, 0.6, 0.9], efforts: ['S', 'M', 'S'] }] }],
      { s: 'established' },
    );
    const { path } = pathFor(rubric, { a: choice('c0') });
    expect(path.actions.map((action) => [action.rung, action.from, action.to, action.action.effort])).toEqual([
      [1, 'choice 0', 'choice 1', 'S'],
      [2, 'choice 1', 'choice 2', 'M'],
      [3, 'choice 2', 'choice 3', 'S'],
    ]);
    expect(path.steps[0]!.reached).toBe(90);
  });

  it('adds multi choices one action each and moves number answers band by band', () => {
    const rubric = rubricOf(
      [
        {
          id: 's',
          questions: [
            { id: 'm', kind: 'multi', scores: [0.5, 0.3, 0.2], efforts: ['M', 'S', 'S'] },
            {
              id: 'n',
              kind: 'number',
              bands: [
                { from: 0, score: 0, effort: 'S' },
                { from: 10, score: 0.5, effort: 'S' },
                { from: 50, score: 1 },
              ],
            },
          ],
        },
      ],
      { s: 'leading' },
    );
    const answers = { m: choice(), n: num(3) };
    const { path } = pathFor(rubric, answers);
    expect(path.status).toBe('reachable');
    const after = rescore(rubric, answers, path.answersAfter);
    expect(after.steps[0]!.score).toBeGreaterThanOrEqual(85);
    expect(path.answersAfter.n).toEqual(num(50));
    expect(
      path.actions.filter((action) => action.questionId === 'm').every((action) => action.choiceId !== undefined),
    ).toBe(true);
  });

  it('aims at the check thresholds: error ones only, and the higher of threshold and stage target', () => {
    const rubric = rubricOf(
      [
        { id: 'p', questions: [ladder] },
        { id: 'q', questions: [{ ...ladder, id: 'b' }] },
        { id: 'r', questions: [{ ...ladder, id: 'c' }] },
      ],
      { p: 'emerging', q: 'ad-hoc', r: 'ad-hoc' },
    );
    const report = scoreOf(rubric, { a: choice('c0'), b: choice('c0'), c: choice('c0') });
    const targets = thresholdTargets(rubric, report, {
      steps: {
        p: { value: 30, severity: 'error' },
        q: { value: 50, severity: 'error' },
        r: { value: 90, severity: 'warn' },
      },
      stageTargets: true,
    });
    expect(targets.steps).toEqual({
      p: { score: 40, label: 'Emerging' },
      q: { score: 50, label: '≥ 50' },
      r: { score: 0, label: 'Ad hoc' },
    });
    const path = findCheapestPath(rubric, report, targets);
    expect(path.steps.map((step) => [step.stepId, step.status, step.reached])).toEqual([
      ['p', 'planned', 50],
      ['q', 'planned', 50],
      ['r', 'at-target', 0],
    ]);
  });

  it('lifts steps beyond their own targets when the overall target needs it, and says why', () => {
    const rubric = rubricOf(
      [
        { id: 'p', questions: [ladder] },
        { id: 'q', questions: [{ ...ladder, id: 'b' }] },
      ],
      { p: 'ad-hoc', q: 'ad-hoc' },
      'established',
    );
    const { path } = pathFor(rubric, { a: choice('c0'), b: choice('c0') });
    expect(path.overall).toMatchObject({ status: 'planned', score: 0, reached: 75 });
    expect(path.steps.every((step) => step.forOverall)).toBe(true);
    expect(path.cost).toBe(3);
  });

  it('says so when the overall target cannot be reached although every step target can', () => {
    const rubric = rubricOf(
      [{ id: 'p', questions: [{ id: 'a', kind: 'single', scores: [0, 0.5], efforts: ['S'] }] }],
      { p: 'ad-hoc' },
      'leading',
    );
    const { path } = pathFor(rubric, { a: choice('c0') });
    expect(path.status).toBe('unreachable');
    expect(path.overall).toMatchObject({ status: 'unreachable', best: 50, reached: 50 });
  });

  it('raises its search bound until no cheaper plan can hide beyond it', () => {
    // Four small steps (one S action each) or one heavy step (one M action): either lifts the overall score to Emerging,
    // and the M action (3 points) is cheaper than the four S actions (4). Searched from one effort point a step, the
    // four S actions are found first; as they cost more than the bound, the bound is raised until the M action is seen.
    const small = ['a', 'b', 'c', 'd'].map((id) => ({
      id,
      questions: [{ id: `${id}1`, kind: 'boolean' as const, effort: 'S' as const }],
    }));
    const rubric = rubricOf(
      [...small, { id: 'e', weight: 4, questions: [{ id: 'e1', kind: 'boolean', effort: 'M' }] }],
      {},
      'emerging',
    );
    const answers = Object.fromEntries(['a1', 'b1', 'c1', 'd1', 'e1'].map((id) => [id, choice('no')]));
    const report = scoreOf(rubric, answers);
    const targets = stageTargets(rubric, report)!;
    for (const limits of [undefined, { firstBound: 1, maxTransitions: Number.POSITIVE_INFINITY }]) {
      const path = findCheapestPath(rubric, report, targets, limits);
      expect(path.actions.map((action) => action.questionId)).toEqual(['e1']);
      expect(path.cost).toBe(3);
      expect(path.searchBound).toBeUndefined();
    }
    // Held at one point a step, it settles for the four S actions and says it searched no further.
    const cut = findCheapestPath(rubric, report, targets, { firstBound: 1, maxTransitions: 0 });
    expect(cut.cost).toBe(4);
    expect(cut.searchBound).toBe(1);
    expect(cut.overall.reached).toBe(50);
  });

  it('leaves a step that does not apply alone', () => {
    const rubric = rubricOf(
      [
        { id: 'p', questions: [ladder] },
        { id: 'q', questions: [{ ...ladder, id: 'b' }] },
      ],
      { p: 'ad-hoc', q: 'leading' },
    );
    const answers: Record<string, Answer> = { a: choice('c2'), b: { value: { type: 'na', reason: 'no' } } };
    const { path } = pathFor(rubric, answers);
    expect(path.steps[1]).toMatchObject({ status: 'not-applicable', actions: [] });
    expect(path.status).toBe('at-target');
  });
});

// ── The fixtures ────────────────────────────────────────────────────────────────────────────────────────────────────

describe('cheapest path and roadmap on the fixtures', () => {
  const { rubric } = loadRubric(V1_PLAYBOOK);
  const load = (name: string) => {
    const assessment = loadAnswers(`fixtures/v1/answers/${name}.yaml`, rubric).assessment;
    return { assessment, report: scoreAssessment(rubric, assessment) };
  };

  it.each(['growth-saas', 'mistral-2026', 'preseed-demo'])(
    '%s: the path reaches every target once re-scored, and is verified',
    (name) => {
      const { assessment, report } = load(name);
      const path = findCheapestPath(rubric, report, stageTargets(rubric, report)!);
      expect(path.verified).toBe(true);
      expect(path.status).not.toBe('unreachable');
      const after = scoreAssessment(rubric, {
        ...assessment,
        answers: { ...assessment.answers, ...path.answersAfter },
      });
      for (const step of after.steps) expect(step.meetsTarget, step.id).toBe(true);
      expect(after.overall.meetsTarget).toBe(true);
      expect(path.cost).toBe(path.actions.reduce((sum, action) => sum + EFFORT_COST[action.action.effort], 0));
    },
  );

  it('growth-saas: both unmet critical items are on the path and open the roadmap', () => {
    const { report } = load('growth-saas');
    const roadmap = buildRoadmap(rubric, report, stageTargets(rubric, report));
    const critical = new Set(
      roadmap.path!.actions.filter((action) => action.critical).map((action) => action.questionId),
    );
    expect(critical).toEqual(new Set(['synthetic-checks', 'margin-per-tier']));
    expect(roadmap.now.slice(0, 2).map((item) => [item.questionId, item.reason])).toEqual([
      ['margin-per-tier', 'blocker'],
      ['synthetic-checks', 'blocker'],
    ]);
  });

  it('puts every gap and every path action in exactly one phase, rungs of a question in order', () => {
    for (const name of ['growth-saas', 'mistral-2026', 'preseed-demo']) {
      const { report } = load(name);
      const roadmap = buildRoadmap(rubric, report, stageTargets(rubric, report));
      const all = [...roadmap.now, ...roadmap.next, ...roadmap.later];
      expect(all.filter((item) => item.onPath)).toHaveLength(roadmap.path!.actions.length);
      // Every first action of the report (its gaps) appears once.
      for (const gap of report.gaps) {
        const matches = all.filter(
          (item) =>
            item.questionId === gap.questionId &&
            item.choiceId === gap.choiceId &&
            item.rung === 1 &&
            (gap.kind === 'unknown') === (item.kind === 'find-out'),
        );
        expect(matches.length, `${name} ${gap.questionId}`).toBeLessThanOrEqual(1);
      }
      const rank = { now: 0, next: 1, later: 2 } as const;
      const seen = new Map<string, { rung: number; phase: number; index: number }>();
      for (const [index, item] of all.entries()) {
        const previous = seen.get(item.questionId);
        if (previous && item.onPath) expect(item.rung).toBeGreaterThan(previous.rung);
        if (item.onPath) seen.set(item.questionId, { rung: item.rung, phase: rank[item.phase], index });
      }
    }
  });

  it('orders a wedge gap before a compute-plan gap of equal value and effort (playbook order)', () => {
    const { report } = load('preseed-demo');
    const roadmap = buildRoadmap(rubric, report);
    const later = roadmap.later;
    for (let i = 1; i < later.length; i++) {
      const a = later[i - 1]!;
      const b = later[i]!;
      if (a.critical === b.critical && a.onPath === b.onPath && a.overallPoints / a.cost === b.overallPoints / b.cost) {
        expect(rubric.steps.findIndex((step) => step.id === a.stepId)).toBeLessThanOrEqual(
          rubric.steps.findIndex((step) => step.id === b.stepId),
        );
      }
    }
  });

  it('without a target: blockers now, quick wins and find-outs next, the rest later', () => {
    const { report } = load('preseed-demo');
    const roadmap = buildRoadmap(rubric, report);
    expect(roadmap.path).toBeUndefined();
    expect(roadmap.now.every((item) => item.critical && item.reason === 'blocker')).toBe(true);
    expect(roadmap.next.every((item) => item.effort === 'S' || item.kind === 'find-out')).toBe(true);
    expect(roadmap.now.length + roadmap.next.length + roadmap.later.length).toBe(report.gaps.length);
  });

  it('a wedge gap and a compute-plan gap that tie are ordered by the playbook', () => {
    const rubric2 = rubricOf(
      [
        { id: 'wedge', questions: [{ id: 'w', kind: 'boolean', effort: 'M' }] },
        { id: 'compute-plan', questions: [{ id: 'c', kind: 'boolean', effort: 'M' }] },
      ],
      { wedge: 'ad-hoc', 'compute-plan': 'ad-hoc' },
    );
    // The gaps are handed over compute-plan first: the order must still follow the playbook.
    const scored = scoreOf(rubric2, { c: choice('no'), w: choice('no') });
    const report = { ...scored, gaps: [...scored.gaps].reverse() };
    expect(report.gaps.map((gap) => gap.stepId)).toEqual(['compute-plan', 'wedge']);
    const roadmap = buildRoadmap(rubric2, report, stageTargets(rubric2, report));
    expect(roadmap.later.map((item) => item.stepId)).toEqual(['wedge', 'compute-plan']);
  });
});

// ── Optimality against brute force ──────────────────────────────────────────────────────────────────────────────────

/** Every end state of one question the rubric's actions can produce, with its cost, built from improvementsFor only. */
function bruteOptions(q: Question, answer: Answer | undefined): { cost: number; answer: Answer | undefined }[] {
  const climb = (start: Answer, startCost: number): { cost: number; answer: Answer }[] => {
    const startScore = scoreAnswer(q, start)!;
    if (q.kind === 'multi') {
      const chosen = (start.value as { choices: string[] }).choices;
      const moves = improvementsFor(q, start, startScore);
      const out: { cost: number; answer: Answer }[] = [];
      for (let mask = 0; mask < 1 << moves.length; mask++) {
        const added = moves.filter((_, i) => mask & (1 << i));
        out.push({
          cost: startCost + added.reduce((sum, move) => sum + EFFORT_COST[move.action.effort], 0),
          answer: choice(...chosen, ...added.map((move) => move.choiceId!)),
        });
      }
      return out;
    }
    const out = [{ cost: startCost, answer: start }];
    let current = start;
    let cost = startCost;
    for (;;) {
      const move = improvementsFor(q, current, scoreAnswer(q, current)!)[0];
      if (!move) break;
      cost += EFFORT_COST[move.action.effort];
      current =
        q.kind === 'number'
          ? num(q.number!.bands.find((band) => band.score === move.scoreAfter)!.from)
          : choice(q.choices.find((c) => c.score === move.scoreAfter)!.id);
      out.push({ cost, answer: current });
    }
    return out;
  };
  if (answer && answer.value.type !== 'unknown') return climb(answer, 0);
  // Unknown answers are not guessed; only a critical one may be found out and climbed from its worst answer.
  return q.critical ? [{ cost: 0, answer }, ...climb(worstAnswer(q), EFFORT_COST.S)] : [{ cost: 0, answer }];
}

function bruteForce(rubric: Rubric, answers: Record<string, Answer>, stepId: string, target: number) {
  const step = rubric.steps.find((s) => s.id === stepId)!;
  const perQuestion = step.questions.map((q) => bruteOptions(q, answers[q.id]));
  let best: number | undefined;
  let bestScore = -1;
  const pick = (index: number, chosen: Record<string, Answer>, cost: number) => {
    if (index === perQuestion.length) {
      const score = scoreOf(rubric, chosen).steps.find((s) => s.id === stepId)!.score;
      bestScore = Math.max(bestScore, score);
      if (score >= target && (best === undefined || cost < best)) best = cost;
      return;
    }
    const q = step.questions[index]!;
    for (const option of perQuestion[index]!) {
      const next = { ...chosen };
      if (option.answer) next[q.id] = option.answer;
      else delete next[q.id];
      pick(index + 1, next, cost + option.cost);
    }
  };
  pick(0, { ...answers }, 0);
  return { cost: best, bestScore };
}

const effortArb = fc.constantFrom<Effort>('S', 'M', 'L');
const scoreArb = fc.integer({ min: 0, max: 10 }).map((tenths) => tenths / 10);
const questionArb = (id: string): fc.Arbitrary<QuestionSpec> =>
  fc
    .record({ weight: fc.integer({ min: 1, max: 3 }), kind: fc.constantFrom('single', 'multi', 'boolean', 'number') })
    .chain(({ weight, kind }): fc.Arbitrary<QuestionSpec> => {
      const base = { id, weight };
      switch (kind) {
        case 'single':
          return fc
            .record({
              scores: fc.uniqueArray(scoreArb, { minLength: 2, maxLength: 4 }),
              efforts: fc.array(effortArb, { minLength: 1, maxLength: 3 }),
            })
            .map((r) => ({ ...base, kind: 'single' as const, ...r }));
        case 'multi':
          return fc
            .record({
              scores: fc.array(
                fc.integer({ min: 1, max: 6 }).map((n) => n / 10),
                { minLength: 1, maxLength: 3 },
              ),
              efforts: fc.array(effortArb, { minLength: 1, maxLength: 3 }),
            })
            .map((r) => ({ ...base, kind: 'multi' as const, ...r }));
        case 'boolean':
          return effortArb.map((effort) => ({ ...base, kind: 'boolean' as const, effort }));
        default:
          return fc
            .array(fc.record({ score: scoreArb, effort: effortArb }), { minLength: 2, maxLength: 3 })
            .map((bands) => ({
              ...base,
              kind: 'number' as const,
              bands: bands.map((band, i) => ({ from: i * 10, ...band })),
            }));
      }
    });

function answerArb(q: Question): fc.Arbitrary<Answer | undefined> {
  const known: fc.Arbitrary<Answer> =
    q.kind === 'multi'
      ? fc.subarray(q.choices.map((c) => c.id)).map((ids) => choice(...ids))
      : q.kind === 'number'
        ? fc.integer({ min: 0, max: 40 }).map(num)
        : fc.constantFrom(...q.choices.map((c) => choice(c.id)));
  return fc.oneof(
    { weight: 5, arbitrary: known },
    { weight: 1, arbitrary: fc.constant(unknown) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

const caseArb = fc
  .record({
    questions: fc
      .integer({ min: 1, max: 4 })
      .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => questionArb(`q${i}`)))),
    criticalIndex: fc.integer({ min: -2, max: 3 }),
    target: fc.constantFrom('ad-hoc', 'emerging', 'established', 'leading'),
  })
  .chain(({ questions, criticalIndex, target }) => {
    const specs = questions.map((spec, i) => ({ ...spec, critical: i === criticalIndex }));
    const rubric = rubricOf([{ id: 's', questions: specs }], { s: target });
    return fc.tuple(fc.constant(rubric), fc.tuple(...rubric.steps[0]!.questions.map(answerArb)));
  });

describe('cheapest path: optimal against brute force', () => {
  it('finds the least effort (or says unreachable with the true best score) on random small steps', () => {
    fc.assert(
      fc.property(caseArb, ([rubric, answerList]) => {
        const answers: Record<string, Answer> = {};
        rubric.steps[0]!.questions.forEach((q, i) => {
          if (answerList[i]) answers[q.id] = answerList[i]!;
        });
        const { report, path } = pathFor(rubric, answers);
        const target = path.steps[0]!.target!.score;
        const brute = bruteForce(rubric, answers, 's', target);
        expect(path.verified).toBe(true);
        if (!report.steps[0]!.applicable) return;
        if (brute.cost === undefined) {
          const openOthers = report.steps[0]!.questions.some(
            (q) => (q.status === 'unknown' || q.status === 'unanswered') && !q.critical,
          );
          expect(path.steps[0]!.status).toBe(openOthers ? 'find-out-first' : 'unreachable');
          expect(path.steps[0]!.best).toBe(brute.bestScore);
        } else {
          expect(path.steps[0]!.cost).toBe(brute.cost);
          expect(rescore(rubric, answers, path.answersAfter).steps[0]!.score).toBeGreaterThanOrEqual(target);
          if (brute.cost === 0) expect(path.steps[0]!.actions).toEqual([]);
        }
      }),
      { seed: 20261126, numRuns: 300 },
    );
  });

  it('meets an overall target at least effort across two steps (brute force over both)', () => {
    const twoSteps = fc
      .tuple(questionArb('a'), questionArb('b'), fc.constantFrom('emerging', 'established', 'leading'))
      .chain(([a, b, overall]) => {
        const rubric = rubricOf(
          [
            { id: 'p', questions: [{ ...a, critical: false }] },
            { id: 'q', weight: 2, questions: [{ ...b, critical: false }] },
          ],
          { p: 'ad-hoc', q: 'ad-hoc' },
          overall,
        );
        return fc.tuple(
          fc.constant(rubric),
          answerArb(rubric.steps[0]!.questions[0]!),
          answerArb(rubric.steps[1]!.questions[0]!),
        );
      });
    fc.assert(
      fc.property(twoSteps, ([rubric, answerA, answerB]) => {
        const answers: Record<string, Answer> = {};
        if (answerA) answers.a = answerA;
        if (answerB) answers.b = answerB;
        const { path } = pathFor(rubric, answers);
        const target = path.overall.target!.score;
        let best: number | undefined;
        let bestOverall = -1;
        for (const oa of bruteOptions(rubric.steps[0]!.questions[0]!, answers.a)) {
          for (const ob of bruteOptions(rubric.steps[1]!.questions[0]!, answers.b)) {
            const chosen: Record<string, Answer> = {};
            if (oa.answer) chosen.a = oa.answer;
            if (ob.answer) chosen.b = ob.answer;
            const overall = scoreOf(rubric, chosen).overall.score;
            bestOverall = Math.max(bestOverall, overall);
            if (overall >= target && (best === undefined || oa.cost + ob.cost < best)) best = oa.cost + ob.cost;
          }
        }
        expect(path.verified).toBe(true);
        if (best === undefined) {
          expect(path.overall.status).toBe('unreachable');
          expect(path.overall.best).toBe(bestOverall);
        } else {
          expect(path.cost).toBe(best);
          expect(path.overall.reached).toBeGreaterThanOrEqual(target);
        }
        // A search that starts at one effort point a step and raises its bound as needed finds the same least effort.
        const report = scoreOf(rubric, answers);
        const raised = findCheapestPath(rubric, report, stageTargets(rubric, report)!, {
          firstBound: 1,
          maxTransitions: Number.POSITIVE_INFINITY,
        });
        expect(raised).toEqual(path);
      }),
      { seed: 4, numRuns: 300 },
    );
  });

  it('does not plan on guesses: with nothing answered, it says to find the answers out first', () => {
    const { rubric } = loadRubric(V1_PLAYBOOK);
    const assessment: Assessment = {
      rubric: { id: rubric.id, version: rubric.version },
      stage: 'enterprise',
      answers: {},
    };
    const report = scoreAssessment(rubric, assessment);
    const path = findCheapestPath(rubric, report, stageTargets(rubric, report)!);
    expect(path.verified).toBe(true);
    expect(path.status).toBe('find-out-first');
    for (const step of path.steps) {
      const hasCritical = rubric.steps
        .find((candidate) => candidate.id === step.stepId)!
        .questions.some((q) => q.critical);
      // A step without a critical question has nothing known to act on; one with a critical question can only find it out.
      expect(step.status, step.stepId).toBe(hasCritical ? 'planned' : 'find-out-first');
      expect(step.findOut.length, step.stepId).toBeGreaterThan(0);
      expect(step.actions.every((action) => action.critical)).toBe(true);
    }
    // Only the critical questions (which hold their steps under the cap) are found out by the plan itself.
    expect(path.assumedWorst.sort()).toEqual(['margin-per-tier', 'production-integration', 'synthetic-checks']);
  });
});

describe('cheapest path with a best_of group: optimal against brute force', () => {
  // The same random small steps, with the non-critical questions (at least two) made alternatives of one best_of group.
  const bestOfArb = fc
    .tuple(caseArb, fc.integer({ min: 1, max: 4 }))
    .filter(([[rubric]]) => rubric.steps[0]!.questions.filter((q) => !q.critical).length >= 2);

  it('finds the least effort, knowing that raising a member helps only above the group’s best', () => {
    fc.assert(
      fc.property(bestOfArb, ([[base, answerList], weight]) => {
        const step = base.steps[0]!;
        const members = step.questions.filter((q) => !q.critical).map((q) => q.id);
        const rubric: Rubric = {
          ...base,
          steps: [{ ...step, bestOf: [{ id: 'route', title: 'Route', weight, questions: members }] }],
        };
        const answers: Record<string, Answer> = {};
        step.questions.forEach((q, i) => {
          if (answerList[i]) answers[q.id] = answerList[i]!;
        });
        const { report, path } = pathFor(rubric, answers);
        const target = path.steps[0]!.target!.score;
        const brute = bruteForce(rubric, answers, 's', target);
        expect(path.verified).toBe(true);
        if (!report.steps[0]!.applicable) return;
        if (brute.cost === undefined) {
          expect(['find-out-first', 'unreachable']).toContain(path.steps[0]!.status);
          expect(path.steps[0]!.best).toBe(brute.bestScore);
        } else {
          expect(path.steps[0]!.cost).toBe(brute.cost);
          expect(rescore(rubric, answers, path.answersAfter).steps[0]!.score).toBeGreaterThanOrEqual(target);
        }
        // No gap on a member whose next rung stays at or below the group's best.
        const known = members
          .map((id) => report.steps[0]!.questions.find((q) => q.id === id)!)
          .filter((q) => q.status === 'answered');
        const groupBest = Math.max(-1, ...known.map((q) => q.score!));
        for (const gap of report.gaps.filter(
          (candidate) => candidate.kind === 'improve' && members.includes(candidate.questionId),
        )) {
          expect(gap.stepPoints, gap.questionId).toBeGreaterThanOrEqual(0);
          const q = step.questions.find((candidate) => candidate.id === gap.questionId)!;
          const after = improvementsFor(q, answers[q.id]!, scoreAnswer(q, answers[q.id]!)!).find(
            (move) => move.action === gap.action,
          )!;
          expect(after.scoreAfter).toBeGreaterThan(groupBest);
        }
      }),
      { seed: 20261201, numRuns: 300 },
    );
  });
});

describe('cheapest path with step group targets: optimal against brute force', () => {
  // Steps p and q form a group with a target of its own; r stands alone. With `gated`, r's question applies only when
  // p's question is at its best answer, so a plan that raises p also switches r on (the programme across steps then
  // follows the gate).
  const groupCase = fc
    .tuple(
      questionArb('a'),
      questionArb('b'),
      questionArb('c'),
      fc.constantFrom('emerging', 'established', 'leading'),
      fc.constantFrom('ad-hoc', 'emerging', 'established'),
      fc.boolean(),
    )
    .chain(([a, b, c, groupTarget, overall, gated]) => {
      const base = rubricOf(
        [
          { id: 'p', questions: [{ ...a, critical: false }] },
          { id: 'q', weight: 2, questions: [{ ...b, critical: false }] },
          { id: 'r', questions: [{ ...c, critical: false }] },
        ],
        { p: 'ad-hoc', q: 'ad-hoc', r: 'ad-hoc', pq: groupTarget },
        overall,
      );
      const rubric: Rubric = { ...base, groups: [{ id: 'pq', title: 'P and Q', weight: 2, steps: ['p', 'q'] }] };
      const gate = rubric.steps[0]!.questions[0]!;
      if (gated && gate.kind !== 'number' && gate.kind !== 'multi') {
        const best = [...gate.choices].sort((x, y) => y.score - x.score)[0]!.id;
        rubric.steps[2]!.questions[0] = { ...rubric.steps[2]!.questions[0]!, when: { question: gate.id, in: [best] } };
      }
      return fc.tuple(fc.constant(rubric), ...rubric.steps.map((step) => answerArb(step.questions[0]!)));
    });

  it('meets the group target (and the overall one) at least effort, or says which cannot be met', () => {
    let planned = 0;
    fc.assert(
      fc.property(groupCase, ([rubric, ...answerList]) => {
        const questions = rubric.steps.map((step) => step.questions[0]!);
        const answers: Record<string, Answer> = {};
        questions.forEach((question, index) => {
          if (answerList[index]) answers[question.id] = answerList[index]!;
        });
        const { report, path } = pathFor(rubric, answers);
        const groupTarget = path.targets.groups!.pq!.score;
        const overallTarget = path.overall.target!.score;
        // Every combination of every question's reachable answers, scored by the scorer.
        let best: number | undefined;
        const options = questions.map((question) => bruteOptions(question, answers[question.id]));
        const walk = (index: number, chosen: Record<string, Answer>, cost: number) => {
          if (index === questions.length) {
            const scored = scoreOf(rubric, chosen);
            const group = scored.groups![0]!;
            const meets = (!group.applicable || group.score >= groupTarget) && scored.overall.score >= overallTarget;
            if (meets && (best === undefined || cost < best)) best = cost;
            return;
          }
          for (const option of options[index]!) {
            const next = { ...chosen };
            if (option.answer) next[questions[index]!.id] = option.answer;
            walk(index + 1, next, cost + option.cost);
          }
        };
        walk(0, {}, 0);
        expect(path.verified).toBe(true);
        // From a bound of one effort point a step, raised as needed, the very same plan.
        const raised = findCheapestPath(rubric, report, stageTargets(rubric, report)!, {
          firstBound: 1,
          maxTransitions: Number.POSITIVE_INFINITY,
        });
        expect(raised).toEqual(path);
        const after = rescore(rubric, answers, path.answersAfter);
        expect(path.groups?.[0]?.reached ?? after.groups![0]!.score).toBe(after.groups![0]!.score);
        if (best === undefined) {
          expect(path.status).toBe('unreachable');
        } else {
          expect(path.cost).toBe(best);
          if (after.groups![0]!.applicable) expect(after.groups![0]!.score).toBeGreaterThanOrEqual(groupTarget);
          expect(after.overall.score).toBeGreaterThanOrEqual(overallTarget);
          if (best > 0) planned++;
          if (report.groups![0]!.applicable && report.groups![0]!.score < groupTarget)
            expect(path.groups![0]!.status).toBe('planned');
        }
      }),
      { seed: 20261202, numRuns: 400 },
    );
    expect(planned).toBeGreaterThan(50);
  });
});
