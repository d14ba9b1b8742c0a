// The arithmetic of scores, shared by the scorer (score.ts) and by everything that promises a change of score (the gaps
// of a report, the roadmap): how one question counts, a step's exact score and range, the overall mean, and the exact
// change one answer makes to them. Pure.
//
// - A step's point score counts known answers only: the weighted mean of the answered questions that apply, kept
//   within the range the unknown ones allow, and held at the cap level while a critical question is unmet or unknown.
// - Its range (low..high) is what the score could become once every unknown answer is known: unknown and unanswered
//   questions at their worst and best, and questions that are open (their condition hangs on an unknown answer) counted
//   wherever they move the bound further, as they may or may not apply.
// - A best_of group counts once, with its own weight, as the best of its members that apply; with unknown members its
//   range is the max of their worsts .. the max of their bests (n/a and skipped members drop out).
// - With `unknown: worst`, the point score counts unknown answers at their worst (it is then the low end of the range,
//   open questions aside).
// - With step groups, a group's score is the weighted mean of its steps', and the overall score the weighted mean over
//   groups (a step in no group counts as a group of its own).
import { getLevel } from './levels.js';
import type { Answer, Profile, Question, Rubric, UnknownMode } from './model.js';
import {
  applicabilityOf,
  gatesOf,
  bestAnswer,
  describeAnswer,
  scoreAnswer,
  scoreBounds,
  worstAnswer,
} from './questions.js';
import type { QuestionResult } from './question-result.js';

/** What scoring needs from the rubric, looked up once. */
export interface ScoreContext {
  byId: Map<string, Question>;
  /** Each question's worst and best score (0..1). */
  bounds: Map<string, { worst: number; best: number }>;
  metAt: number;
  /** The top of the cap level: where a critical question not met holds its step. */
  capMax: number;
  /** The company profile: questions not for it count nowhere. */
  profile?: Profile;
  unknown: UnknownMode;
  /** Per step (by index), its best_of groups as positions of their members in the step's questions. */
  bestOf: (StepBestOf[] | undefined)[];
  /** The overall score's step groups; undefined when the rubric has none. */
  shape?: OverallShape;
}

/** A best_of group of a step: its weight and the positions of its members among the step's questions. */
export interface StepBestOf {
  weight: number;
  positions: number[];
}

/**
 * How the overall score is made of steps: groups (weight, step indices) and the steps in no group (which count alone).
 */
export interface OverallShape {
  units: { weight: number; steps: number[]; group?: string }[];
}

/** The overall score's shape for a rubric with step groups; undefined without groups (a plain mean over steps). */
export function overallShape(rubric: Rubric): OverallShape | undefined {
  if (!rubric.groups || rubric.groups.length === 0) return undefined;
  const index = new Map(rubric.steps.map((step, position) => [step.id, position] as const));
  const grouped = new Set(rubric.groups.flatMap((group) => group.steps));
  return {
    units: [
      ...rubric.groups.map((group) => ({
        weight: group.weight,
        steps: group.steps.map((id) => index.get(id)!),
        group: group.id,
      })),
      ...rubric.steps.flatMap((step, position) =>
        grouped.has(step.id) ? [] : [{ weight: step.weight, steps: [position] }],
      ),
    ],
  };
}

/** The answer text of a question that does not fit the company profile. */
export const NOT_FOR_PROFILE = 'not applicable for this profile';

/** Builds the lookups scoring uses for `rubric`. */
export function createScoreContext(rubric: Rubric, profile?: Profile): ScoreContext {
  const questions = rubric.steps.flatMap((step) => step.questions);
  return {
    byId: new Map(questions.map((question) => [question.id, question] as const)),
    bounds: new Map(questions.map((question) => [question.id, scoreBounds(question)] as const)),
    metAt: rubric.critical.metAt,
    capMax: getLevel(rubric.levels, rubric.critical.cap).max,
    unknown: rubric.unknown ?? 'range',
    bestOf: rubric.steps.map((step) =>
      step.bestOf?.map((group) => ({
        weight: group.weight,
        positions: group.questions.map((id) => step.questions.findIndex((question) => question.id === id)),
      })),
    ),
    ...(rubric.groups && rubric.groups.length > 0 && { shape: overallShape(rubric)! }),
    ...(profile && { profile }),
  };
}

