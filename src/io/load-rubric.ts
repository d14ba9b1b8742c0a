// Loads a rubric folder: the manifest and one file per step, validated with zod, then the rules that span files.
// Every problem is collected (not just the first) with its file:line:col, across the manifest and every step file.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  QUESTION_KINDS,
  type BestOf,
  type Condition,
  type Level,
  type ProfileQuestion,
  type Question,
  type QuestionKind,
  type Rubric,
  type Stage,
  type Step,
  type StepGroup,
  type When,
} from '../core/model.js';
import { rulesFor } from '../core/question-kinds.js';
import { gatesOf } from '../core/questions.js';
import { ESCAPE_SEQUENCES, UNSAFE_CHARACTERS } from '../core/unsafe-text.js';
import { InputError, type Problem } from '../errors.js';
import type * as z from 'zod';
import {
  ID_PATTERN,
  rubricSchemas,
  type ActionInput,
  type ChoiceInput,
  type ConditionInput,
  type ManifestInput,
  type QuestionInput,
} from '../schema/rubric.js';
import { validateWith } from '../schema/issues.js';
import { readCompiledPlaybook } from './compiled-playbook.js';
import { RubricCache, type LocatedLint } from './rubric-cache.js';
import { outsideRubricFolder } from './rubric-folder.js';
import {
  checkUnique,
  KIND_FIELDS,
  KIND_FILE_RULES,
  RESERVED_CHOICE_IDS,
  RESERVED_IDS,
  type ResolvedQuestionInput,
} from './question-kinds.js';
import {
  checkFolder,
  problemAt,
  readYamlFile as readYamlFileIn,
  type PathSegment,
  type YamlFile,
} from './yaml-file.js';
import { buildEvidencePolicy, buildProbes } from './rubric-probes.js';

export const MANIFEST_FILE = 'rubric.yaml';
export const STEPS_FOLDER = 'steps';
export interface LoadedRubric {
  rubric: Rubric;
  dir: string;
  /** Legal but probably wrong (for `rubric validate`). */
  warnings: Problem[];
  /** The parsed files, to locate later findings (lint): the manifest, and each step's file by step id. Absent when the
   * built-in playbook came from its compiled copy (pass its folder to load the files). */
  files?: { manifest: YamlFile; steps: Record<string, YamlFile> };
  /** The compiled-rubric cache entry of a custom rubric (see rubric-cache.ts), when caching is on. */
  cache?: RubricCache;
  /** Lint findings, located, when they came from the cache. */
  cachedLint?: LocatedLint;
}

export interface LoadRubricOptions {
  /** The compiled-rubric cache folder for custom rubrics; undefined: no cache. */
  cacheDir?: string | undefined;
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
  /** The single conditions of its `when`, each with its path in the file. */
  leaves: Leaf[];
}

interface Leaf {
  condition: Condition;
  path: PathSegment[];
}

/** What the manifest gives the step files: stages, the profile, choice sets, whether actions are optional. */
interface Scope {
  /** Undefined when the manifest is too broken to tell (then from_stage is not checked). */
  stageIds: string[] | undefined;
  profile: ProfileQuestion[];
  /** False when the manifest's profile is too broken to read (then applies_to is not checked). */
  profileKnown: boolean;
  /** Undefined when the manifest is too broken to tell (then sets are not checked). */
  choiceSets: Record<string, ChoiceInput[]> | undefined;
  actionsOptional: boolean;
  /** Ids of questions that failed validation: conditions on them are not reported again. */
  brokenIds: Set<string>;
}

/**
 * Loads and validates a rubric folder (the built-in playbook when `dir` is undefined). With `cacheDir`, a custom rubric
 * comes from the compiled-rubric cache when its files are unchanged, and is stored there after a clean load.
 */
export function loadRubric(dir?: string, cwd = '.', options: LoadRubricOptions = {}): LoadedRubric {
  if (dir === undefined) {
    const playbookDir = builtInRubricDir();
    const compiled = readCompiledPlaybook(playbookDir);
    return compiled ? { rubric: compiled, dir: playbookDir, warnings: [] } : loadRubricFolder(playbookDir);
  }
  const cache = options.cacheDir === undefined ? undefined : RubricCache.open(options.cacheDir, dir, cwd);
  if (!cache) return loadRubricFolder(dir, cwd);
  const hit = cache.read();
  if (hit) return { rubric: hit.rubric, dir, warnings: hit.warnings, cache, ...(hit.lint && { cachedLint: hit.lint }) };
  const loaded = loadRubricFolder(dir, cwd);
  cache.write({ rubric: loaded.rubric, warnings: loaded.warnings });
  return { ...loaded, cache };
}

