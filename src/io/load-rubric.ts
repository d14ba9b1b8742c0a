// Loads a rubric folder: the manifest and one file per step, validated with zod, then the rules that span files.
// Every problem is collected (not just the first) with its file:line:col, across the manifest and every step file.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BestOf, Choice, Level, Question, Rubric, Stage, Step, StepGroup } from '../core/model.js';
import { InputError, type Problem } from '../errors.js';
import { ID_PATTERN, manifestSchema, stepSchema, type ManifestInput, type QuestionInput } from '../schema/rubric.js';
import { validateWith } from '../schema/issues.js';
import { readCompiledPlaybook } from './compiled-playbook.js';
import { checkFolder, problemAt, readYamlFile, type PathSegment, type YamlFile } from './yaml-file.js';

export const MANIFEST_FILE = 'rubric.yaml';
export const STEPS_FOLDER = 'steps';
/** Choice ids that would be mistaken for the answers every question accepts. */
const RESERVED_CHOICE_IDS = ['unknown', 'n-a', 'na'];
/** Ids that would clash with JavaScript's own object properties (ids become keys in answers files). */
const RESERVED_IDS = ['constructor'];
/** Characters removed from rubric text: terminal controls (ESC, CR, BEL, C1 …) and bidirectional overrides. */
const UNSAFE_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** Whole escape sequences (CSI, OSC such as hyperlinks, single-character), removed first so no residue like "[2J" is left (as in src/render/safe-text.ts). */
const ESCAPE_SEQUENCES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)?|\u001b[@-_]|\u009b[0-?]*[ -/]*[@-~]/g;

export interface LoadedRubric {
  rubric: Rubric;
  dir: string;
  /** Legal but probably wrong (for `rubric validate`). */
  warnings: Problem[];
  /** The parsed files, to locate later findings (lint): the manifest, and each step's file by step id. Absent when the
   * built-in playbook came from its compiled copy (pass its folder to load the files). */
  files?: { manifest: YamlFile; steps: Record<string, YamlFile> };
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

interface SeenQuestion {
  question: Question;
  file: YamlFile;
  at: PathSegment[];
  /** Position in playbook order. */
  order: number;
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
  checkFolder(dir, 'rubric folder');
  const manifestPath = join(dir, MANIFEST_FILE);
  if (!existsSync(manifestPath)) {
    throw new InputError([{ file: displayPath(dir), message: `no ${MANIFEST_FILE} in this folder`, hint: `A rubric folder holds ${MANIFEST_FILE} and ${STEPS_FOLDER}/<step-id>.yaml (see docs/rubric-format.md).` }]);
  }
  const manifestFile = readYamlFile(displayPath(manifestPath));
  checkUnsafeText(manifestFile, warnings);
  const manifest = validateWith(manifestSchema, manifestFile, problems);
  // With a broken manifest the step files are still checked, so one run reports every problem.
  const stepIds = manifest ? manifest.steps : salvageStepIds(manifestFile.data);

  let levels: Level[] = [];
  let stages: Stage[] = [];
  let groups: StepGroup[] | undefined;
  if (manifest) {
    levels = checkLevels(manifest.levels, manifestFile, problems);
    const levelIds = new Set(levels.map((level) => level.id));
    if (!levelIds.has(manifest.critical.cap)) {
      problems.push(problemAt(manifestFile, ['critical', 'cap'], `unknown level "${manifest.critical.cap}" for the critical cap`, `Expected one of: ${[...levelIds].join(', ')}.`));
    }
    checkUnique(manifest.steps, (index) => ['steps', index], 'step', manifestFile, problems);
    stages = checkStages(manifest.stages, manifest.steps, levelIds, manifestFile, problems, (manifest.groups ?? []).map((group) => group.id));
    checkReservedIds(manifest, manifestFile, problems);
    groups = checkGroups(manifest, manifestFile, problems);
  }

