// The file side of the question kinds: which fields a kind has in a step file, how a question of that kind is built from
// them (with its problems and warnings), and how an answer to it is read from an answers file. One entry per kind; the
// pure rules are in src/core/question-kinds.ts, the prompts in src/prompts/question-kinds.ts.
import type { Action, AnswerValue, Choice, Question, QuestionKind } from '../core/model.js';
import type { Problem } from '../errors.js';
import type { ActionInput, ChoiceInput, QuestionInput } from '../schema/rubric.js';
import { problemAt, type PathSegment, type YamlFile } from './yaml-file.js';

/** Choice ids that would be mistaken for the answers every question accepts. */
export const RESERVED_CHOICE_IDS = ['unknown', 'n-a', 'na'];
/** Ids that would clash with JavaScript's own object properties (ids become keys in answers files). */
export const RESERVED_IDS = ['constructor'];

/** The fields of a question that only some kinds have. */
export const KIND_FIELDS = ['choices', 'action', 'unit', 'min', 'max', 'bands'] as const;
export type KindField = (typeof KIND_FIELDS)[number];

/** A question as read from its step file, with `choices: { set: ID }` replaced by the set's choices. */
export type ResolvedQuestionInput = Omit<QuestionInput, 'choices'> & { choices?: ChoiceInput[] };

/** An action as the core sees it. */
export function toAction(input: ActionInput): Action {
  return {
    text: input.text,
    effort: input.effort,
    ...(input.from_stage !== undefined && { fromStage: input.from_stage }),
    ...(input.applies_to !== undefined && { appliesTo: input.applies_to }),
  };
}

/** Where a question is being built, and where its problems go. */
export interface BuildContext {
  file: YamlFile;
  /** The question's path in its step file. */
  at: PathSegment[];
  problems: Problem[];
  warnings: Problem[];
  /** Whether a choice or band without an action is fine (the rubric says `actions: optional`). */
  actionsOptional: boolean;
}

/** Reports a problem with an answer (for this question), and gives undefined. */
export type Fail = (message: string, hint?: string) => undefined;

/** A raw answer from an answers file, other than unknown and n/a. */
export type RawAnswer = string | number | boolean | string[];

/** Everything that varies by question kind in the files. */
export interface KindFileRules {
  /** The kind-specific fields a question of this kind has (the others are refused). */
  fields: readonly KindField[];
  /** Fills the question's choices or number spec from its input. */
  build(question: Question, input: ResolvedQuestionInput, context: BuildContext): void;
  /** Reads an answer; `expected` lists what is accepted. */
  parse(question: Question, raw: RawAnswer, fail: Fail, expected: string): AnswerValue | undefined;
}

const NO_ACTION_HINT = 'Add action: { text, effort } so the report can say what to do.';

/** The rules of each question kind in the files. */
export const KIND_FILE_RULES = {
  single: {
    fields: ['choices'],
    build: (question, input, context) => {
      question.choices = buildChoices(input, 2, (choice, best) => choice.score < best, context);
    },
    parse(question, raw, fail, expected) {
      if (typeof raw !== 'string') return fail(`expected one choice id, found ${JSON.stringify(raw)}`, expected);
      if (!question.choices.some((choice) => choice.id === raw)) return fail(`unknown choice "${raw}"`, expected);
      return { type: 'choice', choices: [raw] };
    },
  },
  multi: {
    fields: ['choices'],
    build: (question, input, context) => {
      question.choices = buildChoices(input, 1, (choice) => choice.score > 0, context);
    },
    parse(question, raw, fail, expected) {
      const choiceIds = question.choices.map((choice) => choice.id);
      const list = typeof raw === 'string' ? [raw] : raw;
      if (!Array.isArray(list)) return fail(`expected a list of choice ids, found ${JSON.stringify(raw)}`, expected);
      const unknown = list.filter((id) => !choiceIds.includes(id));
      if (unknown.length > 0)
        return fail(
          `unknown choice${unknown.length > 1 ? 's' : ''} ${unknown.map((id) => `"${id}"`).join(', ')}`,
          `Expected a list of: ${choiceIds.join(', ')}.`,
        );
      if (new Set(list).size !== list.length) return fail('a choice is listed twice');
      return { type: 'choice', choices: [...list] };
    },
  },
  boolean: {
    fields: ['action'],
    build(question, input, context) {
      question.choices = [
        { id: 'yes', label: 'Yes', score: 1 },
        { id: 'no', label: 'No', score: 0, ...(input.action && { action: toAction(input.action) }) },
      ];
      if (!input.action && !context.actionsOptional) {
        context.warnings.push(
          problemAt(
            context.file,
            [...context.at, 'id'],
            `question "${input.id}" has no action for the answer "no"`,
            NO_ACTION_HINT,
          ),
        );
      }
    },
    parse(_question, raw, fail, expected) {
      const normalised = raw === true ? 'yes' : raw === false ? 'no' : raw;
      if (normalised !== 'yes' && normalised !== 'no')
        return fail(`expected yes or no, found ${JSON.stringify(raw)}`, expected);
      return { type: 'choice', choices: [normalised] };
    },
  },
  number: {
    fields: ['unit', 'min', 'max', 'bands'],
    build: buildNumber,
    parse(question, raw, fail) {
      const { min, max, unit } = question.number!;
      if (typeof raw !== 'number')
        return fail(`expected a number, found ${JSON.stringify(raw)}`, `A number from ${min} to ${max}, or unknown.`);
      if (!Number.isFinite(raw)) return fail(`expected a finite number, found ${raw}`);
      if (raw < min || raw > max)
        return fail(`${raw} is out of range`, `Expected a number from ${min} to ${max}${unit ? ` (${unit})` : ''}.`);
      return { type: 'number', value: raw };
    },
  },
} satisfies Record<QuestionKind, KindFileRules>;

