// The roadmap: every gap of a report phased into now / next / later, built around the cheapest path to target. Pure.
//
// Phases (explained for users in docs/reports.md):
//   now   - blockers: the first action on each critical item of a step below its target;
//           find-outs: unknown answers that could still decide a target;
//           quick wins: S-effort actions on the cheapest path that can start today (first on their question).
//   next  - the rest of the cheapest path (bigger actions, later rungs).
//   later - every other gap: improvements beyond the targets, unknowns that cannot change a target, and everything on a
//           step already on target for certain (its critical items, its unknowns, and path actions that only lift the
//           overall score), so that "now" and "next" serve the steps still below (or not surely at) their targets.
// Without a target (no stage, no thresholds): now = blockers, next = quick wins (S) and find-outs, later = the rest.
// Within a phase, risk first: critical items, then items that block a target (path actions and find-outs that decide a
// target); then value for effort (the most overall points per effort point), then playbook
// order (a wedge gap before a compute-plan gap at equal value), then question order; a question's rungs stay in order.
import { fitActions } from './fit-actions.js';
import {
  EFFORT_COST,
  findCheapestPath,
  type CheapestPath,
  type PathAction,
  type PathTargets,
} from './cheapest-path.js';
import type { Action, Answer, Effort, Rubric } from './model.js';
import { improvementsFor, scoreAnswer, worstAnswer } from './questions.js';
import type { Gap, Report } from './score.js';
import { createGainModel, createScoreContext, type Gain } from './step-score.js';

export const PHASES = ['now', 'next', 'later'] as const;
export type Phase = (typeof PHASES)[number];

/** Why an item sits in its phase. */
export type RoadmapReason = 'blocker' | 'find-out' | 'quick-win' | 'path' | 'critical' | 'improvement';

export interface RoadmapItem {
  phase: Phase;
  reason: RoadmapReason;
  stepId: string;
  stepTitle: string;
  questionId: string;
  prompt: string;
  kind: 'improve' | 'find-out';
  choiceId?: string;
  critical: boolean;
  action: Action;
  effort: Effort;
  cost: number;
  /** Part of the cheapest path to target. */
  onPath: boolean;
  /** 1 for the first action on a question; 2, 3… for the rungs after it on the path. */
  rung: number;
  /** Answer text now (for the first rung) or after the rung before. */
  from: string;
  /** Answer text after this action, when known. */
  to?: string;
  /** Points of the step score (0..100) and of the overall score this action is expected to add (one decimal). */
  stepPoints: number;
  overallPoints: number;
}

export interface Roadmap {
  now: RoadmapItem[];
  next: RoadmapItem[];
  later: RoadmapItem[];
  /** The cheapest path, when there is a target to aim at. */
  path?: CheapestPath;
}

