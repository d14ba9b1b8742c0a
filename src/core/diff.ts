// Compares two scored reports of one team (an older and a newer answers file): per step and per question, what
// improved, what regressed, and what is new or gone because the rubric changed between the two files.
import type { RubricDrift } from './drift.js';
import { PLAN_STATES, type PlanEntry } from './model.js';
import { type QuestionResult, type QuestionStatus, type Report, type ScoreSummary, summarizeScore } from './score.js';

/** Question changes in the order reports list them (worst news first). */
export const QUESTION_CHANGES = [
  'regressed',
  'now-unknown',
  'improved',
  'now-known',
  'changed',
  'new',
  'gone',
  'unchanged',
] as const;
/** What happened to one question between the two files. */
export type QuestionChange = (typeof QUESTION_CHANGES)[number];

/** One side of a question comparison. */
export interface QuestionSide {
  status: QuestionStatus | 'absent';
  answerText: string;
  /** 0..1, for answered questions. */
  score?: number;
}

/** One question compared across the two files. */
export interface QuestionDiff {
  stepId: string;
  questionId: string;
  /** Absent for questions gone from the rubric. */
  prompt?: string;
  critical: boolean;
  change: QuestionChange;
  before: QuestionSide;
  after: QuestionSide;
}

/** One side of a step (or the overall) comparison. */
export type ScoreSide = ScoreSummary;

/** One step compared across the two files. */
export interface StepDiff {
  id: string;
  title: string;
  change: 'improved' | 'regressed' | 'unchanged';
  before: ScoreSide;
  after: ScoreSide;
  /** after.score − before.score (0 when either side is not applicable). */
  delta: number;
  questions: QuestionDiff[];
}

/** The whole comparison of two answers files. */
export interface ReportDiff {
  rubric: { id: string; version: string; title: string };
  before: { rubricVersion: string; date?: string; team?: string };
  after: { rubricVersion: string; date?: string; team?: string };
  overall: { before: ScoreSide; after: ScoreSide; delta: number; change: StepDiff['change'] };
  steps: StepDiff[];
  /** Answers in the older file to steps or questions the rubric no longer has. */
  gone: QuestionDiff[];
  /** How many questions had each change (gone included). */
  counts: Record<QuestionChange, number>;
  /** Progress on the team's plan (the files' `plan:`), when either file has one; in playbook order. */
  plan?: PlanProgress[];
}

/** What happened to one entry of the plan between the two files. */
export type PlanChange = 'added' | 'dropped' | 'advanced' | 'reopened' | 'updated' | 'unchanged';

/** One entry of the plan compared across the two files. */
export interface PlanProgress {
  stepId: string;
  questionId: string;
  prompt?: string;
  change: PlanChange;
  before?: PlanEntry;
  after?: PlanEntry;
  /** What the question's answer did meanwhile (improved, unchanged…). */
  answer?: QuestionChange;
  /** Not done and due before the newer file's date. */
  overdue: boolean;
}

/** The drift each side was loaded with (undefined when the file matches the rubric's version). */
export interface DiffDrift {
  before?: RubricDrift;
  after?: RubricDrift;
}