/** Reports each id given twice, at the second one. */
export function checkUnique(
  ids: string[],
  pathOf: (index: number) => PathSegment[],
  what: string,
  file: YamlFile,
  problems: Problem[],
) {
  const seen = new Map<string, number>();
  for (const [index, id] of ids.entries()) {
    const first = seen.get(id);
    if (first !== undefined)
      problems.push(
        problemAt(
          file,
          pathOf(index),
          `duplicate ${what} id "${id}" (first at line ${problemAt(file, pathOf(first), '').line})`,
          `Each ${what} id may appear once.`,
        ),
      );
    else seen.set(id, index);
  }
}

/** The choices of a single or multi question; `needsAction` says which choices should say how to move on. */
function buildChoices(
  input: ResolvedQuestionInput,
  minimum: number,
  needsAction: (choice: Choice, best: number) => boolean,
  context: BuildContext,
): Choice[] {
  const { file, at, problems, warnings } = context;
  const choices = input.choices ?? [];
  if (choices.length < minimum) {
    problems.push(
      problemAt(
        file,
        input.choices ? [...at, 'choices'] : at,
        `a ${input.kind} question needs at least ${minimum} choice${minimum > 1 ? 's' : ''}, found ${choices.length}`,
      ),
    );
  }
  checkUnique(
    choices.map((choice) => choice.id),
    (index) => [...at, 'choices', index, 'id'],
    'choice',
    file,
    problems,
  );
  const best = Math.max(...choices.map((choice) => choice.score));
  for (const [index, choice] of choices.entries()) {
    if (RESERVED_CHOICE_IDS.includes(choice.id)) {
      problems.push(
        problemAt(
          file,
          [...at, 'choices', index, 'id'],
          `choice id "${choice.id}" is reserved`,
          'Every question already accepts "unknown" and (with allow_na) "n/a"; pick another id.',
        ),
      );
    }
    if (RESERVED_IDS.includes(choice.id))
      problems.push(
        problemAt(
          file,
          [...at, 'choices', index, 'id'],
          `choice id "${choice.id}" is reserved`,
          'It clashes with a JavaScript built-in name; pick another id.',
        ),
      );
    if (needsAction(choice, best) && !choice.action && !context.actionsOptional) {
      warnings.push(
        problemAt(
          file,
          [...at, 'choices', index, 'id'],
          `choice "${choice.id}" of "${input.id}" has no action`,
          NO_ACTION_HINT,
        ),
      );
    }
  }
  return choices.map((choice) => ({
    id: choice.id,
    label: choice.label,
    score: choice.score,
    ...(choice.description !== undefined && { description: choice.description }),
    ...(choice.external_id !== undefined && { externalId: choice.external_id }),
    ...(choice.action && { action: toAction(choice.action) }),
  }));
}

function buildNumber(question: Question, input: ResolvedQuestionInput, context: BuildContext) {
  const { file, at, problems, warnings } = context;
  for (const field of ['min', 'max', 'bands'] as const) {
    if (input[field] === undefined) problems.push(problemAt(file, at, `a number question needs "${field}"`));
  }
  if (input.min === undefined || input.max === undefined || !input.bands) return;
  if (input.min >= input.max)
    problems.push(problemAt(file, [...at, 'max'], `max (${input.max}) must be above min (${input.min})`));
  const bands = input.bands;
  if (bands.length === 0) problems.push(problemAt(file, [...at, 'bands'], 'a number question needs at least one band'));
  if (bands[0] && bands[0].from !== input.min) {
    const what =
      bands[0].from > input.min ? `numbers ${input.min} up to ${bands[0].from} have no band` : 'it starts below min';
    problems.push(
      problemAt(
        file,
        [...at, 'bands', 0, 'from'],
        `the first band starts at ${bands[0].from}, not at min (${input.min}): ${what}`,
        'Bands cover min..max with no hole: start the first at min.',
      ),
    );
  }
  const best = Math.max(...bands.map((band) => band.score));
  for (const [index, band] of bands.entries()) {
    const previous = bands[index - 1];
    if (previous && band.from <= previous.from) {
      problems.push(
        problemAt(
          file,
          [...at, 'bands', index, 'from'],
          `band starts at ${band.from}, not above the band before it (${previous.from}): the bands overlap`,
          'List bands in ascending order of from; each runs up to the next one.',
        ),
      );
    }
    if (band.from > input.max)
      problems.push(
        problemAt(
          file,
          [...at, 'bands', index, 'from'],
          `band starts at ${band.from}, above max (${input.max}): no answer can fall in it`,
        ),
      );
    if (band.score < best && !band.action && !context.actionsOptional)
      warnings.push(
        problemAt(
          file,
          [...at, 'bands', index],
          `band from ${band.from} of "${input.id}" has no action`,
          NO_ACTION_HINT,
        ),
      );
  }
  question.number = {
    ...(input.unit !== undefined && { unit: input.unit }),
    min: input.min,
    max: input.max,
    bands: bands.map((band) => ({
      from: band.from,
      score: band.score,
      ...(band.action && { action: toAction(band.action) }),
    })),
  };
}
