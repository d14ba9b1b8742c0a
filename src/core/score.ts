// The scoring engine: rubric + answers in, a plain report out. Pure and deterministic.
import { findOutText } from './evidence.js';
import { findStage, getLevel, levelForScore, levelRank, targetStatus, type TargetStatus } from './levels.js';
import { fitActions } from './fit-actions.js';
import type { Action, Assessment, Display, Profile, Question, Rubric, UnknownMode } from './model.js';
import type { QuestionResult, QuestionStatus } from './question-result.js';
import { describeAnswerShort, improvementsFor } from './questions.js';
import {
  bestOfContribution,
  computeStep,
  contributionOf,
  createGainModel,
  createScoreContext,
  overallRange,
  overallScore,
  overallUnits,
  resolveQuestion,
  sumStep,
  type StepValues,
  type WeightedStep,
} from './step-score.js';

export type { QuestionResult, QuestionStatus } from './question-result.js';

export interface StepResult {
  id: string;
  title: string;
  externalId?: string;
  weight: number;
  /** False when no question applies (each is n/a, skipped or open): the step is left out of the overall score. */
  applicable: boolean;
  /**
   * 0..100 integers. `score` counts known answers only; `low`/`high` are the worst and best case once every unknown answer
   * is known (unknown questions at their worst/best, open ones counted where they may move it). 0 when not applicable.
   */
  score: number;
  low: number;
  high: number;
  /** The same, unrounded. */
  scoreExact: number;
  lowExact: number;
  highExact: number;
  /** The score before a critical cap. */
  rawScore: number;
  capped: boolean;
  level: string;
  levelName: string;
  target?: string;
  targetName?: string;
  /** The `min` of the target level. */
  targetScore?: number;
  /** score − targetScore (negative = below target). */
  gap?: number;
  /** The headline score's level reaches the target (on known answers; `status` says whether it is certain). */
  meetsTarget?: boolean;
  /** With a target: met (even the worst case reaches it), below (not even the best case) or undetermined. */
  status?: TargetStatus;
  /** Undetermined: the unknown, unanswered and open questions whose answers decide it. */
  undecidedBy?: number;
  /** Critical questions answered below `met_at`. */
  criticalUnmet: string[];
  /** Critical questions answered unknown or not at all: they cap the score too (but not the best case). */
  criticalUnknown: string[];
  counts: Counts;
  questions: QuestionResult[];
}

export interface Counts {
  total: number;
  answered: number;
  unknown: number;
  unanswered: number;
  notApplicable: number;
  skipped: number;
  /** Questions that depend on an unknown answer (status `open`). */
  open: number;
}

export interface Gap {
  questionId: string;
  stepId: string;
  prompt: string;
  kind: 'improve' | 'unknown';
  critical: boolean;
  action: Action;
  /** Answer text now. */
  current: string;
  /** For multi questions: the choice this action adds. */
  choiceId?: string;
  /**
   * improve: the points (one decimal) the step score (0..100) gains when this one action is taken, as the scorer computes
   * it; unknown: the most the step score can move, either way, once the answer is known (its worst or best answer).
   */
  stepPoints: number;
  /** The same for the overall score. */
  overallPoints: number;
  stepBelowTarget: boolean;
}

/** An answer marked `discuss:` (e.g. by `scaleplay merge` where a workshop split): the report uses it for now. */
export interface DiscussItem {
  questionId: string;
  stepId: string;
  prompt: string;
  critical: boolean;
  /** The file's `discuss:` text: how the answers split (e.g. "yes ×2, no ×1") or why to discuss it. */
  text: string;
  /** The answer the report uses until the question is settled, as in the file (e.g. "yes", "[sso, scim]", "20"). */
  current: string;
}

/** A step group's scores: the weighted mean of its steps (like the overall score of those steps). */
export interface GroupResult {
  id: string;
  title: string;
  weight: number;
  steps: string[];
  /** False when none of its steps applies. */
  applicable: boolean;
  score: number;
  low: number;
  high: number;
  scoreExact: number;
  lowExact: number;
  highExact: number;
  level: string;
  levelName: string;
  target?: string;
  targetName?: string;
  status?: TargetStatus;
  undecidedBy?: number;
}