  const steps: Step[] = [];
  const stepFiles: Record<string, YamlFile> = {};
  const seen = new Map<string, SeenQuestion>();
  const bestOfSeen: { bestOf: BestOf; file: YamlFile; at: PathSegment[]; step: Step }[] = [];
  for (const [stepIndex, stepId] of stepIds.entries()) {
    if (stepIds.indexOf(stepId) !== stepIndex) continue; // a duplicate, reported above
    const path = join(dir, STEPS_FOLDER, `${stepId}.yaml`);
    if (!existsSync(path)) {
      problems.push(problemAt(manifestFile, ['steps', stepIndex], `no file for step "${stepId}"`, `Create ${STEPS_FOLDER}/${stepId}.yaml, or remove "${stepId}" from steps.`));
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
    stepFiles[stepId] = stepFile;
    checkUnsafeText(stepFile, warnings);
    const input = validateWith(stepSchema, stepFile, problems);
    if (!input) continue;
    if (input.id !== stepId) problems.push(problemAt(stepFile, ['id'], `step id "${input.id}" does not match its file name (expected "${stepId}")`, `Rename the file or set id: ${stepId}.`));
    const questions: Question[] = [];
    for (const [index, questionInput] of input.questions.entries()) {
      const at = ['questions', index];
      const question = buildQuestion(questionInput, stepId, stepFile, at, problems, warnings);
      const earlier = seen.get(question.id);
      if (earlier) {
        problems.push(problemAt(stepFile, [...at, 'id'], `duplicate question id "${question.id}" (also at ${where(earlier.file, [...earlier.at, 'id'])})`, 'Question ids are unique across the whole rubric.'));
        continue;
      }
      if (RESERVED_IDS.includes(question.id)) problems.push(problemAt(stepFile, [...at, 'id'], `question id "${question.id}" is reserved`, 'It clashes with a JavaScript built-in name; pick another id.'));
      seen.set(question.id, { question, file: stepFile, at, order: seen.size });
      questions.push(question);
    }
    const step: Step = { id: stepId, title: input.title, summary: input.summary, weight: input.weight, questions };
    if (input.best_of) {
      step.bestOf = input.best_of.map((entry) => ({ id: entry.id, title: entry.title, weight: entry.weight, questions: entry.questions }));
      step.bestOf.forEach((bestOf, index) => bestOfSeen.push({ bestOf, file: stepFile, at: ['best_of', index], step }));
    }
    steps.push(step);
  }
  checkConditions(seen, problems);
  checkBestOf(bestOfSeen, seen, stepIds, problems);
  checkStrayStepFiles(dir, stepIds, manifestFile, warnings);
  if (problems.length > 0 || !manifest) throw new InputError(problems);
  return {
    dir,
    warnings,
    files: { manifest: manifestFile, steps: stepFiles },
    rubric: removeUnsafeText({
      id: manifest.id,
      version: manifest.version,
      title: manifest.title,
      ...(manifest.description !== undefined && { description: manifest.description }),
      ...(manifest.source !== undefined && { source: manifest.source }),
      levels,
      critical: { cap: manifest.critical.cap, metAt: manifest.critical.met_at },
      stages,
      steps,
      ...(groups && { groups }),
      ...(manifest.unknown !== undefined && { unknown: manifest.unknown }),
      ...(manifest.display !== undefined && { display: manifest.display }),
    }),
  };
}

function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') || rel === '' ? path : rel;
}

function where(file: YamlFile, path: PathSegment[]): string {
  const { line, col } = problemAt(file, path, '');
  return `${file.file}:${line}:${col}`;
}

/** The step ids of a manifest that failed validation, when its `steps` list can still be read. */
function salvageStepIds(data: unknown): string[] {
  const steps = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>).steps : undefined;
  return Array.isArray(steps) ? steps.filter((id): id is string => typeof id === 'string' && ID_PATTERN.test(id) && !RESERVED_IDS.includes(id)) : [];
}