/** Builds the roadmap of a scored report; with `targets`, around the cheapest path to them. */
export function buildRoadmap(fullRubric: Rubric, report: Report, targets?: PathTargets): Roadmap {
  const path = targets ? findCheapestPath(fullRubric, report, targets) : undefined;
  // Actions before the team's stage or for another profile are never recommended (the report's gaps leave them out too).
  const rubric = fitActions(fullRubric, report.stage, report.profile);
  const stepIndex = new Map(rubric.steps.map((step, index) => [step.id, index] as const));
  const questionIndex = new Map(
    rubric.steps.flatMap((step) => step.questions.map((question, index) => [question.id, index] as const)),
  );
  const stepById = new Map(report.steps.map((step) => [step.id, step] as const));
  const gapKey = (questionId: string, choiceId: string | undefined, kind: Gap['kind']) =>
    `${questionId}#${choiceId ?? ''}#${kind}`;
  const gaps = new Map(report.gaps.map((gap) => [gapKey(gap.questionId, gap.choiceId, gap.kind), gap] as const));
  const assumedWorst = new Set(path?.assumedWorst ?? []);

  // The points of a path action are the scorer's change when that one action is taken, the path's actions before it on
  // the same question already taken (an unknown answer planned from its worst case once found out): see
  // createGainModel. Actions are replayed per question, in path order, to know the answer each one starts from.
  const answers: Record<string, Answer> = {};
  for (const step of report.steps)
    for (const question of step.questions) if (question.answer) answers[question.id] = question.answer;
  const gains = createGainModel(rubric, answers, report.steps, createScoreContext(rubric, report.profile));
  const questionById = new Map(
    rubric.steps.flatMap((step) => step.questions.map((question) => [question.id, question] as const)),
  );
  const reached = new Map<string, Answer | undefined>();
  const takeAction = (action: PathAction): Gain => {
    const question = questionById.get(action.questionId)!;
    const before = reached.has(action.questionId) ? reached.get(action.questionId) : answers[action.questionId];
    const score = before === undefined ? undefined : scoreAnswer(question, before);
    const after =
      action.kind === 'find-out'
        ? worstAnswer(question)
        : before === undefined || score === undefined
          ? undefined
          : improvementsFor(question, before, score).find((improvement) => improvement.choiceId === action.choiceId)
              ?.answer;
    reached.set(action.questionId, after ?? before);
    return after === undefined ? { stepPoints: 0, overallPoints: 0 } : gains.gain(action.questionId, after, before);
  };

  const items: (Omit<RoadmapItem, 'phase' | 'reason'> & { startable: boolean })[] = [];
  for (const action of path?.actions ?? []) {
    // The report's gaps are the first actions from today's answers; later rungs (and rungs planned from an unknown
    // answer's worst case) are actions of the path only.
    const planned = assumedWorst.has(action.questionId);
    const key =
      action.kind === 'find-out'
        ? gapKey(action.questionId, undefined, 'unknown')
        : !planned && (action.choiceId !== undefined || action.rung === 1)
          ? gapKey(action.questionId, action.choiceId, 'improve')
          : undefined;
    const gap = key === undefined ? undefined : gaps.get(key);
    if (key !== undefined) gaps.delete(key);
    const points = takeAction(action);
    items.push({
      stepId: action.stepId,
      stepTitle: stepById.get(action.stepId)!.title,
      questionId: action.questionId,
      prompt: action.prompt,
      kind: action.kind,
      ...(action.choiceId !== undefined && { choiceId: action.choiceId }),
      critical: action.critical,
      action: action.action,
      effort: action.action.effort,
      cost: action.cost,
      onPath: true,
      rung: action.rung,
      from: action.from,
      to: action.to,
      // A find-out changes no score by itself: it keeps its gap's "either way" points. An action gains what it adds after the
      // rungs before it on the same question (the first one: exactly its gap's points).
      ...(action.kind === 'find-out' && gap
        ? { stepPoints: gap.stepPoints, overallPoints: gap.overallPoints }
        : points),
      // Choices of a multi question can be added in any order; rungs of a ladder (or after a find-out) cannot.
      startable: action.rung === 1 || (action.choiceId !== undefined && !planned),
    });
  }
  for (const gap of gaps.values()) {
    items.push({
      stepId: gap.stepId,
      stepTitle: stepById.get(gap.stepId)!.title,
      questionId: gap.questionId,
      prompt: gap.prompt,
      kind: gap.kind === 'unknown' ? 'find-out' : 'improve',
      ...(gap.choiceId !== undefined && { choiceId: gap.choiceId }),
      critical: gap.critical,
      action: gap.action,
      effort: gap.action.effort,
      cost: EFFORT_COST[gap.action.effort],
      onPath: false,
      rung: 1,
      from: gap.current,
      stepPoints: gap.stepPoints,
      overallPoints: gap.overallPoints,
      startable: true,
    });
  }

  const planOf = new Map((path?.steps ?? []).map((plan) => [plan.stepId, plan] as const));
  const belowTarget = (stepId: string) => {
    const plan = planOf.get(stepId);
    return plan !== undefined && plan.target !== undefined && plan.score < plan.target.score;
  };
  const decidesTarget = (item: Omit<RoadmapItem, 'phase' | 'reason'>) =>
    planOf.get(item.stepId)?.findOut.includes(item.questionId) === true;
  // On target for certain: at or above its target, and no unknown answer could take it below (an undetermined step is
  // not on target: finding out its unknown answers decides it). Its plan may still hold actions for the overall score.
  const onTarget = (stepId: string) => {
    const target = planOf.get(stepId)?.target;
    return target !== undefined && !belowTarget(stepId) && stepById.get(stepId)!.low >= target.score;
  };
  const placed: RoadmapItem[] = items.map(({ startable: first, ...item }) => {
    let phase: Phase;
    let reason: RoadmapReason;
    if (!path) {
      if (item.critical && first) [phase, reason] = ['now', 'blocker'];
      else if (item.kind === 'find-out') [phase, reason] = ['next', 'find-out'];
      else if (item.effort === 'S') [phase, reason] = ['next', 'quick-win'];
      else [phase, reason] = ['later', 'improvement'];
    } else if (onTarget(item.stepId)) {
      // A step already on target waits: its items come after every item that serves a target still unmet.
      phase = 'later';
      if (item.kind === 'find-out') reason = 'find-out';
      else if (item.onPath) reason = 'path';
      else reason = item.critical && first ? 'critical' : 'improvement';
    } else if (item.critical && first && belowTarget(item.stepId)) [phase, reason] = ['now', 'blocker'];
    else if (item.kind === 'find-out' && (item.onPath || decidesTarget(item))) [phase, reason] = ['now', 'find-out'];
    else if (item.onPath && first && item.effort === 'S') [phase, reason] = ['now', 'quick-win'];
    else if (item.onPath) [phase, reason] = ['next', 'path'];
    else if (item.critical && first) [phase, reason] = ['next', 'critical'];
    else [phase, reason] = ['later', item.kind === 'find-out' ? 'find-out' : 'improvement'];
    return { phase, reason, ...item };
  });

  // Risk first: critical items, then the ones that block a target (on the path, or a find-out that decides one); then
  // value for effort.
  const risk = (item: RoadmapItem) =>
    item.critical ? 0 : item.onPath || (item.kind === 'find-out' && decidesTarget(item)) ? 1 : 2;
  const order = (a: RoadmapItem, b: RoadmapItem) =>
    risk(a) - risk(b) ||
    b.overallPoints / b.cost - a.overallPoints / a.cost ||
    stepIndex.get(a.stepId)! - stepIndex.get(b.stepId)! ||
    questionIndex.get(a.questionId)! - questionIndex.get(b.questionId)! ||
    a.rung - b.rung;
  const phase = (name: Phase) => keepRungsInOrder(placed.filter((item) => item.phase === name).sort(order));
  return { now: phase('now'), next: phase('next'), later: phase('later'), ...(path && { path }) };
}