/** A score as the comparing views show it (diff, portfolio): the rounded score, its range, its level, and whether it counts. */
export interface ScoreSummary {
  score: number;
  low: number;
  high: number;
  level: string;
  levelName: string;
  applicable: boolean;
}

/** The summary of a step result, or of the overall result (which always applies). */
export function summarizeScore(
  scored: Pick<ScoreSummary, 'score' | 'low' | 'high' | 'level' | 'levelName'> & { applicable?: boolean },
): ScoreSummary {
  const { score, low, high, level, levelName, applicable = true } = scored;
  return { score, low, high, level, levelName, applicable };
}

export interface Report {
  rubric: { id: string; version: string; title: string };
  team?: string;
  product?: string;
  stage?: string;
  stageName?: string;
  date?: string;
  /** The company profile the answers were given for. */
  profile?: Profile;
  overall: {
    score: number;
    low: number;
    high: number;
    level: string;
    levelName: string;
    /** The same, unrounded. */
    scoreExact: number;
    lowExact: number;
    highExact: number;
    target?: string;
    targetName?: string;
    meetsTarget?: boolean;
    status?: TargetStatus;
    undecidedBy?: number;
    stepsBelowTarget: number;
  } & Counts;
  /** How unknown answers count in the headline scores (the rubric's `unknown`, default range). */
  unknown: UnknownMode;
  /** How to show scores (the rubric's `display`); absent: 0..100 whole numbers. */
  display?: Display;
  /** Step groups, in rubric order; absent when the rubric has none. */
  groups?: GroupResult[];
  steps: StepResult[];
  gaps: Gap[];
  /** Answers marked for discussion, in playbook order; absent when there are none. */
  discuss?: DiscussItem[];
}

/**
 * Scores an assessment against its rubric, optionally for another stage than the one in the answers. `gaps: false`
 * leaves the gaps out (empty): what each action would gain is most of the work, and `portfolio` shows none of it.
 */
