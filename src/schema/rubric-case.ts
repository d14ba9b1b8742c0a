// zod schema for a rubric's golden case, `tests/<name>.yaml` beside the rubric (run by `scaleplay rubric test DIR`).
import * as z from 'zod';
import { ID_PATTERN } from './rubric.js';

const id = z.string().regex(ID_PATTERN, 'expected a kebab-case id (lower-case letters, digits and dashes)');
const score = z
  .int('expected a whole number from 0 to 100')
  .min(0, 'a score is from 0 to 100')
  .max(100, 'a score is from 0 to 100');

/** A step or overall expectation: a score alone (`wedge: 78`), or any of score, level, low, high, meets_target. */
export const expectationSchema = z.union([
  score,
  z.strictObject({
    score: score.optional(),
    level: id.optional(),
    low: score.optional(),
    high: score.optional(),
    meets_target: z.boolean().optional(),
  }),
]);

export const rubricCaseSchema = z.strictObject({
  description: z.string().optional(),
  /** The answers file, relative to the case file. */
  answers: z.string().min(1, 'expected the path of an answers file'),
  /** Score against this stage's targets instead of the answers file's stage. */
  stage: id.optional(),
  expect: z.strictObject({
    overall: expectationSchema.optional(),
    steps: z.record(z.string(), expectationSchema).optional(),
  }),
});

export type RubricCaseInput = z.infer<typeof rubricCaseSchema>;
export type ExpectationInput = z.infer<typeof expectationSchema>;