function checkLevels(levels: Level[], file: YamlFile, problems: Problem[]): Level[] {
  checkUnique(levels.map((level) => level.id), (index) => ['levels', index, 'id'], 'level', file, problems);
  for (const [index, level] of levels.entries()) {
    if (level.min > level.max) problems.push(problemAt(file, ['levels', index], `level "${level.id}" has min ${level.min} above its max ${level.max}`, 'A level covers min..max, both included.'));
  }
  const sorted = levels.every((level, index) => index === 0 || level.min > levels[index - 1]!.min);
  if (!sorted) {
    problems.push(problemAt(file, ['levels'], 'levels are not listed lowest first', 'List the levels in ascending order of min, from 0 up to 100.'));
    return levels;
  }
  const first = levels[0];
  // Whole-number bounds keep the integer rule (each level starts one above the max of the one before); with a fractional
  // bound anywhere, each level starts exactly where the one before ends.
  const fractional = levels.some((level) => !Number.isInteger(level.min) || !Number.isInteger(level.max));
  if (first && first.min !== 0) {
    const what = fractional ? `scores below ${first.min} have no level` : `scores 0–${first.min - 1} have no level`;
    problems.push(problemAt(file, ['levels', 0, 'min'], `the lowest level "${first.id}" starts at ${first.min}: ${what}`, 'Expected min: 0 (levels cover 0 to 100 with no hole).'));
  }
  for (const [index, level] of levels.entries()) {
    const previous = levels[index - 1];
    if (!previous) continue;
    if (fractional) {
      if (level.min < previous.max) {
        problems.push(problemAt(file, ['levels', index, 'min'], `level "${level.id}" (${level.min}–${level.max}) overlaps level "${previous.id}" (${previous.min}–${previous.max})`, `Expected min: ${previous.max} (with fractional bounds each level starts where the level before it ends).`));
      } else if (level.min > previous.max) {
        problems.push(problemAt(file, ['levels', index, 'min'], `hole between level "${previous.id}" (ends at ${previous.max}) and level "${level.id}" (starts at ${level.min})`, `Expected min: ${previous.max} (with fractional bounds each level starts where the level before it ends).`));
      }
      continue;
    }
    if (level.min <= previous.max) {
      problems.push(problemAt(file, ['levels', index, 'min'], `level "${level.id}" (${level.min}–${level.max}) overlaps level "${previous.id}" (${previous.min}–${previous.max})`, `Expected min: ${previous.max + 1} (each level starts one above the max of the level before it).`));
    } else if (level.min > previous.max + 1) {
      const hole = level.min - 1 === previous.max + 1 ? `score ${previous.max + 1} has` : `scores ${previous.max + 1}–${level.min - 1} have`;
      problems.push(problemAt(file, ['levels', index, 'min'], `hole between level "${previous.id}" (ends at ${previous.max}) and level "${level.id}" (starts at ${level.min}): ${hole} no level`, `Expected min: ${previous.max + 1}.`));
    }
  }
  const last = levels[levels.length - 1];
  if (last && last.max !== 100) {
    problems.push(problemAt(file, ['levels', levels.length - 1, 'max'], `the highest level "${last.id}" ends at ${last.max}: scores ${last.max + 1}–100 have no level`, 'Expected max: 100.'));
  }
  return levels;
}

