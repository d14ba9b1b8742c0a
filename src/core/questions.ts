// Per-question rules: whether a question applies, what an answer scores, and which action would improve it.
import type { Action, Answer, AnswerValue, Choice, Question } from './model.js';

/** Whether the question's `when` condition holds for these answers (a question without one always applies). */
export function isApplicable(question: Question, answers: Record<string, Answer>, byId: Map<string, Question>): boolean {
  const condition = question.when;
  if (!condition) return true;
  const gate = byId.get(condition.question);
  // A gate that itself does not apply cannot enable anything.
  if (!gate || !isApplicable(gate, answers, byId)) return false;
  const value = answers[condition.question]?.value;
  if (!value) return false;
  if (condition.in && value.type === 'choice') return value.choices.some((id) => condition.in!.includes(id));
  if (condition.atLeast !== undefined && value.type === 'number') return value.value >= condition.atLeast;
  return false;
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
  /** The question score (0..1) after this action. */
  scoreAfter: number;
  /** For multi questions, the choice this action adds. */
  choiceId?: string;
}

/**
 * The actions that would raise an answered question's score. single/boolean: the chosen choice's action, leading to the
 * next better choice; number: the band's action, leading to the next band; multi: one action per unchosen choice.
 */
export function improvementsFor(question: Question, answer: Answer, current: number): Improvement[] {
  const value = answer.value;
  if (value.type === 'number') {
    const band = bandFor(question, value.value);
    const next = question.number!.bands.filter((candidate) => candidate.score > current).sort((a, b) => a.score - b.score)[0];
    return band.action && next ? [{ action: band.action, scoreAfter: next.score }] : [];
  }
  if (value.type !== 'choice') return [];
  if (question.kind === 'multi') {
    return question.choices
      .filter((choice) => !value.choices.includes(choice.id) && choice.action && choice.score > 0)
      .map((choice) => ({ action: choice.action!, scoreAfter: Math.min(1, current + choice.score), choiceId: choice.id }));
  }
  const chosen = question.choices.find((choice) => choice.id === value.choices[0]);
  const next = nextBetterChoice(question.choices, current);
  return chosen?.action && next ? [{ action: chosen.action, scoreAfter: next.score }] : [];
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
