// Actions that do not fit the team are never recommended: an action with `from_stage` waits until the team reaches that
// stage, and one with `applies_to` is only for those profiles. The scorer and the cheapest path work on a copy of the
// rubric without them, so neither the gaps, the roadmap nor the path can propose them. Pure.
import type { Action, Profile, Rubric } from './model.js';
import { actionFits } from './questions.js';

const cache = new WeakMap<Rubric, Map<string, Rubric>>();

/** The rubric without the actions that do not fit this stage and profile (the same object when every action fits). */
export function fitActions(rubric: Rubric, stage: string | undefined, profile: Profile | undefined): Rubric {
  const stageIds = rubric.stages.map((candidate) => candidate.id);
  const fits = (action: Action | undefined) => action === undefined || actionFits(action, stageIds, stage, profile);
  const questions = rubric.steps.flatMap((step) => step.questions);
  const allFit = questions.every(
    (question) =>
      question.choices.every((choice) => fits(choice.action)) &&
      (question.number?.bands ?? []).every((band) => fits(band.action)),
  );
  if (allFit) return rubric;
  const key = JSON.stringify([stage ?? null, profile ?? null]);
  const known = cache.get(rubric)?.get(key);
  if (known) return known;
  const strip = <T extends { action?: Action }>(item: T): T => {
    if (fits(item.action)) return item;
    const { action: _dropped, ...rest } = item;
    return rest as T;
  };
  const fitted: Rubric = {
    ...rubric,
    steps: rubric.steps.map((step) => ({
      ...step,
      questions: step.questions.map((question) => ({
        ...question,
        choices: question.choices.map(strip),
        ...(question.number && { number: { ...question.number, bands: question.number.bands.map(strip) } }),
      })),
    })),
  };
  if (!cache.has(rubric)) cache.set(rubric, new Map());
  cache.get(rubric)!.set(key, fitted);
  return fitted;
}
