// The cheapest path to target: the smallest-effort set of rubric actions that brings every step (and the overall score)
// to its target, solved exactly per step and then across steps. Pure: rubric + report in, a plan out.
//
// Model (explained for users in docs/reports.md):
// - Effort is a cost: S = 1, M = 3, L = 8 effort points (EFFORT_COST).
// - An action moves one question one rung: single/boolean to the next better choice, number to the next better band,
//   multi adds one choice. Rungs of one question are taken in order, so reaching a rung costs every action below it.
// - The plan works on the point score (known answers only), like the score column. Unknown answers are not guessed:
//   they stay out of the score and are listed to find out first (they may move it either way).
// - While a critical question of a step is not met (unknown counts as not met), the step is held to the cap level; a
//   target above the cap therefore forces the plan to meet every critical question of the step. A critical question
//   answered unknown is then planned as "find it out" (S) and, as nobody knows the answer, climbed from its worst
//   answer: a cost that can only shrink once the real answer is known.
// - Per step, a dynamic programme over (effort, counted weight, critical met) keeps the best weighted sum, which is
//   exact because the step score only grows with that sum. Across steps, the Pareto fronts (effort, exact step score)
//   are combined to meet the overall target, if there is one, at the least total effort.
// - Every plan is re-scored with the real scorer (scoreAssessment) on the answers it would produce: the scores a plan
//   claims are the scorer's, and `verified` says the optimiser's model agreed with it.
import { fitActions } from './fit-actions.js';
import { findOutText } from './evidence.js';
import { findStage, getLevel } from './levels.js';
import type { Action, Answer, Assessment, Effort, Question, Rubric, Step, Thresholds } from './model.js';
import type { QuestionResult } from './question-result.js';
import { rulesFor } from './question-kinds.js';
import { describeAnswer, gatesOf, improvementsFor, scoreAnswer, scoreBounds, worstAnswer } from './questions.js';
import { type OptionDelta, searchCombinations } from './option-search.js';
import { scoreAssessment, type Report, type StepResult } from './score.js';
import {
  computeScore,
  contributionOf,
  createScoreContext,
  overallPointScore,
  overallScore,
  overallShape,
  resolveQuestion,
  type ScoreContext,
  sumStep,
  type StepSums,
} from './step-score.js';

/** Effort points per effort size (S = days, M = weeks, L = a quarter). */
export const EFFORT_COST: Readonly<Record<Effort, number>> = { S: 1, M: 3, L: 8 };

/** A score a step (or the overall score) should reach, with a human label ("Established", "≥ 60"). */
export interface TargetScore {
  score: number;
  label: string;
}

/** What the cheapest path aims at. */
export interface PathTargets {
  basis: 'stage' | 'thresholds';
  /** e.g. "the Growth stage targets" or "the check thresholds". */
  description: string;
  /** By step id; steps without an entry have no target of their own. */
  steps: Record<string, TargetScore>;
  /** By step group id (rubrics with `groups:`): the group's score, the mean of its steps, must reach it too. */
  groups?: Record<string, TargetScore>;
  overall?: TargetScore;
}

/** One action on the path: one rung of one question. */
export interface PathAction {
  stepId: string;
  questionId: string;
  prompt: string;
  kind: 'improve' | 'find-out';
  /** For multi questions: the choice this action adds. */
  choiceId?: string;
  critical: boolean;
  action: Action;
  cost: number;
  /** 1-based position of this action among the path's actions on the same question. */
  rung: number;
  /** Answer text before and after this action. */
  from: string;
  to: string;
  /** Question score (0..1) before and after. */
  scoreBefore: number;
  scoreAfter: number;
}

/**
 * at-target: nothing to do; planned: the actions reach the target; unreachable: no combination of the rubric's actions
 * reaches it; find-out-first: not on the known answers, but unknown answers (listed in findOut) could change that.
 */
export type StepPlanStatus =
  | 'at-target'
  | 'planned'
  | 'unreachable'
  | 'find-out-first'
  | 'no-target'
  | 'not-applicable';

export interface StepPlan {
  stepId: string;
  title: string;
  status: StepPlanStatus;
  target?: TargetScore;
  /** The step score now. */
  score: number;
  /** The step score after this step's actions, as the scorer computes it. */
  reached: number;
  /** When unreachable (or find-out-first): the best score the rubric's actions get on the known answers (the actions listed reach it). */
  best?: number;
  cost: number;
  actions: PathAction[];
  /** Critical questions not met now that the path has to meet (the target is above the cap level). */
  criticalRequired: string[];
  /** Unknown or unanswered questions that could still decide this step's target (worst case below it), or move a step the path changes. */
  findOut: string[];
  /** True when actions were added beyond the step's own target: to lift the overall score, or its group's. */
  forOverall: boolean;
  /** The title of the step's group when its target, not met now, is what the step's extra actions lift. */
  forGroup?: string;
}

export interface OverallPlan {
  target?: TargetScore;
  score: number;
  reached: number;
  /** When unreachable: the best overall score the plan gets. */
  best?: number;
  /** at-target: met now; planned: met after the path; unreachable: not even then. */
  status: 'at-target' | 'planned' | 'unreachable' | 'no-target';
}

/** A step group with a target: its score now and after the path (the mean of its steps' scores). */
export interface GroupPlan extends OverallPlan {
  groupId: string;
  title: string;
  target: TargetScore;
}

export interface CheapestPath {
  targets: PathTargets;
  costs: Readonly<Record<Effort, number>>;
  /**
   * at-target: nothing to do; reachable: the actions reach every target; unreachable: some target cannot be reached;
   * find-out-first: some step cannot reach its target on its known answers and has unknown ones to find out.
   */
  status: 'at-target' | 'reachable' | 'unreachable' | 'find-out-first';
  steps: StepPlan[];
  /** The step groups that have a target, in rubric order (rubrics with `groups:`). */
  groups?: GroupPlan[];
  overall: OverallPlan;
  /** Every action of the path, step by step in playbook order, rungs in order. */
  actions: PathAction[];
  cost: number;
  effortCounts: Record<Effort, number>;
  /** The questions the plan finds out (and plans from their worst answer). */
  assumedWorst: string[];
  /** The answers the path changes, as they would be after it (by question id). */
  answersAfter: Record<string, Answer>;
  /** True when the scorer, re-run on the planned answers, gives every score the optimiser predicted. */
  verified: boolean;
  /**
   * Set when the rubric was too large to search every plan: only plans of at most this many effort points per step were
   * weighed, so the path is the cheapest among those, and a step shown unreachable may be reachable with more effort.
   */
  searchBound?: number;
}

/** The stage targets of the report's stage as path targets, or undefined when the report has no stage. */
export function stageTargets(rubric: Rubric, report: Report): PathTargets | undefined {
  const stage = findStage(rubric, report.stage);
  if (!stage) return undefined;
  const targetsOf = (units: readonly { id: string }[]) => {
    const found: Record<string, TargetScore> = {};
    for (const unit of units) {
      const levelId = stage.targets[unit.id];
      if (levelId) {
        const level = getLevel(rubric.levels, levelId);
        found[unit.id] = { score: level.min, label: level.name };
      }
    }
    return found;
  };
  const groups = targetsOf(rubric.groups ?? []);
  const overall = getLevel(rubric.levels, stage.overall);
  return {
    basis: 'stage',
    description: `the ${stage.name} stage targets`,
    steps: targetsOf(rubric.steps),
    ...(Object.keys(groups).length > 0 && { groups }),
    overall: { score: overall.min, label: overall.name },
  };
}

