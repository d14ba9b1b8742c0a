// How one rubric question is asked: the prompt that fits its kind, with "Unknown" always on offer, "Not applicable"
// (and its reason) where the rubric allows it, "why it matters" one key away, and an optional note. Returns the Answer.
import { isCalendarDate } from '../schema/answers.js';
import type { Answer, AnswerValue, Choice, Question, QuestionKind } from '../core/model.js';
import { safeText } from '../render/channels.js';
import type { Theme } from '../render/theme.js';
import { wrap } from '../render/text.js';
import type { Ask, AskItem } from './ask.js';
import { whyText } from './screen-text.js';

/** What asking a question needs besides the question. */
export interface QuestionContext {
  ask: Ask;
  /** Prints to the prompt stream (stderr). */
  print: (text: string) => void;
  theme: Theme;
  width: number;
  /** Ask for a note or evidence after the answer (`--notes`). */
  notes: boolean;
  /** Today (YYYY-MM-DD): the default date of new evidence. */
  today?: string;
}

// List values that cannot clash with choice ids (ids are kebab-case, so never contain ':').
export const UNKNOWN = ':unknown';
export const NOT_APPLICABLE = ':n/a';
export const NONE = ':none';
export const WHY = ':why';

/** The longest reason or note accepted (the answers file allows 4000 characters). */
const MAX_TEXT = 4000;
const SEPARATOR = '──────────';
const STOP_KEY: [string, string] = ['ctrl+c', 'pause'];

/**
 * Asks `question` and returns the answer, carrying over the note and evidence of `current` (the default for every prompt,
 * so Enter keeps it; with no current answer, Enter gives "unknown"). A `discuss` flag is not carried over: answering the
 * question again is the workshop settling it.
 */
export async function askQuestion(
  question: Question,
  current: Answer | undefined,
  header: string,
  context: QuestionContext,
): Promise<Answer> {
  const value = await askValue(question, current?.value, header, context);
  const answer: Answer = {
    value: value.type === 'na' ? { type: 'na', reason: await askReason(current?.value, context) } : value,
    ...(current?.note !== undefined && { note: current.note }),
    ...(current?.evidence !== undefined && { evidence: current.evidence }),
  };
  return context.notes ? askNote(answer, context) : answer;
}

/** How a question of each kind is asked: the prompt that fits it, returning the answer value. */
type AskKind = (
  question: Question,
  current: AnswerValue | undefined,
  header: string,
  context: QuestionContext,
) => Promise<AnswerValue>;

/** The prompt of each question kind (the pure rules are in src/core/question-kinds.ts). */
const KIND_PROMPTS = {
  single: (question, current, header, context) => askOne(question, current, header, context),
  boolean: (question, current, header, context) => askOne(question, current, header, context),
  multi: (question, current, header, context) => askMany(question, current, header, context),
  number: (question, current, header, context) => askNumber(question, current, header, context),
} satisfies Record<QuestionKind, AskKind>;

function askValue(
  question: Question,
  current: AnswerValue | undefined,
  header: string,
  context: QuestionContext,
): Promise<AnswerValue> {
  return KIND_PROMPTS[question.kind](question, current, header, context);
}

/** The question line, wrapped ahead of the terminal (which would cut words); `extra` is appended (e.g. a range). */
function message(question: Question, context: QuestionContext, extra = ''): string {
  return wrap(`${safeText(question.prompt)}${question.critical ? ' [critical]' : ''}${extra}`, context.width - 2, 2);
}

/** A choice's text, wrapped so that lines after the first line up under it (`margin` = the cursor and box before it). */
function label(text: string, margin: number, context: QuestionContext): string {
  return wrap(safeText(text), context.width - margin, margin);
}

/** What must be true to pick a choice, shown under the list while it is highlighted. */
function described(choice: Choice, context: QuestionContext): { description?: string } {
  return choice.description !== undefined
    ? { description: `${context.theme.dim(wrap(safeText(choice.description), context.width - 2, 2))}\n` }
    : {};
}

/**
 * The entries every list ends with: Unknown, Not applicable (when allowed) and "? Why it matters". In a list with boxes
 * (`checked` given), Unknown and Not applicable go alone and "? Why it matters" is never ticked, only highlighted.
 */
