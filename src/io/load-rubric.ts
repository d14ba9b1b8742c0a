// Loads a rubric folder: the manifest and one file per step, validated with zod, then the rules that span files.
// Every problem is collected (not just the first) with its file:line:col.
import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Choice, Level, Question, Rubric, Stage, Step } from '../core/model.js';
import { InputError, type Problem } from '../errors.js';
import { manifestSchema, stepSchema, type QuestionInput } from '../schema/rubric.js';
import { validateWith } from '../schema/issues.js';
import { readCompiledPlaybook } from './compiled-playbook.js';
import { problemAt, readYamlFile, type YamlFile } from './yaml-file.js';

export const MANIFEST_FILE = 'rubric.yaml';
/** Choice ids that would be mistaken for the answers every question accepts. */
const RESERVED_CHOICE_IDS = ['unknown', 'n-a', 'na'];

export interface LoadedRubric {
  rubric: Rubric;
  dir: string;
  /** Legal but probably wrong (for `rubric validate`). */
  warnings: Problem[];
}

/** The built-in playbook folder shipped with the package. */
export function builtInRubricDir(): string {
  // Walk up from this module: it is bundled into dist/ (or a chunk under it), or run from src/ by the tests.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'playbook', MANIFEST_FILE))) return join(dir, 'playbook');
    dir = dirname(dir);
  }
  throw new Error('the built-in playbook is missing from the installation');
}

/** Loads and validates a rubric folder (the built-in playbook when `dir` is undefined). */
export function loadRubric(dir?: string): LoadedRubric {
  if (dir === undefined) {
    const playbookDir = builtInRubricDir();
    const compiled = readCompiledPlaybook(playbookDir);
    return compiled ? { rubric: compiled, dir: playbookDir, warnings: [] } : loadRubricFolder(playbookDir);
  }
  return loadRubricFolder(dir);
}

function loadRubricFolder(dir: string): LoadedRubric {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  if (!existsSync(dir)) throw new InputError([{ file: dir, message: 'rubric folder not found', hint: 'Give the folder that holds rubric.yaml, or omit --rubric for the built-in playbook.' }]);
  if (!statSync(dir).isDirectory()) throw new InputError([{ file: dir, message: 'is a file, not a rubric folder', hint: 'Give the folder that holds rubric.yaml.' }]);
  const manifestFile = readYamlFile(displayPath(join(dir, MANIFEST_FILE)));
  const manifest = validateWith(manifestSchema, manifestFile, problems);
  if (!manifest) throw new InputError(problems);

  const levels = checkLevels(manifest.levels, manifestFile, problems);
  const levelIds = new Set(levels.map((level) => level.id));
  if (!levelIds.has(manifest.critical.cap)) {
    problems.push(problemAt(manifestFile, ['critical', 'cap'], `unknown level "${manifest.critical.cap}"`, `Expected one of: ${[...levelIds].join(', ')}.`));
  }
  checkUnique(manifest.steps, (index) => ['steps', index], 'step', manifestFile, problems);
  const stages = checkStages(manifest.stages, manifest.steps, levelIds, manifestFile, problems);

  const steps: Step[] = [];
  const questionsSeen = new Map<string, { question: Question; file: YamlFile; path: (string | number)[] }>();
  for (const [stepIndex, stepId] of manifest.steps.entries()) {
    const path = join(dir, 'steps', `${stepId}.yaml`);
    if (!existsSync(path)) {
      problems.push(problemAt(manifestFile, ['steps', stepIndex], `no file for step "${stepId}"`, `Create steps/${stepId}.yaml.`));
      continue;
    }
    let stepFile: YamlFile;
    try {
      stepFile = readYamlFile(displayPath(path));
    } catch (error) {
      if (error instanceof InputError) problems.push(...error.problems);
      else throw error;
      continue;
    }
    const input = validateWith(stepSchema, stepFile, problems);
    if (!input) continue;
    if (input.id !== stepId) problems.push(problemAt(stepFile, ['id'], `step id "${input.id}" does not match its file name (expected "${stepId}")`));
    const questions: Question[] = [];
    for (const [index, questionInput] of input.questions.entries()) {
      const at = ['questions', index];
      const question = buildQuestion(questionInput, stepId, stepFile, at, problems, warnings);
      const earlier = questionsSeen.get(question.id);
      if (earlier) {
        problems.push(problemAt(stepFile, [...at, 'id'], `duplicate question id "${question.id}" (also in ${earlier.file.file})`, 'Question ids are unique across the whole rubric.'));
        continue;
      }
      if (question.when) checkCondition(question, questionsSeen, stepFile, at, problems);
      questionsSeen.set(question.id, { question, file: stepFile, path: at });
      questions.push(question);
    }
    steps.push({ id: stepId, title: input.title, summary: input.summary, weight: input.weight, questions });
  }
  if (problems.length > 0) throw new InputError(problems);
  return {
    dir,
    warnings,
    rubric: {
      id: manifest.id,
      version: manifest.version,
      title: manifest.title,
      ...(manifest.description !== undefined && { description: manifest.description }),
      ...(manifest.source !== undefined && { source: manifest.source }),
      levels,
      critical: { cap: manifest.critical.cap, metAt: manifest.critical.met_at },
      stages,
      steps,
    },
  };
}

