// The rubric lint (pure): each finding on small hand-built rubrics, the definitions at their edges, and soundness on random
// rubrics: what the lint calls unreachable is never reached by any complete set of answers.
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Answer, Level, Question, Rubric, Step } from '../src/core/model.js';
import { lintRubric, reachableStepScores, type LintCode } from '../src/core/rubric-lint.js';
import { scoreAssessment } from '../src/core/score.js';
import { loadRubric } from '../src/io/load-rubric.js';
import { knownAnswerArb, rubricArb } from './helpers/hardening-arbitraries.js';
import { ROOT } from './helpers/cli.js';

const LEVELS: Level[] = [
  { id: 'low', name: 'Low', min: 0, max: 39 },
  { id: 'mid', name: 'Mid', min: 40, max: 69 },
  { id: 'high', name: 'High', min: 70, max: 100 },
];

function question(id: string, overrides: Partial<Question> = {}): Question {
  return {
    id,
    stepId: 's',
    prompt: `${id}?`,
    why: 'Because.',
    kind: 'single',
    weight: 1,
    critical: false,
    allowNa: false,
    choices: [
      { id: 'no', label: 'No', score: 0 },
      { id: 'some', label: 'Some', score: 0.5 },
      { id: 'yes', label: 'Yes', score: 1 },
    ],
    ...overrides,
  };
}

function rubricOf(questions: Question[], overrides: Partial<Rubric> = {}): Rubric {
  const step: Step = { id: 's', title: 'S', summary: 'S.', weight: 1, questions };
  return {
    id: 'r',
    version: '1',
    title: 'R',
    levels: LEVELS,
    critical: { cap: 'mid', metAt: 0.7 },
    stages: [],
    steps: [step],
    ...overrides,
  };
}

const codes = (rubric: Rubric) => lintRubric(rubric).map((finding) => finding.code);