/** Resolves one question against the answers: whether it applies, its status, score and answer text. */
export function resolveQuestion(
  question: Question,
  answers: Record<string, Answer>,
  context: ScoreContext,
): QuestionResult {
  const answer = answers[question.id];
  const applicability = applicabilityOf(question, answers, context.byId, context.profile);
  const base = {
    id: question.id,
    stepId: question.stepId,
    prompt: question.prompt,
    kind: question.kind,
    weight: question.weight,
    critical: question.critical,
    answerText: describeAnswer(question, answer),
    ...(answer && { answer }),
    applicability,
    ...(question.externalId !== undefined && { externalId: question.externalId }),
    ...(question.criteria && { criteria: question.criteria }),
    ...chosenDetails(question, answer),
  };
  if (applicability === 'not-for-profile')
    return { ...base, status: 'skipped', answerText: NOT_FOR_PROFILE, criticalUnmet: false };
  if (applicability === 'skipped')
    return { ...base, status: 'skipped', answerText: 'skipped (condition not met)', criticalUnmet: false };
  if (applicability === 'open') {
    const gate = unknownGate(question, answers, context.byId);
    const because = `depends on an unknown answer${gate ? ` (${gate})` : ''}`;
    return {
      ...base,
      status: 'open',
      answerText: answer ? `${base.answerText}; ${because}` : because,
      criticalUnmet: false,
    };
  }
  if (!answer) return { ...base, status: 'unanswered', criticalUnmet: false };
  if (answer.value.type === 'unknown') return { ...base, status: 'unknown', criticalUnmet: false };
  if (answer.value.type === 'na') return { ...base, status: 'na', criticalUnmet: false };
  const score = scoreAnswer(question, answer)!;
  return { ...base, status: 'answered', score, criticalUnmet: question.critical && score < context.metAt };
}

/** The chosen choices' external ids and descriptions, when any of them has one. */
function chosenDetails(question: Question, answer: Answer | undefined): Pick<QuestionResult, 'chosen'> {
  const value = answer?.value;
  if (value?.type !== 'choice') return {};
  const chosen = question.choices.filter((choice) => value.choices.includes(choice.id));
  if (!chosen.some((choice) => choice.externalId !== undefined || choice.description !== undefined)) return {};
  return {
    chosen: chosen.map((choice) => ({
      id: choice.id,
      label: choice.label,
      ...(choice.externalId !== undefined && { externalId: choice.externalId }),
      ...(choice.description !== undefined && { description: choice.description }),
    })),
  };
}

/** The nearest question up the chain of conditions whose answer is unknown or missing. */
function unknownGate(
  question: Question,
  answers: Record<string, Answer>,
  byId: Map<string, Question>,
  seen = new Set<string>(),
): string | undefined {
  for (const gateId of gatesOf(question.when)) {
    const value = answers[gateId]?.value;
    if (!value || value.type === 'unknown') return gateId;
  }
  for (const gateId of gatesOf(question.when)) {
    const gate = byId.get(gateId);
    if (!gate || seen.has(gateId)) continue;
    seen.add(gateId);
    const found = unknownGate(gate, answers, byId, seen);
    if (found) return found;
  }
  return undefined;
}

/** How one question counts in its step's sums: what the scorer reads of its result. */
export interface Contribution {
  /** known: answered and applies; unknown: unknown or unanswered and applies; open: may apply; none: counts nowhere. */
  kind: 'known' | 'unknown' | 'open' | 'none';
  weight: number;
  /** Its score, or its worst and best score when not known (0..1). */
  worst: number;
  best: number;
  critical: boolean;
  /** known: scores below `met_at`. open: not known to be met. */
  unmet: boolean;
  /** known (a best_of group with unknown members): its worst and best case, when they differ from its score. */
  low?: number;
  high?: number;
}

/** What a question result adds to its step's sums. */
export function contributionOf(result: QuestionResult, context: ScoreContext): Contribution {
  const { weight, critical } = result;
  if (result.status === 'answered')
    return { kind: 'known', weight, worst: result.score!, best: result.score!, critical, unmet: result.criticalUnmet };
  if (result.status === 'unknown' || result.status === 'unanswered') {
    const bounds = context.bounds.get(result.id)!;
    return { kind: 'unknown', weight, worst: bounds.worst, best: bounds.best, critical, unmet: critical };
  }
  // An open question answered n/a counts nowhere, whether it applies or not.
  if (result.status !== 'open' || result.answer?.value.type === 'na')
    return { kind: 'none', weight, worst: 0, best: 0, critical, unmet: false };
  const score = result.answer ? scoreAnswer(context.byId.get(result.id)!, result.answer) : undefined;
  const bounds = score === undefined ? context.bounds.get(result.id)! : { worst: score, best: score };
  return {
    kind: 'open',
    weight,
    worst: bounds.worst,
    best: bounds.best,
    critical,
    unmet: critical && bounds.worst < context.metAt,
  };
}