function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') || rel === '' ? path : rel;
}

function checkLevels(levels: Level[], file: YamlFile, problems: Problem[]): Level[] {
  checkUnique(levels.map((level) => level.id), (index) => ['levels', index, 'id'], 'level', file, problems);
  let expectedMin = 0;
  for (const [index, level] of levels.entries()) {
    if (level.min > level.max) problems.push(problemAt(file, ['levels', index], `level "${level.id}" has min ${level.min} above max ${level.max}`));
    if (level.min !== expectedMin) {
      const what = level.min < expectedMin ? 'overlaps the level before it' : 'leaves a hole after the level before it';
      problems.push(problemAt(file, ['levels', index, 'min'], `level "${level.id}" starts at ${level.min}: it ${what}`, `Expected min: ${expectedMin} (bands are contiguous integers, lowest first).`));
    }
    expectedMin = level.max + 1;
  }
  const last = levels[levels.length - 1];
  if (last && last.max !== 100) problems.push(problemAt(file, ['levels', levels.length - 1, 'max'], `the highest level ends at ${last.max}`, 'Expected max: 100.'));
  return levels;
}

function checkStages(stages: Stage[], stepIds: string[], levelIds: Set<string>, file: YamlFile, problems: Problem[]): Stage[] {
  checkUnique(stages.map((stage) => stage.id), (index) => ['stages', index, 'id'], 'stage', file, problems);
  const expected = `Expected one of: ${[...levelIds].join(', ')}.`;
  for (const [index, stage] of stages.entries()) {
    if (!levelIds.has(stage.overall)) problems.push(problemAt(file, ['stages', index, 'overall'], `stage "${stage.id}" targets unknown level "${stage.overall}"`, expected));
    for (const [stepId, levelId] of Object.entries(stage.targets)) {
      if (!stepIds.includes(stepId)) problems.push(problemAt(file, ['stages', index, 'targets', stepId], `stage "${stage.id}" names unknown step "${stepId}"`, `Steps: ${stepIds.join(', ')}.`, true));
      else if (!levelIds.has(levelId)) problems.push(problemAt(file, ['stages', index, 'targets', stepId], `stage "${stage.id}" targets unknown level "${levelId}" for ${stepId}`, expected));
    }
    for (const stepId of stepIds) {
      if (!(stepId in stage.targets)) problems.push(problemAt(file, ['stages', index, 'targets'], `stage "${stage.id}" has no target for step "${stepId}"`, 'Every stage names a target level for every step.'));
    }
  }
  return stages;
}

function checkUnique(ids: string[], pathOf: (index: number) => (string | number)[], what: string, file: YamlFile, problems: Problem[]) {
  const seen = new Set<string>();
  for (const [index, id] of ids.entries()) {
    if (seen.has(id)) problems.push(problemAt(file, pathOf(index), `duplicate ${what} id "${id}"`));
    seen.add(id);
  }
}

function buildQuestion(
  input: QuestionInput,
  stepId: string,
  file: YamlFile,
  at: (string | number)[],
  problems: Problem[],
  warnings: Problem[],
): Question {
  const question: Question = {
    id: input.id,
    stepId,
    prompt: input.prompt,
    why: input.why,
    kind: input.kind,
    weight: input.weight,
    critical: input.critical,
    allowNa: input.allow_na,
    choices: [],
    ...(input.when && {
      when: {
        question: input.when.question,
        ...(input.when.in && { in: input.when.in }),
        ...(input.when.at_least !== undefined && { atLeast: input.when.at_least }),
      },
    }),
  };
  const fieldsFor = { single: ['choices'], multi: ['choices'], boolean: ['action'], number: ['unit', 'min', 'max', 'bands'] } as const;
  for (const field of ['choices', 'action', 'unit', 'min', 'max', 'bands'] as const) {
    if (input[field] !== undefined && !(fieldsFor[input.kind] as readonly string[]).includes(field)) {
      problems.push(problemAt(file, [...at, field], `"${field}" does not belong on a ${input.kind} question`, `A ${input.kind} question has: ${fieldsFor[input.kind].join(', ')}.`, true));
    }
  }
  if (input.kind === 'boolean') {
    question.choices = [
      { id: 'yes', label: 'Yes', score: 1 },
      { id: 'no', label: 'No', score: 0, ...(input.action && { action: input.action }) },
    ];
    if (!input.action) warnings.push(problemAt(file, [...at, 'id'], `question "${input.id}" has no action for the answer "no"`, 'Add action: { text, effort } so the report can say what to do.'));
  } else if (input.kind === 'number') {
    buildNumber(question, input, file, at, problems, warnings);
  } else {
    question.choices = buildChoices(input, file, at, problems, warnings);
  }
  return question;
}

