// A scripted `Ask` for flow tests: each prompt must match the next expectation (kind and message), or the test fails.
// Answers are checked as the real prompt would: a select's value must be on the list, and validate() must accept it.
import { CancelledError } from '../../src/errors.js';
import { isSeparator, type Ask, type AskChoice, type AskItem } from '../../src/prompts/ask.js';

/** Press Enter: take what the prompt offers by default. */
export const ENTER = Symbol('enter');

export type PromptKind = 'select' | 'checkbox' | 'input';

/** What the prompt was asked with (the question object the flow passed). */
export interface AskedQuestion {
  message: string;
  header?: string;
  default?: unknown;
  choices?: AskItem<unknown>[];
  validate?: (value: never) => true | string;
}

export interface Expectation {
  kind: PromptKind;
  /** A substring of the prompt's message, or a pattern. */
  message: string | RegExp;
  answer?: unknown;
  /** Press Ctrl-C instead of answering. */
  cancel?: boolean;
  /** Extra checks on the question as asked (e.g. its default). */
  check?: (question: AskedQuestion) => void;
}

export interface FakeAsk extends Ask {
  /** Every prompt shown, in order. */
  readonly asked: { kind: PromptKind; question: AskedQuestion }[];
  /** Expectations not reached yet. */
  remaining(): Expectation[];
}

/** Builds an expectation: `expect('select', 'How do people use', 'pilots')`. */
export function prompt(
  kind: PromptKind,
  message: string | RegExp,
  answer: unknown = ENTER,
  check?: (question: AskedQuestion) => void,
): Expectation {
  return { kind, message, answer, ...(check && { check }) };
}

/** Ctrl-C at this prompt. */
export function cancelAt(kind: PromptKind, message: string | RegExp): Expectation {
  return { kind, message, cancel: true };
}

export function createFakeAsk(script: Expectation[]): FakeAsk {
  const queue = [...script];
  const asked: FakeAsk['asked'] = [];
  const choicesOf = (question: AskedQuestion) =>
    (question.choices ?? []).filter((item): item is AskChoice<unknown> => !isSeparator(item));

  const take = (kind: PromptKind, question: AskedQuestion): unknown => {
    asked.push({ kind, question });
    const next = queue.shift();
    const shown = `${kind} "${question.message.replace(/\s+/g, ' ')}"`;
    if (!next) throw new Error(`unexpected ${shown}: the script has ended`);
    const matches =
      typeof next.message === 'string'
        ? question.message.replace(/\s+/g, ' ').includes(next.message)
        : next.message.test(question.message);
    if (next.kind !== kind || !matches)
      throw new Error(`unexpected ${shown}; the script expected a ${next.kind} matching ${String(next.message)}`);
    next.check?.(question);
    if (next.cancel) throw new CancelledError();
    return next.answer;
  };

  const validated = (question: AskedQuestion, value: unknown) => {
    const verdict = question.validate?.(value as never);
    if (verdict !== undefined && verdict !== true)
      throw new Error(`the prompt "${question.message}" would refuse ${JSON.stringify(value)}: ${verdict}`);
    return value;
  };

  return {
    asked,
    remaining: () => [...queue],
    async select<T>(question: AskedQuestion & { default?: T }) {
      const answer = take('select', question);
      const values = choicesOf(question).map((choice) => choice.value);
      const value =
        answer === ENTER
          ? 'default' in question && question.default !== undefined
            ? question.default
            : values[0]
          : answer;
      if (!values.includes(value))
        throw new Error(`"${String(value)}" is not a choice of "${question.message}" (choices: ${values.join(', ')})`);
      return value as T;
    },
    async checkbox<T>(question: AskedQuestion) {
      const answer = take('checkbox', question);
      const values = choicesOf(question).map((choice) => choice.value);
      const value =
        answer === ENTER
          ? choicesOf(question)
              .filter((choice) => choice.checked)
              .map((choice) => choice.value)
          : (answer as unknown[]);
      for (const item of value)
        if (!values.includes(item)) throw new Error(`"${String(item)}" is not a choice of "${question.message}"`);
      return validated(question, value) as T[];
    },
    async input(question: AskedQuestion & { default?: string }) {
      const answer = take('input', question);
      return validated(question, answer === ENTER ? (question.default ?? '') : answer) as string;
    },
  } as FakeAsk;
}
