// fast-check arbitraries for the property tests: random valid rubrics (as the loader would build them) and random answers.
import fc from 'fast-check';
import type {
  Answer,
  Assessment,
  Choice,
  Level,
  Question,
  QuestionKind,
  Rubric,
  Stage,
  Step,
} from '../../src/core/model.js';

const scoreArb = fc.oneof(
  fc.constantFrom(0, 0.1, 0.25, 0.5, 0.6, 0.75, 0.9, 1),
  fc.double({ min: 0, max: 1, noNaN: true }),
);
const weightArb = fc.oneof(fc.constantFrom(1, 1, 2, 3), fc.double({ min: 0.001, max: 1000, noNaN: true }));

/** Contiguous integer levels from 0 to 100 (1 to 5 of them). */
export const levelsArb: fc.Arbitrary<Level[]> = fc
  .uniqueArray(fc.integer({ min: 1, max: 100 }), { maxLength: 4 })
  .map((cuts) => {
    const starts = [0, ...cuts.sort((a, b) => a - b)];
    return starts.map((min, index) => ({
      id: `level-${index}`,
      name: `Level ${index}`,
      min,
      max: index + 1 < starts.length ? starts[index + 1]! - 1 : 100,
    }));
  });

interface QuestionShape {
  kind: QuestionKind;
  weight: number;
  critical: boolean;
  allowNa: boolean;
  scores: number[];
  number: { min: number; span: number; cuts: number[] };
  /** Which earlier question gates this one (an index among the earlier ones, taken modulo), or none. */
  gate: number | undefined;
  gateChoices: number[];
  gateAtLeast: number;
}

const questionShapeArb: fc.Arbitrary<QuestionShape> = fc.record({
  kind: fc.constantFrom<QuestionKind>('single', 'multi', 'boolean', 'number'),
  weight: weightArb,
  critical: fc.boolean(),
  allowNa: fc.boolean(),
  scores: fc.array(scoreArb, { minLength: 2, maxLength: 5 }),
  number: fc.record({
    min: fc.integer({ min: -100, max: 100 }),
    span: fc.integer({ min: 1, max: 1000 }),
    cuts: fc.uniqueArray(fc.double({ min: 0.001, max: 1, noNaN: true }), { maxLength: 3 }),
  }),
  gate: fc.option(fc.nat(), { nil: undefined, freq: 3 }),
  gateChoices: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
  gateAtLeast: fc.double({ min: -0.1, max: 1.1, noNaN: true }),
});

/** A valid rubric: what `loadRubric` returns for some folder. */
export const rubricArb: fc.Arbitrary<Rubric> = fc
  .record({
    levels: levelsArb,
    steps: fc.array(
      fc.record({ weight: weightArb, questions: fc.array(questionShapeArb, { minLength: 1, maxLength: 5 }) }),
      { minLength: 1, maxLength: 4 },
    ),
    capIndex: fc.nat(),
    metAt: fc.oneof(fc.constantFrom(0, 0.5, 0.7, 1), fc.double({ min: 0, max: 1, noNaN: true })),
    stageTargets: fc.array(fc.array(fc.nat(), { minLength: 5, maxLength: 5 }), { maxLength: 2 }),
  })
  .map(({ levels, steps: stepShapes, capIndex, metAt, stageTargets }) => {
    const all: Question[] = [];
    const steps: Step[] = stepShapes.map((shape, stepIndex) => {
      const stepId = `step-${stepIndex}`;
      const questions = shape.questions.map((q) => {
        const question = buildQuestion(q, `q-${all.length}`, stepId, all);
        all.push(question);
        return question;
      });
      return { id: stepId, title: `Step ${stepIndex}`, summary: 'A step.', weight: shape.weight, questions };
    });
    const stages: Stage[] = stageTargets.map((targets, index) => ({
      id: `stage-${index}`,
      name: `Stage ${index}`,
      overall: levels[targets[4]! % levels.length]!.id,
      targets: Object.fromEntries(
        steps.map((step, stepIndex) => [step.id, levels[targets[stepIndex % 4]! % levels.length]!.id]),
      ),
    }));
    return {
      id: 'random-rubric',
      version: '1.0.0',
      title: 'Random rubric',
      levels,
      critical: { cap: levels[capIndex % levels.length]!.id, metAt },
      stages,
      steps,
    };
  });