function buildChoices(input: QuestionInput, file: YamlFile, at: (string | number)[], problems: Problem[], warnings: Problem[]): Choice[] {
  const choices = input.choices ?? [];
  const minimum = input.kind === 'single' ? 2 : 1;
  if (choices.length < minimum) {
    problems.push(problemAt(file, input.choices ? [...at, 'choices'] : at, `a ${input.kind} question needs at least ${minimum} choice${minimum > 1 ? 's' : ''}`));
  }
  checkUnique(choices.map((choice) => choice.id), (index) => [...at, 'choices', index, 'id'], 'choice', file, problems);
  const best = Math.max(...choices.map((choice) => choice.score));
  for (const [index, choice] of choices.entries()) {
    if (RESERVED_CHOICE_IDS.includes(choice.id)) {
      problems.push(problemAt(file, [...at, 'choices', index, 'id'], `choice id "${choice.id}" is reserved`, 'Every question already accepts "unknown" and (with allow_na) "n/a"; pick another id.'));
    }
    const needsAction = input.kind === 'multi' ? choice.score > 0 : choice.score < best;
    if (needsAction && !choice.action) {
      warnings.push(problemAt(file, [...at, 'choices', index, 'id'], `choice "${choice.id}" of "${input.id}" has no action`, 'Add action: { text, effort } so the report can say what to do.'));
    }
  }
  return choices.map((choice) => ({ id: choice.id, label: choice.label, score: choice.score, ...(choice.action && { action: choice.action }) }));
}

function buildNumber(question: Question, input: QuestionInput, file: YamlFile, at: (string | number)[], problems: Problem[], warnings: Problem[]) {
  for (const field of ['min', 'max', 'bands'] as const) {
    if (input[field] === undefined) problems.push(problemAt(file, at, `a number question needs "${field}"`));
  }
  if (input.min === undefined || input.max === undefined || !input.bands) return;
  if (input.min >= input.max) problems.push(problemAt(file, [...at, 'max'], `max (${input.max}) must be above min (${input.min})`));
  const bands = input.bands;
  if (bands.length === 0) problems.push(problemAt(file, [...at, 'bands'], 'a number question needs at least one band'));
  if (bands[0] && bands[0].from !== input.min) {
    problems.push(problemAt(file, [...at, 'bands', 0, 'from'], `the first band starts at ${bands[0].from}, not at min (${input.min})`, 'Bands cover min..max with no hole: start the first at min.'));
  }
  const best = Math.max(...bands.map((band) => band.score));
  for (const [index, band] of bands.entries()) {
    const previous = bands[index - 1];
    if (previous && band.from <= previous.from) problems.push(problemAt(file, [...at, 'bands', index, 'from'], `band starts at ${band.from}, not above the band before it (${previous.from})`, 'List bands in ascending order of from.'));
    if (band.from > input.max) problems.push(problemAt(file, [...at, 'bands', index, 'from'], `band starts at ${band.from}, above max (${input.max})`));
    if (band.score < best && !band.action) warnings.push(problemAt(file, [...at, 'bands', index], `band from ${band.from} of "${input.id}" has no action`, 'Add action: { text, effort } so the report can say what to do.'));
  }
  question.number = {
    ...(input.unit !== undefined && { unit: input.unit }),
    min: input.min,
    max: input.max,
    bands: bands.map((band) => ({ from: band.from, score: band.score, ...(band.action && { action: band.action }) })),
  };
}

function checkCondition(
  question: Question,
  earlier: Map<string, { question: Question }>,
  file: YamlFile,
  at: (string | number)[],
  problems: Problem[],
) {
  const condition = question.when!;
  const gate = earlier.get(condition.question)?.question;
  if (!gate) {
    const hint = condition.question === question.id ? 'A question cannot depend on itself.' : 'A condition names a question asked earlier in playbook order (this also rules out cycles).';
    problems.push(problemAt(file, [...at, 'when', 'question'], `condition on "${condition.question}", which is not an earlier question`, hint));
    return;
  }
  if ((condition.in === undefined) === (condition.atLeast === undefined)) {
    problems.push(problemAt(file, [...at, 'when'], 'a condition needs exactly one of "in" (choice ids) or "at_least" (a number)'));
    return;
  }
  if (condition.atLeast !== undefined && gate.kind !== 'number') {
    problems.push(problemAt(file, [...at, 'when', 'at_least'], `"at_least" needs a number question, and "${gate.id}" is ${gate.kind}`, 'Use in: [choice ids].'));
  }
  if (condition.in) {
    if (gate.kind === 'number') problems.push(problemAt(file, [...at, 'when', 'in'], `"${gate.id}" is a number question`, 'Use at_least: N.'));
    else {
      for (const [index, choiceId] of condition.in.entries()) {
        if (!gate.choices.some((choice) => choice.id === choiceId)) {
          problems.push(problemAt(file, [...at, 'when', 'in', index], `unknown choice "${choiceId}" of "${gate.id}"`, `Expected one of: ${gate.choices.map((choice) => choice.id).join(', ')}.`));
        }
      }
    }
  }
}