/**
 * The `check` thresholds as path targets: the `error` thresholds (a `warn` one never fails a check), and the stage
 * targets too when `stageTargets` is set (the higher of the two wins).
 */
export function thresholdTargets(rubric: Rubric, report: Report, thresholds: Thresholds): PathTargets {
  const steps: Record<string, TargetScore> = {};
  const groups: Record<string, TargetScore> = {};
  // A threshold names a step or a step group (`check --min GROUP=N`).
  const groupIds = new Set((rubric.groups ?? []).map((group) => group.id));
  for (const [id, threshold] of Object.entries(thresholds.steps)) {
    if (threshold.severity !== 'error') continue;
    (groupIds.has(id) ? groups : steps)[id] = { score: threshold.value, label: `≥ ${threshold.value}` };
  }
  if (thresholds.stageTargets) {
    const stage = stageTargets(rubric, report);
    const higher = (into: Record<string, TargetScore>, from: Record<string, TargetScore> | undefined) => {
      for (const [id, target] of Object.entries(from ?? {})) {
        const current = into[id];
        if (!current || target.score > current.score) into[id] = target;
      }
    };
    higher(steps, stage?.steps);
    higher(groups, stage?.groups);
  }
  const overall =
    thresholds.minScore?.severity === 'error'
      ? { score: thresholds.minScore.value, label: `≥ ${thresholds.minScore.value}` }
      : undefined;
  return {
    basis: 'thresholds',
    description: 'the check thresholds',
    steps,
    ...(Object.keys(groups).length > 0 && { groups }),
    ...(overall && { overall }),
  };
}

/** What the path aims at by default: the stage targets, else the file's `check` thresholds, else nothing. */
export function defaultTargets(
  rubric: Rubric,
  report: Report,
  thresholds: Thresholds | undefined,
): PathTargets | undefined {
  return stageTargets(rubric, report) ?? (thresholds ? thresholdTargets(rubric, report, thresholds) : undefined);
}

// ── Per-question options ────────────────────────────────────────────────────────────────────────────────────────────

/** One way to end up on a question: its cost, whether it counts in the point score, its score and the actions. */
interface Option {
  cost: number;
  included: boolean;
  score: number;
  /**
   * The best the item may reach once unknown answers are known (a best_of group with unknown members); else `score`.
   */
  high?: number;
  answer?: Answer;
  /** The question whose answer `answer` is, when not the item's own (a member of a best_of group). */
  answerOf?: Question;
  actions: PathAction[];
  /** A cluster of conditional questions: what the option adds to the step's sums, and the answers it changes. */
  delta?: Delta;
  changes?: Change[];
}

/** What one option adds to a step's sums (see StepState): the search's delta without its cost and action count. */
type Delta = Omit<OptionDelta, 'cost' | 'actions'>;

/** An answer the plan changes; `open`: the question was unknown or unanswered (the plan finds it out). */
interface Change {
  question: Question;
  answer: Answer;
  open: boolean;
}

const NO_DELTA: Delta = { weight: 0, sum: 0, high: 0, openWeight: 0, openWorst: 0, openBest: 0, unmet: false };

/** What an option of an item adds to the step's sums. */
function deltaOf(item: Item, option: Option, metAt: number): Delta {
  if (option.delta) return option.delta;
  const open = item.open && !option.included;
  return {
    weight: option.included ? item.weight : 0,
    sum: option.included ? item.weight * option.score : 0,
    high: option.included ? item.weight * (option.high ?? option.score) : 0,
    openWeight: open ? item.weight : 0,
    openWorst: open ? item.weight * item.bounds.worst : 0,
    openBest: open ? item.weight * item.bounds.best : 0,
    unmet: item.critical && !(option.included && option.score >= metAt),
  };
}

/** The answers an option changes. */
function changesOf(item: Item, option: Option): Change[] {
  if (option.changes) return option.changes;
  return option.cost > 0 && option.answer
    ? [{ question: option.answerOf ?? item.question, answer: option.answer, open: item.open }]
    : [];
}

interface Item {
  question: Question;
  weight: number;
  critical: boolean;
  /** Answered now (always counted) or open (unknown/unanswered). */
  open: boolean;
  /** Its worst and best score while open (a question's own bounds, or a best_of group's). */
  bounds: { worst: number; best: number };
  options: Option[];
}

/** The answer one rung up from `answer`, with the action that gets there; undefined at the top or without an action. */
function stepUp(
  question: Question,
  answer: Answer,
  score: number,
): { action: Action; answer: Answer; score: number } | undefined {
  if (rulesFor(question).climb !== 'rungs') return undefined;
  const improvement = improvementsFor(question, answer, score)[0];
  if (!improvement) return undefined;
  const nextScore = scoreAnswer(question, improvement.answer);
  if (nextScore === undefined || !(nextScore > score)) return undefined;
  return { action: improvement.action, answer: improvement.answer, score: nextScore };
}

/** Every Pareto-best way to raise an answered question: cost 0 (as it is) first, then cheaper-to-dearer, better-and-better. */
function climbOptions(
  question: Question,
  stepId: string,
  answer: Answer,
  score: number,
  base: { cost: number; actions: PathAction[] },
): Option[] {
  const make = (
    partial: Omit<PathAction, 'stepId' | 'questionId' | 'prompt' | 'critical' | 'rung'>,
    rung: number,
  ): PathAction => ({
    stepId,
    questionId: question.id,
    prompt: question.prompt,
    critical: question.critical,
    rung,
    ...partial,
  });
  const options: Option[] = [{ cost: base.cost, included: true, score, answer, actions: base.actions }];
  if (rulesFor(question).climb === 'add-choices') {
    if (answer.value.type !== 'choice') return options;
    const chosen = answer.value.choices;
    const addable = question.choices.filter(
      (choice) => !chosen.includes(choice.id) && choice.action && choice.score > 0,
    );
    // 0/1 knapsack over the addable choices: for each total cost, the subset with the largest added score.
    let byCost = new Map<number, { added: number; ids: string[] }>([[0, { added: 0, ids: [] }]]);
    for (const choice of addable) {
      const next = new Map(byCost);
      for (const [cost, entry] of byCost) {
        const total = cost + EFFORT_COST[choice.action!.effort];
        const added = entry.added + choice.score;
        const existing = next.get(total);
        if (!existing || added > existing.added) next.set(total, { added, ids: [...entry.ids, choice.id] });
      }
      byCost = next;
    }
    let best = score;
    for (const cost of [...byCost.keys()].sort((a, b) => a - b)) {
      if (cost === 0) continue;
      const ids = byCost.get(cost)!.ids;
      const after: Answer = {
        value: {
          type: 'choice',
          choices: question.choices
            .filter((choice) => chosen.includes(choice.id) || ids.includes(choice.id))
            .map((choice) => choice.id),
        },
      };
      const afterScore = scoreAnswer(question, after)!;
      if (!(afterScore > best)) continue;
      best = afterScore;
      // The actions in rubric order, each adding one choice to the answer before it.
      const actions: PathAction[] = [];
      let current: Answer = answer;
      let currentScore = score;
      for (const [index, id] of ids.entries()) {
        const choice = question.choices.find((candidate) => candidate.id === id)!;
        const value = current.value as { type: 'choice'; choices: string[] };
        const next: Answer = {
          value: {
            type: 'choice',
            choices: question.choices.filter((c) => value.choices.includes(c.id) || c.id === id).map((c) => c.id),
          },
        };
        const nextScore = scoreAnswer(question, next)!;
        actions.push(
          make(
            {
              kind: 'improve',
              choiceId: id,
              action: choice.action!,
              cost: EFFORT_COST[choice.action!.effort],
              from: describeAnswer(question, current),
              to: `adds: ${choice.label}`,
              scoreBefore: currentScore,
              scoreAfter: nextScore,
            },
            base.actions.length + index + 1,
          ),
        );
        current = next;
        currentScore = nextScore;
      }
      options.push({
        cost: base.cost + cost,
        included: true,
        score: afterScore,
        answer: after,
        actions: [...base.actions, ...actions],
      });
    }
    return options;
  }
  let current = answer;
  let currentScore = score;
  let cost = base.cost;
  const actions = [...base.actions];
  // Each rung strictly raises the score, so this ends after at most one rung per choice or band.
  for (let next = stepUp(question, current, currentScore); next; next = stepUp(question, current, currentScore)) {
    const effort = EFFORT_COST[next.action.effort];
    actions.push(
      make(
        {
          kind: 'improve',
          action: next.action,
          cost: effort,
          from: describeAnswer(question, current),
          to: describeAnswer(question, next.answer),
          scoreBefore: currentScore,
          scoreAfter: next.score,
        },
        actions.length + 1,
      ),
    );
    cost += effort;
    current = next.answer;
    currentScore = next.score;
    options.push({ cost, included: true, score: currentScore, answer: current, actions: [...actions] });
  }
  return options;
}

