// Rubric lint: what is legal but probably wrong. Pure: a validated rubric in, findings out, each with the place in the
// rubric's files it is about (a file role and a YAML path), which the caller turns into file:line:col.
//
// Definitions (also in docs/safety.md):
// - A level is UNREACHABLE when no complete set of answers puts any step, nor the overall score, inside its band.
//   Complete: every question answered (not "unknown"), except those that may be left out (allow_na, or a condition).
//   Every score each question can give counts (every choice; for multi questions every set of choices; for number
//   questions every band that starts within min..max). Conditions are treated as independent of their gate's answer
//   and the overall score is given one point of slack for rounding; both can only make more scores reachable, so a
//   level reported unreachable is truly unreachable.
// - A stage TARGET is out of reach when the step (or the overall score) can never score inside or above the target level.
// - A question DOMINATES its step when its answer alone moves the step score more than all the step's other questions
//   together: weight × (best − worst score) of the question exceeds the sum of the same for the others. Then no
//   combination of the other answers can make up for it.
import { rulesFor } from './question-kinds.js';
import { scoreBounds } from './questions.js';
import type { Question, Rubric, Step, When } from './model.js';

export type LintCode =
  | 'unreachable-level'
  | 'unreachable-target'
  | 'same-score'
  | 'no-effect'
  | 'never-asked'
  | 'dominant-question'
  | 'critical-never-met'
  | 'cap-no-effect';

/** Where a finding points: the manifest or a step's file, and a path inside it. */
export type LintPlace = { file: 'manifest'; path: (string | number)[] } | { file: 'step'; stepId: string; path: (string | number)[] };

export interface LintFinding {
  code: LintCode;
  message: string;
  hint?: string;
  at: LintPlace;
}

/**
 * Past this many distinct partial results, or this many steps of work, the reachability search gives up on a step (and
 * says nothing about it): a rubric of hundreds of questions per step would otherwise take seconds to lint.
 */
const SEARCH_LIMIT = 50_000;
const WORK_LIMIT = 200_000;