/** Compares two reports scored with the same rubric. */
export function diffReports(
  before: Report,
  after: Report,
  drift: DiffDrift = {},
  plans: { before?: Record<string, PlanEntry>; after?: Record<string, PlanEntry> } = {},
): ReportDiff {
  const versionOf = (side: RubricDrift | undefined) => side?.answersVersion ?? after.rubric.version;
  const rubricChanged = versionOf(drift.before) !== versionOf(drift.after);
  const key = (stepId: string, questionId?: string) => `${stepId}.${questionId ?? ''}`;
  const notesOf = (side: RubricDrift | undefined, kinds: string[]) =>
    new Set(
      (side?.notes ?? []).filter((note) => kinds.includes(note.kind)).map((note) => key(note.stepId, note.questionId)),
    );
  // A question is new when the older file's rubric did not have it and the newer file's did.
  const newIds = rubricChanged
    ? difference(notesOf(drift.before, ['new-question']), notesOf(drift.after, ['new-question']))
    : new Set<string>();
  const beforeSteps = new Map(before.steps.map((step) => [step.id, step]));

  const steps: StepDiff[] = after.steps.map((afterStep) => {
    const beforeStep = beforeSteps.get(afterStep.id)!;
    const beforeQuestions = new Map(beforeStep.questions.map((question) => [question.id, question]));
    const questions = afterStep.questions.map((afterQuestion) => {
      const beforeQuestion = beforeQuestions.get(afterQuestion.id)!;
      const isNew = newIds.has(key(afterStep.id, afterQuestion.id));
      return {
        stepId: afterStep.id,
        questionId: afterQuestion.id,
        prompt: afterQuestion.prompt,
        critical: afterQuestion.critical,
        change: isNew ? 'new' : classifyQuestion(beforeQuestion, afterQuestion),
        before: isNew ? { status: 'absent', answerText: 'not in the older rubric' } : sideOf(beforeQuestion),
        after: sideOf(afterQuestion),
      } satisfies QuestionDiff;
    });
    const delta = beforeStep.applicable && afterStep.applicable ? afterStep.score - beforeStep.score : 0;
    return {
      id: afterStep.id,
      title: afterStep.title,
      change: changeOf(delta),
      before: summarizeScore(beforeStep),
      after: summarizeScore(afterStep),
      delta,
      questions,
    };
  });

  const gone: QuestionDiff[] = [];
  if (rubricChanged) {
    const goneAfter = notesOf(drift.after, ['removed-question', 'removed-step']);
    for (const note of drift.before?.notes ?? []) {
      if (
        (note.kind !== 'removed-question' && note.kind !== 'removed-step') ||
        goneAfter.has(key(note.stepId, note.questionId))
      )
        continue;
      gone.push({
        stepId: note.stepId,
        questionId: note.questionId ?? '*',
        critical: false,
        change: 'gone',
        before: {
          status: 'absent',
          answerText:
            note.kind === 'removed-step' ? 'answers to a step the rubric no longer has' : 'answered in the older file',
        },
        after: { status: 'absent', answerText: `not in rubric version ${after.rubric.version}` },
      });
    }
  }

  const counts = Object.fromEntries(QUESTION_CHANGES.map((change) => [change, 0])) as Record<QuestionChange, number>;
  for (const question of [...steps.flatMap((step) => step.questions), ...gone]) counts[question.change]++;
  const overallSide = (report: Report): ScoreSide => summarizeScore(report.overall);
  const overallDelta = after.overall.score - before.overall.score;
  return {
    rubric: after.rubric,
    before: {
      rubricVersion: versionOf(drift.before),
      ...(before.date !== undefined && { date: before.date }),
      ...(before.team !== undefined && { team: before.team }),
    },
    after: {
      rubricVersion: versionOf(drift.after),
      ...(after.date !== undefined && { date: after.date }),
      ...(after.team !== undefined && { team: after.team }),
    },
    overall: {
      before: overallSide(before),
      after: overallSide(after),
      delta: overallDelta,
      change: changeOf(overallDelta),
    },
    steps,
    gone,
    counts,
    ...((plans.before || plans.after) && { plan: diffPlans(steps, plans.before ?? {}, plans.after ?? {}, after.date) }),
  };
}

/** Compares the plan of two files entry by entry, in playbook order. */
export function diffPlans(
  steps: readonly StepDiff[],
  before: Record<string, PlanEntry>,
  after: Record<string, PlanEntry>,
  date: string | undefined,
): PlanProgress[] {
  const out: PlanProgress[] = [];
  for (const question of steps.flatMap((step) => step.questions)) {
    const old = before[question.questionId];
    const now = after[question.questionId];
    if (!old && !now) continue;
    const rank = (entry: PlanEntry) => PLAN_STATES.indexOf(entry.status);
    const change: PlanChange = !old
      ? 'added'
      : !now
        ? 'dropped'
        : rank(now) > rank(old)
          ? 'advanced'
          : rank(now) < rank(old)
            ? 'reopened'
            : now.owner !== old.owner || now.due !== old.due || now.note !== old.note
              ? 'updated'
              : 'unchanged';
    const overdue =
      now !== undefined && now.status !== 'done' && now.due !== undefined && date !== undefined && now.due < date;
    out.push({
      stepId: question.stepId,
      questionId: question.questionId,
      ...(question.prompt !== undefined && { prompt: question.prompt }),
      change,
      ...(old && { before: old }),
      ...(now && { after: now }),
      answer: question.change,
      overdue,
    });
  }
  return out;
}

/** How one question changed between two results for it. */
export function classifyQuestion(before: QuestionResult, after: QuestionResult): QuestionChange {
  // Open questions (their condition hangs on an unknown answer) are not known to count: like an unknown answer.
  const open = (status: QuestionStatus) => status === 'unknown' || status === 'unanswered' || status === 'open';
  if (before.status === 'answered' && after.status === 'answered') {
    if (after.score! > before.score!) return 'improved';
    if (after.score! < before.score!) return 'regressed';
    return before.answerText === after.answerText ? 'unchanged' : 'changed';
  }
  if (before.status === 'answered' && open(after.status)) return 'now-unknown';
  if (open(before.status) && after.status === 'answered') return 'now-known';
  return before.status === after.status && before.answerText === after.answerText ? 'unchanged' : 'changed';
}

function sideOf(question: QuestionResult): QuestionSide {
  return {
    status: question.status,
    answerText: question.answerText,
    ...(question.score !== undefined && { score: question.score }),
  };
}

function changeOf(delta: number): StepDiff['change'] {
  return delta > 0 ? 'improved' : delta < 0 ? 'regressed' : 'unchanged';
}

function difference<T>(a: Set<T>, b: Set<T>): Set<T> {
  return new Set([...a].filter((item) => !b.has(item)));
}
