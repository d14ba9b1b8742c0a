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
//   It is an ERROR (`rubric validate` fails): no team could ever meet it.
// - Stage targets are INCONSISTENT when a team exactly at the lower bound of every step's target level would miss the
//   stage's overall target (its overall score, computed as the scorer does, groups included, is in a lower level). An
//   ERROR: `check --stage` would fail a team that meets every step target.
// - A best_of group counts as one question scoring any of its members' scores (members that may be left out make it
//   optional). With step groups, overall reachability is searched only when no step can drop out.
// - A question DOMINATES its step when its answer alone moves the step score more than all the step's other questions
//   together: weight × (best − worst score) of the question exceeds the sum of the same for the others. Then no
//   combination of the other answers can make up for it.
import { levelForScore, levelRank } from './levels.js';
import { rulesFor } from './question-kinds.js';
import { scoreBounds } from './questions.js';
import type { Question, Rubric, Step, When } from './model.js';
import { overallPointScore, overallShape } from './step-score.js';

export type LintCode =
  | 'unreachable-level'
  | 'unreachable-target'
  | 'inconsistent-targets'
  | 'same-score'
  | 'no-effect'
  | 'never-asked'
  | 'dominant-question'
  | 'critical-never-met'
  | 'cap-no-effect';

/** Where a finding points: the manifest or a step's file, and a path inside it. */
export type LintPlace =
  | { file: 'manifest'; path: (string | number)[] }
  | { file: 'step'; stepId: string; path: (string | number)[] };

export interface LintFinding {
  code: LintCode;
  /** `error`: the rubric cannot be used as it is (`rubric validate` fails); otherwise a warning. */
  severity?: 'error';
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
  const byId = new Map(
    rubric.steps.flatMap((step) => step.questions.map((question) => [question.id, question] as const)),
  );
  const where = (step: Step, question: Question, ...rest: (string | number)[]): LintPlace => ({
    file: 'step',
    stepId: step.id,
    path: ['questions', step.questions.indexOf(question), ...rest],
  });