function buildQuestion(shape: QuestionShape, id: string, stepId: string, earlier: Question[]): Question {
  const question: Question = {
    id,
    stepId,
    prompt: `Question ${id}?`,
    why: 'Because.',
    kind: shape.kind,
    weight: shape.weight,
    critical: shape.critical,
    allowNa: shape.allowNa,
    choices: [],
  };
  const action = { text: `Improve ${id}.`, effort: 'S' as const };
  if (shape.kind === 'boolean') {
    question.choices = [
      { id: 'yes', label: 'Yes', score: 1 },
      { id: 'no', label: 'No', score: 0, action },
    ];
  } else if (shape.kind === 'number') {
    const { min, span, cuts } = shape.number;
    const froms = [min, ...cuts.map((cut) => min + cut * span)]
      .sort((a, b) => a - b)
      .filter((from, index, list) => index === 0 || from > list[index - 1]!);
    question.number = {
      min,
      max: min + span,
      bands: froms.map((from, index) => ({ from, score: shape.scores[index % shape.scores.length]!, action })),
    };
  } else {
    question.choices = shape.scores.map(
      (score, index): Choice => ({ id: `c-${index}`, label: `Choice ${index}`, score, action }),
    );
  }
  if (shape.gate !== undefined && earlier.length > 0) {
    const gate = earlier[shape.gate % earlier.length]!;
    if (gate.kind === 'number') {
      const spec = gate.number!;
      question.when = { question: gate.id, atLeast: spec.min + shape.gateAtLeast * (spec.max - spec.min) };
    } else {
      question.when = {
        question: gate.id,
        in: [...new Set(shape.gateChoices.map((index) => gate.choices[index % gate.choices.length]!.id))],
      };
    }
  }
  return question;
}

/** One valid answer to `question` (a known one: a choice, choices, or a number in range). */
export function knownAnswerArb(question: Question): fc.Arbitrary<Answer> {
  if (question.kind === 'number') {
    const { min, max } = question.number!;
    return fc
      .oneof(fc.integer({ min: Math.ceil(min), max: Math.floor(max) }), fc.double({ min, max, noNaN: true }))
      .map((value) => ({ value: { type: 'number', value } }));
  }
  const ids = question.choices.map((choice) => choice.id);
  if (question.kind === 'multi') return fc.subarray(ids).map((choices) => ({ value: { type: 'choice', choices } }));
  return fc.constantFrom(...ids).map((id) => ({ value: { type: 'choice', choices: [id] } }));
}

/** Any answer to `question`, or none: known, unknown, n/a (where allowed) or unanswered (undefined). */
export function answerArb(question: Question): fc.Arbitrary<Answer | undefined> {
  const options: fc.Arbitrary<Answer | undefined>[] = [
    knownAnswerArb(question),
    knownAnswerArb(question),
    fc.constant({ value: { type: 'unknown' } }),
    fc.constant(undefined),
  ];
  if (question.allowNa) options.push(fc.constant({ value: { type: 'na', reason: 'does not apply' } }));
  return fc.oneof(...options);
}

/** A random assessment of `rubric`. */
export function assessmentArb(rubric: Rubric): fc.Arbitrary<Assessment> {
  const questions = rubric.steps.flatMap((step) => step.questions);
  const stageIds = rubric.stages.map((stage) => stage.id);
  return fc
    .record({
      answers: fc.tuple(...questions.map((question) => answerArb(question))),
      stage: stageIds.length > 0 ? fc.option(fc.constantFrom(...stageIds), { nil: undefined }) : fc.constant(undefined),
    })
    .map(({ answers, stage }) => ({
      rubric: { id: rubric.id, version: rubric.version },
      ...(stage !== undefined && { stage }),
      answers: Object.fromEntries(
        questions.flatMap((question, index) => (answers[index] ? [[question.id, answers[index]!]] : [])),
      ),
    }));
}

/** A random assessment of `rubric` at one of its stages (always one). */
export function stagedAssessmentArb(rubric: Rubric): fc.Arbitrary<Assessment> {
  const questions = rubric.steps.flatMap((step) => step.questions);
  return fc
    .tuple(fc.constantFrom(...rubric.stages.map((stage) => stage.id)), fc.tuple(...questions.map(answerArb)))
    .map(([stage, list]) => ({
      rubric: { id: rubric.id, version: rubric.version },
      stage,
      answers: Object.fromEntries(
        questions.flatMap((question, index) => (list[index] ? [[question.id, list[index]!]] : [])),
      ),
    }));
}

/** A rubric together with an assessment of it. */
export const rubricAndAssessmentArb = rubricArb.chain((rubric) =>
  assessmentArb(rubric).map((assessment) => ({ rubric, assessment })),
);