/** Within a sorted list, puts the rungs of each question back in rung order (in the places that question holds). */
function keepRungsInOrder(items: RoadmapItem[]): RoadmapItem[] {
  const slots = new Map<string, number[]>();
  for (const [index, item] of items.entries()) {
    const key = item.questionId;
    slots.set(key, [...(slots.get(key) ?? []), index]);
  }
  const out = [...items];
  for (const indexes of slots.values()) {
    if (indexes.length < 2) continue;
    const sorted = indexes.map((index) => items[index]!).sort((a, b) => a.rung - b.rung);
    for (const [position, index] of indexes.entries()) out[index] = sorted[position]!;
  }
  return out;
}

/**
 * The items of a list with near-duplicates gathered: the actions on one question (the rungs of a ladder, the choices of
 * a list) and actions whose text is nearly the same (one playbook action reused for several questions) become one
 * group, in the place of its first item. Order is kept otherwise. Find-outs never group.
 *
 * Each item joins the first group holding an item it nearly duplicates. "Nearly the same" is a Jaccard similarity of at
 * least 0.8 between the texts' words (over two letters). Instead of comparing every pair, an item is compared only with
 * earlier items sharing one of its rarest words ("prefix filtering"): two sets that similar must share one of those
 * words, so no pair is missed and a long roadmap costs about linear time.
 */
export function groupNearDuplicates(items: readonly RoadmapItem[]): RoadmapItem[][] {
  const groups: RoadmapItem[][] = [];
  const wordsOf = items.map((item) => (item.kind === 'find-out' ? [] : wordsIn(item.action.text)));
  const frequency = new Map<string, number>();
  for (const words of wordsOf) for (const word of words) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  const groupOfQuestion = new Map<string, number>();
  const groupOfItem: number[] = [];
  const sets: Set<string>[] = [];
  const byPrefixWord = new Map<string, number[]>();
  for (const [index, item] of items.entries()) {
    const words = wordsOf[index]!;
    const set = new Set(words);
    sets.push(set);
    let group = Number.POSITIVE_INFINITY;
    let prefix: string[] = [];
    if (item.kind !== 'find-out') {
      group = groupOfQuestion.get(item.questionId) ?? group;
      // Rarest words first (ties by the word), then the shortest prefix two sets this similar must share a word of.
      const ordered = [...set].sort((a, b) => frequency.get(a)! - frequency.get(b)! || (a < b ? -1 : a > b ? 1 : 0));
      // (A similarity of 0.8 needs ⌈0.8 n⌉ shared words; 4n / 5 is exact or far from a whole number.)
      prefix = ordered.slice(0, ordered.length - Math.ceil((4 * ordered.length) / 5) + 1);
      for (const word of prefix)
        for (const earlier of byPrefixWord.get(word) ?? [])
          if (groupOfItem[earlier]! < group && similarWords(sets[earlier]!, set)) group = groupOfItem[earlier]!;
    }
    if (group === Number.POSITIVE_INFINITY) {
      group = groups.length;
      groups.push([]);
    }
    groups[group]!.push(item);
    groupOfItem.push(group);
    if (item.kind === 'find-out') continue;
    if (!groupOfQuestion.has(item.questionId)) groupOfQuestion.set(item.questionId, group);
    for (const word of prefix) {
      const holders = byPrefixWord.get(word);
      if (holders) holders.push(index);
      else byPrefixWord.set(word, [index]);
    }
  }
  return groups;
}

/** The words of an action's text that similarity counts: letters and digits, lower case, over two characters. */
function wordsIn(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 2);
}

/** Whether two sets of words are nearly all the same (Jaccard similarity ≥ 0.8). */
function similarWords(left: ReadonlySet<string>, right: ReadonlySet<string>): boolean {
  let shared = 0;
  for (const word of left) if (right.has(word)) shared++;
  const union = left.size + right.size - shared;
  return union > 0 && shared / union >= 0.8;
}