describe('lintRubric', () => {
  it('finds nothing in the valid custom rubric nor in the built-in playbook (its stage targets are consistent)', () => {
    expect(lintRubric(loadRubric(join(ROOT, 'playbook')).rubric)).toEqual([]);
    expect(lintRubric(loadRubric(join(ROOT, 'fixtures/rubrics/valid-custom')).rubric)).toEqual([]);
  });

  describe('dominance: a question dominates when weight × (best − worst) exceeds that of all the others together', () => {
    it.each([
      { weights: [1, 1], dominant: [] },
      { weights: [2, 1, 1], dominant: [] }, // exactly half: the others can still make up for it
      { weights: [2.01, 1, 1], dominant: ['a'] },
      { weights: [1, 3], dominant: ['b'] },
      { weights: [5], dominant: [] }, // a lone question has no others to outweigh
    ])('weights $weights → $dominant', ({ weights, dominant }) => {
      const ids = ['a', 'b', 'c'];
      const rubric = rubricOf(weights.map((weight, index) => question(ids[index]!, { weight })));
      const found = lintRubric(rubric).filter((finding) => finding.code === 'dominant-question');
      expect(found.map((finding) => finding.message.match(/"([a-c])"/)![1])).toEqual(dominant);
      for (const finding of found)
        expect(finding.at).toEqual({
          file: 'step',
          stepId: 's',
          path: ['questions', ids.indexOf(finding.message.match(/"([a-c])"/)![1]!), 'weight'],
        });
    });

    it('uses the score range, not the weight alone: a heavy question whose answers barely differ does not dominate', () => {
      const narrow = question('a', {
        weight: 3,
        choices: [
          { id: 'x', label: 'X', score: 0.8 },
          { id: 'y', label: 'Y', score: 1 },
        ],
      });
      expect(codes(rubricOf([narrow, question('b'), question('c')]))).not.toContain('dominant-question');
    });
  });

  it.each<{ name: string; questions: Question[]; code: LintCode; message: RegExp }>([
    {
      name: 'two single choices with one score',
      questions: [
        question('a', {
          choices: [
            { id: 'x', label: 'X', score: 0 },
            { id: 'y', label: 'Y', score: 0.5 },
            { id: 'z', label: 'Z', score: 0.5 },
            { id: 'w', label: 'W', score: 1 },
          ],
        }),
        question('b'),
      ],
      code: 'same-score',
      message: /choice "z" of "a" scores the same as "y" \(0\.5\)/,
    },
    {
      name: 'a multi choice scoring 0',
      questions: [
        question('a', {
          kind: 'multi',
          choices: [
            { id: 'x', label: 'X', score: 0.5 },
            { id: 'y', label: 'Y', score: 0 },
            { id: 'z', label: 'Z', score: 0.5 },
          ],
        }),
        question('b'),
      ],
      code: 'same-score',
      message: /choice "y" of "a" scores 0/,
    },
    {
      name: 'two adjacent number bands with one score',
      questions: [
        question('a', {
          kind: 'number',
          choices: [],
          number: {
            min: 0,
            max: 10,
            bands: [
              { from: 0, score: 0 },
              { from: 3, score: 0.5 },
              { from: 6, score: 0.5 },
              { from: 9, score: 1 },
            ],
          },
        }),
        question('b'),
      ],
      code: 'same-score',
      message: /band from 6 of "a" scores the same as the band before it/,
    },
    {
      name: 'a question whose every answer scores the same',
      questions: [
        question('a', {
          choices: [
            { id: 'x', label: 'X', score: 0.5 },
            { id: 'y', label: 'Y', score: 0.5 },
          ],
        }),
        question('b'),
      ],
      code: 'no-effect',
      message: /question "a" cannot change the score: every answer scores 0\.5/,
    },
    {
      name: 'a condition on a number above its maximum',
      questions: [
        question('n', {
          kind: 'number',
          choices: [],
          number: {
            min: 0,
            max: 10,
            bands: [
              { from: 0, score: 0 },
              { from: 5, score: 1 },
            ],
          },
        }),
        question('b', { when: { question: 'n', atLeast: 11 } }),
      ],
      code: 'never-asked',
      message: /question "b" can never be asked: it needs "n" to be at least 11, and "n" goes up to 10/,
    },
    {
      name: 'a critical question below met_at at its best',
      questions: [
        question('a', {
          critical: true,
          choices: [
            { id: 'x', label: 'X', score: 0 },
            { id: 'y', label: 'Y', score: 0.6 },
          ],
        }),
        question('b'),
      ],
      code: 'critical-never-met',
      message: /critical question "a" can never be met: its best answer scores 0\.6, below met_at 0\.7/,
    },
  ])('$name → $code', ({ questions, code, message }) => {
    const found = lintRubric(rubricOf(questions)).filter((finding) => finding.code === code);
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(message);
  });

  it('a question behind a gate that can never be asked can never be asked either', () => {
    const n = question('n', {
      kind: 'number',
      choices: [],
      number: {
        min: 0,
        max: 10,
        bands: [
          { from: 0, score: 0 },
          { from: 5, score: 1 },
        ],
      },
    });
    const rubric = rubricOf([
      n,
      question('b', { when: { question: 'n', atLeast: 20 } }),
      question('c', { when: { question: 'b', in: ['yes'] } }),
    ]);
    const messages = lintRubric(rubric)
      .filter((finding) => finding.code === 'never-asked')
      .map((finding) => finding.message);
    expect(messages).toEqual([
      expect.stringContaining('question "b" can never be asked'),
      'question "c" can never be asked: it depends on "b", which can never be asked either',
    ]);
  });

  it('the cap at the highest level has no effect when there are critical questions', () => {
    expect(
      codes(rubricOf([question('a', { critical: true }), question('b')], { critical: { cap: 'high', metAt: 0.5 } })),
    ).toContain('cap-no-effect');
    expect(codes(rubricOf([question('a'), question('b')], { critical: { cap: 'high', metAt: 0.5 } }))).not.toContain(
      'cap-no-effect',
    );
  });

  it('reachable step scores follow the answers, the n/a and conditions that may leave questions out, and the cap', () => {
    const yesNo = (id: string, overrides: Partial<Question> = {}) =>
      question(id, {
        kind: 'boolean',
        choices: [
          { id: 'yes', label: 'Yes', score: 1 },
          { id: 'no', label: 'No', score: 0 },
        ],
        ...overrides,
      });
    const scores = (questions: Question[], capMax = 100) =>
      [...reachableStepScores(rubricOf(questions).steps[0]!, 0.7, capMax)!].sort((a, b) => a - b);
    expect(scores([yesNo('a')])).toEqual([0, 100]);
    expect(scores([yesNo('a'), yesNo('b')])).toEqual([0, 50, 100]);
    expect(scores([yesNo('a'), yesNo('b', { allowNa: true })])).toEqual([0, 50, 100]);
    expect(scores([yesNo('a', { weight: 3 }), yesNo('b')])).toEqual([0, 25, 75, 100]);
    // a = no caps the step at 39: (no, yes) shows 39 instead of 50; (yes, no) is not capped and shows 50.
    expect(scores([yesNo('a', { critical: true }), yesNo('b')], 39)).toEqual([0, 39, 50, 100]);
  });

  it('an unreachable level and the stage targets it makes impossible', () => {
    const yesNo = (id: string) =>
      question(id, {
        kind: 'boolean',
        choices: [
          { id: 'yes', label: 'Yes', score: 1 },
          { id: 'no', label: 'No', score: 0 },
        ],
      });
    const rubric = rubricOf([yesNo('a'), yesNo('b'), yesNo('c')], {
      levels: [
        { id: 'low', name: 'Low', min: 0, max: 39 },
        { id: 'gap', name: 'Gap', min: 40, max: 60 },
        { id: 'rest', name: 'Rest', min: 61, max: 100 },
      ],
      critical: { cap: 'rest', metAt: 1 },
      stages: [{ id: 'big', name: 'Big', overall: 'gap', targets: { s: 'rest' } }],
    });
    // Three yes/no questions: the step (and so the overall score) shows 0, 33, 67 or 100, never 40–60.
    expect(
      lintRubric(rubric)
        .filter((finding) => finding.code === 'unreachable-level')
        .map((finding) => finding.at),
    ).toEqual([{ file: 'manifest', path: ['levels', 1] }]);
    // Targets above what a step can reach are reported; this one is reachable (100).
    expect(codes(rubric)).not.toContain('unreachable-target');
    const capped = {
      ...rubric,
      steps: [
        {
          ...rubric.steps[0]!,
          questions: rubric.steps[0]!.questions.map((q) => ({
            ...q,
            choices: q.choices.map((c) => ({ ...c, score: c.score * 0.5 })),
          })),
        },
      ],
    };
    expect(
      lintRubric(capped)
        .filter((finding) => finding.code === 'unreachable-target')
        .map((finding) => finding.message),
    ).toEqual(['stage "big" targets Rest (from 61) for s, which can score at most 50 with every question answered']);
  });
});