/** A question that may or may not count (it is open): what it would add if it did. */
interface OpenItem {
  weight: number;
  worst: number;
  best: number;
  /** Critical and not known to be met: if it applies, it may hold the step at the cap level. */
  mayCap: boolean;
}

/** The sums of a step's questions that its score and range are computed from. */
export interface StepSums {
  /** Answered questions that apply: Σ weight × score, and Σ weight. */
  known: number;
  knownWeight: number;
  /**
   * The same Σ weight × score at the worst and best case: equal to `known` but for best_of groups with unknown members.
   */
  knownLow: number;
  knownHigh: number;
  /** Unknown or unanswered questions that apply: Σ weight × worst score, Σ weight × best score, Σ weight. */
  worst: number;
  best: number;
  unknownWeight: number;
  /** Critical questions answered below `met_at`, and critical questions unknown or unanswered. */
  criticalUnmet: number;
  criticalUnknown: number;
  open: OpenItem[];
}

/**
 * Adds up a step's contributions, in order (the same contributions always give the same floating-point sums), with
 * `replaced` standing in for some of them (by position) when given. The members of a best_of group are added once, as
 * the group, where its first member stands.
 */
export function sumStep(
  contributions: readonly Contribution[],
  replaced?: ReadonlyMap<number, Contribution>,
  bestOf?: readonly StepBestOf[],
): StepSums {
  const sums: StepSums = {
    known: 0,
    knownWeight: 0,
    knownLow: 0,
    knownHigh: 0,
    worst: 0,
    best: 0,
    unknownWeight: 0,
    criticalUnmet: 0,
    criticalUnknown: 0,
    open: [],
  };
  const at = (position: number) => replaced?.get(position) ?? contributions[position]!;
  const groupAt = new Map<number, StepBestOf>();
  const member = new Set<number>();
  for (const group of bestOf ?? []) {
    groupAt.set(Math.min(...group.positions), group);
    for (const position of group.positions) member.add(position);
  }
  for (let position = 0; position < contributions.length; position++) {
    const group = groupAt.get(position);
    if (!group && member.has(position)) continue;
    const item = group ? bestOfContribution(group, at) : at(position);
    if (item.kind === 'known') {
      sums.known += item.weight * item.worst;
      sums.knownWeight += item.weight;
      sums.knownLow += item.weight * (item.low ?? item.worst);
      sums.knownHigh += item.weight * (item.high ?? item.worst);
      if (item.unmet) sums.criticalUnmet++;
    } else if (item.kind === 'unknown') {
      sums.worst += item.weight * item.worst;
      sums.best += item.weight * item.best;
      sums.unknownWeight += item.weight;
      if (item.critical) sums.criticalUnknown++;
    } else if (item.kind === 'open') {
      sums.open.push({ weight: item.weight, worst: item.worst, best: item.best, mayCap: item.unmet });
    }
  }
  return sums;
}

/**
 * A best_of group as one contribution, with the group's weight: the best of its members that apply. Members that count
 * nowhere (n/a, skipped) drop out. With a known member it is known, at the best that is certain (the best known answer,
 * or an unknown member's worst if higher), and ranges up to the best any member may reach; with only unknown members it
 * is unknown from the max of their worsts to the max of their bests; with only open members it is open.
 */
export function bestOfContribution(group: StepBestOf, at: (position: number) => Contribution): Contribution {
  const members = group.positions.map(at).filter((item) => item.kind !== 'none');
  const none: Contribution = { kind: 'none', weight: group.weight, worst: 0, best: 0, critical: false, unmet: false };
  if (members.length === 0) return none;
  const counted = members.filter((item) => item.kind === 'known' || item.kind === 'unknown');
  const best = Math.max(...members.map((item) => item.best));
  if (counted.length === 0) {
    const worst = Math.min(...members.map((item) => item.worst));
    return { kind: 'open', weight: group.weight, worst, best, critical: false, unmet: false };
  }
  const worst = Math.max(...counted.map((item) => item.worst));
  const common = { weight: group.weight, critical: false, unmet: false };
  if (!counted.some((item) => item.kind === 'known')) return { kind: 'unknown', worst, best, ...common };
  return { kind: 'known', worst, best: worst, low: worst, high: best, ...common };
}

