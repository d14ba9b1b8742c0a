// Small rubrics built in code for table-driven scoring tests.
import type { Answer, Assessment, Choice, Question, Rubric, Step } from '../../src/core/model.js';

export const LEVELS = [
  { id: 'low', name: 'Low', min: 0, max: 39 },
  { id: 'mid', name: 'Mid', min: 40, max: 69 },
  { id: 'high', name: 'High', min: 70, max: 100 },
];

const ladder: Choice[] = [
  { id: 'none', label: 'None', score: 0, action: { text: 'start', effort: 'S' } },
  { id: 'some', label: 'Some', score: 0.5, action: { text: 'finish', effort: 'M' } },
  { id: 'all', label: 'All', score: 1 },
];

/** A single-choice question with the none/some/all ladder. */
export function single(id: string, extra: Partial<Question> = {}): Question {
  return {
    id,
    stepId: 's1',
    prompt: `${id}?`,
    why: 'because',
    kind: 'single',
    weight: 1,
    critical: false,
    allowNa: false,
    choices: ladder,
    ...extra,
  };
}

/** A boolean question normalised to yes/no. */
export function boolean(id: string, extra: Partial<Question> = {}): Question {
  return single(id, {
    kind: 'boolean',
    choices: [
      { id: 'yes', label: 'Yes', score: 1 },
      { id: 'no', label: 'No', score: 0, action: { text: `do ${id}`, effort: 'S' } },
    ],
    ...extra,
  });
}

/** A multi question with three items worth 0.4 each (so all three cap at 1). */
export function multi(id: string, extra: Partial<Question> = {}): Question {
  return single(id, {
    kind: 'multi',
    choices: ['a', 'b', 'c'].map((choice) => ({
      id: choice,
      label: choice,
      score: 0.4,
      action: { text: `add ${choice}`, effort: 'M' as const },
    })),
    ...extra,
  });
}

/** A number question 0..100 with bands at 0 (0), 10 (0.5), 30 (1). */
export function number(id: string, extra: Partial<Question> = {}): Question {
  return single(id, {
    kind: 'number',
    choices: [],
    number: {
      unit: '%',
      min: 0,
      max: 100,
      bands: [
        { from: 0, score: 0, action: { text: 'raise to 10', effort: 'M' } },
        { from: 10, score: 0.5, action: { text: 'raise to 30', effort: 'L' } },
        { from: 30, score: 1 },
      ],
    },
    ...extra,
  });
}

/** A rubric of the given steps (question stepIds are fixed up), with stage "st" targeting `targets`. */
export function makeRubric(
  steps: Array<{ id: string; weight?: number; questions: Question[] }>,
  targets: Record<string, string> = {},
): Rubric {
  const built: Step[] = steps.map((step) => ({
    id: step.id,
    title: step.id.toUpperCase(),
    summary: '',
    weight: step.weight ?? 1,
    questions: step.questions.map((question) => ({ ...question, stepId: step.id })),
  }));
  return {
    id: 'test',
    version: '1',
    title: 'Test rubric',
    levels: LEVELS,
    critical: { cap: 'mid', metAt: 0.7 },
    stages: [
      {
        id: 'st',
        name: 'Stage',
        overall: 'mid',
        targets: Object.fromEntries(built.map((step) => [step.id, targets[step.id] ?? 'mid'])),
      },
    ],
    steps: built,
  };
}

/** Answer shorthands. */
export const pick = (...choices: string[]): Answer => ({ value: { type: 'choice', choices } });
export const num = (value: number): Answer => ({ value: { type: 'number', value } });
export const unknown: Answer = { value: { type: 'unknown' } };
export const na = (reason = 'does not apply'): Answer => ({ value: { type: 'na', reason } });

/** An assessment of `answers` at stage "st" (null: no stage). */
export function assess(answers: Record<string, Answer>, stage: string | null = 'st'): Assessment {
  return { rubric: { id: 'test', version: '1' }, ...(stage && { stage }), answers };
}
