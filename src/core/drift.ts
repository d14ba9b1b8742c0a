// Rubric drift: what no longer fits, and what is new, when an answers file was made with another rubric version.
import type { SourceLocation } from '../errors.js';
import { listQuestions, type Answer, type Profile, type Rubric } from './model.js';
import { isApplicable } from './questions.js';

/** What a drift note is about. */
/** `changed-answer`: the question is still there, but the file's answer no longer fits it (a choice removed, n/a no longer allowed…). */
export type DriftKind = 'removed-step' | 'removed-question' | 'changed-answer' | 'removed-threshold' | 'new-question';

/** One difference between the rubric an answers file was made with and the rubric in use. */
export interface DriftNote {
  kind: DriftKind;
  stepId: string;
  questionId?: string;
  message: string;
  /** Where to point in the answers file (the step or question key). */
  where: SourceLocation;
}

/** The drift of one answers file: set only when its rubric version differs from the rubric's. */
export interface RubricDrift {
  answersVersion: string;
  rubricVersion: string;
  notes: DriftNote[];
}

/**
 * The rubric's questions that have no key at all in the file (new in the rubric, or never written down), leaving out
 * those whose `when` condition does not hold for the file's answers: they would not have been asked.
 */
export function findNewQuestions(
  rubric: Rubric,
  answers: Record<string, Answer>,
  present: (stepId: string, questionId: string) => boolean,
  profile?: Profile,
): { stepId: string; questionId: string }[] {
  const byId = new Map(listQuestions(rubric).map((question) => [question.id, question] as const));
  return rubric.steps.flatMap((step) =>
    step.questions
      .filter((question) => !present(step.id, question.id) && isApplicable(question, answers, byId, profile))
      .map((question) => ({ stepId: step.id, questionId: question.id })),
  );
}

/** A one-line summary, e.g. "answers for rubric 1.0.0, rubric in use 1.1.0: 2 removed, 1 new". */
export function summariseDrift(drift: RubricDrift): string {
  const removed = drift.notes.filter((note) => note.kind !== 'new-question').length;
  const added = drift.notes.length - removed;
  return `answers made with rubric version ${drift.answersVersion}, rubric in use is ${drift.rubricVersion}: ${removed} removed, ${added} new (unanswered)`;
}