function buildItem(question: Question, stepId: string, result: QuestionResult): Item | undefined {
  if (result.status === 'answered') {
    const options = climbOptions(question, stepId, result.answer!, result.score!, { cost: 0, actions: [] });
    return {
      question,
      weight: question.weight,
      critical: question.critical,
      open: false,
      bounds: scoreBounds(question),
      options,
    };
  }
  if (result.status !== 'unknown' && result.status !== 'unanswered') return undefined;
  const leave: Option = { cost: 0, included: false, score: 0, actions: [] };
  const bounds = scoreBounds(question);
  // Unknown answers are not guessed: they stay out of the point score and are listed to find out first. Only a critical
  // one, which holds its step under the cap, may have to be found out, budgeted from its worst answer.
  if (!question.critical)
    return { question, weight: question.weight, critical: false, open: true, bounds, options: [leave] };
  const worst = worstAnswer(question);
  const worstScore = scoreAnswer(question, worst)!;
  const findOut: PathAction = {
    stepId,
    questionId: question.id,
    prompt: question.prompt,
    kind: 'find-out',
    critical: question.critical,
    action: { text: findOutText(question, result.answer), effort: 'S' },
    cost: EFFORT_COST.S,
    rung: 1,
    from: result.status,
    to: `${describeAnswer(question, worst)} (worst case, assumed until known)`,
    scoreBefore: worstScore,
    scoreAfter: worstScore,
  };
  const resolved = climbOptions(question, stepId, worst, worstScore, { cost: EFFORT_COST.S, actions: [findOut] });
  return { question, weight: question.weight, critical: true, open: true, bounds, options: [leave, ...resolved] };
}

/**
 * A best_of group as one item with the group's weight, scored as the scorer does (bestOfContribution): members that are
 * n/a, skipped or open drop out. With a known member, its options are: as it is, or one member climbed above the
 * group's
 * current best (climbing a member that stays at or below it changes nothing, and climbing two never beats climbing the
 * better one alone). Without one, it stays open (unknown answers are not guessed; members are never critical).
 */
function buildBestOfItem(members: readonly Question[], weight: number, step: StepResult): Item | undefined {
  const results = members.map((question) => ({
    question,
    result: step.questions.find((candidate) => candidate.id === question.id)!,
  }));
  const known = results.filter(({ result }) => result.status === 'answered');
  const unknown = results.filter(({ result }) => result.status === 'unknown' || result.status === 'unanswered');
  if (known.length + unknown.length === 0) return undefined;
  const unknownBounds = unknown.map(({ question }) => scoreBounds(question));
  const worst = Math.max(...known.map(({ result }) => result.score!), ...unknownBounds.map((bounds) => bounds.worst));
  const best = Math.max(worst, ...unknownBounds.map((bounds) => bounds.best));
  const question = members[0]!;
  if (known.length === 0)
    return {
      question,
      weight,
      critical: false,
      open: true,
      bounds: { worst, best },
      options: [{ cost: 0, included: false, score: 0, actions: [] }],
    };
  const candidates: Option[] = [];
  for (const { question: member, result } of known) {
    for (const option of climbOptions(member, step.id, result.answer!, result.score!, { cost: 0, actions: [] })) {
      if (option.cost > 0 && option.score > worst)
        candidates.push({ ...option, high: Math.max(best, option.score), answerOf: member });
    }
  }
  candidates.sort((a, b) => a.cost - b.cost || b.score - a.score);
  const options: Option[] = [{ cost: 0, included: true, score: worst, high: best, actions: [] }];
  for (const option of candidates) if (option.score > options[options.length - 1]!.score) options.push(option);
  return { question, weight, critical: false, open: false, bounds: { worst, best }, options };
}

/**
 * Questions of one step linked by conditions (a gate and the questions whose condition names it, transitively) as one
 * item: every combination of their options, each dependent resolved against the answers its gate's option leads to. So
 * an action that switches a question on (it now counts, answered or unknown) or off is planned with that effect.
 */
function buildClusterItem(
  cluster: readonly Question[],
  stepId: string,
  answers: Record<string, Answer>,
  context: ScoreContext,
  metAt: number,
): Item {
  const options: Option[] = [];
  const walk = (
    index: number,
    current: Record<string, Answer>,
    delta: Delta,
    cost: number,
    actions: PathAction[],
    changes: Change[],
  ) => {
    if (index === cluster.length) {
      options.push({ cost, included: true, score: 0, actions, delta, changes });
      return;
    }
    const question = cluster[index]!;
    const item = buildItem(question, stepId, resolveQuestion(question, current, context));
    if (!item) return walk(index + 1, current, delta, cost, actions, changes);
    for (const option of item.options) {
      const add = deltaOf(item, option, metAt);
      const sum: Delta = {
        weight: delta.weight + add.weight,
        sum: delta.sum + add.sum,
        high: delta.high + add.high,
        openWeight: delta.openWeight + add.openWeight,
        openWorst: delta.openWorst + add.openWorst,
        openBest: delta.openBest + add.openBest,
        unmet: delta.unmet || add.unmet,
      };
      const changed = changesOf(item, option);
      // The changed answer over the others (read only, by key), not a copy of every answer per option.
      const next: Record<string, Answer> =
        changed.length > 0 ? Object.assign(Object.create(current), { [question.id]: option.answer! }) : current;
      walk(index + 1, next, sum, cost + option.cost, [...actions, ...option.actions], [...changes, ...changed]);
    }
  };
  walk(0, answers, NO_DELTA, 0, [], []);
  // Of combinations that add the same to everything the step's search keys on, only the best sum can be part of a best
  // plan (as in the search itself). The combination that changes nothing comes first (every first option costs
  // nothing).
  const best = new Map<string, Option>();
  for (const option of options) {
    const d = option.delta!;
    const key = `${option.cost}|${d.weight}|${d.unmet ? 1 : 0}|${d.openWeight}|${d.openWorst}|${d.openBest}`;
    const kept = best.get(key);
    if (!kept || d.sum > kept.delta!.sum || (d.sum === kept.delta!.sum && d.high > kept.delta!.high))
      best.set(key, option);
  }
  const pruned = [...best.values()];
  pruned.sort((a, b) => (a === options[0] ? -1 : b === options[0] ? 1 : 0));
  return {
    question: cluster[0]!,
    weight: 0,
    critical: false,
    open: false,
    bounds: { worst: 0, best: 0 },
    options: pruned,
  };
}

