// The scoring engine: rubric + answers in, a plain report out. Pure and deterministic.
import { findStage, getLevel, levelForScore, levelRank } from './levels.js';
import type { Action, Answer, Assessment, Question, Rubric } from './model.js';
import { describeAnswer, describeAnswerShort, improvementsFor, isApplicable, scoreAnswer, scoreBounds } from './questions.js';

export type QuestionStatus = 'answered' | 'unknown' | 'unanswered' | 'na' | 'skipped';

export interface QuestionResult {
  id: string;
  stepId: string;
  prompt: string;
  kind: Question['kind'];
  weight: number;
  critical: boolean;
  status: QuestionStatus;
  /** 0..1 for answered questions. */
  score?: number;
  /** A short text of the answer. */
  answerText: string;
  answer?: Answer;
  /** Critical and answered below the rubric's `met_at`. */
  criticalUnmet: boolean;
}

export interface StepResult {
  id: string;
  title: string;
  weight: number;
  /** False when every question was not applicable or skipped: the step is left out of the overall score. */
  applicable: boolean;
  /** 0..100 integers. `score` counts known answers only; `low`/`high` score unknowns as worst/best. */
  score: number;
  low: number;
  high: number;
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
  meetsTarget?: boolean;
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
  /** Points of the step score (0..100) this action is expected to add. */
  stepPoints: number;
  /** Points of the overall score this action is expected to add. */
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

export interface Report {
  rubric: { id: string; version: string; title: string };
  team?: string;
  product?: string;
  stage?: string;
  stageName?: string;
  date?: string;
  overall: {
    score: number;
    low: number;
    high: number;
    level: string;
    levelName: string;
    target?: string;
    targetName?: string;
    meetsTarget?: boolean;
    stepsBelowTarget: number;
  } & Counts;
  steps: StepResult[];
  gaps: Gap[];
  /** Answers marked for discussion, in playbook order; absent when there are none. */
  discuss?: DiscussItem[];
}

interface Sums {
  known: number;
  knownWeight: number;
  worst: number;
  best: number;
  openWeight: number;
}

/** Scores an assessment against its rubric, optionally for another stage than the one in the answers. */
export function scoreAssessment(rubric: Rubric, assessment: Assessment, options: { stage?: string } = {}): Report {
  const byId = new Map(rubric.steps.flatMap((step) => step.questions.map((question) => [question.id, question] as const)));
  const stage = findStage(rubric, options.stage ?? assessment.stage);
  const capLevel = getLevel(rubric.levels, rubric.critical.cap);
  const totalStepWeight = rubric.steps.reduce((sum, step) => sum + step.weight, 0);

  const steps: StepResult[] = [];
  const gaps: Gap[] = [];
  // Step scores are exposed rounded; the overall means (score, low, high) are taken over the unrounded, capped values so
  // rounding happens once and low ≤ score ≤ high holds overall too.
  const exact = new Map<string, { score: number; low: number; high: number }>();

  for (const step of rubric.steps) {
    const sums: Sums = { known: 0, knownWeight: 0, worst: 0, best: 0, openWeight: 0 };
    const questions = step.questions.map((question) =>
      resolveQuestion(question, assessment.answers, byId, rubric.critical.metAt),
    );
    for (const [index, result] of questions.entries()) {
      const question = step.questions[index]!;
      const bounds = scoreBounds(question);
      if (result.status === 'answered') {
        sums.known += result.weight * result.score!;
        sums.knownWeight += result.weight;
      } else if (result.status === 'unknown' || result.status === 'unanswered') {
        sums.worst += result.weight * bounds.worst;
        sums.best += result.weight * bounds.best;
        sums.openWeight += result.weight;
      }
    }
    const applicableWeight = sums.knownWeight + sums.openWeight;
    const applicable = applicableWeight > 0;
    const criticalUnmet = questions.filter((result) => result.criticalUnmet).map((result) => result.id);
    const criticalUnknown = questions.filter((result) => result.critical && (result.status === 'unknown' || result.status === 'unanswered')).map((result) => result.id);
    // A must-have that is unmet caps the step; one nobody knows about caps it too (it is not met), except in the best case.
    const capped = criticalUnmet.length > 0 || criticalUnknown.length > 0;

    const rawLow = applicable ? (100 * (sums.known + sums.worst)) / applicableWeight : 0;
    const rawHigh = applicable ? (100 * (sums.known + sums.best)) / applicableWeight : 0;
    const knownScore = !applicable ? 0 : sums.knownWeight > 0 ? (100 * sums.known) / sums.knownWeight : (100 * sums.worst) / applicableWeight;
    // The known answers' mean can lie outside what the open answers allow (an unknown question whose best answer scores
    // below it, or whose worst scores above it): keep the score within low..high.
    const rawScore = Math.min(Math.max(knownScore, rawLow), rawHigh);
    const cap = (value: number, when: boolean) => (when ? Math.min(value, capLevel.max) : value);
    const score = cap(rawScore, capped);
    const low = cap(rawLow, capped);
    const high = cap(rawHigh, criticalUnmet.length > 0);

    const level = levelForScore(rubric.levels, score);
    const targetId = stage?.targets[step.id];
    const target = targetId ? getLevel(rubric.levels, targetId) : undefined;
    const meetsTarget = target && applicable ? levelRank(rubric.levels, level.id) >= levelRank(rubric.levels, target.id) : undefined;
    const roundedScore = Math.round(score);
    exact.set(step.id, { score, low, high });

    steps.push({
      id: step.id,
      title: step.title,
      weight: step.weight,
      applicable,
      score: roundedScore,
      low: Math.round(low),
      high: Math.round(high),
      rawScore: Math.round(rawScore),
      capped: capped && rawScore > capLevel.max,
      level: level.id,
      levelName: level.name,
      ...(target && {
        target: target.id,
        targetName: target.name,
        targetScore: target.min,
        gap: applicable ? roundedScore - target.min : 0,
        meetsTarget: meetsTarget ?? true,
      }),
      criticalUnmet,
      criticalUnknown,
      counts: countStatuses(questions),
      questions,
    });

    const stepShare = totalStepWeight > 0 ? step.weight / totalStepWeight : 0;
    for (const [index, result] of questions.entries()) {
      const question = step.questions[index]!;
      const toStepPoints = (delta: number) => (applicable ? (100 * result.weight * delta) / applicableWeight : 0);
      const common = {
        questionId: question.id,
        stepId: step.id,
        prompt: question.prompt,
        critical: question.critical,
        current: result.answerText,
        stepBelowTarget: meetsTarget === false,
      };
      if (result.status === 'answered') {
        for (const improvement of improvementsFor(question, result.answer!, result.score!)) {
          const stepPoints = toStepPoints(improvement.scoreAfter - result.score!);
          gaps.push({
            ...common,
            kind: 'improve',
            critical: result.criticalUnmet,
            action: improvement.action,
            ...(improvement.choiceId && { choiceId: improvement.choiceId }),
            stepPoints: round1(stepPoints),
            overallPoints: round1(stepPoints * stepShare),
          });
        }
      } else if (result.status === 'unknown' || result.status === 'unanswered') {
        const bounds = scoreBounds(question);
        const stepPoints = toStepPoints(bounds.best - bounds.worst);
        gaps.push({
          ...common,
          kind: 'unknown',
          action: { text: `Find out and record the answer: ${question.prompt}`, effort: 'S' },
          stepPoints: round1(stepPoints),
          overallPoints: round1(stepPoints * stepShare),
        });
      }
    }
  }

  const scored = steps.filter((step) => step.applicable);
  const weightOf = (id: string) => rubric.steps.find((step) => step.id === id)!.weight;
  const scoredWeight = scored.reduce((sum, step) => sum + weightOf(step.id), 0);
  const mean = (pick: (step: StepResult) => number) =>
    scoredWeight > 0 ? scored.reduce((sum, step) => sum + weightOf(step.id) * pick(step), 0) / scoredWeight : 0;
  const overallScore = Math.round(mean((step) => exact.get(step.id)!.score));
  const overallLevel = levelForScore(rubric.levels, overallScore);
  const overallTarget = stage ? getLevel(rubric.levels, stage.overall) : undefined;
  const allQuestions = steps.flatMap((step) => step.questions);
  const discuss = allQuestions.filter((result) => result.answer?.discuss !== undefined).map((result) => toDiscussItem(result, byId.get(result.id)!));

  return {
    rubric: { id: rubric.id, version: rubric.version, title: rubric.title },
    ...(assessment.team !== undefined && { team: assessment.team }),
    ...(assessment.product !== undefined && { product: assessment.product }),
    ...(stage && { stage: stage.id, stageName: stage.name }),
    ...(assessment.date !== undefined && { date: assessment.date }),
    overall: {
      score: overallScore,
      low: Math.round(mean((step) => exact.get(step.id)!.low)),
      high: Math.round(mean((step) => exact.get(step.id)!.high)),
      level: overallLevel.id,
      levelName: overallLevel.name,
      ...(overallTarget && {
        target: overallTarget.id,
        targetName: overallTarget.name,
        meetsTarget: levelRank(rubric.levels, overallLevel.id) >= levelRank(rubric.levels, overallTarget.id),
      }),
      stepsBelowTarget: steps.filter((step) => step.meetsTarget === false).length,
      ...countStatuses(allQuestions),
    },
    steps,
    gaps: rankGaps(gaps, rubric.steps.map((step) => step.id)),
    ...(discuss.length > 0 && { discuss }),
  };
}

function toDiscussItem(result: QuestionResult, question: Question): DiscussItem {
  // Ids, like the `discuss:` text it sits next to; a skipped question's answer does not count, so say that instead.
  const current = result.status === 'skipped' ? result.answerText : describeAnswerShort(question, result.answer!.value);
  return { questionId: result.id, stepId: result.stepId, prompt: result.prompt, critical: result.critical, text: result.answer!.discuss!, current };
}

function resolveQuestion(
  question: Question,
  answers: Record<string, Answer>,
  byId: Map<string, Question>,
  metAt: number,
): QuestionResult {
  const answer = answers[question.id];
  const base = {
    id: question.id,
    stepId: question.stepId,
    prompt: question.prompt,
    kind: question.kind,
    weight: question.weight,
    critical: question.critical,
    answerText: describeAnswer(question, answer),
    ...(answer && { answer }),
  };
  if (!isApplicable(question, answers, byId)) {
    return { ...base, status: 'skipped', answerText: 'skipped (condition not met)', criticalUnmet: false };
  }
  if (!answer) return { ...base, status: 'unanswered', criticalUnmet: false };
  if (answer.value.type === 'unknown') return { ...base, status: 'unknown', criticalUnmet: false };
  if (answer.value.type === 'na') return { ...base, status: 'na', criticalUnmet: false };
  const score = scoreAnswer(question, answer)!;
  return { ...base, status: 'answered', score, criticalUnmet: question.critical && score < metAt };
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

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