function closingItems(
  question: Question,
  context: QuestionContext,
  checked?: (value: string) => boolean,
): AskItem<string>[] {
  const item = (value: string, name: string) => ({
    value,
    name,
    ...(checked && { checked: checked(value), exclusive: true }),
  });
  return [
    item(UNKNOWN, 'Unknown'),
    ...(question.allowNa ? [item(NOT_APPLICABLE, 'Not applicable')] : []),
    // The trailing newline leaves a blank line between the text and the key hints under it.
    {
      value: WHY,
      name: '? Why it matters',
      description: `${context.theme.dim(whyText(question, context.width))}\n`,
      ...(checked && { info: true }),
    },
  ];
}

function printWhy(question: Question, context: QuestionContext): void {
  context.print(`\n${context.theme.dim(whyText(question, context.width))}\n\n`);
}

async function askOne(
  question: Question,
  current: AnswerValue | undefined,
  header: string,
  context: QuestionContext,
): Promise<AnswerValue> {
  let fallback = current?.type === 'choice' ? current.choices[0] : current?.type === 'na' ? NOT_APPLICABLE : UNKNOWN;
  if (fallback === NOT_APPLICABLE && !question.allowNa) fallback = UNKNOWN;
  for (;;) {
    const picked = await context.ask.select<string>({
      header,
      message: message(question, context),
      choices: [
        ...question.choices.map((choice) => ({
          value: choice.id,
          name: label(choice.label, 2, context),
          ...described(choice, context),
        })),
        { separator: SEPARATOR },
        ...closingItems(question, context),
      ],
      default: fallback!,
      keys: [['?', 'why it matters'], STOP_KEY],
    });
    if (picked === WHY) {
      printWhy(question, context);
      continue;
    }
    return toValue(picked);
  }
}

async function askMany(
  question: Question,
  current: AnswerValue | undefined,
  header: string,
  context: QuestionContext,
): Promise<AnswerValue> {
  // What is ticked at first: the current answer, or Unknown, so Enter always gives a valid answer.
  let ticked = new Set<string>(
    current?.type === 'choice'
      ? current.choices.length === 0
        ? [NONE]
        : current.choices
      : [current?.type === 'na' && question.allowNa ? NOT_APPLICABLE : UNKNOWN],
  );
  const ids = question.choices.map((choice) => choice.id);
  for (;;) {
    const picked = await context.ask.checkbox<string>({
      header,
      message: message(question, context),
      choices: [
        // A choice of the rubric's own that means "none of the others" (id `none`) goes alone too.
        ...question.choices.map((choice) => ({
          value: choice.id,
          name: label(choice.label, 3, context),
          checked: ticked.has(choice.id),
          ...(choice.id === 'none' && { exclusive: true }),
          ...described(choice, context),
        })),
        { separator: SEPARATOR },
        { value: NONE, name: 'None of these', checked: ticked.has(NONE), exclusive: true },
        ...closingItems(question, context, (value) => ticked.has(value)),
      ],
      validate: (values) => validateMany(values, ids),
      keys: [['?', 'why it matters'], STOP_KEY],
    });
    if (picked.includes(WHY)) {
      printWhy(question, context);
      ticked = new Set(picked.filter((value) => value !== WHY));
      continue;
    }
    const chosen = ids.filter((id) => picked.includes(id));
    // Real choices win over a pre-ticked Unknown or Not applicable: ticking an answer means it is known.
    if (chosen.length > 0) return { type: 'choice', choices: chosen };
    if (picked.includes(NONE)) return { type: 'choice', choices: [] };
    return picked.includes(NOT_APPLICABLE) ? { type: 'na', reason: '' } : { type: 'unknown' };
  }
}

/** The rules of a multi-choice answer: something ticked, and "None of these" alone. */
export function validateMany(values: readonly string[], ids: readonly string[]): true | string {
  if (values.includes(WHY)) return true;
  const chosen = values.filter((value) => ids.includes(value));
  if (values.includes(NONE) && chosen.length > 0)
    return '"None of these" goes alone: untick it or the other choices (space).';
  if (values.length === 0) return 'Tick what applies (space), or "None of these", or "Unknown".';
  return true;
}

async function askNumber(
  question: Question,
  current: AnswerValue | undefined,
  header: string,
  context: QuestionContext,
): Promise<AnswerValue> {
  const spec = question.number!;
  const unit = spec.unit ? ` ${safeText(spec.unit)}` : '';
  const fallback =
    current?.type === 'number' ? String(current.value) : current?.type === 'na' && question.allowNa ? 'n/a' : 'unknown';
  for (;;) {
    const text = await context.ask.input({
      header,
      message: message(question, context, ` (${spec.min}–${spec.max}${unit})`),
      default: fallback,
      validate: (value) => validateNumber(value, question),
      keys: [
        ['u', 'unknown'],
        ...(question.allowNa ? [['n/a', 'not applicable'] as [string, string]] : []),
        ['?', 'why it matters'],
        STOP_KEY,
      ],
    });
    const parsed = parseNumberAnswer(text, question);
    if (parsed === 'why') {
      printWhy(question, context);
      continue;
    }
    return parsed as AnswerValue;
  }
}

