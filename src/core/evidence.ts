// Evidence that ages: which answers are backed by dated evidence, which evidence has gone stale, and which answers a
// stage requires evidence for. A stale or missing piece of required evidence makes its answer count like an unknown one.
// Pure: the caller passes today's date.
import type { Answer, Assessment, EvidenceItem, EvidencePolicy, Question, Rubric } from './model.js';
import { listQuestions } from './model.js';

/** fresh: dated within the policy; stale: older than `max_age_days` (or undated where an age applies); missing: required here and absent; kept: no age rule applies. */
export type EvidenceState = 'fresh' | 'stale' | 'missing' | 'kept';

/** One piece of evidence (or the absence of required evidence) for one answered question. */
export interface EvidenceEntry {
  questionId: string;
  stepId: string;
  prompt: string;
  state: EvidenceState;
  item?: EvidenceItem;
  /** Whole days since the item's date (undefined when undated). */
  ageDays?: number;
  /** The day it went or goes stale (YYYY-MM-DD), when an age limit applies and the item is dated. */
  staleOn?: string;
}

/** The policy that applies to a question: its own, else the rubric's. */
export function evidencePolicyFor(rubric: Rubric, question: Question): EvidencePolicy | undefined {
  return question.evidence ?? rubric.evidence;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** `date` plus `days`, as YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function requiredAt(rubric: Rubric, policy: EvidencePolicy | undefined, stage: string | undefined): boolean {
  if (!policy?.requiredFromStage || stage === undefined) return false;
  const order = rubric.stages.map((candidate) => candidate.id);
  const here = order.indexOf(stage);
  const from = order.indexOf(policy.requiredFromStage);
  return here >= 0 && from >= 0 && here >= from;
}

/** Whether an answer claims something evidence could back (not unknown, not n/a). */
function isClaim(answer: Answer | undefined): answer is Answer {
  return answer !== undefined && (answer.value.type === 'choice' || answer.value.type === 'number');
}

/** Every piece of evidence in an assessment with its state, plus an entry for each missing piece a stage requires. */
export function listEvidence(rubric: Rubric, assessment: Assessment, today: string): EvidenceEntry[] {
  const entries: EvidenceEntry[] = [];
  for (const question of listQuestions(rubric)) {
    const answer = assessment.answers[question.id];
    const policy = evidencePolicyFor(rubric, question);
    const base = { questionId: question.id, stepId: question.stepId, prompt: question.prompt };
    const items = answer?.evidenceItems ?? (answer?.evidence ? [{ note: answer.evidence }] : []);
    if (items.length === 0) {
      if (isClaim(answer) && requiredAt(rubric, policy, assessment.stage)) entries.push({ ...base, state: 'missing' });
      continue;
    }
    for (const item of items) {
      const ageDays = item.date === undefined ? undefined : daysBetween(item.date, today);
      const limit = policy?.maxAgeDays;
      let state: EvidenceState = 'kept';
      if (limit !== undefined) state = ageDays === undefined || ageDays > limit ? 'stale' : 'fresh';
      entries.push({
        ...base,
        state,
        item,
        ...(ageDays !== undefined && { ageDays }),
        ...(limit !== undefined && item.date !== undefined && { staleOn: addDays(item.date, limit + 1) }),
      });
    }
  }
  return entries;
}

/**
 * The assessment as it should be scored: an answer whose evidence is all stale, or whose required evidence is missing,
 * becomes unknown (scored as a range, and at its worst by `check`), remembering what was claimed and why it was
 * discounted. An answer with at least one fresh piece of evidence keeps its value.
 */
export function discountUnbackedAnswers(rubric: Rubric, assessment: Assessment, today: string): Assessment {
  const byQuestion = new Map<string, EvidenceEntry[]>();
  for (const entry of listEvidence(rubric, assessment, today)) {
    byQuestion.set(entry.questionId, [...(byQuestion.get(entry.questionId) ?? []), entry]);
  }
  let answers: Record<string, Answer> | undefined;
  for (const [questionId, entries] of byQuestion) {
    const answer = assessment.answers[questionId];
    if (!isClaim(answer) || entries.some((entry) => entry.state === 'fresh' || entry.state === 'kept')) continue;
    const newest = entries
      .filter((entry) => entry.item?.date !== undefined)
      .sort((a, b) => (a.item!.date! < b.item!.date! ? 1 : -1))[0];
    const missing = entries.every((entry) => entry.state === 'missing');
    answers ??= { ...assessment.answers };
    answers[questionId] = {
      ...answer,
      value: { type: 'unknown' },
      discounted: {
        reason: missing ? 'missing' : 'stale',
        claimed: answer.value,
        ...(newest?.staleOn !== undefined && { since: newest.staleOn }),
        ...(newest?.item?.owner !== undefined && { owner: newest.item.owner }),
      },
    };
  }
  return answers ? { ...assessment, answers } : assessment;
}

/** Entries that go stale within `days` of `today` (and are not stale yet), soonest first. */
export function expiringWithin(entries: readonly EvidenceEntry[], today: string, days: number): EvidenceEntry[] {
  const horizon = addDays(today, days);
  return entries
    .filter((entry) => entry.state === 'fresh' && entry.staleOn !== undefined && entry.staleOn <= horizon)
    .sort((a, b) => (a.staleOn! < b.staleOn! ? -1 : 1));
}

/** The words a report shows for a discounted answer, e.g. `stale since 2026-09-01, owner Dana`. */
export function describeDiscount(discounted: NonNullable<Answer['discounted']>): string {
  if (discounted.reason === 'missing') return 'evidence required at this stage is missing';
  const since = discounted.since === undefined ? 'stale (undated evidence)' : `stale since ${discounted.since}`;
  return discounted.owner === undefined ? since : `${since}, owner ${discounted.owner}`;
}

/** The action for an answer still to settle: find it out, or, for a claim set aside, renew its evidence. */
export function findOutText(question: Pick<Question, 'prompt'>, answer: Answer | undefined): string {
  const discounted = answer?.discounted;
  if (!discounted) return `Find out and record the answer: ${question.prompt}`;
  const owner = discounted.owner === undefined ? '' : ` (owner ${discounted.owner})`;
  return discounted.reason === 'missing'
    ? `Add dated evidence for the answer to: ${question.prompt}`
    : `Renew the evidence${owner} for the answer to: ${question.prompt}`;
}