describe('reachable scores at the edge of floating point', () => {
  it('meets a critical multi question whose only positive choice scores the smallest double, as the scorer does', () => {
    // Found by the property below (seed 1517259616): sums rounded to 9 decimals made 5e-324 look like 0, unmet.
    const tiny = question('q', {
      kind: 'multi',
      critical: true,
      choices: [
        { id: 'a', label: 'A', score: 0 },
        { id: 'b', label: 'B', score: 5e-324 },
      ],
    });
    const other = question('p', { choices: [{ id: 'good', label: 'Good', score: 0.9 }] });
    const scores = [...reachableStepScores(rubricOf([other, tiny]).steps[0]!, 5e-324, 0)!].sort((a, b) => a - b);
    // Met (q = b): (0.9 + 5e-324) / 2 → 45, uncapped; unmet (q = none or a): capped at the cap's max, 0.
    expect(scores).toEqual([0, 45]);
  });
});

describe('lint soundness on random rubrics', () => {
  it('never throws; what it calls unreachable, no complete set of answers reaches', () => {
    let exercised = 0;
    const arb = rubricArb.chain((rubric) => {
      const questions = rubric.steps.flatMap((step) => step.questions);
      // Complete answers: every question answered with a known answer, or left n/a where that is allowed.
      const answer = (q: Question): fc.Arbitrary<Answer> =>
        q.allowNa
          ? fc.oneof(knownAnswerArb(q), fc.constant<Answer>({ value: { type: 'na', reason: 'n/a' } }))
          : knownAnswerArb(q);
      return fc.tuple(
        fc.constant(rubric),
        fc.array(fc.tuple(...questions.map(answer)), { minLength: 20, maxLength: 20 }),
      );
    });
    fc.assert(
      fc.property(arb, ([rubric, answerSets]) => {
        const findings = lintRubric(rubric);
        if (findings.some((finding) => finding.code === 'unreachable-level' || finding.code === 'unreachable-target'))
          exercised++;
        const unreachable = findings
          .filter((finding) => finding.code === 'unreachable-level')
          .map((finding) => rubric.levels[finding.at.path[1] as number]!);
        const impossibleTargets = findings.filter(
          (finding) => finding.code === 'unreachable-target' && finding.at.path[2] === 'targets',
        );
        const questions = rubric.steps.flatMap((step) => step.questions);
        for (const set of answerSets) {
          const report = scoreAssessment(rubric, {
            rubric: { id: rubric.id, version: rubric.version },
            answers: Object.fromEntries(questions.map((q, index) => [q.id, set[index]!])),
          });
          const shown = [
            report.overall.score,
            ...report.steps.filter((step) => step.applicable).map((step) => step.score),
          ];
          for (const level of unreachable)
            for (const score of shown)
              expect(score < level.min || score > level.max, `${score} in ${level.id}`).toBe(true);
          for (const finding of impossibleTargets) {
            const stage = rubric.stages[finding.at.path[1] as number]!;
            const stepId = finding.at.path[3] as string;
            const target = rubric.levels.find((level) => level.id === stage.targets[stepId])!;
            const step = report.steps.find((candidate) => candidate.id === stepId)!;
            if (step.applicable) expect(step.score).toBeLessThan(target.min);
          }
        }
      }),
      { numRuns: 150 },
    );
    expect(exercised).toBeGreaterThan(5); // the random rubrics do produce such findings
  });
});