  // Levels and stage targets, from the scores each step (and the overall score) can reach.
  const cap = rubric.levels.find((level) => level.id === rubric.critical.cap);
  const stepScores = new Map<string, Set<number> | undefined>();
  for (const step of rubric.steps)
    stepScores.set(step.id, reachableStepScores(step, rubric.critical.metAt, cap?.max ?? 100));
  const overallScores = reachableOverallScores(rubric, stepScores);
  const complete = [...stepScores.values()].every((scores) => scores !== undefined) && overallScores !== undefined;
  if (complete) {
    for (const [index, level] of rubric.levels.entries()) {
      const inBand = (scores: Set<number> | undefined) =>
        [...scores!].some((score) => score >= level.min && score <= level.max);
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
      if (levelRank(rubric.levels, levelForScore(rubric.levels, best).id) < levelRank(rubric.levels, target.id)) {
        findings.push({
          code: 'unreachable-target',
          severity: 'error',
          message: `stage "${stage.id}" targets ${target.name} (from ${target.min}) for ${step.id}, which can score at most ${best} with every question answered`,
          hint: 'No team can meet this target: lower it, or change the step so it can reach it.',
          at: { file: 'manifest', path: ['stages', stageIndex, 'targets', step.id] },
        });
      }
    }
    const overall = rubric.levels.find((level) => level.id === stage.overall);
    const overallBest = overallScores && overallScores.size > 0 ? Math.max(...overallScores) : undefined;
    if (
      overall &&
      overallBest !== undefined &&
      levelRank(rubric.levels, levelForScore(rubric.levels, overallBest).id) < levelRank(rubric.levels, overall.id)
    ) {
      findings.push({
        code: 'unreachable-target',
        severity: 'error',
        message: `stage "${stage.id}" targets ${overall.name} (from ${overall.min}) overall, and the overall score can reach at most ${overallBest}`,
        hint: 'No team can meet this target: lower it.',
        at: { file: 'manifest', path: ['stages', stageIndex, 'overall'] },
      });
    }
  }
  findings.push(...inconsistentTargetFindings(rubric));
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
      if (reason)
        findings.push({
          code: 'never-asked',
          message: `question "${question.id}" can never be asked: ${reason}`,
          hint: 'Fix the condition, or remove the question.',
          at: where(step, question, 'when'),
        });

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

/** Stages whose step targets, each met exactly at its lower bound, give an overall score below the overall target. */
function inconsistentTargetFindings(rubric: Rubric): LintFinding[] {
  const findings: LintFinding[] = [];
  const shape = overallShape(rubric);
  for (const [index, stage] of rubric.stages.entries()) {
    const overall = rubric.levels.find((level) => level.id === stage.overall);
    const bounds = rubric.steps.map((step) => rubric.levels.find((level) => level.id === stage.targets[step.id])?.min);
    if (!overall || bounds.some((bound) => bound === undefined)) continue;
    const steps = rubric.steps.map((step, position) => ({
      weight: step.weight,
      values: { applicable: true, score: bounds[position]! },
    }));
    const score = overallPointScore(steps, shape);
    const level = levelForScore(rubric.levels, score);
    if (levelRank(rubric.levels, level.id) >= levelRank(rubric.levels, overall.id)) continue;
    const shown = Math.round(score * 10) / 10;
    findings.push({
      code: 'inconsistent-targets',
      severity: 'error',
      message: `stage "${stage.id}": a team exactly at every step's target scores ${shown} overall (${level.name}), below its overall target ${overall.name} (from ${overall.min})`,
      hint: `check --stage ${stage.id} would fail a team that meets every step target: raise some step targets, or lower the overall target.`,
      at: { file: 'manifest', path: ['stages', index, 'overall'] },
    });
  }
  return findings;
}

/** Why a question's condition can never hold, or undefined when it can. */
function neverAskedReason(
  question: Question,
  byId: Map<string, Question>,
  askable: Map<string, boolean>,
): string | undefined {
  return question.when ? neverHolds(question.when, byId, askable) : undefined;
}

/** Why a `when` can never hold: one of `all` never does, or every one of `any` never does. */
function neverHolds(when: When, byId: Map<string, Question>, askable: Map<string, boolean>): string | undefined {
  if ('all' in when)
    return when.all.map((part) => neverHolds(part, byId, askable)).find((reason) => reason !== undefined);
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

function sameScoreFindings(
  step: Step,
  question: Question,
  where: (step: Step, question: Question, ...rest: (string | number)[]) => LintPlace,
): LintFinding[] {
  return rulesFor(question)
    .sameScores(question)
    .map((same) => ({
      code: 'same-score',
      message: same.message,
      hint: same.hint,
      at: where(step, question, ...same.at),
    }));
}

function dominantFindings(
  step: Step,
  where: (step: Step, question: Question, ...rest: (string | number)[]) => LintPlace,
): LintFinding[] {
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
  // A best_of group is one question scoring any of its members' scores, with the group's weight, standing where its
  // first member does; it may be left out when every member may be.
  const units: { weight: number; critical: boolean; optional: boolean; options: number[] }[] = [];
  for (const question of step.questions) {
    const group = step.bestOf?.find((candidate) => candidate.questions.includes(question.id));
    if (group && step.questions.find((candidate) => group.questions.includes(candidate.id)) !== question) continue;
    if (group) {
      const members = step.questions.filter((candidate) => group.questions.includes(candidate.id));
      const floor = Math.max(
        ...members.filter((member) => !isOptional(member)).map((member) => scoreBounds(member).worst),
        0,
      );
      const options = [...new Set(members.flatMap((member) => rulesFor(member).scores(member)))].filter(
        (score) => score >= floor,
      );
      units.push({ weight: group.weight, critical: false, optional: members.every(isOptional), options });
    } else {
      units.push({
        weight: question.weight,
        critical: question.critical,
        optional: isOptional(question),
        options: rulesFor(question).scores(question),
      });
    }
  }
  for (const question of units) {
    const options = question.options;
    const optional = question.optional;
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
function reachableOverallScores(
  rubric: Rubric,
  stepScores: Map<string, Set<number> | undefined>,
): Set<number> | undefined {
  if (rubric.groups && rubric.groups.length > 0) return reachableGroupedOverall(rubric, stepScores);
  let states = new Map<string, { weight: number; sum: number }>([[key(0, 0, false), { weight: 0, sum: 0 }]]);
  for (const step of rubric.steps) {
    const scores = stepScores.get(step.id);
    if (!scores) return undefined;
    const canDropOut = step.questions.every(
      (question) => question.allowNa || question.when !== undefined || question.appliesTo !== undefined,
    );
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

function isOptional(question: Question): boolean {
  return question.allowNa || question.when !== undefined || question.appliesTo !== undefined;
}

/**
 * With step groups, when no step can drop out: the overall scores of every step at its lowest and at its highest score
 * and every integer between. Undefined otherwise.
 */
function reachableGroupedOverall(
  rubric: Rubric,
  stepScores: Map<string, Set<number> | undefined>,
): Set<number> | undefined {
  if (rubric.steps.some((step) => step.questions.every(isOptional))) return undefined;
  const shape = overallShape(rubric);
  const at = (pick: (scores: number[]) => number) => {
    const steps = rubric.steps.map((step) => ({
      weight: step.weight,
      values: { applicable: true, score: pick([...stepScores.get(step.id)!]) },
    }));
    return Math.round(overallPointScore(steps, shape));
  };
  if (rubric.steps.some((step) => !stepScores.get(step.id) || stepScores.get(step.id)!.size === 0)) return undefined;
  // Every integer in between counts as reachable: more than may be, which can only hide an unreachable level, never
  // invent one.
  const [low, high] = [at((scores) => Math.min(...scores)), at((scores) => Math.max(...scores))];
  return new Set(Array.from({ length: high - low + 1 }, (_, index) => low + index));
}

function key(weight: number, sum: number, capped: boolean): string {
  return `${round9(weight)}|${round9(sum)}|${capped ? 1 : 0}`;
}

function round9(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}