export function scoreAssessment(
  fullRubric: Rubric,
  assessment: Assessment,
  options: { stage?: string; gaps?: boolean } = {},
): Report {
  const stage = findStage(fullRubric, options.stage ?? assessment.stage);
  // Actions before the team's stage or for another profile are never recommended.
  const rubric = fitActions(fullRubric, stage?.id, assessment.profile);
  const context = createScoreContext(rubric, assessment.profile);
  const byId = context.byId;
  const capLevel = getLevel(rubric.levels, rubric.critical.cap);

  // Step scores are exposed rounded; the overall means (score, low, high) are taken over the unrounded, capped values so
  // rounding happens once and low ≤ score ≤ high holds overall too.
  const scoredSteps = rubric.steps.map((step, index) => {
    const questions = step.questions.map((question) => resolveQuestion(question, assessment.answers, context));
    const contributions = questions.map((result) => contributionOf(result, context));
    const bestOf = context.bestOf[index];
    const values = computeStep(sumStep(contributions, undefined, bestOf), context.capMax, context.unknown);
    return { step, weight: step.weight, questions, contributions, bestOf, values };
  });
  const gains = options.gaps === false ? undefined : createGainModel(rubric, assessment.answers, scoredSteps, context);

  const steps: StepResult[] = [];
  const gaps: Gap[] = [];
  for (const { step, questions, values, contributions, bestOf } of scoredSteps) {
    const applicable = values.applicable;
    const criticalUnmet = questions.filter((result) => result.criticalUnmet).map((result) => result.id);
    const criticalUnknown = questions
      .filter((result) => result.critical && (result.status === 'unknown' || result.status === 'unanswered'))
      .map((result) => result.id);
    const capped = criticalUnmet.length > 0 || criticalUnknown.length > 0;
    const level = levelForScore(rubric.levels, values.score);
    const targetId = stage?.targets[step.id];
    const target = targetId ? getLevel(rubric.levels, targetId) : undefined;
    const meetsTarget =
      target && applicable ? levelRank(rubric.levels, level.id) >= levelRank(rubric.levels, target.id) : undefined;
    const roundedScore = Math.round(values.score);
    const status = target && applicable ? targetStatus(rubric.levels, values.low, values.high, target.id) : undefined;
    const open = questions.filter((result) => ['unknown', 'unanswered', 'open'].includes(result.status)).length;

    steps.push({
      id: step.id,
      title: step.title,
      ...(step.externalId !== undefined && { externalId: step.externalId }),
      weight: step.weight,
      applicable,
      score: roundedScore,
      low: Math.round(values.low),
      high: Math.round(values.high),
      scoreExact: exact(values.score),
      lowExact: exact(values.low),
      highExact: exact(values.high),
      rawScore: Math.round(values.rawScore),
      capped: capped && values.rawScore > capLevel.max,
      level: level.id,
      levelName: level.name,
      ...(target && {
        target: target.id,
        targetName: target.name,
        targetScore: target.min,
        gap: applicable ? roundedScore - target.min : 0,
        meetsTarget: meetsTarget ?? true,
      }),
      ...(status && { status }),
      ...(status === 'undetermined' && { undecidedBy: open }),
      criticalUnmet,
      criticalUnknown,
      counts: countStatuses(questions),
      questions,
    });

    for (const [index, result] of questions.entries()) {
      if (!gains) break;
      const question = step.questions[index]!;
      const common = {
        questionId: question.id,
        stepId: step.id,
        prompt: question.prompt,
        critical: question.critical,
        current: result.answerText,
        stepBelowTarget: meetsTarget === false,
      };
      if (result.status === 'answered') {
        // A member of a best_of group helps only above the group's current best: improvements that stay below are no
        // gap.
        const group = bestOf?.find((candidate) => candidate.positions.includes(index));
        const groupBest = group ? bestOfContribution(group, (position) => contributions[position]!).worst : -1;
        for (const improvement of improvementsFor(question, result.answer!, result.score!)) {
          if (!(improvement.scoreAfter > groupBest)) continue;
          gaps.push({
            ...common,
            kind: 'improve',
            critical: result.criticalUnmet,
            action: improvement.action,
            ...(improvement.choiceId && { choiceId: improvement.choiceId }),
            ...gains.gain(question.id, improvement.answer),
          });
        }
      } else if (result.status === 'unknown' || result.status === 'unanswered') {
        gaps.push({
          ...common,
          kind: 'unknown',
          action: { text: findOutText(question, result.answer), effort: 'S' },
          ...gains.findOutGain(question.id),
        });
      }
    }
  }

  const weighted: WeightedStep[] = scoredSteps.map(({ weight, values }) => ({ weight, values }));
  const units = overallUnits(weighted, context.shape);
  const overallExact = overallScore(units);
  const range = overallRange(units);
  const overallScoreValue = Math.round(overallExact);
  const overallLevel = levelForScore(rubric.levels, overallExact);
  const overallTarget = stage ? getLevel(rubric.levels, stage.overall) : undefined;
  const openIn = (indices: readonly number[]) =>
    indices.reduce((sum, index) => {
      const counts = steps[index]!.counts;
      return sum + counts.unknown + counts.unanswered + counts.open;
    }, 0);
  const anyApplicable = steps.some((step) => step.applicable);
  const overallStatus =
    overallTarget && anyApplicable ? targetStatus(rubric.levels, range.low, range.high, overallTarget.id) : undefined;
  const groups = rubric.groups?.map((group, position) => {
    const unit = context.shape!.units[position]!;
    const values = units[position]!.values;
    return groupResult(rubric, group, unit.steps, values, stage?.targets[group.id], openIn(unit.steps));
  });
  const allQuestions = steps.flatMap((step) => step.questions);
  const discuss = allQuestions
    .filter((result) => result.answer?.discuss !== undefined)
    .map((result) => toDiscussItem(result, byId.get(result.id)!));

  return {
    rubric: { id: rubric.id, version: rubric.version, title: rubric.title },
    ...(assessment.team !== undefined && { team: assessment.team }),
    ...(assessment.product !== undefined && { product: assessment.product }),
    ...(stage && { stage: stage.id, stageName: stage.name }),
    ...(assessment.date !== undefined && { date: assessment.date }),
    ...(assessment.profile && { profile: assessment.profile }),
    overall: {
      score: overallScoreValue,
      low: Math.round(range.low),
      high: Math.round(range.high),
      scoreExact: exact(overallExact),
      lowExact: exact(range.low),
      highExact: exact(range.high),
      level: overallLevel.id,
      levelName: overallLevel.name,
      ...(overallTarget && {
        target: overallTarget.id,
        targetName: overallTarget.name,
        meetsTarget: levelRank(rubric.levels, overallLevel.id) >= levelRank(rubric.levels, overallTarget.id),
      }),
      ...(overallStatus && { status: overallStatus }),
      // Over the whole rubric, a question open on an unknown answer is decided with that answer: count the answers
      // to find out (unknown or unanswered), not the questions waiting on them too.
      ...(overallStatus === 'undetermined' && {
        undecidedBy: steps.reduce((sum, step) => sum + step.counts.unknown + step.counts.unanswered, 0),
      }),
      stepsBelowTarget: steps.filter((step) => step.meetsTarget === false).length,
      ...countStatuses(allQuestions),
    },
    unknown: context.unknown,
    ...(rubric.display && { display: rubric.display }),
    ...(groups && { groups }),
    steps,
    gaps: rankGaps(
      gaps,
      rubric.steps.map((step) => step.id),
    ),
    ...(discuss.length > 0 && { discuss }),
  };
}