/**
 * The questions of a step in clusters: each question alone, or with the same-step questions its condition links it to.
 */
function clustersOf(step: Step): Question[][] {
  const parent = new Map(step.questions.map((question) => [question.id, question.id] as const));
  const find = (id: string): string => (parent.get(id) === id ? id : find(parent.get(id)!));
  const grouped = new Set((step.bestOf ?? []).flatMap((group) => group.questions));
  for (const question of step.questions) {
    // best_of members are planned as their group (a condition between them and others is not followed here).
    for (const gate of gatesOf(question.when)) {
      if (parent.has(gate) && !grouped.has(gate) && !grouped.has(question.id))
        parent.set(find(question.id), find(gate));
    }
  }
  const clusters = new Map<string, Question[]>();
  for (const question of step.questions)
    clusters.set(find(question.id), [...(clusters.get(find(question.id)) ?? []), question]);
  return [...clusters.values()];
}

// ── Per-step exact search ──────────────────────────────────────────────────────────────────────────────────────────

/** A finished combination for one step: its cost, its exact (unrounded, capped) score, its actions and picks. */
interface Candidate {
  cost: number;
  exact: number;
  /** Actions taken (fewer wins a tie). */
  actions: number;
  /** The option picked per item (worked out when asked for). */
  readonly picks: readonly number[];
}

interface StepSearch {
  items: Item[];
  /** Combinations dearer than the search's bound were left out (the front and closest are then only up to it). */
  truncated: boolean;
  /** The combination "change nothing". */
  current: Candidate;
  /** Combinations that meet the step's target, cheapest first, each better than every cheaper one. */
  front: Candidate[];
  /** When nothing meets the target: the cheapest combination with the best rounded score. */
  closest?: Candidate;
}

function searchStep(
  rubric: Rubric,
  stepId: string,
  step: StepResult,
  target: number | undefined,
  answers: Record<string, Answer>,
  context: ScoreContext,
  budget: SearchBudget,
): StepSearch {
  const definition = rubric.steps.find((candidate) => candidate.id === stepId)!;
  const capMax = getLevel(rubric.levels, rubric.critical.cap).max;
  const metAt = rubric.critical.metAt;
  // Questions in rubric order; a best_of group stands where its first member does.
  const groupOf = new Map<string, NonNullable<typeof definition.bestOf>[number]>();
  for (const group of definition.bestOf ?? []) for (const id of group.questions) groupOf.set(id, group);
  const clusterOf = new Map<string, Question[]>();
  for (const cluster of clustersOf(definition))
    if (cluster.length > 1) for (const question of cluster) clusterOf.set(question.id, cluster);
  const results = new Map(step.questions.map((result) => [result.id, result] as const));
  const items: Item[] = [];
  for (const question of definition.questions) {
    const group = groupOf.get(question.id);
    if (group && definition.questions.find((candidate) => group.questions.includes(candidate.id)) !== question)
      continue;
    const cluster = clusterOf.get(question.id);
    if (cluster && cluster[0] !== question) continue;
    const members = group ? definition.questions.filter((candidate) => group.questions.includes(candidate.id)) : [];
    const result = () => results.get(question.id)!;
    const item = group
      ? buildBestOfItem(members, group.weight, step)
      : cluster
        ? buildClusterItem(cluster, stepId, answers, context, metAt)
        : buildItem(question, stepId, result());
    if (item) items.push(item);
  }

  // Same operations in the same order as scoreAssessment, so the floating-point sums are identical (adding 0 changes
  // nothing); see option-search.ts for how the combinations are kept.
  const deltas = items.map((item) =>
    item.options.map((option) => ({
      ...deltaOf(item, option, metAt),
      cost: option.cost,
      actions: option.actions.length,
    })),
  );
  const searched = searchCombinations(deltas, budget.maxCost);
  budget.transitions += searched.transitions;
  const combinations = searched.combinations;
  // The exact step score of every combination: the scorer's own point score of its sums (the open questions here are the
  // unknown or unanswered ones).
  const exact = new Float64Array(combinations.length);
  for (let index = 0; index < combinations.length; index++) {
    const shape = combinations.shape(index);
    const sums: StepSums = {
      known: combinations.sum[index]!,
      knownWeight: shape.weight,
      knownLow: combinations.sum[index]!,
      knownHigh: combinations.high[index]!,
      worst: shape.openWorst,
      best: shape.openBest,
      unknownWeight: shape.openWeight,
      criticalUnmet: shape.allMet ? 0 : 1,
      criticalUnknown: 0,
      open: [],
    };
    exact[index] = computeScore(sums, capMax, rubric.unknown).score;
  }
  if (items.some((item) => item.options.some((option) => option.delta))) {
    // Clusters add their questions in another order than the scorer: score such combinations as the scorer does (its
    // functions, its order), so that a score on a rounding edge (69.5) is predicted exactly.
    const bestOf = context.bestOf[rubric.steps.indexOf(definition)];
    // Only a score within a hair of a rounding edge (x.5) can round otherwise than the scorer's.
    const nearEdge = (value: number) => Math.abs(value - Math.floor(value) - 0.5) < 1e-6;
    for (let index = 0; index < combinations.length; index++) {
      if (!nearEdge(exact[index]!)) continue;
      const after = { ...answers };
      for (const [position, pick] of combinations.picks(index).entries())
        for (const change of changesOf(items[position]!, items[position]!.options[pick]!))
          after[change.question.id] = change.answer;
      const contributions = definition.questions.map((question) =>
        contributionOf(resolveQuestion(question, after, context), context),
      );
      exact[index] = computeScore(sumStep(contributions, undefined, bestOf), capMax, context.unknown).score;
    }
  }
  // Everything below needs only the best combination at each cost (the highest score, then the fewest actions, then the
  // first kept): the front is those that meet the target, each better than every cheaper one; the current one costs
  // nothing; the closest is the cheapest with the best rounded score.
  const bestAt = new Map<number, number>();
  for (let index = 0; index < combinations.length; index++) {
    const cost = combinations.cost[index]!;
    const kept = bestAt.get(cost);
    if (
      kept === undefined ||
      exact[index]! > exact[kept]! ||
      (exact[index] === exact[kept] && combinations.actions[index]! < combinations.actions[kept]!)
    )
      bestAt.set(cost, index);
  }
  const candidates: Candidate[] = [...bestAt.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([cost, index]) => {
      let kept: number[] | undefined;
      return {
        cost,
        exact: exact[index]!,
        actions: combinations.actions[index]!,
        get picks() {
          kept ??= combinations.picks(index);
          return kept;
        },
      };
    });
  const current = candidates.find((candidate) => candidate.cost === 0)!;
  const meets = (candidate: Candidate) => target === undefined || Math.round(candidate.exact) >= target;
  const front: Candidate[] = [];
  for (const candidate of candidates) {
    if (meets(candidate) && (front.length === 0 || candidate.exact > front[front.length - 1]!.exact))
      front.push(candidate);
  }
  let closest: Candidate | undefined;
  if (front.length === 0) {
    const best = Math.max(...candidates.map((candidate) => Math.round(candidate.exact)));
    closest = candidates.find((candidate) => Math.round(candidate.exact) === best);
  }
  const search = { items, truncated: searched.truncated, current, front, ...(closest && { closest }) };
  if (search.truncated) budget.truncated.push(search);
  return search;
}

