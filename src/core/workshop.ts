// A workshop consensus read back: each participant's answers rebuilt from the consensus file (the consensus answer,
// or the participant's own where `votes:` says they differ), scored by the same scorer, and the spread per step. Pure.
import type { Answer, Assessment, Rubric } from './model.js';
import { scoreAssessment } from './score.js';

/** One participant's scores. */
export interface ParticipantScore {
  name: string;
  overall: number;
  levelName: string;
  /** By step id; undefined where no question of the step applies to this participant's answers. */
  steps: Record<string, number | undefined>;
}

/** Every participant's scores and, per step, how far apart they are. */
export interface WorkshopScores {
  participants: ParticipantScore[];
  /** By step id: highest minus lowest score among the participants the step applies to (0 with fewer than two). */
  spread: Record<string, number>;
  /** The same for the overall score. */
  overallSpread: number;
}

/** Each participant's own answers, as the consensus file records them. */
export function participantAssessments(assessment: Assessment): { name: string; assessment: Assessment }[] {
  return (assessment.participants ?? []).map(({ name }) => {
    const answers: Record<string, Answer> = {};
    for (const [questionId, answer] of Object.entries(assessment.answers)) {
      const value = answer.votes ? answer.votes[name] : answer.value;
      if (value) answers[questionId] = { value };
    }
    const { participants: _participants, plan: _plan, ...rest } = assessment;
    return { name, assessment: { ...rest, answers } };
  });
}

/** Scores each participant of a workshop consensus; undefined for a file that is not one. */
export function scoreParticipants(rubric: Rubric, assessment: Assessment, stage?: string): WorkshopScores | undefined {
  if (!assessment.participants || assessment.participants.length === 0) return undefined;
  const participants = participantAssessments(assessment).map(({ name, assessment: own }) => {
    const report = scoreAssessment(rubric, own, stage === undefined ? {} : { stage });
    return {
      name,
      overall: report.overall.score,
      levelName: report.overall.levelName,
      steps: Object.fromEntries(report.steps.map((step) => [step.id, step.applicable ? step.score : undefined])),
    };
  });
  const range = (values: (number | undefined)[]) => {
    const known = values.filter((value): value is number => value !== undefined);
    return known.length < 2 ? 0 : Math.max(...known) - Math.min(...known);
  };
  return {
    participants,
    spread: Object.fromEntries(
      rubric.steps.map((step) => [step.id, range(participants.map((entry) => entry.steps[step.id]))]),
    ),
    overallSpread: range(participants.map((entry) => entry.overall)),
  };
}