function groupResult(
  rubric: Rubric,
  group: NonNullable<Rubric['groups']>[number],
  indices: readonly number[],
  values: StepValues,
  targetId: string | undefined,
  open: number,
): GroupResult {
  const level = levelForScore(rubric.levels, values.score);
  const target = targetId ? getLevel(rubric.levels, targetId) : undefined;
  const status =
    target && values.applicable ? targetStatus(rubric.levels, values.low, values.high, target.id) : undefined;
  return {
    id: group.id,
    title: group.title,
    weight: group.weight,
    steps: indices.map((index) => rubric.steps[index]!.id),
    applicable: values.applicable,
    score: Math.round(values.score),
    low: Math.round(values.low),
    high: Math.round(values.high),
    scoreExact: exact(values.score),
    lowExact: exact(values.low),
    highExact: exact(values.high),
    level: level.id,
    levelName: level.name,
    ...(target && { target: target.id, targetName: target.name }),
    ...(status && { status }),
    ...(status === 'undetermined' && { undecidedBy: open }),
  };
}

/**
 * An unrounded score as exposed: to 9 decimals, so a floating-point residue (84.99999999999999) reads as what it is
 * (85).
 */
function exact(value: number): number {
  return Math.round(value * 1e9) / 1e9 + 0;
}

function toDiscussItem(result: QuestionResult, question: Question): DiscussItem {
  // Ids, like the `discuss:` text it sits next to; a skipped question's answer does not count, so say that instead.
  const current = result.status === 'skipped' ? result.answerText : describeAnswerShort(question, result.answer!.value);
  return {
    questionId: result.id,
    stepId: result.stepId,
    prompt: result.prompt,
    critical: result.critical,
    text: result.answer!.discuss!,
    current,
  };
}

function countStatuses(questions: readonly QuestionResult[]): Counts {
  const count = (status: QuestionStatus) => questions.filter((question) => question.status === status).length;
  return {
    total: questions.length,
    answered: count('answered'),
    unknown: count('unknown'),
    unanswered: count('unanswered'),
    notApplicable: count('na'),
    skipped: count('skipped'),
    open: count('open'),
  };
}

/**
 * Orders gaps: critical questions unmet (then unknown) first, then gaps in steps below their target, then the rest; unknowns after
 * known gaps in each group; within a group the largest overall gain first, then playbook order.
 */
export function rankGaps(gaps: readonly Gap[], stepOrder: readonly string[]): Gap[] {
  const group = (gap: Gap) => (gap.critical ? 0 : gap.stepBelowTarget ? 1 : 2) * 2 + (gap.kind === 'unknown' ? 1 : 0);
  return gaps
    .map((gap, index) => ({ gap, index }))
    .sort(
      (a, b) =>
        group(a.gap) - group(b.gap) ||
        b.gap.overallPoints - a.gap.overallPoints ||
        stepOrder.indexOf(a.gap.stepId) - stepOrder.indexOf(b.gap.stepId) ||
        a.index - b.index,
    )
    .map(({ gap }) => gap);
}