// ── Across steps ───────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Finds the cheapest path to `targets` for a scored report. Actions may switch conditional questions on or off: those
 * of
 * the same step are planned with their effect (clusters), and those of later steps by planning each step on the answers
 * the earlier steps' picks leave its conditions with (the programme across steps then tracks those answers).
 */
export function findCheapestPath(
  fullRubric: Rubric,
  report: Report,
  targets: PathTargets,
  limits: SearchLimits = SEARCH_LIMITS,
): CheapestPath {
  // Actions before the team's stage or for another profile are never on the path.
  const rubric = fitActions(fullRubric, report.stage, report.profile);
  const scoreContext = createScoreContext(rubric, report.profile);
  const answers: Record<string, Answer> = {};
  for (const step of report.steps)
    for (const question of step.questions) if (question.answer) answers[question.id] = question.answer;
  const gates = foreignGates(rubric);
  const independent = [...gates.values()].every((ids) => ids.length === 0);
  // Search plans up to a bound on each step's effort, and raise it until the plan found is provably the one an
  // unbounded search finds (or the work would pass the limit: then the plan is the best up to the bound, and says so).
  for (let maxCost = limits.firstBound; ; maxCost *= 4) {
    const budget: SearchBudget = { maxCost, transitions: 0, truncated: [] };
    const selection = independent
      ? selectIndependent(rubric, report, targets, answers, scoreContext, budget)
      : selectWithGates(rubric, report, targets, answers, scoreContext, gates, budget);
    if (budget.truncated.length === 0 || isUnboundedAnswer(selection, budget))
      return assemblePath(rubric, report, targets, selection);
    // The next bound searches about 4 times as many states.
    if (budget.transitions * 4 > limits.maxTransitions)
      return { ...assemblePath(rubric, report, targets, selection), searchBound: maxCost };
  }
}

/** How far findCheapestPath searches before it settles for the best plan up to a bound (tests use small limits). */
export interface SearchLimits {
  /** The first bound on a step's effort points (raised fourfold while needed). */
  firstBound: number;
  /** Stop raising the bound when the next search would try more (state, option) pairs than this (~10 ns each). */
  maxTransitions: number;
}

const SEARCH_LIMITS: SearchLimits = { firstBound: 16, maxTransitions: 150_000_000 };

/** A bound on the effort searched per step, and what the searches under it did. */
interface SearchBudget {
  maxCost: number;
  transitions: number;
  /** The searches that left dearer combinations out. */
  truncated: StepSearch[];
}

/**
 * Whether a selection made under a bound is the one an unbounded search makes. It is when every step's target and the
 * overall target are met and the plan costs no more than the bound: a cheaper (or equally cheap) plan spends at most
 * that on every step, so the bounded searches saw it; and no step whose search was cut off is left missing its target.
 */
function isUnboundedAnswer(selection: Selection, budget: SearchBudget): boolean {
  if (!selection.overallReachable || selection.groupsMissed) return false;
  if (budget.truncated.some((search) => search.front.length === 0)) return false;
  let cost = 0;
  for (const { search, candidate } of selection.picks.values()) {
    if (search.front.length === 0) return false;
    cost += candidate.cost;
  }
  return cost <= budget.maxCost;
}

/** What the search across steps chose: per applicable step its search (on its context) and candidate. */
interface Selection {
  picks: Map<string, { search: StepSearch; candidate: Candidate; step: StepResult }>;
  /** The overall score the picks give (rounded), as the scorer computes it from the predicted step scores. */
  overall: number;
  overallReachable: boolean;
  /** Some step group's target cannot be met (its plan is the closest the search found). */
  groupsMissed: boolean;
}

/** Per step, the questions of OTHER steps that the conditions of its questions hang on (directly or up a chain). */
function foreignGates(rubric: Rubric): Map<string, string[]> {
  const byId = new Map(
    rubric.steps.flatMap((step) => step.questions.map((question) => [question.id, question] as const)),
  );
  const gates = new Map<string, string[]>();
  for (const step of rubric.steps) {
    const found = new Set<string>();
    for (const question of step.questions) {
      const queue = gatesOf(question.when);
      const visited = new Set<string>();
      while (queue.length > 0) {
        const gate = queue.pop()!;
        const owner = byId.get(gate);
        if (!owner || visited.has(gate)) continue;
        visited.add(gate);
        if (owner.stepId !== step.id) found.add(gate);
        queue.push(...gatesOf(owner.when));
      }
    }
    gates.set(step.id, [...found]);
  }
  return gates;
}

/**
 * One choice from each list: for every total cost, the choices with the best Σ weight × exact (the first found on a
 * tie). A small programme over total cost, as the lists are few and their choices each better than every cheaper one.
 */
function bestMixes<T extends { cost: number; exact: number }>(
  lists: readonly { weight: number; choices: readonly T[] }[],
): Map<number, { sum: number; picks: T[] }> {
  let states = new Map<number, { sum: number; picks: T[] }>([[0, { sum: 0, picks: [] }]]);
  for (const { weight, choices } of lists) {
    const next = new Map<number, { sum: number; picks: T[] }>();
    for (const [cost, state] of states) {
      for (const choice of choices) {
        const total = cost + choice.cost;
        const sum = state.sum + weight * choice.exact;
        const existing = next.get(total);
        if (!existing || sum > existing.sum) next.set(total, { sum, picks: [...state.picks, choice] });
      }
    }
    states = next;
  }
  return states;
}

/** A unit's candidate: one candidate per step of the unit, its total cost and the unit's exact score. */
interface UnitCandidate {
  cost: number;
  exact: number;
  picks: Candidate[];
}

/**
 * A unit of the overall score (a step group, or one step): its candidates, combinations of its steps' candidates
 * (each step's front, or its closest when it has none), cheapest first, each better than every cheaper one and meeting
 * the group's `target` if it has one; else, as for a step, the cheapest with the best rounded score (`closest`).
 */