/** Reads what was typed for a number question: a number, "unknown" (or "u"), "n/a", or "?" (why it matters). */
export function parseNumberAnswer(text: string, question: Question): AnswerValue | 'why' | undefined {
  const value = text.trim().toLowerCase();
  if (value === '?') return 'why';
  if (value === 'u' || value === 'unknown') return { type: 'unknown' };
  if ((value === 'n/a' || value === 'na') && question.allowNa) return { type: 'na', reason: '' };
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(value)) return undefined;
  const number = Number(value);
  const { min, max } = question.number!;
  return number >= min && number <= max ? { type: 'number', value: number } : undefined;
}

/** true, or what to tell the user about the text typed for a number question. */
export function validateNumber(text: string, question: Question): true | string {
  if (parseNumberAnswer(text, question) !== undefined) return true;
  const { min, max, unit } = question.number!;
  const value = text.trim().toLowerCase();
  if ((value === 'n/a' || value === 'na') && !question.allowNa)
    return 'This question applies to every team: give a number, or u for unknown.';
  return `Type a number from ${min} to ${max}${unit ? ` (${safeText(unit)})` : ''}, or u for unknown.`;
}

function toValue(picked: string): AnswerValue {
  if (picked === UNKNOWN) return { type: 'unknown' };
  if (picked === NOT_APPLICABLE) return { type: 'na', reason: '' };
  return { type: 'choice', choices: [picked] };
}

async function askReason(current: AnswerValue | undefined, context: QuestionContext): Promise<string> {
  const reason = await context.ask.input({
    message: 'Why does it not apply to you? (a short reason, kept in the file)',
    ...(current?.type === 'na' && { default: current.reason }),
    validate: (value) =>
      value.trim() === ''
        ? 'Give a reason: it tells readers of the report why this was left out.'
        : value.length > MAX_TEXT
          ? `Keep it under ${MAX_TEXT} characters.`
          : true,
  });
  return reason.trim();
}

/**
 * `--notes`: one optional line after each answer; a link is kept as evidence, with who owns it and when it was last
 * checked (default today), anything else as the note.
 */
async function askNote(answer: Answer, context: QuestionContext): Promise<Answer> {
  const firstItem = answer.evidenceItems?.[0];
  const shown = answer.note ?? firstItem?.url ?? firstItem?.path ?? answer.evidence;
  const text = (
    await context.ask.input({
      message: 'Note or evidence link (optional)',
      ...(shown !== undefined && { default: shown }),
      validate: (value) => (value.length > MAX_TEXT ? `Keep it under ${MAX_TEXT} characters.` : true),
    })
  ).trim();
  const isLink = /^https?:\/\/\S+$/i.test(text);
  if (text === (shown ?? '') && !(isLink && answer.note === undefined)) return answer;
  const next: Answer = { ...answer };
  // Cleared (backspace on the shown text, then Enter): drop what was shown.
  if (text === '') {
    if (answer.note !== undefined) delete next.note;
    else if (firstItem) next.evidenceItems = answer.evidenceItems!.slice(1);
    else delete next.evidence;
    if (next.evidenceItems?.length === 0) delete next.evidenceItems;
    return next;
  }
  if (!isLink) {
    next.note = text;
    return next;
  }
  const same = firstItem?.url === text;
  const owner = (
    await context.ask.input({
      message: 'Who owns this evidence? (optional)',
      ...(firstItem?.owner !== undefined && { default: firstItem.owner }),
      validate: (value) => (value.length > 200 ? 'Keep it under 200 characters.' : true),
    })
  ).trim();
  const fallback = (same ? firstItem?.date : undefined) ?? context.today;
  const date = (
    await context.ask.input({
      message: 'When was it last checked? (YYYY-MM-DD)',
      ...(fallback !== undefined && { default: fallback }),
      validate: (value) => (isCalendarDate(value.trim()) ? true : 'Give a date as YYYY-MM-DD, e.g. 2026-11-26.'),
    })
  ).trim();
  const item = { url: text, ...(owner !== '' && { owner }), date };
  delete next.evidence;
  next.evidenceItems = [item, ...(answer.evidenceItems?.slice(firstItem ? 1 : 0) ?? [])];
  return next;
}
