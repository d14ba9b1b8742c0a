// zod schema for an answers file. Structure only; whether a question, choice or number fits the rubric is checked in
// src/io/load-answers.ts, where the rubric is known.
import * as z from 'zod';
import { PLAN_STATES } from '../core/model.js';

// zod compiles object parsers with new Function on first use; for a CLI that parses one small file per run, interpreting is faster.
z.config({ jitless: true });

const scalarAnswer = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

export const RESERVED_ANSWERS = { unknown: 'unknown', notApplicable: 'n/a' } as const;

/** One piece of evidence: where it is (a link or a path in the repository), who owns it, when it was last checked. */
const evidenceItem = z
  .strictObject({
    url: z.string().max(2000).optional(),
    path: z.string().max(1000).optional(),
    owner: z.string().max(200).optional(),
    date: z.lazy(() => isoDate).optional(),
    note: z.string().max(4000).optional(),
  })
  .refine((item) => item.url !== undefined || item.path !== undefined, {
    error: 'a piece of evidence needs a url or a path',
  });

const fullAnswer = z.strictObject({
  answer: scalarAnswer.nullable().optional(),
  reason: z.string().optional(),
  note: z.string().max(4000).optional(),
  /** A plain text (a link or a sentence), or a list of dated, owned pieces of evidence. */
  evidence: z.union([z.string().max(4000), z.array(evidenceItem).min(1).max(50)]).optional(),
  /** Marks the answer for discussion, saying why: `scaleplay merge` writes how the workshop split (e.g. "yes ×2, no ×1"). */
  discuss: z.string().max(4000).optional(),
  /**
   * A workshop consensus (written by `scaleplay merge`): what each participant answered, by name, where any of them
   * differs from the consensus answer. A participant left out did not answer; with no `votes:`, everyone gave the answer.
   */
  votes: z.record(z.string(), scalarAnswer).optional(),
});

export const answerEntrySchema = z.union([scalarAnswer, fullAnswer]).nullable();

const thresholdValue = z
  .number()
  .min(0, 'a threshold is between 0 and 100')
  .max(100, 'a threshold is between 0 and 100');
export const thresholdSchema = z.union([
  thresholdValue,
  z.strictObject({ value: thresholdValue, severity: z.enum(['error', 'warn']).default('error') }),
]);

// `~` and "" both mean "not filled in yet" (the template writes them).
const optionalText = z
  .string()
  .nullish()
  .transform((value) => (value === null || value === undefined || value.trim() === '' ? undefined : value));

const DATE_EXPECTED = 'expected a date as YYYY-MM-DD (e.g. 2026-11-26)';

/** Whether `text` is a real calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

// The assessment date: YYYY-MM-DD, a real calendar date. A YAML parser that reads it as a timestamp gives a Date.
const isoDate = z.union(
  [
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, DATE_EXPECTED)
      .refine(isCalendarDate, {
        error: 'not a calendar date: expected YYYY-MM-DD (e.g. 2026-11-26)',
        when: (payload) => payload.issues.length === 0,
      }),
    z.date().transform((date) => date.toISOString().slice(0, 10)),
  ],
  { error: DATE_EXPECTED },
);

// One entry of `plan:`, keyed by the question the action improves (`step.question`).
const planEntrySchema = z.strictObject({
  owner: z.string().max(200).optional(),
  due: isoDate.optional(),
  status: z.enum(PLAN_STATES, { error: `expected one of: ${PLAN_STATES.join(', ')}` }).default('todo'),
  note: z.string().max(4000).optional(),
});

export const answersFileSchema = z.strictObject({
  rubric: z.strictObject({
    id: z.string().min(1),
    version: z.union([z.string(), z.number()]).transform(String),
    /**
     * The rubric folder, relative to this file: where commands find the rubric when neither --rubric nor
     * SCALEPLAY_RUBRIC says.
     */
    path: z.string().min(1).max(1000).optional(),
  }),
  team: optionalText,
  /** Who answered (one workshop participant); `scaleplay merge` names each participant's answers by it. */
  participant: optionalText,
  /** A workshop consensus: who took part (`scaleplay merge` writes it; `votes:` of an answer name them). */
  participants: z
    .array(z.strictObject({ name: z.string().min(1).max(200), file: z.string().max(1000).optional() }))
    .min(1)
    .optional(),
  product: optionalText,
  stage: optionalText,
  date: isoDate.optional(),
  /** The company profile: profile question id → choice id (checked against the rubric in src/io/load-answers.ts). */
  profile: z
    .record(z.string(), z.union([z.string(), z.boolean()]).nullable())
    .nullable()
    .optional(),
  answers: z.record(z.string(), z.record(z.string(), answerEntrySchema).nullable()).nullable().default({}),
  /** The team's plan: per question (`step.question`), who owns its next action, by when, and how far it got. */
  plan: z.record(z.string(), planEntrySchema).nullable().optional(),
  thresholds: z
    .strictObject({
      min_score: thresholdSchema.optional(),
      steps: z.record(z.string(), thresholdSchema).optional(),
      stage_targets: z.boolean().optional(),
    })
    .optional(),
});

export type AnswersFileInput = z.input<typeof answersFileSchema>;
export type AnswersFile = z.infer<typeof answersFileSchema>;
export type AnswerEntry = z.infer<typeof answerEntrySchema>;
export type FullAnswerEntry = z.infer<typeof fullAnswer>;
export type PlanFileEntry = z.infer<typeof planEntrySchema>;
export type EvidenceItemEntry = z.infer<typeof evidenceItem>;