function planUnit(
  steps: readonly { weight: number; search: StepSearch }[],
  target: number | undefined,
): { front: UnitCandidate[]; closest: UnitCandidate; misses: boolean } {
  // For each total cost, the best weighted sum of the steps' exact scores (the group mean's numerator).
  const states = bestMixes(
    steps.map(({ weight, search }) => ({
      weight,
      choices: search.front.length > 0 ? search.front : [search.closest!],
    })),
  );
  // The unit's exact score as the scorer computes a group: the mean of its steps, with the steps' weights.
  const exactOf = (picks: readonly Candidate[]) =>
    overallScore(
      picks.map((pick, position) => ({
        weight: steps[position]!.weight,
        values: { applicable: true, score: pick.exact },
      })),
    );
  const ordered: UnitCandidate[] = [...states.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([cost, state]) => ({ cost, exact: exactOf(state.picks), picks: state.picks }));
  const front: UnitCandidate[] = [];
  for (const candidate of ordered)
    if (
      (target === undefined || Math.round(candidate.exact) >= target) &&
      (front.length === 0 || candidate.exact > front[front.length - 1]!.exact)
    )
      front.push(candidate);
  const best = Math.max(...ordered.map((candidate) => Math.round(candidate.exact)));
  const closest = ordered.find((candidate) => Math.round(candidate.exact) === best)!;
  return { front, closest, misses: target !== undefined && front.length === 0 };
}

/**
 * Steps independent of each other: each step searched once; effort traded across steps only for group and overall
 * targets. A step group with a target is planned as one unit (a programme over its steps' fronts for the cheapest mix
 * that meets it); the overall target then trades effort across units (groups and lone steps).
 */
function selectIndependent(
  rubric: Rubric,
  report: Report,
  targets: PathTargets,
  answers: Record<string, Answer>,
  scoreContext: ScoreContext,
  budget: SearchBudget,
): Selection {
  const searches = new Map<string, StepSearch>();
  for (const step of report.steps) {
    if (step.applicable)
      searches.set(
        step.id,
        searchStep(rubric, step.id, step, targets.steps[step.id]?.score, answers, scoreContext, budget),
      );
  }
  const scored = report.steps.filter((step) => step.applicable);
  const shape = overallShape(rubric);
  const overallExactOf = (picks: ReadonlyMap<string, Candidate>) => {
    const steps = report.steps.map((step) => ({
      weight: step.weight,
      values: { applicable: picks.has(step.id), score: picks.get(step.id)?.exact ?? 0 },
    }));
    return overallPointScore(steps, shape);
  };

  // The units the overall score is a mean of: step groups and lone steps (each step its own unit without groups).
  const shapeUnits: { weight: number; steps: number[]; group?: string }[] =
    shape?.units ?? rubric.steps.map((step, index) => ({ weight: step.weight, steps: [index] }));
  const units = shapeUnits
    .map((unit) => ({
      ...unit,
      steps: unit.steps.map((index) => rubric.steps[index]!.id).filter((id) => searches.has(id)),
    }))
    .filter((unit) => unit.steps.length > 0);

  const unitFronts = units.map((unit) =>
    planUnit(
      unit.steps.map((id) => ({
        weight: report.steps.find((step) => step.id === id)!.weight,
        search: searches.get(id)!,
      })),
      unit.group === undefined ? undefined : targets.groups?.[unit.group]?.score,
    ),
  );
  const pickMap = (choice: readonly UnitCandidate[]) => {
    const picks = new Map<string, Candidate>();
    for (const [index, candidate] of choice.entries())
      for (const [position, id] of units[index]!.steps.entries()) picks.set(id, candidate.picks[position]!);
    return picks;
  };
  const overallOf = (choice: readonly UnitCandidate[]) =>
    scored.length > 0 ? Math.round(overallExactOf(pickMap(choice))) : 0;
  // Each unit's cheapest candidate is optimal on its own; only when those miss the overall target does the programme
  // across units have to trade effort between them.
  const cheapest = unitFronts.map((entry) => entry.front[0] ?? entry.closest);
  const overallTarget = targets.overall?.score;
  const needsTrade = overallTarget !== undefined && overallOf(cheapest) < overallTarget;
  let ordered: { cost: number; choice: UnitCandidate[] }[];
  if (!needsTrade) ordered = [{ cost: cheapest.reduce((sum, candidate) => sum + candidate.cost, 0), choice: cheapest }];
  else {
    const cross = bestMixes(
      unitFronts.map((entry, index) => ({
        weight: units[index]!.weight,
        choices: entry.front.length > 0 ? entry.front : [entry.closest],
      })),
    );
    ordered = [...cross.entries()]
      .sort((a, b) => a[0] - b[0] || b[1].sum - a[1].sum)
      .map(([cost, state]) => ({ cost, choice: state.picks }));
  }
  let chosen = ordered.find(({ choice }) => overallTarget === undefined || overallOf(choice) >= overallTarget);
  const overallReachable = chosen !== undefined;
  if (!chosen) {
    const best = Math.max(...ordered.map(({ choice }) => overallOf(choice)));
    chosen = ordered.find(({ choice }) => overallOf(choice) === best)!;
  }
  const picked = pickMap(chosen.choice);
  const picks = new Map(
    scored.map((step) => [step.id, { search: searches.get(step.id)!, candidate: picked.get(step.id)!, step }] as const),
  );
  return {
    picks,
    overall: overallOf(chosen.choice),
    overallReachable,
    groupsMissed: unitFronts.some((entry) => entry.misses),
  };
}

/**
 * Steps whose conditions hang on questions of earlier steps: the programme goes through the steps in rubric order and
 * keeps, besides the effort, the answers the picks so far leave those gate questions with. Each step is searched on the
 * answers its gates have in that state (once per distinct state), so its predicted score is what the scorer will give,
 * and a pick that switches a later step's question on or off is planned with that effect.
 */