/** Step groups: ids unique (and not step ids: thresholds name both), steps that exist, each step in one group at most. */
function checkGroups(manifest: ManifestInput, file: YamlFile, problems: Problem[]): StepGroup[] | undefined {
  if (!manifest.groups) return undefined;
  checkUnique(manifest.groups.map((group) => group.id), (index) => ['groups', index, 'id'], 'group', file, problems);
  const owner = new Map<string, string>();
  for (const [index, group] of manifest.groups.entries()) {
    if (manifest.steps.includes(group.id)) {
      problems.push(problemAt(file, ['groups', index, 'id'], `group id "${group.id}" is also a step id`, 'Thresholds and `check --min ID=N` name steps and groups alike: rename the group.'));
    }
    if (RESERVED_IDS.includes(group.id)) problems.push(problemAt(file, ['groups', index, 'id'], `group id "${group.id}" is reserved`, 'It clashes with a JavaScript built-in name; pick another id.'));
    for (const [position, stepId] of group.steps.entries()) {
      const at = ['groups', index, 'steps', position];
      if (!manifest.steps.includes(stepId)) {
        problems.push(problemAt(file, at, `group "${group.id}" names unknown step "${stepId}"`, `Steps: ${manifest.steps.join(', ')}.`));
        continue;
      }
      const first = owner.get(stepId);
      if (first === group.id) problems.push(problemAt(file, at, `group "${group.id}" names step "${stepId}" twice`));
      else if (first !== undefined) problems.push(problemAt(file, at, `step "${stepId}" is in two groups ("${first}" and "${group.id}")`, 'A step belongs to one group at most.'));
      else owner.set(stepId, group.id);
    }
  }
  return manifest.groups.map((group) => ({ id: group.id, title: group.title, weight: group.weight, steps: group.steps }));
}

/** best_of groups: ids unique in the rubric and not question ids; members are questions of the same step, not critical, in one group. */
function checkBestOf(entries: { bestOf: BestOf; file: YamlFile; at: PathSegment[]; step: Step }[], seen: Map<string, SeenQuestion>, stepIds: string[], problems: Problem[]) {
  const ids = new Map<string, string>();
  const memberOf = new Map<string, string>();
  for (const { bestOf, file, at, step } of entries) {
    const first = ids.get(bestOf.id);
    if (first !== undefined) problems.push(problemAt(file, [...at, 'id'], `duplicate best_of id "${bestOf.id}" (also in step "${first}")`, 'best_of ids are unique across the whole rubric.'));
    else ids.set(bestOf.id, step.id);
    if (seen.has(bestOf.id)) problems.push(problemAt(file, [...at, 'id'], `best_of id "${bestOf.id}" is also a question id`, 'Give the group an id of its own.'));
    if (stepIds.includes(bestOf.id)) problems.push(problemAt(file, [...at, 'id'], `best_of id "${bestOf.id}" is also a step id`, 'Give the group an id of its own.'));
    for (const [index, questionId] of bestOf.questions.entries()) {
      const path = [...at, 'questions', index];
      const question = step.questions.find((candidate) => candidate.id === questionId);
      if (!question) {
        const elsewhere = seen.get(questionId);
        const hint = elsewhere ? `"${questionId}" is a question of step "${elsewhere.question.stepId}": a best_of group holds questions of its own step.` : `Questions of this step: ${step.questions.map((candidate) => candidate.id).join(', ')}.`;
        problems.push(problemAt(file, path, `best_of "${bestOf.id}" names "${questionId}", which is not a question of step "${step.id}"`, hint));
        continue;
      }
      if (question.critical) {
        problems.push(problemAt(file, path, `best_of "${bestOf.id}" holds critical question "${questionId}"`, 'A critical question must be met on its own: take it out of the group, or make it not critical.'));
      }
      const owner = memberOf.get(questionId);
      if (owner === bestOf.id) problems.push(problemAt(file, path, `best_of "${bestOf.id}" names "${questionId}" twice`));
      else if (owner !== undefined) problems.push(problemAt(file, path, `question "${questionId}" is in two best_of groups ("${owner}" and "${bestOf.id}")`, 'A question belongs to one best_of group at most.'));
      else memberOf.set(questionId, bestOf.id);
    }
  }
}