/** Lints a validated rubric; findings are ordered as the rubric's files read (manifest first, then steps in order). */
export function lintRubric(rubric: Rubric): LintFinding[] {
  const findings: LintFinding[] = [];
  const byId = new Map(rubric.steps.flatMap((step) => step.questions.map((question) => [question.id, question] as const)));
  const where = (step: Step, question: Question, ...rest: (string | number)[]): LintPlace => ({
    file: 'step',
    stepId: step.id,
    path: ['questions', step.questions.indexOf(question), ...rest],
  });

  // Levels and stage targets, from the scores each step (and the overall score) can reach.
  const cap = rubric.levels.find((level) => level.id === rubric.critical.cap);
  const stepScores = new Map<string, Set<number> | undefined>();
  for (const step of rubric.steps) stepScores.set(step.id, reachableStepScores(step, rubric.critical.metAt, cap?.max ?? 100));
  const overallScores = reachableOverallScores(rubric, stepScores);
  const complete = [...stepScores.values()].every((scores) => scores !== undefined) && overallScores !== undefined;
  if (complete) {
    for (const [index, level] of rubric.levels.entries()) {
      const inBand = (scores: Set<number> | undefined) => [...scores!].some((score) => score >= level.min && score <= level.max);
      if (![...stepScores.values()].some(inBand) && !inBand(overallScores)) {
        findings.push({
          code: 'unreachable-level',
          message: `level "${level.id}" (${level.min}–${level.max}) cannot be reached: no combination of answers puts a step or the overall score in it`,
          hint: 'Widen the band, or give questions choices whose scores can land in it.',
          at: { file: 'manifest', path: ['levels', index] },
        });
      }
    }
  }
  for (const [stageIndex, stage] of rubric.stages.entries()) {
    for (const step of rubric.steps) {
      const scores = stepScores.get(step.id);
      const target = rubric.levels.find((level) => level.id === stage.targets[step.id]);
      if (!scores || !target || scores.size === 0) continue;
      const best = Math.max(...scores);
      if (best < target.min) {
        findings.push({
          code: 'unreachable-target',
          message: `stage "${stage.id}" targets ${target.name} (from ${target.min}) for ${step.id}, which can score at most ${best} with every question answered`,
          hint: 'No team can meet this target: lower it, or change the step so it can reach it.',
          at: { file: 'manifest', path: ['stages', stageIndex, 'targets', step.id] },
        });
      }
    }
    const overall = rubric.levels.find((level) => level.id === stage.overall);
    if (overallScores && overall && overallScores.size > 0 && Math.max(...overallScores) < overall.min) {
      findings.push({
        code: 'unreachable-target',
        message: `stage "${stage.id}" targets ${overall.name} (from ${overall.min}) overall, and the overall score can reach at most ${Math.max(...overallScores)}`,
        hint: 'No team can meet this target: lower it.',
        at: { file: 'manifest', path: ['stages', stageIndex, 'overall'] },
      });
    }
  }
  const hasCritical = rubric.steps.some((step) => step.questions.some((question) => question.critical));
  if (hasCritical && cap && cap.max >= 100) {
    findings.push({
      code: 'cap-no-effect',
      message: `the critical cap is the highest level ("${cap.id}"), so an unmet critical question never lowers a score`,
      hint: 'Cap at a lower level, e.g. the one below the top.',
      at: { file: 'manifest', path: ['critical', 'cap'] },
    });
  }

  // Questions, in playbook order.
  const askable = new Map<string, boolean>();
  for (const step of rubric.steps) {
    for (const question of step.questions) {
      const reason = neverAskedReason(question, byId, askable);
      askable.set(question.id, reason === undefined);
      if (reason) findings.push({ code: 'never-asked', message: `question "${question.id}" can never be asked: ${reason}`, hint: 'Fix the condition, or remove the question.', at: where(step, question, 'when') });

      const { worst, best } = scoreBounds(question);
      if (question.critical && best < rubric.critical.metAt) {
        findings.push({
          code: 'critical-never-met',
          message: `critical question "${question.id}" can never be met: its best answer scores ${best}, below met_at ${rubric.critical.metAt}`,
          hint: 'Every team is capped on this step: give it a choice scoring at least met_at, or lower met_at.',
          at: where(step, question, 'critical'),
        });
      }
      if (best === worst) {
        findings.push({
          code: 'no-effect',
          message: `question "${question.id}" cannot change the score: every answer scores ${best}`,
          hint: 'Give its answers different scores, or remove it.',
          at: where(step, question, 'id'),
        });
      } else findings.push(...sameScoreFindings(step, question, where));
    }
    findings.push(...dominantFindings(step, where));
  }
  return findings;
}

/** Why a question's condition can never hold, or undefined when it can. */
function neverAskedReason(question: Question, byId: Map<string, Question>, askable: Map<string, boolean>): string | undefined {
  return question.when ? neverHolds(question.when, byId, askable) : undefined;
}

/** Why a `when` can never hold: one of `all` never does, or every one of `any` never does. */
function neverHolds(when: When, byId: Map<string, Question>, askable: Map<string, boolean>): string | undefined {
  if ('all' in when) return when.all.map((part) => neverHolds(part, byId, askable)).find((reason) => reason !== undefined);
  if ('any' in when) {
    const reasons = when.any.map((part) => neverHolds(part, byId, askable));
    return reasons.every((reason) => reason !== undefined) ? reasons.join('; and ') : undefined;
  }
  const gate = byId.get(when.question);
  if (!gate) return undefined; // validation reports it
  if (askable.get(gate.id) === false) return `it depends on "${gate.id}", which can never be asked either`;
  if (when.atLeast !== undefined && gate.number && when.atLeast > gate.number.max) {
    return `it needs "${gate.id}" to be at least ${when.atLeast}, and "${gate.id}" goes up to ${gate.number.max}`;
  }
  return undefined;
}

function sameScoreFindings(step: Step, question: Question, where: (step: Step, question: Question, ...rest: (string | number)[]) => LintPlace): LintFinding[] {
  return rulesFor(question).sameScores(question).map((same) => ({ code: 'same-score', message: same.message, hint: same.hint, at: where(step, question, ...same.at) }));
}