function selectWithGates(
  rubric: Rubric,
  report: Report,
  targets: PathTargets,
  answers: Record<string, Answer>,
  scoreContext: ScoreContext,
  gates: Map<string, string[]>,
  budget: SearchBudget,
): Selection {
  const shape = overallShape(rubric);
  const stepIndex = new Map(rubric.steps.map((step, index) => [step.id, index] as const));
  // The gate questions still needed from each step on (by later steps' conditions).
  const neededFrom = rubric.steps.map(
    (_, index) => new Set(rubric.steps.slice(index).flatMap((step) => gates.get(step.id)!)),
  );
  const searches = new Map<string, { search?: StepSearch; step: StepResult }>();
  const searchFor = (stepId: string, changes: Record<string, Answer>) => {
    const own = gates.get(stepId)!.filter((id) => Object.hasOwn(changes, id));
    const key = `${stepId}|${JSON.stringify(own.map((id) => [id, changes[id]]))}`;
    const known = searches.get(key);
    if (known) return known;
    const withGates = { ...answers, ...Object.fromEntries(own.map((id) => [id, changes[id]!])) };
    const assessment: Assessment = {
      rubric: { id: rubric.id, version: rubric.version },
      ...(report.stage !== undefined && { stage: report.stage }),
      ...(report.profile !== undefined && { profile: report.profile }),
      answers: withGates,
    };
    const rescored = own.length === 0 ? report : scoreAssessment(rubric, assessment);
    const step = rescored.steps.find((candidate) => candidate.id === stepId)!;
    const found = {
      step,
      ...(step.applicable && {
        search: searchStep(rubric, stepId, step, targets.steps[stepId]?.score, withGates, scoreContext, budget),
      }),
    };
    searches.set(key, found);
    return found;
  };

  interface GateState {
    cost: number;
    /** Σ step weight × exact score over the steps that apply: compared between states of the same key only. */
    sum: number;
    /** Which steps apply so far (a character per step). */
    mask: string;
    /** Per step group with a target: Σ step weight × exact score over its steps so far (for dominance only). */
    groupSums: number[];
    changes: Record<string, Answer>;
    picks: { stepId: string; search: StepSearch; candidate: Candidate; step: StepResult }[];
  }
  // Step groups with a target, and the group of each step among them.
  const targetGroups = (rubric.groups ?? []).filter((group) => targets.groups?.[group.id] !== undefined);
  const groupOfStep = new Map(
    targetGroups.flatMap((group, index) => group.steps.map((stepId) => [stepId, index] as const)),
  );
  const programme = (full: boolean): GateState[] => {
    let states = new Map<string, GateState>([
      ['', { cost: 0, sum: 0, mask: '', groupSums: targetGroups.map(() => 0), changes: {}, picks: [] }],
    ]);
    for (const definition of rubric.steps) {
      const later = [...(neededFrom[stepIndex.get(definition.id)! + 1] ?? [])];
      const next = new Map<string, GateState>();
      for (const state of states.values()) {
        const { search, step } = searchFor(definition.id, state.changes);
        const choices = search
          ? search.front.length > 0
            ? full
              ? search.front
              : cheapestPerGates(search, later)
            : [search.closest!]
          : [undefined];
        for (const candidate of choices) {
          const changes: Record<string, Answer> = {};
          for (const id of later) if (Object.hasOwn(state.changes, id)) changes[id] = state.changes[id]!;
          if (candidate && search && later.length > 0) {
            for (const [index, pick] of candidate.picks.entries()) {
              const item = search.items[index]!;
              if (item.options[pick]!.cost === 0) continue;
              for (const change of changesOf(item, item.options[pick]!))
                if (later.includes(change.question.id)) changes[change.question.id] = change.answer;
            }
          }
          const cost = state.cost + (candidate?.cost ?? 0);
          // 1: the step applies and meets its target; 2: it applies and cannot (its closest candidate); 0: it does not
          // apply.
          const mask = state.mask + (!candidate ? '0' : search!.front.length > 0 ? '1' : '2');
          const sum = state.sum + (candidate ? definition.weight * candidate.exact : 0);
          const group = groupOfStep.get(definition.id);
          const groupSums =
            candidate && group !== undefined
              ? state.groupSums.map((value, index) =>
                  index === group ? value + definition.weight * candidate.exact : value,
                )
              : state.groupSums;
          const key = `${cost}|${mask}|${later.length > 0 ? JSON.stringify(later.map((id) => changes[id] ?? null)) : ''}`;
          // (Dominated states, dearer and no better than another with the same steps and gates, are dropped below.)
          const existing = next.get(key);
          if (!existing || sum > existing.sum) {
            const picks =
              candidate && search ? [...state.picks, { stepId: definition.id, search, candidate, step }] : state.picks;
            next.set(key, { cost, sum, mask, groupSums, changes, picks });
          }
        }
      }
      // Per set of applying steps and gate answers, keep only states better than every cheaper one.
      const byRest = new Map<string, GateState[]>();
      for (const [key, state] of next) {
        const rest = key.slice(key.indexOf('|') + 1);
        byRest.set(rest, [...(byRest.get(rest) ?? []), state]);
      }
      // With group targets, a state is dropped only when a kept one is no dearer and no worse in the total and in every
      // group's sum (a group's target may need what a better total lacks).
      const dominates = (kept: GateState, state: GateState) =>
        kept.sum >= state.sum && kept.groupSums.every((value, index) => value >= state.groupSums[index]!);
      states = new Map();
      for (const [rest, group] of byRest) {
        let best = -Infinity;
        const kept: GateState[] = [];
        for (const state of group.sort((a, b) => a.cost - b.cost)) {
          if (targetGroups.length === 0 ? !(state.sum > best) : kept.some((other) => dominates(other, state))) continue;
          best = Math.max(best, state.sum);
          kept.push(state);
          states.set(`${state.cost}|${rest}`, state);
        }
      }
    }
    return [...states.values()];
  };
  const overallOf = (state: GateState) => {
    const byStep = new Map(state.picks.map((pick) => [pick.stepId, pick.candidate.exact] as const));
    const steps = rubric.steps.map((step) => ({
      weight: step.weight,
      values: { applicable: byStep.has(step.id), score: byStep.get(step.id) ?? 0 },
    }));
    return Math.round(overallPointScore(steps, shape));
  };
  const overallTarget = targets.overall?.score;
  // Each step's cheapest candidate per answer it leaves its gates with is enough, unless the overall target then needs
  // effort traded between steps (as in selectIndependent).
  // A group target missed: the group applies (one of its steps does) and the mean of its steps' scores is short.
  const groupMisses = (state: GateState) =>
    targetGroups.filter((group) => {
      const members = state.picks.filter((pick) => group.steps.includes(pick.stepId));
      if (members.length === 0) return false;
      const exact = overallScore(
        members.map((pick) => ({
          weight: pick.step.weight,
          values: { applicable: true, score: pick.candidate.exact },
        })),
      );
      return Math.round(exact) < targets.groups![group.id]!.score;
    }).length;
  const rank = (states: GateState[]) =>
    states.map((state) => {
      const groups = groupMisses(state);
      return {
        state,
        overall: overallOf(state),
        groups,
        misses: state.picks.filter((pick) => pick.search.front.length === 0).length + groups,
      };
    });
  // Group targets may need effort traded between a group's steps, like the overall target: then every front is weighed.
  let ranked = rank(programme(targetGroups.length > 0));
  const meetsOverall = (entries: typeof ranked) =>
    overallTarget === undefined ||
    entries.some(
      (entry) => entry.overall >= overallTarget && entry.misses === Math.min(...entries.map((other) => other.misses)),
    );
  if (!meetsOverall(ranked)) ranked = rank(programme(true));
  const fewestMisses = Math.min(...ranked.map((entry) => entry.misses));
  const eligible = ranked
    .filter((entry) => entry.misses === fewestMisses)
    .sort((a, b) => a.state.cost - b.state.cost || b.overall - a.overall);
  let chosenEntry = eligible.find((entry) => overallTarget === undefined || entry.overall >= overallTarget);
  const overallReachable = chosenEntry !== undefined;
  if (!chosenEntry) {
    const best = Math.max(...eligible.map((entry) => entry.overall));
    chosenEntry = eligible.find((entry) => entry.overall === best)!;
  }
  const chosen = chosenEntry.state;
  const picks = new Map(
    chosen.picks.map(
      (pick) => [pick.stepId, { search: pick.search, candidate: pick.candidate, step: pick.step }] as const,
    ),
  );
  return { picks, overall: chosenEntry.overall, overallReachable, groupsMissed: chosenEntry.groups > 0 };
}