/** Stages name a target for every step, and may name one for a step group. */
function checkStages(stages: Stage[], stepIds: string[], levelIds: Set<string>, file: YamlFile, problems: Problem[], groupIds: string[]): Stage[] {
  checkUnique(stages.map((stage) => stage.id), (index) => ['stages', index, 'id'], 'stage', file, problems);
  const expected = `Expected one of: ${[...levelIds].join(', ')}.`;
  for (const [index, stage] of stages.entries()) {
    if (!levelIds.has(stage.overall)) problems.push(problemAt(file, ['stages', index, 'overall'], `stage "${stage.id}" targets unknown level "${stage.overall}" overall`, expected));
    for (const [stepId, levelId] of Object.entries(stage.targets)) {
      if (!stepIds.includes(stepId) && !groupIds.includes(stepId)) {
        const known = `Steps: ${stepIds.join(', ')}${groupIds.length > 0 ? `; groups: ${groupIds.join(', ')}` : ''}.`;
        problems.push(problemAt(file, ['stages', index, 'targets', stepId], `stage "${stage.id}" names unknown step "${stepId}"`, known, true));
      }
      else if (!levelIds.has(levelId)) problems.push(problemAt(file, ['stages', index, 'targets', stepId], `stage "${stage.id}" targets unknown level "${levelId}" for ${stepId}`, expected));
    }
    for (const stepId of new Set(stepIds)) {
      if (!Object.hasOwn(stage.targets, stepId)) problems.push(problemAt(file, ['stages', index, 'targets'], `stage "${stage.id}" has no target for step "${stepId}"`, 'Every stage names a target level for every step.'));
    }
  }
  return stages;
}

function checkReservedIds(manifest: ManifestInput, file: YamlFile, problems: Problem[]) {
  const reserved = (id: string, path: PathSegment[], what: string) => {
    if (RESERVED_IDS.includes(id)) problems.push(problemAt(file, path, `${what} id "${id}" is reserved`, 'It clashes with a JavaScript built-in name; pick another id.'));
  };
  manifest.steps.forEach((id, index) => reserved(id, ['steps', index], 'step'));
  manifest.levels.forEach((level, index) => reserved(level.id, ['levels', index, 'id'], 'level'));
  manifest.stages.forEach((stage, index) => reserved(stage.id, ['stages', index, 'id'], 'stage'));
}

function checkUnique(ids: string[], pathOf: (index: number) => PathSegment[], what: string, file: YamlFile, problems: Problem[]) {
  const seen = new Map<string, number>();
  for (const [index, id] of ids.entries()) {
    const first = seen.get(id);
    if (first !== undefined) problems.push(problemAt(file, pathOf(index), `duplicate ${what} id "${id}" (first at line ${problemAt(file, pathOf(first), '').line})`, `Each ${what} id may appear once.`));
    else seen.set(id, index);
  }
}

