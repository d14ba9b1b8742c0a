// zod schemas for the rubric folder: `rubric.yaml` (the manifest) and `steps/<id>.yaml`. Structure only; the rules that
// span files (ids, conditions, bands, targets) live in src/io/load-rubric.ts. The schemas are built on first use:
// `check` and `report` on the built-in playbook (compiled to JSON at build time) never need them.
import * as z from 'zod';
import { EFFORTS, QUESTION_KINDS, UNKNOWN_MODES } from '../core/model.js';

export const ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
function buildRubricSchemas() {
  const id = z.string().regex(ID_PATTERN, 'expected a kebab-case id (lower-case letters, digits and dashes)');
  const text = z.string().trim().min(1, 'expected a non-empty text');
  const score = z.number().min(0, 'a score is between 0 and 1').max(1, 'a score is between 0 and 1');
  const weight = z.number().positive('a weight is a positive number').max(1000).default(1);

  /** `yes`/`no` written as YAML booleans read as the choice ids "yes" and "no". */
  const choiceRef = z
    .union([z.string(), z.boolean()])
    .transform((value) => (value === true ? 'yes' : value === false ? 'no' : value));
  /** An id from another framework (e.g. `G-SM-A-1`): any printable text of at most 64 characters. */
  const externalId = z
    .string()
    .trim()
    .min(1, 'expected a non-empty text')
    .max(64)
    .regex(/^[^\u0000-\u001f\u007f-\u009f]+$/, 'expected printable text');
  /** A profile filter: profile question id → the profile answers it fits. */
  const appliesToSchema = z.record(id, z.array(choiceRef).min(1));

  const actionSchema = z.strictObject({
    text: text.max(400),
    effort: z.enum(EFFORTS),
    from_stage: id.optional(),
    applies_to: appliesToSchema.optional(),
  });

  const yesNo = z
    .union([z.string(), z.boolean()])
    .transform((value) => (value === true ? 'yes' : value === false ? 'no' : value));

  /** How old an answer's evidence may be, and from which stage it is required (rubric-wide or per question). */
  const evidencePolicySchema = z.strictObject({
    max_age_days: z.int().positive('max_age_days is a positive whole number of days').max(3650).optional(),
    required_from_stage: id.optional(),
  });

  /** A repository probe; which kind it is follows from its fields (checked in src/io/rubric-probes.ts). */
  const probeSchema = z.strictObject({
    glob: z.string().optional(),
    contains: z.string().optional(),
    key: z.string().optional(),
    equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
    dependency: z.string().min(1).max(200).optional(),
    label: z.string().max(200).optional(),
    backs: z.array(yesNo).min(1, 'name at least one choice this probe backs'),
  });

  const levelSchema = z.strictObject({
    id,
    name: text,
    min: z.number().min(0).max(100),
    max: z.number().min(0).max(100),
  });

  const stageSchema = z.strictObject({
    id,
    name: text,
    description: z.string().optional(),
    overall: id,
    targets: z.record(id, id),
  });

  const groupSchema = z.strictObject({
    id,
    title: text,
    weight,
    steps: z.array(id).min(1),
  });

  const choiceSchema = z.strictObject({
    id,
    label: text.max(200),
    score,
    description: text.max(1000).optional(),
    external_id: externalId.optional(),
    action: actionSchema.optional(),
  });

  const profileQuestionSchema = z.strictObject({
    id,
    prompt: text.max(300),
    choices: z.array(z.strictObject({ id: choiceRef.pipe(id), label: text.max(200) })).min(2),
  });

  const manifestSchema = z.strictObject({
    id,
    version: z.union([z.string(), z.number()]).transform(String),
    title: text,
    description: z.string().optional(),
    source: z.string().optional(),
    license: text.max(200).optional(),
    attribution: text.max(1000).optional(),
    actions: z.enum(['required', 'optional']).default('required'),
    profile: z.array(profileQuestionSchema).min(1).optional(),
    choice_sets: z.record(id, z.array(choiceSchema).min(1)).optional(),
    steps: z.array(id).min(1),
    levels: z.array(levelSchema).min(1),
    critical: z.strictObject({ cap: id, met_at: score }),
    stages: z.array(stageSchema).min(1),
    evidence: evidencePolicySchema.optional(),
    groups: z.array(groupSchema).min(1).optional(),
    unknown: z.enum(UNKNOWN_MODES).optional(),
    display: z
      .strictObject({
        scale: z.number().positive('a display scale is a positive number').max(1_000_000),
        decimals: z.int().min(0).max(6).default(0),
      })
      .optional(),
  });

  const bandSchema = z.strictObject({
    from: z.number(),
    score,
    action: actionSchema.optional(),
  });

  /** A `when`: one condition (question + in / at_least), or all / any of several, nested at will (checked in the loader). */
  const conditionSchema = z.strictObject({
    question: id.optional(),
    in: z.array(choiceRef).min(1).optional(),
    at_least: z.number().optional(),
    get all() {
      return z.array(conditionSchema).min(1).optional();
    },
    get any() {
      return z.array(conditionSchema).min(1).optional();
    },
  });

  const questionSchema = z.strictObject({
    id,
    external_id: externalId.optional(),
    prompt: text.max(300),
    why: text,
    criteria: z.array(text.max(500)).min(1).optional(),
    applies_to: appliesToSchema.optional(),
    kind: z.enum(QUESTION_KINDS),
    weight,
    critical: z.boolean().default(false),
    allow_na: z.boolean().default(false),
    when: conditionSchema.optional(),
    choices: z.union([z.array(choiceSchema), z.strictObject({ set: id })]).optional(),
    action: actionSchema.optional(),
    unit: z.string().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    bands: z.array(bandSchema).optional(),
    evidence: evidencePolicySchema.optional(),
    probes: z.array(probeSchema).max(20).optional(),
  });

  const bestOfSchema = z.strictObject({
    id,
    title: text,
    weight,
    questions: z.array(id).min(2, 'a best_of group needs at least 2 questions'),
  });

  const stepSchema = z.strictObject({
    id,
    external_id: externalId.optional(),
    title: text,
    summary: text,
    weight,
    questions: z.array(questionSchema).min(1),
    best_of: z.array(bestOfSchema).optional(),
  });
  return {
    appliesToSchema,
    actionSchema,
    evidencePolicySchema,
    probeSchema,
    levelSchema,
    stageSchema,
    groupSchema,
    choiceSchema,
    profileQuestionSchema,
    manifestSchema,
    bandSchema,
    conditionSchema,
    questionSchema,
    bestOfSchema,
    stepSchema,
  };
}

/** The rubric file schemas (manifest, step, question and their parts), built once, on first use. */
export type RubricSchemas = ReturnType<typeof buildRubricSchemas>;
let built: RubricSchemas | undefined;

/** The rubric file schemas, built on the first call. */
export function rubricSchemas(): RubricSchemas {
  built ??= buildRubricSchemas();
  return built;
}

export type ManifestInput = z.infer<RubricSchemas['manifestSchema']>;
export type StepInput = z.infer<RubricSchemas['stepSchema']>;
export type QuestionInput = z.infer<RubricSchemas['questionSchema']>;
export type ProbeInput = z.infer<RubricSchemas['probeSchema']>;
export type EvidencePolicyInput = z.infer<RubricSchemas['evidencePolicySchema']>;
export type ActionInput = z.infer<RubricSchemas['actionSchema']>;
export type ChoiceInput = z.infer<RubricSchemas['choiceSchema']>;
export type ConditionInput = z.infer<RubricSchemas['conditionSchema']>;