/** `given` is the folder as the user named it (relative to `cwd`). */
function loadRubricFolder(given: string, cwd = '.'): LoadedRubric {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  checkFolder(given, 'rubric folder', cwd);
  const dir = resolve(cwd, given);
  const displayPath = (path: string) => displayPathIn(cwd, path);
  const readYamlFile = (path: string) => readYamlFileIn(path, cwd);
  const manifestPath = join(dir, MANIFEST_FILE);
  if (!existsSync(manifestPath)) {
    throw new InputError([
      {
        file: displayPath(dir),
        message: `no ${MANIFEST_FILE} in this folder`,
        hint: `A rubric folder holds ${MANIFEST_FILE} and ${STEPS_FOLDER}/<step-id>.yaml (see docs/rubric-format.md).`,
      },
    ]);
  }
  const manifestOutside = outsideRubricFolder(dir, manifestPath, displayPath(manifestPath));
  if (manifestOutside) throw new InputError([manifestOutside]);
  const manifestFile = readYamlFile(displayPath(manifestPath));
  checkUnsafeText(manifestFile, warnings);
  const manifest = validateWith(rubricSchemas().manifestSchema, manifestFile, problems);
  // With a broken manifest the step files are still checked, so one run reports every problem.
  const stepIds = manifest ? manifest.steps : salvageStepIds(manifestFile.data);

  let levels: Level[] = [];
  let stages: Stage[] = [];
  let groups: StepGroup[] | undefined;
  if (manifest) {
    levels = checkLevels(manifest.levels, manifestFile, problems);
    const levelIds = new Set(levels.map((level) => level.id));
    if (!levelIds.has(manifest.critical.cap)) {
      problems.push(
        problemAt(
          manifestFile,
          ['critical', 'cap'],
          `unknown level "${manifest.critical.cap}" for the critical cap`,
          `Expected one of: ${[...levelIds].join(', ')}.`,
        ),
      );
    }
    checkUnique(manifest.steps, (index) => ['steps', index], 'step', manifestFile, problems);
    const groupIds = (manifest.groups ?? []).map((group) => group.id);
    stages = checkStages(manifest.stages, manifest.steps, levelIds, manifestFile, problems, groupIds);
    checkReservedIds(manifest, manifestFile, problems);
    groups = checkGroups(manifest, manifestFile, problems);
  }
  const scope = buildScope(manifest, manifestFile, problems);

  const steps: Step[] = [];
  const stepFiles: Record<string, YamlFile> = {};
  const seen = new Map<string, SeenQuestion>();
  const bestOfSeen: SeenBestOf[] = [];
  for (const [stepIndex, stepId] of stepIds.entries()) {
    if (stepIds.indexOf(stepId) !== stepIndex) continue; // a duplicate, reported above
    const path = join(dir, STEPS_FOLDER, `${stepId}.yaml`);
    if (!existsSync(path)) {
      problems.push(
        problemAt(
          manifestFile,
          ['steps', stepIndex],
          `no file for step "${stepId}"`,
          `Create ${STEPS_FOLDER}/${stepId}.yaml, or remove "${stepId}" from steps.`,
        ),
      );
      continue;
    }
    const outside = outsideRubricFolder(dir, path, displayPath(path));
    if (outside) {
      problems.push(outside);
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
    const input = validateWith(rubricSchemas().stepSchema, stepFile, problems);
    if (!input) {
      salvageQuestions(stepFile, stepId, scope, seen, problems, warnings);
      continue;
    }
    if (input.id !== stepId)
      problems.push(
        problemAt(
          stepFile,
          ['id'],
          `step id "${input.id}" does not match its file name (expected "${stepId}")`,
          `Rename the file or set id: ${stepId}.`,
        ),
      );
    const questions: Question[] = [];
    for (const [index, questionInput] of input.questions.entries()) {
      const at = ['questions', index];
      const { question, leaves } = buildQuestion(questionInput, stepId, stepFile, at, scope, problems, warnings);
      addEvidenceRules(
        question,
        questionInput,
        manifest?.stages.map((stage) => stage.id),
        stepFile,
        at,
        problems,
      );
      const earlier = seen.get(question.id);
      if (earlier) {
        problems.push(
          problemAt(
            stepFile,
            [...at, 'id'],
            `duplicate question id "${question.id}" (also at ${where(earlier.file, [...earlier.at, 'id'])})`,
            'Question ids are unique across the whole rubric.',
          ),
        );
        continue;
      }
      if (RESERVED_IDS.includes(question.id))
        problems.push(
          problemAt(
            stepFile,
            [...at, 'id'],
            `question id "${question.id}" is reserved`,
            'It clashes with a JavaScript built-in name; pick another id.',
          ),
        );
      seen.set(question.id, { question, file: stepFile, at, order: seen.size, leaves });
      questions.push(question);
    }
    const externalId = input.external_id !== undefined ? { externalId: input.external_id } : {};
    const step: Step = {
      id: stepId,
      title: input.title,
      summary: input.summary,
      weight: input.weight,
      ...externalId,
      questions,
    };
    if (input.best_of) {
      step.bestOf = input.best_of.map(({ id, title, weight, questions }) => ({ id, title, weight, questions }));
      for (const [index, bestOf] of step.bestOf.entries())
        bestOfSeen.push({ bestOf, file: stepFile, at: ['best_of', index], step });
    }
    steps.push(step);
  }
  checkConditions(seen, scope.brokenIds, problems);
  checkBestOf(bestOfSeen, seen, stepIds, problems);
  const rubricEvidence =
    manifest &&
    buildEvidencePolicy(
      manifest.evidence,
      manifest.stages.map((stage) => stage.id),
      manifestFile,
      ['evidence'],
      problems,
    );
  checkStrayStepFiles(dir, stepIds, manifestFile, warnings);
  if (problems.length > 0 || !manifest) throw new InputError(problems);
  return {
    dir: given,
    warnings,
    files: { manifest: manifestFile, steps: stepFiles },
    rubric: removeUnsafeText({
      id: manifest.id,
      version: manifest.version,
      title: manifest.title,
      ...(manifest.description !== undefined && { description: manifest.description }),
      ...(manifest.source !== undefined && { source: manifest.source }),
      ...(manifest.license !== undefined && { license: manifest.license }),
      ...(manifest.attribution !== undefined && { attribution: manifest.attribution }),
      ...(scope.profile.length > 0 && { profile: scope.profile }),
      levels,
      critical: { cap: manifest.critical.cap, metAt: manifest.critical.met_at },
      ...(rubricEvidence && { evidence: rubricEvidence }),
      stages,
      steps,
      ...(groups && { groups }),
      ...(manifest.unknown !== undefined && { unknown: manifest.unknown }),
      ...(manifest.display !== undefined && { display: manifest.display }),
    }),
  };
}

function displayPathIn(cwd: string, path: string): string {
  const rel = relative(resolve(cwd), path);
  return rel.startsWith('..') || rel === '' ? path : rel;
}

function where(file: YamlFile, path: PathSegment[]): string {
  const { line, col } = problemAt(file, path, '');
  return `${file.file}:${line}:${col}`;
}

/** The step ids of a manifest that failed validation, when its `steps` list can still be read. */
function salvageStepIds(data: unknown): string[] {
  const steps =
    data !== null && typeof data === 'object' && !Array.isArray(data)
      ? (data as Record<string, unknown>).steps
      : undefined;
  return Array.isArray(steps)
    ? steps.filter((id): id is string => typeof id === 'string' && ID_PATTERN.test(id) && !RESERVED_IDS.includes(id))
    : [];
}

function checkLevels(levels: Level[], file: YamlFile, problems: Problem[]): Level[] {
  checkUnique(
    levels.map((level) => level.id),
    (index) => ['levels', index, 'id'],
    'level',
    file,
    problems,
  );
  for (const [index, level] of levels.entries()) {
    if (level.min > level.max)
      problems.push(
        problemAt(
          file,
          ['levels', index],
          `level "${level.id}" has min ${level.min} above its max ${level.max}`,
          'A level covers min..max, both included.',
        ),
      );
  }
  const sorted = levels.every((level, index) => index === 0 || level.min > levels[index - 1]!.min);
  if (!sorted) {
    problems.push(
      problemAt(
        file,
        ['levels'],
        'levels are not listed lowest first',
        'List the levels in ascending order of min, from 0 up to 100.',
      ),
    );
    return levels;
  }
  const first = levels[0];
  // Whole-number bounds keep the integer rule (each level starts one above the max of the one before); with a
  // fractional
  // bound anywhere, each level starts exactly where the one before ends.
  const fractional = levels.some((level) => !Number.isInteger(level.min) || !Number.isInteger(level.max));
  if (first && first.min !== 0) {
    const what = fractional ? `scores below ${first.min} have no level` : `scores 0–${first.min - 1} have no level`;
    problems.push(
      problemAt(
        file,
        ['levels', 0, 'min'],
        `the lowest level "${first.id}" starts at ${first.min}: ${what}`,
        'Expected min: 0 (levels cover 0 to 100 with no hole).',
      ),
    );
  }
  for (const [index, level] of levels.entries()) {
    const previous = levels[index - 1];
    if (!previous) continue;
    if (fractional) {
      if (level.min < previous.max) {
        problems.push(
          problemAt(
            file,
            ['levels', index, 'min'],
            `level "${level.id}" (${level.min}–${level.max}) overlaps level "${previous.id}" (${previous.min}–${previous.max})`,
            `Expected min: ${previous.max} (with fractional bounds each level starts where the level before it ends).`,
          ),
        );
      } else if (level.min > previous.max) {
        problems.push(
          problemAt(
            file,
            ['levels', index, 'min'],
            `hole between level "${previous.id}" (ends at ${previous.max}) and level "${level.id}" (starts at ${level.min})`,
            `Expected min: ${previous.max} (with fractional bounds each level starts where the level before it ends).`,
          ),
        );
      }
      continue;
    }
    if (level.min <= previous.max) {
      problems.push(
        problemAt(
          file,
          ['levels', index, 'min'],
          `level "${level.id}" (${level.min}–${level.max}) overlaps level "${previous.id}" (${previous.min}–${previous.max})`,
          `Expected min: ${previous.max + 1} (each level starts one above the max of the level before it).`,
        ),
      );
    } else if (level.min > previous.max + 1) {
      const hole =
        level.min - 1 === previous.max + 1
          ? `score ${previous.max + 1} has`
          : `scores ${previous.max + 1}–${level.min - 1} have`;
      problems.push(
        problemAt(
          file,
          ['levels', index, 'min'],
          `hole between level "${previous.id}" (ends at ${previous.max}) and level "${level.id}" (starts at ${level.min}): ${hole} no level`,
          `Expected min: ${previous.max + 1}.`,
        ),
      );
    }
  }
  const last = levels[levels.length - 1];
  if (last && last.max !== 100) {
    problems.push(
      problemAt(
        file,
        ['levels', levels.length - 1, 'max'],
        `the highest level "${last.id}" ends at ${last.max}: scores ${last.max + 1}–100 have no level`,
        'Expected max: 100.',
      ),
    );
  }
  return levels;
}

/**
 * Step groups: ids unique (and not step ids: thresholds name both), steps that exist, each step in one group at most.
 */
function checkGroups(manifest: ManifestInput, file: YamlFile, problems: Problem[]): StepGroup[] | undefined {
  if (!manifest.groups) return undefined;
  checkUnique(
    manifest.groups.map((group) => group.id),
    (index) => ['groups', index, 'id'],
    'group',
    file,
    problems,
  );
  const report = (path: PathSegment[], message: string, hint?: string) =>
    problems.push(problemAt(file, path, message, hint));
  const owner = new Map<string, string>();
  for (const [index, group] of manifest.groups.entries()) {
    if (manifest.steps.includes(group.id)) {
      const hint = 'Thresholds and `check --min ID=N` name steps and groups alike: rename the group.';
      report(['groups', index, 'id'], `group id "${group.id}" is also a step id`, hint);
    }
    if (RESERVED_IDS.includes(group.id)) {
      report(
        ['groups', index, 'id'],
        `group id "${group.id}" is reserved`,
        'It clashes with a JavaScript built-in name; pick another id.',
      );
    }
    for (const [position, stepId] of group.steps.entries()) {
      const at = ['groups', index, 'steps', position];
      if (!manifest.steps.includes(stepId)) {
        report(at, `group "${group.id}" names unknown step "${stepId}"`, `Steps: ${manifest.steps.join(', ')}.`);
        continue;
      }
      const first = owner.get(stepId);
      if (first === group.id) report(at, `group "${group.id}" names step "${stepId}" twice`);
      else if (first !== undefined) {
        report(
          at,
          `step "${stepId}" is in two groups ("${first}" and "${group.id}")`,
          'A step belongs to one group at most.',
        );
      } else owner.set(stepId, group.id);
    }
  }
  return manifest.groups.map((group) => ({
    id: group.id,
    title: group.title,
    weight: group.weight,
    steps: group.steps,
  }));
}

/** A best_of group as read, with where it is. */
interface SeenBestOf {
  bestOf: BestOf;
  file: YamlFile;
  at: PathSegment[];
  step: Step;
}

/**
 * best_of groups: ids unique in the rubric and not question or step ids; members are questions of the same step, not
 * critical, each in one group at most and listed once.
 */
function checkBestOf(entries: SeenBestOf[], seen: Map<string, SeenQuestion>, stepIds: string[], problems: Problem[]) {
  const ids = new Map<string, string>();
  const memberOf = new Map<string, string>();
  for (const { bestOf, file, at, step } of entries) {
    const report = (path: PathSegment[], message: string, hint?: string) =>
      problems.push(problemAt(file, path, message, hint));
    const first = ids.get(bestOf.id);
    if (first !== undefined) {
      report(
        [...at, 'id'],
        `duplicate best_of id "${bestOf.id}" (also in step "${first}")`,
        'best_of ids are unique across the whole rubric.',
      );
    } else ids.set(bestOf.id, step.id);
    if (seen.has(bestOf.id))
      report([...at, 'id'], `best_of id "${bestOf.id}" is also a question id`, 'Give the group an id of its own.');
    if (stepIds.includes(bestOf.id))
      report([...at, 'id'], `best_of id "${bestOf.id}" is also a step id`, 'Give the group an id of its own.');
    for (const [index, questionId] of bestOf.questions.entries()) {
      const path = [...at, 'questions', index];
      const question = step.questions.find((candidate) => candidate.id === questionId);
      if (!question) {
        const elsewhere = seen.get(questionId);
        const hint = elsewhere
          ? `"${questionId}" is a question of step "${elsewhere.question.stepId}": a best_of group holds questions of its own step.`
          : `Questions of this step: ${step.questions.map((candidate) => candidate.id).join(', ')}.`;
        report(
          path,
          `best_of "${bestOf.id}" names "${questionId}", which is not a question of step "${step.id}"`,
          hint,
        );
        continue;
      }
      if (question.critical) {
        const hint = 'A critical question must be met on its own: take it out of the group, or make it not critical.';
        report(path, `best_of "${bestOf.id}" holds critical question "${questionId}"`, hint);
      }
      const owner = memberOf.get(questionId);
      if (owner === bestOf.id) report(path, `best_of "${bestOf.id}" names "${questionId}" twice`);
      else if (owner !== undefined) {
        const message = `question "${questionId}" is in two best_of groups ("${owner}" and "${bestOf.id}")`;
        report(path, message, 'A question belongs to one best_of group at most.');
      } else memberOf.set(questionId, bestOf.id);
    }
  }
}

/** Stages name a target for every step, and may name one for a step group. */
function checkStages(
  stages: Stage[],
  stepIds: string[],
  levelIds: Set<string>,
  file: YamlFile,
  problems: Problem[],
  groupIds: string[],
): Stage[] {
  checkUnique(
    stages.map((stage) => stage.id),
    (index) => ['stages', index, 'id'],
    'stage',
    file,
    problems,
  );
  const expected = `Expected one of: ${[...levelIds].join(', ')}.`;
  for (const [index, stage] of stages.entries()) {
    if (!levelIds.has(stage.overall))
      problems.push(
        problemAt(
          file,
          ['stages', index, 'overall'],
          `stage "${stage.id}" targets unknown level "${stage.overall}" overall`,
          expected,
        ),
      );
    for (const [stepId, levelId] of Object.entries(stage.targets)) {
      if (!stepIds.includes(stepId) && !groupIds.includes(stepId)) {
        const known = `Steps: ${stepIds.join(', ')}${groupIds.length > 0 ? `; groups: ${groupIds.join(', ')}` : ''}.`;
        problems.push(
          problemAt(
            file,
            ['stages', index, 'targets', stepId],
            `stage "${stage.id}" names unknown step "${stepId}"`,
            known,
            true,
          ),
        );
      } else if (!levelIds.has(levelId))
        problems.push(
          problemAt(
            file,
            ['stages', index, 'targets', stepId],
            `stage "${stage.id}" targets unknown level "${levelId}" for ${stepId}`,
            expected,
          ),
        );
    }
    for (const stepId of new Set(stepIds)) {
      if (!Object.hasOwn(stage.targets, stepId))
        problems.push(
          problemAt(
            file,
            ['stages', index, 'targets'],
            `stage "${stage.id}" has no target for step "${stepId}"`,
            'Every stage names a target level for every step.',
          ),
        );
    }
  }
  return stages;
}

function checkReservedIds(manifest: ManifestInput, file: YamlFile, problems: Problem[]) {
  const reserved = (id: string, path: PathSegment[], what: string) => {
    if (RESERVED_IDS.includes(id))
      problems.push(
        problemAt(
          file,
          path,
          `${what} id "${id}" is reserved`,
          'It clashes with a JavaScript built-in name; pick another id.',
        ),
      );
  };
  for (const [index, id] of manifest.steps.entries()) reserved(id, ['steps', index], 'step');
  for (const [index, level] of manifest.levels.entries()) reserved(level.id, ['levels', index, 'id'], 'level');
  for (const [index, stage] of manifest.stages.entries()) reserved(stage.id, ['stages', index, 'id'], 'stage');
}

/** The profile, choice sets and stage ids of the manifest (what a broken manifest still gives), each checked. */
function buildScope(manifest: ManifestInput | undefined, file: YamlFile, problems: Problem[]): Scope {
  const data = isRecord(file.data) ? file.data : {};
  const salvage = <T extends z.ZodType>(schema: T, value: unknown): z.infer<T> | undefined => {
    const result = schema.safeParse(value);
    return result.success ? result.data : undefined;
  };
  const profileInput = manifest
    ? manifest.profile
    : salvage(rubricSchemas().manifestSchema.shape.profile, data.profile);
  const setsInput = manifest
    ? manifest.choice_sets
    : salvage(rubricSchemas().manifestSchema.shape.choice_sets, data.choice_sets);
  const stageIds = manifest ? manifest.stages.map((stage) => stage.id) : undefined;
  const profile: ProfileQuestion[] = (profileInput ?? []).map((question) => ({
    id: question.id,
    prompt: question.prompt,
    choices: question.choices.map((choice) => ({ id: choice.id, label: choice.label })),
  }));
  checkUnique(
    profile.map((question) => question.id),
    (index) => ['profile', index, 'id'],
    'profile question',
    file,
    problems,
  );
  for (const [index, question] of profile.entries()) {
    checkUnique(
      question.choices.map((choice) => choice.id),
      (at) => ['profile', index, 'choices', at, 'id'],
      'choice',
      file,
      problems,
    );
  }
  const scope: Scope = {
    stageIds,
    profile,
    profileKnown: manifest !== undefined || profileInput !== undefined || data.profile === undefined,
    choiceSets: manifest || setsInput || data.choice_sets === undefined ? (setsInput ?? {}) : undefined,
    actionsOptional: (manifest ? manifest.actions : data.actions) === 'optional',
    brokenIds: new Set(),
  };
  for (const [setId, choices] of Object.entries(setsInput ?? {})) {
    const at = ['choice_sets', setId];
    checkUnique(
      choices.map((choice) => choice.id),
      (index) => [...at, index, 'id'],
      'choice',
      file,
      problems,
    );
    for (const [index, choice] of choices.entries()) {
      if (RESERVED_CHOICE_IDS.includes(choice.id) || RESERVED_IDS.includes(choice.id)) {
        problems.push(
          problemAt(file, [...at, index, 'id'], `choice id "${choice.id}" is reserved`, 'Pick another id.'),
        );
      }
      if (choice.action) checkAction(choice.action, [...at, index, 'action'], scope, file, problems);
    }
  }
  return scope;
}

/** A profile filter names profile questions and their answers. */
function checkAppliesTo(
  appliesTo: Record<string, string[]>,
  path: PathSegment[],
  scope: Scope,
  file: YamlFile,
  problems: Problem[],
) {
  if (!scope.profileKnown) return;
  for (const [key, ids] of Object.entries(appliesTo)) {
    const question = scope.profile.find((candidate) => candidate.id === key);
    if (!question) {
      const hint =
        scope.profile.length > 0
          ? `Profile questions: ${scope.profile.map((candidate) => candidate.id).join(', ')}.`
          : 'Add a profile: to rubric.yaml first.';
      problems.push(
        problemAt(file, [...path, key], `applies_to names "${key}", which is not a profile question`, hint, true),
      );
      continue;
    }
    for (const [index, id] of ids.entries()) {
      if (!question.choices.some((choice) => choice.id === id)) {
        problems.push(
          problemAt(
            file,
            [...path, key, index],
            `unknown answer "${id}" to the profile question "${key}"`,
            `Expected one of: ${question.choices.map((choice) => choice.id).join(', ')}.`,
          ),
        );
      }
    }
  }
}

/** An action's `from_stage` is a stage of the rubric, and its `applies_to` fits the profile questions. */
function checkAction(action: ActionInput, path: PathSegment[], scope: Scope, file: YamlFile, problems: Problem[]) {
  if (action.from_stage !== undefined && scope.stageIds && !scope.stageIds.includes(action.from_stage)) {
    problems.push(
      problemAt(
        file,
        [...path, 'from_stage'],
        `unknown stage "${action.from_stage}"`,
        `Expected one of: ${scope.stageIds.join(', ')}.`,
      ),
    );
  }
  if (action.applies_to) checkAppliesTo(action.applies_to, [...path, 'applies_to'], scope, file, problems);
}

/**
 * A step file that failed validation: its questions are still checked one by one, so one run reports every problem
 * (a misplaced field in one question is not hidden by a bad effort in another).
 */
function salvageQuestions(
  file: YamlFile,
  stepId: string,
  scope: Scope,
  seen: Map<string, SeenQuestion>,
  problems: Problem[],
  warnings: Problem[],
) {
  const data = isRecord(file.data) ? file.data : {};
  if (!Array.isArray(data.questions)) return;
  for (const [index, raw] of data.questions.entries()) {
    const at = ['questions', index];
    const parsed = rubricSchemas().questionSchema.safeParse(raw);
    if (parsed.success) {
      const { question, leaves } = buildQuestion(parsed.data, stepId, file, at, scope, problems, warnings);
      addEvidenceRules(question, parsed.data, scope.stageIds, file, at, problems);
      if (!seen.has(question.id)) seen.set(question.id, { question, file, at, order: seen.size, leaves });
      continue;
    }
    if (!isRecord(raw)) continue;
    if (typeof raw.id === 'string') scope.brokenIds.add(raw.id);
    const kind = QUESTION_KINDS.find((candidate) => candidate === raw.kind);
    if (kind) checkKindFields(raw, kind, file, at, problems);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Fields that belong to other kinds of question are refused. */
function checkKindFields(
  input: Record<string, unknown>,
  kind: QuestionKind,
  file: YamlFile,
  at: PathSegment[],
  problems: Problem[],
) {
  const rules = KIND_FILE_RULES[kind];
  for (const field of KIND_FIELDS) {
    if (input[field] !== undefined && !(rules.fields as readonly string[]).includes(field)) {
      problems.push(
        problemAt(
          file,
          [...at, field],
          `"${field}" does not belong on a ${kind} question`,
          `A ${kind} question has: ${rules.fields.join(', ')}.`,
          true,
        ),
      );
    }
  }
}

/** A question's `evidence:` policy and `probes:` (src/io/rubric-probes.ts). */
function addEvidenceRules(
  question: Question,
  input: QuestionInput,
  stageIds: string[] | undefined,
  file: YamlFile,
  at: PathSegment[],
  problems: Problem[],
) {
  const evidence = buildEvidencePolicy(input.evidence, stageIds, file, [...at, 'evidence'], problems);
  if (evidence) question.evidence = evidence;
  const probes = buildProbes(input.probes, question, file, at, problems);
  if (probes) question.probes = probes;
}

function buildQuestion(
  input: QuestionInput,
  stepId: string,
  file: YamlFile,
  at: PathSegment[],
  scope: Scope,
  problems: Problem[],
  warnings: Problem[],
): { question: Question; leaves: Leaf[] } {
  const leaves: Leaf[] = [];
  const when = input.when ? toWhen(input.when, [...at, 'when'], leaves, file, problems) : undefined;
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
    ...(when && { when }),
    ...(input.applies_to && { appliesTo: input.applies_to }),
    ...(input.criteria && { criteria: input.criteria }),
    ...(input.external_id !== undefined && { externalId: input.external_id }),
  };
  checkKindFields(input, input.kind, file, at, problems);
  if (input.applies_to) checkAppliesTo(input.applies_to, [...at, 'applies_to'], scope, file, problems);
  let choices: ChoiceInput[] | undefined;
  if (input.choices && !Array.isArray(input.choices)) {
    const setId = input.choices.set;
    choices = scope.choiceSets?.[setId];
    if (scope.choiceSets && !choices) {
      const known = Object.keys(scope.choiceSets);
      problems.push(
        problemAt(
          file,
          [...at, 'choices', 'set'],
          `unknown choice set "${setId}"`,
          known.length > 0 ? `Expected one of: ${known.join(', ')}.` : 'Define it under choice_sets: in rubric.yaml.',
        ),
      );
    }
    choices ??= [];
  } else {
    choices = input.choices;
    for (const [index, choice] of (choices ?? []).entries()) {
      if (choice.action) checkAction(choice.action, [...at, 'choices', index, 'action'], scope, file, problems);
    }
  }
  if (input.action) checkAction(input.action, [...at, 'action'], scope, file, problems);
  for (const [index, band] of (input.bands ?? []).entries()) {
    if (band.action) checkAction(band.action, [...at, 'bands', index, 'action'], scope, file, problems);
  }
  const { choices: _given, ...rest } = input;
  const resolved: ResolvedQuestionInput = { ...rest, ...(choices !== undefined && { choices }) };
  KIND_FILE_RULES[input.kind].build(question, resolved, {
    file,
    at,
    problems,
    warnings,
    actionsOptional: scope.actionsOptional,
  });
  return { question, leaves };
}

/** A `when` as the core sees it; each single condition is recorded with its path, for the checks across files. */
function toWhen(
  input: ConditionInput,
  path: PathSegment[],
  leaves: Leaf[],
  file: YamlFile,
  problems: Problem[],
): When | undefined {
  const forms = [
    input.question !== undefined || input.in !== undefined || input.at_least !== undefined,
    input.all !== undefined,
    input.any !== undefined,
  ];
  if (forms.filter(Boolean).length !== 1) {
    problems.push(
      problemAt(
        file,
        path,
        'a condition is one of: question with in or at_least, all: [conditions], or any: [conditions]',
        'Nest all/any in a list item to combine them.',
      ),
    );
    return undefined;
  }
  if (input.all || input.any) {
    const key = input.all ? 'all' : 'any';
    const parts = (input.all ?? input.any)!.map((part, index) =>
      toWhen(part, [...path, key, index], leaves, file, problems),
    );
    if (parts.some((part) => part === undefined)) return undefined;
    return key === 'all' ? { all: parts as When[] } : { any: parts as When[] };
  }
  if (input.question === undefined) {
    problems.push(problemAt(file, path, 'a condition needs "question" (the id of an earlier question)'));
    return undefined;
  }
  const condition: Condition = {
    question: input.question,
    ...(input.in && { in: input.in }),
    ...(input.at_least !== undefined && { atLeast: input.at_least }),
  };
  leaves.push({ condition, path });
  return condition;
}

/**
 * A condition names a question asked EARLIER (in playbook order), so its answer is known when the conditional question
 * comes up; this also rules out cycles. Each broken condition is reported with what it points at: a missing question,
 * itself, a later question, or a cycle (shown whole).
 */
function checkConditions(seen: Map<string, SeenQuestion>, brokenIds: ReadonlySet<string>, problems: Problem[]) {
  const reportedCycles = new Set<string>();
  for (const entry of seen.values()) {
    const { question, file, order } = entry;
    for (const { condition, path } of entry.leaves) {
      const gateEntry = seen.get(condition.question);
      const atQuestion = [...path, 'question'];
      if (!gateEntry) {
        if (brokenIds.has(condition.question)) continue; // that question's own problems are reported
        const close = closestId(condition.question, [...seen.keys()]);
        problems.push(
          problemAt(
            file,
            atQuestion,
            `condition on "${condition.question}", which is not a question of this rubric`,
            close ? `Did you mean "${close}"?` : 'A condition names an earlier question by its id.',
          ),
        );
        continue;
      }
      if (gateEntry.question.id === question.id) {
        problems.push(
          problemAt(
            file,
            atQuestion,
            `question "${question.id}" has a condition on itself`,
            'A condition names an earlier question.',
          ),
        );
        continue;
      }
      if (gateEntry.order > order) {
        const cycle = findCycle(question.id, seen);
        if (cycle) {
          const key = [...cycle].sort().join(' ');
          if (!reportedCycles.has(key)) {
            reportedCycles.add(key);
            problems.push(
              problemAt(
                file,
                atQuestion,
                `conditions form a cycle: ${[...cycle, cycle[0]].join(' → ')}`,
                'No question in the cycle can ever be asked first; make one of them unconditional.',
              ),
            );
          }
        } else {
          problems.push(
            problemAt(
              file,
              atQuestion,
              `condition on "${condition.question}", which comes later (${where(gateEntry.file, [...gateEntry.at, 'id'])})`,
              'A condition names a question asked earlier, so its answer is known when this one comes up: move one of the two.',
            ),
          );
        }
        continue;
      }
      const gate = gateEntry.question;
      if ((condition.in === undefined) === (condition.atLeast === undefined)) {
        problems.push(
          problemAt(file, path, 'a condition needs exactly one of "in" (choice ids) or "at_least" (a number)'),
        );
        continue;
      }
      if (condition.atLeast !== undefined && rulesFor(gate).condition !== 'at_least') {
        problems.push(
          problemAt(
            file,
            [...path, 'at_least'],
            `"at_least" needs a number question, and "${gate.id}" is ${gate.kind}`,
            'Use in: [choice ids].',
          ),
        );
      }
      if (condition.in) {
        if (rulesFor(gate).condition !== 'in')
          problems.push(
            problemAt(
              file,
              [...path, 'in'],
              `"in" needs a question with choices, and "${gate.id}" is a number question`,
              'Use at_least: N.',
            ),
          );
        else {
          for (const [index, choiceId] of condition.in.entries()) {
            if (!gate.choices.some((choice) => choice.id === choiceId)) {
              problems.push(
                problemAt(
                  file,
                  [...path, 'in', index],
                  `unknown choice "${choiceId}" of "${gate.id}"`,
                  `Expected one of: ${gate.choices.map((choice) => choice.id).join(', ')}.`,
                ),
              );
            }
          }
        }
      }
    }
  }
}

/** The cycle of conditions through `start`, in order, if following the questions conditions name leads back to it. */
function findCycle(start: string, seen: Map<string, SeenQuestion>): string[] | undefined {
  const visited = new Set<string>();
  const walk = (current: string, path: string[]): string[] | undefined => {
    for (const gate of gatesOf(seen.get(current)?.question.when)) {
      if (gate === start) return path;
      if (visited.has(gate) || !seen.has(gate)) continue;
      visited.add(gate);
      const found = walk(gate, [...path, gate]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(start, [start]);
}

function closestId(id: string, candidates: string[]): string | undefined {
  let best: { id: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(id, candidate);
    if (distance <= Math.max(2, Math.floor(id.length / 4)) && (!best || distance < best.distance))
      best = { id: candidate, distance };
  }
  return best?.id;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
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
      warnings.push(
        problemAt(
          manifestFile,
          ['steps'],
          `${STEPS_FOLDER}/${name} is not listed in steps, so it is ignored`,
          name.endsWith('.yml') ? 'Step files end in .yaml.' : `Add "${match[1]}" to steps, or delete the file.`,
        ),
      );
    }
  }
}

/** Warns about terminal control characters in any text of the file (they are removed from the loaded rubric). */
function checkUnsafeText(file: YamlFile, warnings: Problem[]) {
  const visit = (value: unknown, path: PathSegment[]) => {
    if (typeof value === 'string') {
      const found = [...new Set(value.match(UNSAFE_CHARACTERS) ?? [])];
      if (found.length > 0) {
        const codes = found
          .map((char) => `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)
          .join(', ');
        warnings.push(
          problemAt(
            file,
            path,
            `text contains control characters (${codes}); they were removed`,
            'Terminal escapes and bidirectional overrides in rubric text could disguise what users see.',
          ),
        );
      }
    } else if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) visit(item, [...path, index]);
    } else if (value !== null && typeof value === 'object')
      for (const [key, item] of Object.entries(value)) visit(item, [...path, key]);
  };
  visit(file.data, []);
}

/** A copy of the rubric with terminal controls removed from every text (ids are kebab-case and cannot hold any). */
function removeUnsafeText<T>(value: T): T {
  if (typeof value === 'string') return value.replace(ESCAPE_SEQUENCES, '').replace(UNSAFE_CHARACTERS, '') as T;
  if (Array.isArray(value)) return value.map((item) => removeUnsafeText(item)) as T;
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, removeUnsafeText(item)])) as T;
  return value;
}
