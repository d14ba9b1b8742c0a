// Per-question rules: whether a question applies, what an answer scores, and which action would improve it.
import { describeDiscount } from './evidence.js';
import type { Action, Answer, AnswerValue, AppliesTo, Condition, Profile, Question, When } from './model.js';
import { rulesFor, type Improvement } from './question-kinds.js';

export { bandFor, type Improvement } from './question-kinds.js';

/**
 * Whether a question counts for these answers: `applies` (it has no condition, or its condition holds), `skipped` (its
 * condition fails, for certain), `open` (its condition hangs on an answer that is unknown or missing, here or further up
 * a chain of conditions: it may apply once that answer is known) or `not-for-profile` (its `applies_to` does not fit the
 * company profile: never asked, never scored).
 */
export type Applicability = 'applies' | 'open' | 'skipped' | 'not-for-profile';

/** Whether a profile filter fits the profile: every key matches, and a profile answer that is missing fits. */
export function fitsProfile(appliesTo: AppliesTo | undefined, profile: Profile | undefined): boolean {
  if (!appliesTo) return true;
  return Object.entries(appliesTo).every(([key, allowed]) => {
    const given = profile && Object.hasOwn(profile, key) ? profile[key] : undefined;
    return given === undefined || allowed.includes(given);
  });
}

/** Whether the question applies, is skipped, open or not for this profile (see `Applicability`). */
export function applicabilityOf(
  question: Question,
  answers: Record<string, Answer>,
  byId: Map<string, Question>,
  profile?: Profile,
): Applicability {
  if (!fitsProfile(question.appliesTo, profile)) return 'not-for-profile';
  if (!question.when) return 'applies';
  return toApplicability(evaluate(question.when, answers, byId, profile));
}

type Truth = 'yes' | 'no' | 'maybe';
const toApplicability = (truth: Truth): Applicability =>
  truth === 'yes' ? 'applies' : truth === 'no' ? 'skipped' : 'open';

/** A `when` in three-valued logic: it holds, it does not, or it hangs on an answer not known yet. */
function evaluate(
  when: When,
  answers: Record<string, Answer>,
  byId: Map<string, Question>,
  profile: Profile | undefined,
): Truth {
  if ('all' in when) {
    const parts = when.all.map((part) => evaluate(part, answers, byId, profile));
    return parts.includes('no') ? 'no' : parts.includes('maybe') ? 'maybe' : 'yes';
  }
  if ('any' in when) {
    const parts = when.any.map((part) => evaluate(part, answers, byId, profile));
    return parts.includes('yes') ? 'yes' : parts.includes('maybe') ? 'maybe' : 'no';
  }
  const gate = byId.get(when.question);
  if (!gate) return 'no';
  // A gate that itself does not apply cannot enable anything; one that may apply can only make this one open.
  const gateState = applicabilityOf(gate, answers, byId, profile);
  if (gateState === 'skipped' || gateState === 'not-for-profile') return 'no';
  const value = answers[when.question]?.value;
  if (!value || value.type === 'unknown') return 'maybe';
  if (!conditionHolds(when, value)) return 'no';
  return gateState === 'open' ? 'maybe' : 'yes';
}

/** Whether the question's `when` condition holds for these answers (a question without one always applies). */
export function isApplicable(
  question: Question,
  answers: Record<string, Answer>,
  byId: Map<string, Question>,
  profile?: Profile,
): boolean {
  return applicabilityOf(question, answers, byId, profile) === 'applies';
}

function conditionHolds(condition: Condition, value: AnswerValue): boolean {
  if (condition.in && value.type === 'choice') return value.choices.some((id) => condition.in!.includes(id));
  if (condition.atLeast !== undefined && value.type === 'number') return value.value >= condition.atLeast;
  return false;
}

/** The single conditions of a `when`, in order (each names one question). */
export function conditionsOf(when: When | undefined): Condition[] {
  if (!when) return [];
  if ('all' in when) return when.all.flatMap(conditionsOf);
  if ('any' in when) return when.any.flatMap(conditionsOf);
  return [when];
}

/** The ids of the questions a `when` depends on, each once, in order. */
export function gatesOf(when: When | undefined): string[] {
  return [...new Set(conditionsOf(when).map((condition) => condition.question))];
}

/** The condition in words, e.g. `has-api is yes`, `usage-share is at least 20`, `all of (a is yes; b is at least 1)`. */
export function describeCondition(when: When): string {
  if ('all' in when)
    return when.all.length === 1
      ? describeCondition(when.all[0]!)
      : `all of (${when.all.map(describeCondition).join('; ')})`;
  if ('any' in when)
    return when.any.length === 1
      ? describeCondition(when.any[0]!)
      : `any of (${when.any.map(describeCondition).join('; ')})`;
  if (when.atLeast !== undefined) return `${when.question} is at least ${when.atLeast}`;
  const ids = when.in ?? [];
  return `${when.question} is ${ids.length === 1 ? ids[0] : `one of ${ids.join(', ')}`}`;
}

/** Whether an action fits the team: not before its `from_stage` (stages in rubric order), and for this profile. */
export function actionFits(
  action: Action,
  stageIds: readonly string[],
  stage: string | undefined,
  profile: Profile | undefined,
): boolean {
  if (!fitsProfile(action.appliesTo, profile)) return false;
  if (action.fromStage === undefined || stage === undefined) return true;
  const at = stageIds.indexOf(stage);
  const from = stageIds.indexOf(action.fromStage);
  return at < 0 || from < 0 || at >= from;
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
      // A claim set aside for stale or missing evidence says what was claimed and why it does not count.
      if (answer.discounted)
        return `unknown: "${describeAnswer(question, { value: answer.discounted.claimed })}" claimed, ${describeDiscount(answer.discounted)}`;
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
      return `[${question.choices
        .filter((choice) => value.choices.includes(choice.id))
        .map((choice) => choice.id)
        .join(', ')}]`;
  }
}
