// A public-maturity-model-shaped rubric, as a consultant converts one: 5 business functions (step groups) × 3 practices
// (steps) × 2 streams × 3 maturity levels (questions), 90 questions answered 0 / 0.25 / 0.5 / 1; scores shown on 0–3 with
// 2 decimals, levels with fractional bounds, and unknown answers counted as 0 (`unknown: worst`). Written as real YAML.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

export const FUNCTIONS = ['governance', 'design', 'implementation', 'verification', 'operations'] as const;
export const PRACTICES = ['a', 'b', 'c'] as const;
export const STREAMS = ['x', 'y'] as const;
export const MATURITY = [1, 2, 3] as const;
/** The four answers and their value. */
export const ANSWER_VALUES = { no: 0, some: 0.25, half: 0.5, yes: 1 } as const;
export type AnswerId = keyof typeof ANSWER_VALUES;

export const practiceId = (fn: string, practice: string) => `${fn}-${practice}`;
export const questionId = (fn: string, practice: string, stream: string, level: number) =>
  `${fn}-${practice}-${stream}-${level}`;

/** Writes the model into `dir` (rubric.yaml and 15 step files); `overrides` are merged into rubric.yaml. */
export function writeMaturityModel(dir: string, overrides: Record<string, unknown> = {}): void {
  const steps = FUNCTIONS.flatMap((fn) => PRACTICES.map((practice) => practiceId(fn, practice)));
  const third = 100 / 3;
  const manifest = {
    id: 'maturity-model',
    version: '2.0.0',
    title: 'A maturity model',
    steps,
    levels: [
      { id: 'level-0', name: 'Level 0', min: 0, max: Number(third.toFixed(10)) },
      { id: 'level-1', name: 'Level 1', min: Number(third.toFixed(10)), max: Number((2 * third).toFixed(10)) },
      { id: 'level-2', name: 'Level 2', min: Number((2 * third).toFixed(10)), max: 100 },
    ],
    critical: { cap: 'level-1', met_at: 1 },
    stages: [
      {
        id: 'baseline',
        name: 'Baseline',
        overall: 'level-1',
        targets: Object.fromEntries([...steps.map((id) => [id, 'level-1']), ['governance', 'level-1']]),
      },
    ],
    groups: FUNCTIONS.map((fn) => ({
      id: fn,
      title: fn[0]!.toUpperCase() + fn.slice(1),
      weight: 1,
      steps: PRACTICES.map((practice) => practiceId(fn, practice)),
    })),
    unknown: 'worst',
    display: { scale: 3, decimals: 2 },
    ...overrides,
  };
  mkdirSync(join(dir, 'steps'), { recursive: true });
  writeFileSync(join(dir, 'rubric.yaml'), stringify(manifest));
  for (const fn of FUNCTIONS) {
    for (const practice of PRACTICES) {
      const questions = STREAMS.flatMap((stream) =>
        MATURITY.map((level) => ({
          id: questionId(fn, practice, stream, level),
          prompt: `Stream ${stream}, level ${level} of ${fn} ${practice}?`,
          why: 'The model says so.',
          kind: 'single',
          choices: Object.entries(ANSWER_VALUES).map(([id, score]) => ({
            id,
            label: id,
            score,
            ...(score < 1 && { action: { text: `Raise ${fn} ${practice} ${stream}${level}`, effort: 'S' } }),
          })),
        })),
      );
      writeFileSync(
        join(dir, 'steps', `${practiceId(fn, practice)}.yaml`),
        stringify({ id: practiceId(fn, practice), title: `${fn} ${practice}`, summary: 'A practice.', questions }),
      );
    }
  }
}

/** An answers file's text for these answers (by question id; 'unknown' for unknown, missing for unanswered). */
export function answersYaml(
  answers: Record<string, AnswerId | 'unknown'>,
  extra: Record<string, unknown> = {},
): string {
  const byStep: Record<string, Record<string, string>> = {};
  for (const [id, answer] of Object.entries(answers)) {
    const step = id.split('-').slice(0, 2).join('-');
    (byStep[step] ??= {})[id] = answer;
  }
  return stringify({
    rubric: { id: 'maturity-model', version: '2.0.0' },
    team: 'Model team',
    stage: 'baseline',
    ...extra,
    answers: byStep,
  });
}

/**
 * The model owners' own scoring, written independently of scaleplay: a stream's score is the sum of its three level
 * answers (0..3, unknown counts 0), a practice's the mean of its two streams, a function's the mean of its practices,
 * and the overall score the mean of the functions. All on 0..3.
 */
export function referenceScores(answers: Record<string, AnswerId | 'unknown'>) {
  const value = (id: string) => {
    const answer = answers[id];
    return answer === undefined || answer === 'unknown' ? 0 : ANSWER_VALUES[answer];
  };
  const practices: Record<string, number> = {};
  const functions: Record<string, number> = {};
  for (const fn of FUNCTIONS) {
    for (const practice of PRACTICES) {
      const streams = STREAMS.map((stream) =>
        MATURITY.reduce((sum, level) => sum + value(questionId(fn, practice, stream, level)), 0),
      );
      practices[practiceId(fn, practice)] = streams.reduce((sum, stream) => sum + stream, 0) / STREAMS.length;
    }
    functions[fn] =
      PRACTICES.reduce((sum, practice) => sum + practices[practiceId(fn, practice)]!, 0) / PRACTICES.length;
  }
  const overall = FUNCTIONS.reduce((sum, fn) => sum + functions[fn]!, 0) / FUNCTIONS.length;
  return { practices, functions, overall };
}