function buildQuestion(
  input: QuestionInput,
  stepId: string,
  file: YamlFile,
  at: PathSegment[],
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

function buildChoices(input: QuestionInput, file: YamlFile, at: PathSegment[], problems: Problem[], warnings: Problem[]): Choice[] {
  const choices = input.choices ?? [];
  const minimum = input.kind === 'single' ? 2 : 1;
  if (choices.length < minimum) {
    problems.push(problemAt(file, input.choices ? [...at, 'choices'] : at, `a ${input.kind} question needs at least ${minimum} choice${minimum > 1 ? 's' : ''}, found ${choices.length}`));
  }
  checkUnique(choices.map((choice) => choice.id), (index) => [...at, 'choices', index, 'id'], 'choice', file, problems);
  const best = Math.max(...choices.map((choice) => choice.score));
  for (const [index, choice] of choices.entries()) {
    if (RESERVED_CHOICE_IDS.includes(choice.id)) {
      problems.push(problemAt(file, [...at, 'choices', index, 'id'], `choice id "${choice.id}" is reserved`, 'Every question already accepts "unknown" and (with allow_na) "n/a"; pick another id.'));
    }
    if (RESERVED_IDS.includes(choice.id)) problems.push(problemAt(file, [...at, 'choices', index, 'id'], `choice id "${choice.id}" is reserved`, 'It clashes with a JavaScript built-in name; pick another id.'));
    const needsAction = input.kind === 'multi' ? choice.score > 0 : choice.score < best;
    if (needsAction && !choice.action) {
      warnings.push(problemAt(file, [...at, 'choices', index, 'id'], `choice "${choice.id}" of "${input.id}" has no action`, 'Add action: { text, effort } so the report can say what to do.'));
    }
  }
  return choices.map((choice) => ({ id: choice.id, label: choice.label, score: choice.score, ...(choice.action && { action: choice.action }) }));
}

function buildNumber(question: Question, input: QuestionInput, file: YamlFile, at: PathSegment[], problems: Problem[], warnings: Problem[]) {
  for (const field of ['min', 'max', 'bands'] as const) {
    if (input[field] === undefined) problems.push(problemAt(file, at, `a number question needs "${field}"`));
  }
  if (input.min === undefined || input.max === undefined || !input.bands) return;
  if (input.min >= input.max) problems.push(problemAt(file, [...at, 'max'], `max (${input.max}) must be above min (${input.min})`));
  const bands = input.bands;
  if (bands.length === 0) problems.push(problemAt(file, [...at, 'bands'], 'a number question needs at least one band'));
  if (bands[0] && bands[0].from !== input.min) {
    const what = bands[0].from > input.min ? `numbers ${input.min} up to ${bands[0].from} have no band` : 'it starts below min';
    problems.push(problemAt(file, [...at, 'bands', 0, 'from'], `the first band starts at ${bands[0].from}, not at min (${input.min}): ${what}`, 'Bands cover min..max with no hole: start the first at min.'));
  }
  const best = Math.max(...bands.map((band) => band.score));
  for (const [index, band] of bands.entries()) {
    const previous = bands[index - 1];
    if (previous && band.from <= previous.from) {
      problems.push(problemAt(file, [...at, 'bands', index, 'from'], `band starts at ${band.from}, not above the band before it (${previous.from}): the bands overlap`, 'List bands in ascending order of from; each runs up to the next one.'));
    }
    if (band.from > input.max) problems.push(problemAt(file, [...at, 'bands', index, 'from'], `band starts at ${band.from}, above max (${input.max}): no answer can fall in it`));
    if (band.score < best && !band.action) warnings.push(problemAt(file, [...at, 'bands', index], `band from ${band.from} of "${input.id}" has no action`, 'Add action: { text, effort } so the report can say what to do.'));
  }
  question.number = {
    ...(input.unit !== undefined && { unit: input.unit }),
    min: input.min,
    max: input.max,
    bands: bands.map((band) => ({ from: band.from, score: band.score, ...(band.action && { action: band.action }) })),
  };
}

/**
 * A condition names a question asked EARLIER (in playbook order), so its answer is known when the conditional question
 * comes up; this also rules out cycles. Each broken condition is reported with what it points at: a missing question,
 * itself, a later question, or a cycle (shown whole).
 */
function checkConditions(seen: Map<string, SeenQuestion>, problems: Problem[]) {
  const reportedCycles = new Set<string>();
  for (const entry of seen.values()) {
    const { question, file, at, order } = entry;
    const condition = question.when;
    if (!condition) continue;
    const gateEntry = seen.get(condition.question);
    const atQuestion = [...at, 'when', 'question'];
    if (!gateEntry) {
      const close = closestId(condition.question, [...seen.keys()]);
      problems.push(problemAt(file, atQuestion, `condition on "${condition.question}", which is not a question of this rubric`, close ? `Did you mean "${close}"?` : 'A condition names an earlier question by its id.'));
      continue;
    }
    if (gateEntry.question.id === question.id) {
      problems.push(problemAt(file, atQuestion, `question "${question.id}" has a condition on itself`, 'A condition names an earlier question.'));
      continue;
    }
    if (gateEntry.order > order) {
      const cycle = findCycle(question.id, seen);
      if (cycle) {
        const key = [...cycle].sort().join(' ');
        if (!reportedCycles.has(key)) {
          reportedCycles.add(key);
          problems.push(problemAt(file, atQuestion, `conditions form a cycle: ${[...cycle, cycle[0]].join(' → ')}`, 'No question in the cycle can ever be asked first; make one of them unconditional.'));
        }
      } else {
        problems.push(problemAt(file, atQuestion, `condition on "${condition.question}", which comes later (${where(gateEntry.file, [...gateEntry.at, 'id'])})`, 'A condition names a question asked earlier, so its answer is known when this one comes up: move one of the two.'));
      }
      continue;
    }
    const gate = gateEntry.question;
    if ((condition.in === undefined) === (condition.atLeast === undefined)) {
      problems.push(problemAt(file, [...at, 'when'], 'a condition needs exactly one of "in" (choice ids) or "at_least" (a number)'));
      continue;
    }
    if (condition.atLeast !== undefined && gate.kind !== 'number') {
      problems.push(problemAt(file, [...at, 'when', 'at_least'], `"at_least" needs a number question, and "${gate.id}" is ${gate.kind}`, 'Use in: [choice ids].'));
    }
    if (condition.in) {
      if (gate.kind === 'number') problems.push(problemAt(file, [...at, 'when', 'in'], `"in" needs a question with choices, and "${gate.id}" is a number question`, 'Use at_least: N.'));
      else {
        for (const [index, choiceId] of condition.in.entries()) {
          if (!gate.choices.some((choice) => choice.id === choiceId)) {
            problems.push(problemAt(file, [...at, 'when', 'in', index], `unknown choice "${choiceId}" of "${gate.id}"`, `Expected one of: ${gate.choices.map((choice) => choice.id).join(', ')}.`));
          }
        }
      }
    }
  }
}

/** The cycle of conditions through `start`, in order, if following `when.question` links leads back to it. */
function findCycle(start: string, seen: Map<string, SeenQuestion>): string[] | undefined {
  const path: string[] = [];
  let current: string | undefined = start;
  while (current !== undefined && !path.includes(current)) {
    path.push(current);
    current = seen.get(current)?.question.when?.question;
  }
  return current === start ? path : undefined;
}

function closestId(id: string, candidates: string[]): string | undefined {
  let best: { id: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(id, candidate);
    if (distance <= Math.max(2, Math.floor(id.length / 4)) && (!best || distance < best.distance)) best = { id: candidate, distance };
  }
  return best?.id;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

/** Files in steps/ that the manifest does not list are ignored: say so, they are usually a typo or a forgotten step. */
function checkStrayStepFiles(dir: string, stepIds: string[], manifestFile: YamlFile, warnings: Problem[]) {
  let names: string[];
  try {
    names = readdirSync(join(dir, STEPS_FOLDER));
  } catch {
    return;
  }
  for (const name of names.sort()) {
    const match = /^(.+)\.ya?ml$/.exec(name);
    if (match && !stepIds.includes(match[1]!)) {
      warnings.push(problemAt(manifestFile, ['steps'], `${STEPS_FOLDER}/${name} is not listed in steps, so it is ignored`, name.endsWith('.yml') ? 'Step files end in .yaml.' : `Add "${match[1]}" to steps, or delete the file.`));
    }
  }
}

/** Warns about terminal control characters in any text of the file (they are removed from the loaded rubric). */
function checkUnsafeText(file: YamlFile, warnings: Problem[]) {
  const visit = (value: unknown, path: PathSegment[]) => {
    if (typeof value === 'string') {
      const found = [...new Set(value.match(UNSAFE_TEXT) ?? [])];
      if (found.length > 0) {
        const codes = found.map((char) => `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`).join(', ');
        warnings.push(problemAt(file, path, `text contains control characters (${codes}); they were removed`, 'Terminal escapes and bidirectional overrides in rubric text could disguise what users see.'));
      }
    } else if (Array.isArray(value)) value.forEach((item, index) => visit(item, [...path, index]));
    else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) visit(item, [...path, key]);
  };
  visit(file.data, []);
}

/** A copy of the rubric with terminal controls removed from every text (ids are kebab-case and cannot hold any). */
function removeUnsafeText<T>(value: T): T {
  if (typeof value === 'string') return value.replace(ESCAPE_SEQUENCES, '').replace(UNSAFE_TEXT, '') as T;
  if (Array.isArray(value)) return value.map((item) => removeUnsafeText(item)) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, removeUnsafeText(item)])) as T;
  return value;
}