function dominantFindings(step: Step, where: (step: Step, question: Question, ...rest: (string | number)[]) => LintPlace): LintFinding[] {
  if (step.questions.length < 2) return [];
  const swings = step.questions.map((question) => {
    const { worst, best } = scoreBounds(question);
    return question.weight * (best - worst);
  });
  const total = swings.reduce((sum, swing) => sum + swing, 0);
  const findings: LintFinding[] = [];
  for (const [index, question] of step.questions.entries()) {
    const swing = swings[index]!;
    if (swing > 0 && swing > total - swing) {
      findings.push({
        code: 'dominant-question',
        message: `question "${question.id}" dominates step "${step.id}": its answer alone moves the step score more than the other ${step.questions.length - 1} questions together (${Math.round((100 * swing) / total)}% of the step's range)`,
        hint: 'No combination of the other answers can make up for it; lower its weight if that is not intended.',
        at: where(step, question, 'weight'),
      });
    }
  }
  return findings;
}

// ── reachability ─────────────────────────────────────────────────────────────────────────────────────────────────────

interface Partial {
  weight: number;
  sum: number;
  capped: boolean;
}

/** Every integer score the step can show, or undefined when the search is too large. */
export function reachableStepScores(step: Step, metAt: number, capMax: number): Set<number> | undefined {
  let states = new Map<string, Partial>([[key(0, 0, false), { weight: 0, sum: 0, capped: false }]]);
  let work = 0;
  for (const question of step.questions) {
    const options = rulesFor(question).scores(question);
    const optional = question.allowNa || question.when !== undefined || question.appliesTo !== undefined;
    const next = new Map<string, Partial>();
    for (const state of states.values()) {
      if (optional) next.set(key(state.weight, state.sum, state.capped), state);
      for (const score of options) {
        const capped = state.capped || (question.critical && score < metAt);
        const weight = state.weight + question.weight;
        const sum = state.sum + question.weight * score;
        next.set(key(weight, sum, capped), { weight, sum, capped });
      }
      work += options.length + 1;
      if (next.size > SEARCH_LIMIT || work > WORK_LIMIT) return undefined;
    }
    states = next;
  }
  const scores = new Set<number>();
  for (const state of states.values()) {
    if (state.weight <= 0) continue; // nothing applicable: the step is left out
    const raw = (100 * state.sum) / state.weight;
    scores.add(Math.min(100, Math.max(0, Math.round(state.capped ? Math.min(raw, capMax) : raw))));
  }
  return scores;
}

/**
 * Every integer overall score: step-weighted means of the step scores (rounded here, closely enough), over the steps
 * that apply. A step can drop out only when every one of its questions may be left out; when all steps drop out, the
 * overall score shows 0.
 */
function reachableOverallScores(rubric: Rubric, stepScores: Map<string, Set<number> | undefined>): Set<number> | undefined {
  let states = new Map<string, { weight: number; sum: number }>([[key(0, 0, false), { weight: 0, sum: 0 }]]);
  for (const step of rubric.steps) {
    const scores = stepScores.get(step.id);
    if (!scores) return undefined;
    const canDropOut = step.questions.every((question) => question.allowNa || question.when !== undefined || question.appliesTo !== undefined);
    const next = canDropOut ? new Map(states) : new Map<string, { weight: number; sum: number }>();
    for (const state of states.values()) {
      for (const score of scores) {
        const weight = state.weight + step.weight;
        const sum = state.sum + step.weight * score;
        next.set(key(weight, sum, false), { weight, sum });
      }
      if (next.size > SEARCH_LIMIT) return undefined;
    }
    states = next;
  }
  const overall = new Set<number>();
  // Step scores are rounded here but not in the real overall mean: allow one point either way.
  for (const state of states.values()) {
    if (state.weight <= 0) {
      overall.add(0);
      continue;
    }
    const mean = Math.round(state.sum / state.weight);
    for (const near of [mean - 1, mean, mean + 1]) if (near >= 0 && near <= 100) overall.add(near);
  }
  return overall;
}

function key(weight: number, sum: number, capped: boolean): string {
  return `${round9(weight)}|${round9(sum)}|${capped ? 1 : 0}`;
}

function round9(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}