/** A step's exact (unrounded) values, 0..100. */
export interface StepValues {
  /** Some known, unknown or unanswered question applies: the step counts in the overall score. */
  applicable: boolean;
  /** The point score (known answers only), capped; 0 when not applicable. */
  score: number;
  /** The point score before a critical cap. */
  rawScore: number;
  /** What the score could become once the unknown answers are known (0 and 0 when not applicable). */
  low: number;
  high: number;
  /** For a step that does not apply on what is known but has open questions: its range should it apply. */
  potential?: { low: number; high: number };
}

/** A step's exact point score (what gains are measured on): the part of `computeStep` that open questions do not touch. */
export function computeScore(
  sums: StepSums,
  capMax: number,
  unknown: UnknownMode = 'range',
): { applicable: boolean; score: number; rawScore: number } {
  const weight = sums.knownWeight + sums.unknownWeight;
  if (!(weight > 0)) return { applicable: false, score: 0, rawScore: 0 };
  const baseLow = (100 * (sums.knownLow + sums.worst)) / weight;
  const baseHigh = (100 * (sums.knownHigh + sums.best)) / weight;
  const knownScore = sums.knownWeight > 0 ? (100 * sums.known) / sums.knownWeight : (100 * sums.worst) / weight;
  // The known answers' mean can lie outside what the unknown answers allow (an unknown question whose best answer scores
  // below it, or whose worst scores above it): keep the score within their range. Open questions do not move the score.
  // With `unknown: worst` the unknown answers count at their worst: the score is the low end.
  const rawScore = unknown === 'worst' ? baseLow : Math.min(Math.max(knownScore, baseLow), baseHigh);
  const capped = sums.criticalUnmet + sums.criticalUnknown > 0;
  return { applicable: true, score: capped ? Math.min(rawScore, capMax) : rawScore, rawScore };
}

/** The exact score and range of a step from its sums. */
export function computeStep(sums: StepSums, capMax: number, unknown: UnknownMode = 'range'): StepValues {
  const weight = sums.knownWeight + sums.unknownWeight;
  const mayCap = sums.open.some((item) => item.mayCap);
  if (!(weight > 0)) {
    if (sums.open.length === 0) return { applicable: false, score: 0, rawScore: 0, low: 0, high: 0 };
    // Should some open question apply, the step's score is the mean of those that do: at worst the lowest, at best the highest.
    const low = 100 * Math.min(...sums.open.map((item) => item.worst));
    const high = 100 * Math.max(...sums.open.map((item) => item.best));
    return {
      applicable: false,
      score: 0,
      rawScore: 0,
      low: 0,
      high: 0,
      potential: { low: mayCap ? Math.min(low, capMax) : low, high },
    };
  }
  const { score, rawScore } = computeScore(sums, capMax, unknown);
  const capped = sums.criticalUnmet + sums.criticalUnknown > 0;
  const cap = (value: number, when: boolean) => (when ? Math.min(value, capMax) : value);
  const extreme = (sum: number, side: 'low' | 'high') => {
    const reached = extremeSums(
      sum,
      weight,
      sums.open.map((item) => ({ weight: item.weight, value: side === 'low' ? item.worst : item.best })),
      side,
    );
    return (100 * reached.sum) / reached.weight;
  };
  return {
    applicable: true,
    score,
    rawScore,
    // A must-have unmet or unknown caps the step; one nobody knows about caps it except in the best case.
    low: cap(extreme(sums.knownLow + sums.worst, 'low'), capped || mayCap),
    high: cap(extreme(sums.knownHigh + sums.best, 'high'), sums.criticalUnmet > 0),
  };
}

/**
 * The sums (Σ weight × value, Σ weight) of the lowest (or highest) weighted mean a base (with Σ weight > 0) can reach
 * with any subset of optional items added: exactly the items whose value lies below (above) the mean they join, taken
 * from the most extreme one. Without items, the base as it is.
 */
