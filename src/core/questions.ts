// Per-question rules: whether a question applies, what an answer scores, and which action would improve it.
import { describeDiscount } from './evidence.js';
import type { Action, Answer, AnswerValue, Choice, Condition, Question } from './model.js';

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
  if (question.kind === 'number') {
    const scores = question.number!.bands.map((band) => band.score);
    return { worst: Math.min(...scores), best: Math.max(...scores) };
  }
  if (question.kind === 'multi') {
    const positive = question.choices.reduce((sum, choice) => sum + Math.max(0, choice.score), 0);
    return { worst: 0, best: Math.min(1, positive) };
  }
  const scores = question.choices.map((choice) => choice.score);
  return { worst: Math.min(...scores), best: Math.max(...scores) };
}

/** The band a number falls in: the last band whose `from` is at or below it. */
export function bandFor(question: Question, value: number) {
  const bands = question.number!.bands;
  let found = bands[0]!;
  for (const band of bands) if (value >= band.from) found = band;
  return found;
}

/** Score (0..1) of a choice or number answer; undefined for unknown and not-applicable. */
export function scoreAnswer(question: Question, answer: Answer): number | undefined {
  const value = answer.value;
  if (value.type === 'number') return bandFor(question, value.value).score;
  if (value.type !== 'choice') return undefined;
  const chosen = question.choices.filter((choice) => value.choices.includes(choice.id));
  const total = chosen.reduce((sum, choice) => sum + choice.score, 0);
  return question.kind === 'multi' ? Math.min(1, Math.max(0, total)) : (chosen[0]?.score ?? 0);
}

/** One way to raise a question's score: the action to take and the score it leads to. */
export interface Improvement {
  action: Action;
  /** The answer after this action. */
  answer: Answer;
  /** The question score (0..1) after this action. */
  scoreAfter: number;
  /** For multi questions, the choice this action adds. */
  choiceId?: string;
}

/**
 * The actions that would raise an answered question's score. single/boolean: the chosen choice's action, leading to the
 * next better choice; number: the band's action, leading to the start of the next better band; multi: one action per
 * unchosen choice, adding it.
 */
export function improvementsFor(question: Question, answer: Answer, current: number): Improvement[] {
  const value = answer.value;
  if (value.type === 'number') {
    const band = bandFor(question, value.value);
    const next = question.number!.bands.filter((candidate) => candidate.score > current).sort((a, b) => a.score - b.score)[0];
    return band.action && next ? [{ action: band.action, answer: { value: { type: 'number', value: next.from } }, scoreAfter: next.score }] : [];
  }
  if (value.type !== 'choice') return [];
  if (question.kind === 'multi') {
    return question.choices
      .filter((choice) => !value.choices.includes(choice.id) && choice.action && choice.score > 0)
      .map((choice) => {
        // Choices in rubric order, as `assess` writes them.
        const choices = question.choices.filter((candidate) => candidate.id === choice.id || value.choices.includes(candidate.id)).map((candidate) => candidate.id);
        return { action: choice.action!, answer: { value: { type: 'choice', choices } }, scoreAfter: Math.min(1, current + choice.score), choiceId: choice.id };
      });
  }
  const chosen = question.choices.find((choice) => choice.id === value.choices[0]);
  const next = nextBetterChoice(question.choices, current);
  return chosen?.action && next ? [{ action: chosen.action, answer: { value: { type: 'choice', choices: [next.id] } }, scoreAfter: next.score }] : [];
}

/** The worst answer a question can have (where an unknown answer is planned from). */
export function worstAnswer(question: Question): Answer {
  if (question.kind === 'multi') return { value: { type: 'choice', choices: [] } };
  if (question.kind === 'number') {
    const bands = question.number!.bands;
    const worst = bands.reduce((low, band) => (band.score < low.score ? band : low), bands[0]!);
    return { value: { type: 'number', value: worst.from } };
  }
  const worst = question.choices.reduce((low, choice) => (choice.score < low.score ? choice : low), question.choices[0]!);
  return { value: { type: 'choice', choices: [worst.id] } };
}

/** The best answer a question can have: every choice that adds to a multi question, the best choice or band otherwise. */
export function bestAnswer(question: Question): Answer {
  if (question.kind === 'multi') return { value: { type: 'choice', choices: question.choices.filter((choice) => choice.score > 0).map((choice) => choice.id) } };
  if (question.kind === 'number') {
    const bands = question.number!.bands;
    const best = bands.reduce((high, band) => (band.score > high.score ? band : high), bands[0]!);
    return { value: { type: 'number', value: best.from } };
  }
  const best = question.choices.reduce((high, choice) => (choice.score > high.score ? choice : high), question.choices[0]!);
  return { value: { type: 'choice', choices: [best.id] } };
}

function nextBetterChoice(choices: readonly Choice[], current: number): Choice | undefined {
  return choices.filter((choice) => choice.score > current).sort((a, b) => a.score - b.score)[0];
}

/** A short human text for an answer, e.g. the choice labels or "45 %". */
export function describeAnswer(question: Question, answer: Answer | undefined): string {
  if (!answer) return 'unanswered';
  const value = answer.value;
  switch (value.type) {
    case 'unknown':
      // A claim set aside for stale or missing evidence says what was claimed and why it does not count.
      if (answer.discounted) return `unknown: "${describeAnswer(question, { value: answer.discounted.claimed })}" claimed, ${describeDiscount(answer.discounted)}`;
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
      if (question.kind !== 'multi') return value.choices[0] ?? 'none';
      // Multi answers in rubric order, so the same set always reads the same.
      return `[${question.choices.filter((choice) => value.choices.includes(choice.id)).map((choice) => choice.id).join(', ')}]`;
  }
}
