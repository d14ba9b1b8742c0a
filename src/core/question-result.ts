// The result of one question against the answers: shared by the scorer (score.ts) and the arithmetic of scores
// (step-score.ts), apart from both so neither imports the other.
import type { Answer, Question } from './model.js';
import type { Applicability } from './questions.js';

/**
 * answered, unknown, unanswered, na (answered n/a): the question applies. skipped: its condition does not hold. open: its
 * condition hangs on an answer that is unknown or missing, so it may apply: it widens the range but is not asked for and
 * does not count in the score.
 */
export type QuestionStatus = 'answered' | 'unknown' | 'unanswered' | 'na' | 'skipped' | 'open';

export interface QuestionResult {
  id: string;
  stepId: string;
  prompt: string;
  kind: Question['kind'];
  weight: number;
  critical: boolean;
  status: QuestionStatus;
  /** 0..1 for answered questions (that apply). */
  score?: number;
  /** A short text of the answer. */
  answerText: string;
  answer?: Answer;
  /** Critical and answered below the rubric's `met_at`. */
  criticalUnmet: boolean;
  /** Whether it counts: applies, skipped (condition), open, or not-for-profile (its `applies_to` does not fit). */
  applicability: Applicability;
  externalId?: string;
  /** What an assessor checks. */
  criteria?: string[];
  /** The chosen choices' external ids and descriptions (what must be true to pick them), when the rubric gives any. */
  chosen?: { id: string; label: string; externalId?: string; description?: string }[];
}