function extremeSums(
  sum: number,
  weight: number,
  items: readonly { weight: number; value: number }[],
  side: 'low' | 'high',
): { sum: number; weight: number } {
  const sorted = [...items].sort((a, b) => (side === 'low' ? a.value - b.value : b.value - a.value));
  for (const item of sorted) {
    const mean = sum / weight;
    if (side === 'low' ? !(item.value < mean) : !(item.value > mean)) break;
    sum += item.weight * item.value;
    weight += item.weight;
  }
  return { sum, weight };
}

/** One step as the overall score sees it. */
export interface WeightedStep {
  weight: number;
  values: StepValues;
}

/** The exact overall score: the weighted mean of the point scores of the steps that apply (0 when none does). */
export function overallScore(
  steps: readonly { weight: number; values: { applicable: boolean; score: number } }[],
): number {
  let weight = 0;
  for (const step of steps) if (step.values.applicable) weight += step.weight;
  let sum = 0;
  for (const step of steps) if (step.values.applicable) sum += step.weight * step.values.score;
  return weight > 0 ? sum / weight : 0;
}

/** The exact overall range: steps that apply at their low (high), and steps that may apply where they move it further. */
export function overallRange(steps: readonly WeightedStep[]): { low: number; high: number } {
  const scored = steps.filter((step) => step.values.applicable);
  const weight = scored.reduce((sum, step) => sum + step.weight, 0);
  const optional = steps.flatMap((step) =>
    step.values.potential ? [{ weight: step.weight, ...step.values.potential }] : [],
  );
  if (!(weight > 0)) {
    // Nothing applies on what is known: the overall score is 0, unless some step turns out to apply.
    return { low: 0, high: Math.max(0, ...optional.map((step) => step.high)) };
  }
  const bound = (side: 'low' | 'high') => {
    const base = scored.reduce((sum, step) => sum + step.weight * step.values[side], 0);
    const reached = extremeSums(
      base,
      weight,
      optional.map((step) => ({ weight: step.weight, value: step[side] })),
      side,
    );
    return reached.sum / reached.weight;
  };
  return { low: bound('low'), high: bound('high') };
}

/**
 * Several steps (or groups) as one: their weighted mean, with the range of `overallRange`; if none applies, its
 * potential.
 */
export function combineValues(items: readonly WeightedStep[]): StepValues {
  if (items.some((item) => item.values.applicable)) {
    const score = overallScore(items);
    return { applicable: true, score, rawScore: score, ...overallRange(items) };
  }
  const potentials = items.flatMap((item) => (item.values.potential ? [item.values.potential] : []));
  if (potentials.length === 0) return { applicable: false, score: 0, rawScore: 0, low: 0, high: 0 };
  // Should some of them apply, the mean of those that do: at worst the lowest low, at best the highest high.
  const potential = {
    low: Math.min(...potentials.map((item) => item.low)),
    high: Math.max(...potentials.map((item) => item.high)),
  };
  return { applicable: false, score: 0, rawScore: 0, low: 0, high: 0, potential };
}

/**
 * Each unit of the overall score (a group, or a step in no group) as one weighted item; the steps as they are without
 * groups.
 */
export function overallUnits(steps: readonly WeightedStep[], shape: OverallShape | undefined): WeightedStep[] {
  if (!shape) return [...steps];
  return shape.units.map((unit) => ({
    weight: unit.weight,
    values: combineValues(unit.steps.map((index) => steps[index]!)),
  }));
}

/** The exact overall point score, with step groups when the rubric has them. */
export function overallPointScore(
  steps: readonly { weight: number; values: { applicable: boolean; score: number } }[],
  shape: OverallShape | undefined,
): number {
  if (!shape) return overallScore(steps);
  return overallScore(
    shape.units.map((unit) => {
      const members = unit.steps.map((index) => steps[index]!);
      const applicable = members.some((step) => step.values.applicable);
      return { weight: unit.weight, values: { applicable, score: overallScore(members) } };
    }),
  );
}

/** Points (one decimal) an action adds to its step's score and to the overall score. */
export interface Gain {
  stepPoints: number;
  overallPoints: number;
}

/** The exact effect of changing answers, one question at a time, on a scored assessment. */
export interface GainModel {
  /**
   * How much the step's point score and the overall score change when `questionId`'s answer goes from `before` (its
   * answer now, when not given) to `after`, everything else as it is: what the scorer would compute, to one decimal.
   */
  gain(questionId: string, after: Answer, before?: Answer): Gain;
  /** For an unknown or unanswered question: the most its real answer (the worst or the best) can move either score. */
  findOutGain(questionId: string): Gain;
}

