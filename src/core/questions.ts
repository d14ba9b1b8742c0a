// Per-question rules: whether a question applies, what an answer scores, and which action would improve it.
import type { Answer, AnswerValue, Condition, Question } from './model.js';
import { rulesFor, type Improvement } from './question-kinds.js';

export { bandFor, type Improvement } from './question-kinds.js';

/**
 * Whether a question counts for these answers: `applies` (it has no condition, or its condition holds), `skipped` (its
 * condition fails, for certain) or `open` (its condition hangs on an answer that is unknown or missing, here or further up
 * a chain of conditions: it may apply once that answer is known).
 */
export type Applicability = 'applies' | 'open' | 'skipped';

/** Whether the question applies, is skipped or is open (see `Applicability`). */
export function applicabilityOf(question: Question, answers: Record<string, Answer>, byId: Map<string, Question>): Applicability {
  const condition = question.when;
  if (!condition) return 'applies';
  const gate = byId.get(condition.question);
  if (!gate) return 'skipped';
  // A gate that itself does not apply cannot enable anything; one that may apply can only make this one open.
  const gateState = applicabilityOf(gate, answers, byId);
  if (gateState === 'skipped') return 'skipped';
  const value = answers[condition.question]?.value;
  if (!value || value.type === 'unknown') return 'open';
  if (!conditionHolds(condition, value)) return 'skipped';
  return gateState;
}

/** Whether the question's `when` condition holds for these answers (a question without one always applies). */
export function isApplicable(question: Question, answers: Record<string, Answer>, byId: Map<string, Question>): boolean {
  return applicabilityOf(question, answers, byId) === 'applies';
}

function conditionHolds(condition: Condition, value: AnswerValue): boolean {
  if (condition.in && value.type === 'choice') return value.choices.some((id) => condition.in!.includes(id));
  if (condition.atLeast !== undefined && value.type === 'number') return value.value >= condition.atLeast;
  return false;
}

/** The condition in words, e.g. `has-api is yes` or `usage-share is at least 20`. */
export function describeCondition(condition: Condition): string {
  if (condition.atLeast !== undefined) return `${condition.question} is at least ${condition.atLeast}`;
  const ids = condition.in ?? [];
  return `${condition.question} is ${ids.length === 1 ? ids[0] : `one of ${ids.join(', ')}`}`;
}

/** The lowest and highest score any answer to this question can get (0..1). */
export function scoreBounds(question: Question): { worst: number; best: number } {
  return rulesFor(question).bounds(question);
}

/** Score (0..1) of a choice or number answer; undefined for unknown and not-applicable. */
export function scoreAnswer(question: Question, answer: Answer): number | undefined {
  const value = answer.value;
  if (value.type !== 'choice' && value.type !== 'number') return undefined;
  return rulesFor(question).score(question, value);
}

/**
 * The actions that would raise an answered question's score. single/boolean: the chosen choice's action, leading to the
 * next better choice; number: the band's action, leading to the start of the next better band; multi: one action per
 * unchosen choice, adding it.
 */
export function improvementsFor(question: Question, answer: Answer, current: number): Improvement[] {
  const value = answer.value;
  if (value.type !== 'choice' && value.type !== 'number') return [];
  return rulesFor(question).improvements(question, value, current);
}

/** The worst answer a question can have (where an unknown answer is planned from). */
export function worstAnswer(question: Question): Answer {
  return rulesFor(question).worst(question);
}

/** The best answer a question can have: every choice that adds to a multi question, the best choice or band otherwise. */
export function bestAnswer(question: Question): Answer {
  return rulesFor(question).best(question);
}

/** A short human text for an answer, e.g. the choice labels or "45 %". */
export function describeAnswer(question: Question, answer: Answer | undefined): string {
  if (!answer) return 'unanswered';
  const value = answer.value;
  switch (value.type) {
    case 'unknown':
      return 'unknown';
    case 'na':
      return `not applicable (${value.reason})`;
    case 'number':
      return `${value.value}${question.number?.unit ? ` ${question.number.unit}` : ''}`;
    case 'choice': {
      const labels = value.choices.map((id) => question.choices.find((choice) => choice.id === id)?.label ?? id);
      return labels.length === 0 ? 'none' : labels.join('; ');
    }
  }
}

/** Short text of an answer value, as in an answers file: choice ids, the number, unknown or n/a. */
export function describeAnswerShort(question: Question, value: AnswerValue): string {
  switch (value.type) {
    case 'unknown':
      return 'unknown';
    case 'na':
      return 'n/a';
    case 'number':
      return String(value.value);
    case 'choice':
      if (rulesFor(question).fileForm !== 'list') return value.choices[0] ?? 'none';
      // Multi answers in rubric order, so the same set always reads the same.
      return `[${question.choices.filter((choice) => value.choices.includes(choice.id)).map((choice) => choice.id).join(', ')}]`;
  }
}