/** The cheapest candidate of a step's front for each set of answers it leaves the gates of later steps with. */
function cheapestPerGates(search: StepSearch, later: readonly string[]): Candidate[] {
  const seen = new Map<string, Candidate>();
  for (const candidate of search.front) {
    const produced: Record<string, Answer> = {};
    for (const [index, pick] of candidate.picks.entries()) {
      const item = search.items[index]!;
      if (item.options[pick]!.cost === 0) continue;
      for (const change of changesOf(item, item.options[pick]!))
        if (later.includes(change.question.id)) produced[change.question.id] = change.answer;
    }
    const key = JSON.stringify(later.map((id) => produced[id] ?? null));
    if (!seen.has(key)) seen.set(key, candidate);
  }
  return [...seen.values()];
}

/** The plan of a selection: its actions, the answers after it, and every score re-computed by the scorer. */
function assemblePath(rubric: Rubric, report: Report, targets: PathTargets, selection: Selection): CheapestPath {
  const { picks, overallReachable } = selection;
  const overallTarget = targets.overall?.score;
  // Assemble the plan and the answers it would produce.
  const answers: Record<string, Answer> = {};
  for (const step of report.steps)
    for (const question of step.questions) if (question.answer) answers[question.id] = question.answer;
  const answersAfter: Record<string, Answer> = {};
  const predicted = new Map<string, number>();
  const stepPlans: StepPlan[] = [];
  const assumedWorst: string[] = [];
  // The title of a step's group, when the group has a target it does not meet now.
  const groupShort = (stepId: string) => {
    const index = (rubric.groups ?? []).findIndex((group) => group.steps.includes(stepId));
    const group = rubric.groups?.[index];
    const target = group && targets.groups?.[group.id];
    const now = report.groups?.[index];
    return group && target && now && !(now.applicable && now.score >= target.score) ? group.title : undefined;
  };
  for (const reported of report.steps) {
    const target = targets.steps[reported.id];
    const picked = picks.get(reported.id);
    // The step as planned: on the answers its conditions are left with by the other steps' picks.
    const step = picked?.step ?? reported;
    const search = picked?.search;
    const candidate = picked?.candidate;
    if (!search || !candidate) {
      stepPlans.push({
        stepId: step.id,
        title: step.title,
        status: 'not-applicable',
        ...(target && { target }),
        score: step.score,
        reached: step.score,
        cost: 0,
        actions: [],
        criticalRequired: [],
        findOut: [],
        forOverall: false,
      });
      continue;
    }
    const actions: PathAction[] = [];
    for (const [index, pick] of candidate.picks.entries()) {
      const item = search.items[index]!;
      const option = item.options[pick]!;
      if (option.cost === 0) continue;
      actions.push(...option.actions);
      for (const change of changesOf(item, option)) {
        answers[change.question.id] = answersAfter[change.question.id] = change.answer;
        if (change.open) assumedWorst.push(change.question.id);
      }
    }
    predicted.set(step.id, Math.round(candidate.exact));
    const reachable = search.front.length > 0;
    const metNow = target === undefined || Math.round(search.current.exact) >= target.score;
    const capMax = getLevel(rubric.levels, rubric.critical.cap).max;
    const openQuestions = step.questions
      .filter((q) => q.status === 'unknown' || q.status === 'unanswered')
      .map((q) => q.id);
    const status: StepPlanStatus = !reachable
      ? openQuestions.some((id) => !step.criticalUnknown.includes(id))
        ? 'find-out-first'
        : 'unreachable'
      : actions.length === 0
        ? target
          ? 'at-target'
          : 'no-target'
        : 'planned';
    stepPlans.push({
      stepId: step.id,
      title: step.title,
      status,
      ...(target && { target }),
      score: reported.score,
      reached: reported.score,
      ...(!reachable && { best: Math.round(candidate.exact) }),
      cost: candidate.cost,
      actions,
      criticalRequired: target && target.score > capMax ? [...step.criticalUnmet, ...step.criticalUnknown] : [],
      // Unknown answers that could still decide the target, or move a step the path changes.
      findOut: (target && step.low < target.score) || actions.length > 0 ? openQuestions : [],
      forOverall: actions.length > 0 && metNow && reachable,
      ...(actions.length > 0 && metNow && reachable && groupShort(step.id) && { forGroup: groupShort(step.id) }),
    });
  }

  // Re-score the planned answers with the real scorer: the reached scores are the scorer's, never the optimiser's.
  const assessment: Assessment = {
    rubric: { id: report.rubric.id, version: report.rubric.version },
    ...(report.stage !== undefined && { stage: report.stage }),
    ...(report.profile && { profile: report.profile }),
    answers,
  };
  const after = scoreAssessment(rubric, assessment);
  let verified = true;
  for (const plan of stepPlans) {
    const rescored = after.steps.find((step) => step.id === plan.stepId)!;
    plan.reached = rescored.score;
    const expected = predicted.get(plan.stepId);
    if (expected !== undefined && expected !== rescored.score) verified = false;
    if (plan.status === 'planned' && plan.target && rescored.score < plan.target.score) verified = false;
  }
  if (selection.overall !== after.overall.score) verified = false;

  // Step groups with a target: the mean of their steps' scores, now and as the scorer gives it after the path.
  const groupPlans: GroupPlan[] = [];
  for (const [index, group] of (rubric.groups ?? []).entries()) {
    const target = targets.groups?.[group.id];
    const now = report.groups?.[index];
    const then = after.groups?.[index];
    if (!target || !now || !then?.applicable) continue;
    const metNow = now.applicable && now.score >= target.score;
    const met = then.score >= target.score;
    groupPlans.push({
      groupId: group.id,
      title: group.title,
      target,
      score: now.score,
      reached: then.score,
      ...(!met && { best: then.score }),
      status: metNow && met ? 'at-target' : met ? 'planned' : 'unreachable',
    });
    if (!met && !selection.groupsMissed) verified = false;
  }

  const actions = stepPlans.flatMap((plan) => plan.actions);
  const effortCounts: Record<Effort, number> = { S: 0, M: 0, L: 0 };
  for (const action of actions) effortCounts[action.action.effort]++;
  const overallMetNow = overallTarget === undefined || report.overall.score >= overallTarget;
  const overall: OverallPlan = {
    ...(targets.overall && { target: targets.overall }),
    score: report.overall.score,
    reached: after.overall.score,
    ...(!overallReachable && { best: selection.overall }),
    status: !overallReachable
      ? 'unreachable'
      : overallTarget === undefined
        ? 'no-target'
        : overallMetNow
          ? 'at-target'
          : 'planned',
  };
  const unreachable =
    stepPlans.some((plan) => plan.status === 'unreachable') || groupPlans.some((plan) => plan.status === 'unreachable');
  const findOutFirst = stepPlans.some((plan) => plan.status === 'find-out-first');
  return {
    targets,
    costs: EFFORT_COST,
    status: unreachable
      ? 'unreachable'
      : findOutFirst
        ? 'find-out-first'
        : !overallReachable
          ? 'unreachable'
          : actions.length === 0
            ? 'at-target'
            : 'reachable',
    steps: stepPlans,
    ...(groupPlans.length > 0 && { groups: groupPlans }),
    overall,
    actions,
    cost: actions.reduce((sum, action) => sum + action.cost, 0),
    effortCounts,
    assumedWorst,
    answersAfter,
    verified,
  };
}