/** A step of a scored assessment: its weight and its question results, in rubric order (and their contributions, if known). */
export interface ScoredStep {
  weight: number;
  questions: readonly QuestionResult[];
  contributions?: readonly Contribution[];
}

/**
 * Builds the gain model of a scored assessment. A gain re-adds only the step of the changed question (with the changes
 * of questions whose condition leads to it), from each question's contribution, with the scorer's own functions and in
 * its order: exactly the scorer's change, at the cost of one step, not of a whole report.
 */
export function createGainModel(
  rubric: Rubric,
  answers: Record<string, Answer>,
  steps: readonly ScoredStep[],
  context = createScoreContext(rubric),
): GainModel {
  const stepOf = new Map(
    rubric.steps.flatMap((step, index) =>
      step.questions.map((question, position) => [question.id, { index, position }] as const),
    ),
  );
  const contributions = steps.map(
    (step) => step.contributions ?? step.questions.map((result) => contributionOf(result, context)),
  );
  type Scored = { weight: number; values: { applicable: boolean; score: number } };
  const stepScore = (index: number, replaced?: ReadonlyMap<number, Contribution>) =>
    computeScore(sumStep(contributions[index]!, replaced, context.bestOf[index]), context.capMax, context.unknown);
  const current: Scored[] = steps.map((step, index) => ({ weight: step.weight, values: stepScore(index) }));
  const overallOf = (scored: readonly Scored[]) => overallPointScore(scored, context.shape);
  const currentOverall = overallOf(current);
  const dependents = new Map<string, Question[]>();
  for (const question of context.byId.values()) {
    for (const gate of gatesOf(question.when)) dependents.set(gate, [...(dependents.get(gate) ?? []), question]);
  }
  // The questions whose status can change with this one's answer: itself and everything whose condition leads to it.
  const affected = new Map<string, Question[]>();
  const affectedBy = (questionId: string): Question[] => {
    const known = affected.get(questionId);
    if (known) return known;
    const found = new Map<string, Question>([[questionId, context.byId.get(questionId)!]]);
    const queue = [questionId];
    while (queue.length > 0) {
      for (const dependent of dependents.get(queue.pop()!) ?? []) {
        if (found.has(dependent.id)) continue;
        found.set(dependent.id, dependent);
        queue.push(dependent.id);
      }
    }
    affected.set(questionId, [...found.values()]);
    return affected.get(questionId)!;
  };
  const stateWith = (questionId: string, answer: Answer): Scored[] => {
    // The answers with this one changed, without copying them all (a report asks this for every gap): an object whose
    // prototype is the answers and whose own property is the change. Only looked up by question id.
    const changed = Object.create(answers) as Record<string, Answer>;
    changed[questionId] = answer;
    const byStep = new Map<number, Map<number, Contribution>>();
    for (const question of affectedBy(questionId)) {
      const { index, position } = stepOf.get(question.id)!;
      const replaced = byStep.get(index) ?? new Map<number, Contribution>();
      replaced.set(position, contributionOf(resolveQuestion(question, changed, context), context));
      byStep.set(index, replaced);
    }
    return current.map((step, index) => {
      const replaced = byStep.get(index);
      return replaced ? { weight: step.weight, values: stepScore(index, replaced) } : step;
    });
  };
  const pointsOf = (step: Scored) => (step.values.applicable ? step.values.score : 0);
  const gain = (questionId: string, after: Answer, before?: Answer): Gain => {
    const { index } = stepOf.get(questionId)!;
    const from = before === undefined ? current : stateWith(questionId, before);
    const to = stateWith(questionId, after);
    const fromOverall = before === undefined ? currentOverall : overallOf(from);
    return {
      stepPoints: round1(pointsOf(to[index]!) - pointsOf(from[index]!)),
      overallPoints: round1(overallOf(to) - fromOverall),
    };
  };
  return {
    gain,
    findOutGain(questionId) {
      const question = context.byId.get(questionId)!;
      const ends = [gain(questionId, worstAnswer(question)), gain(questionId, bestAnswer(question))];
      const most = (pick: (end: Gain) => number) => Math.max(...ends.map((end) => Math.abs(pick(end))));
      return { stepPoints: most((end) => end.stepPoints), overallPoints: most((end) => end.overallPoints) };
    },
  };
}

function round1(value: number): number {
  // `+ 0` turns −0 into 0.
  return Math.round(value * 10) / 10 + 0;
}
