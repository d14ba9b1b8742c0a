// Loads a rubric's golden cases, `DIR/tests/*.yaml`: each names an answers file (relative to the case file) and the
// step scores and levels it should get. Every problem in every case is collected, located, before anything runs.
import { readdirSync, statSync } from 'node:fs';
import { isScalar } from 'yaml';
import { dirname, join, relative, resolve } from 'node:path';
import type { CaseExpectations, Expectation } from '../core/rubric-cases.js';
import type { Rubric } from '../core/model.js';
import { InputError, type Problem } from '../errors.js';
import { rubricCaseSchema, type ExpectationInput } from '../schema/rubric-case.js';
import { validateWith } from '../schema/issues.js';
import { loadAnswers, type LoadedAnswers } from './load-answers.js';
import { yamlText } from './yaml-text.js';
import { outsideRubricFolder } from './rubric-folder.js';
import { writeFileAtomic } from './write-file.js';
import { problemAt, readYamlFile, type PathSegment, type YamlFile } from './yaml-file.js';

export const CASES_FOLDER = 'tests';

export interface RubricCase {
  /** The case file's name without `.yaml`. */
  name: string;
  file: YamlFile;
  description?: string;
  answers: LoadedAnswers;
  stage?: string;
  expect: CaseExpectations;
  /** Where each expectation sits in the case file, for `--update`: `[target]` for a bare score, `[target, field]` else. */
  paths: Record<string, PathSegment[]>;
}

export interface LoadedCases {
  folder: string;
  cases: RubricCase[];
  /** Names of the case files that cannot run (their problems are in `problems`). */
  invalid: string[];
  problems: Problem[];
}

/** Finds and loads the golden cases of the rubric in `dir`; throws when there is no case to run. */
export function loadRubricCases(dir: string, rubric: Rubric, cwd = '.'): LoadedCases {
  const folder = join(resolve(cwd, dir), CASES_FOLDER);
  const displayPath = (path: string) => displayPathIn(cwd, path);
  let names: string[];
  try {
    names = readdirSync(folder)
      .filter((name) => /\.ya?ml$/.test(name))
      .filter((name) => statSync(join(folder, name)).isFile())
      .sort();
  } catch {
    names = [];
  }
  if (names.length === 0) {
    throw new InputError([
      {
        file: displayPath(folder),
        message: 'no golden cases found',
        hint: `Add ${CASES_FOLDER}/<name>.yaml files beside rubric.yaml, each with \`answers: <answers file>\` and \`expect: { overall: { score, level }, steps: { <step>: { score, level } } }\`.`,
      },
    ]);
  }
  const cases: RubricCase[] = [];
  const problems: Problem[] = [];
  const invalid: string[] = [];
  for (const name of names) {
    const path = join(folder, name);
    const outside = outsideRubricFolder(resolve(cwd, dir), path, displayPath(path));
    if (outside) {
      problems.push(outside);
      invalid.push(name);
      continue;
    }
    try {
      const loaded = loadCase(path, resolve(cwd, dir), rubric, problems, cwd);
      if (loaded) cases.push(loaded);
      else invalid.push(name);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...error.problems);
      invalid.push(name);
    }
  }
  return { folder, cases, invalid, problems };
}

function loadCase(
  path: string,
  rubricDir: string,
  rubric: Rubric,
  problems: Problem[],
  cwd: string,
): RubricCase | undefined {
  const displayPath = (absolute: string) => displayPathIn(cwd, absolute);
  const file = readYamlFile(displayPath(path), cwd);
  const before = problems.length;
  if (file.data === null || typeof file.data !== 'object' || Array.isArray(file.data)) {
    problems.push(problemAt(file, [], 'expected a mapping at the top level (answers, expect…)'));
    return undefined;
  }
  const input = validateWith(rubricCaseSchema, file, problems);
  if (!input) return undefined;
  const stepIds = rubric.steps.map((step) => step.id);
  const levelIds = rubric.levels.map((level) => level.id);
  const paths: Record<string, PathSegment[]> = {};
  const toExpectation = (value: ExpectationInput, at: PathSegment[], target: string): Expectation => {
    if (typeof value === 'number') {
      paths[target] = at;
      return { score: value };
    }
    if (value.level !== undefined && !levelIds.includes(value.level)) {
      problems.push(
        problemAt(file, [...at, 'level'], `unknown level "${value.level}"`, `Expected one of: ${levelIds.join(', ')}.`),
      );
    }
    if (value.low !== undefined && value.high !== undefined && value.low > value.high) {
      problems.push(problemAt(file, [...at, 'low'], `low (${value.low}) is above high (${value.high})`));
    }
    for (const field of ['score', 'level', 'low', 'high', 'meets_target'] as const)
      if (value[field] !== undefined) paths[`${target} ${field}`] = [...at, field];
    return {
      ...(value.score !== undefined && { score: value.score }),
      ...(value.level !== undefined && { level: value.level }),
      ...(value.low !== undefined && { low: value.low }),
      ...(value.high !== undefined && { high: value.high }),
      ...(value.meets_target !== undefined && { meetsTarget: value.meets_target }),
    };
  };
  const expect: CaseExpectations = { steps: {} };
  if (input.expect.overall !== undefined)
    expect.overall = toExpectation(input.expect.overall, ['expect', 'overall'], 'overall');
  for (const [stepId, value] of Object.entries(input.expect.steps ?? {})) {
    if (!stepIds.includes(stepId)) {
      problems.push(
        problemAt(
          file,
          ['expect', 'steps', stepId],
          `unknown step "${stepId}"`,
          `Expected one of: ${stepIds.join(', ')}.`,
          true,
        ),
      );
      continue;
    }
    expect.steps[stepId] = toExpectation(value, ['expect', 'steps', stepId], stepId);
  }
  if (expect.overall === undefined && Object.keys(input.expect.steps ?? {}).length === 0) {
    problems.push(
      problemAt(
        file,
        ['expect'],
        'the case expects nothing',
        'Add expect: { overall: { score, level } } and/or expect: { steps: { <step>: { score, level } } }.',
      ),
    );
  }
  if (input.stage !== undefined && !rubric.stages.some((stage) => stage.id === input.stage)) {
    problems.push(
      problemAt(
        file,
        ['stage'],
        `unknown stage "${input.stage}"`,
        `Expected one of: ${rubric.stages.map((stage) => stage.id).join(', ')}.`,
      ),
    );
  }
  const answersPath = resolve(dirname(path), input.answers);
  const outside = outsideRubricFolder(rubricDir, answersPath, displayPath(answersPath));
  if (outside) {
    problems.push(
      problemAt(file, ['answers'], `the answers file ${input.answers} is outside the rubric folder`, outside.hint),
    );
    return undefined;
  }
  let answers: LoadedAnswers | undefined;
  try {
    answers = loadAnswers(displayPath(answersPath), rubric, { cwd });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    problems.push(problemAt(file, ['answers'], `the answers file ${input.answers} cannot be used (see below)`));
    problems.push(...error.problems);
  }
  if (!answers || problems.length > before) return undefined;
  return {
    name: relative(dirname(path), path).replace(/\.ya?ml$/, ''),
    file,
    ...(input.description !== undefined && { description: input.description }),
    answers,
    ...(input.stage !== undefined && { stage: input.stage }),
    expect,
    paths,
  };
}

/** Writes new expected values into a case file (atomically), changing only those values: comments and layout stay. */
export function updateCaseFile(
  testCase: RubricCase,
  values: ReadonlyArray<{ target: string; field: string; value: number | string | boolean }>,
  cwd = '.',
): void {
  const { doc } = testCase.file;
  for (const { target, field, value } of values) {
    const path = testCase.paths[`${target} ${field}`] ?? (field === 'score' ? testCase.paths[target] : undefined);
    if (!path) continue;
    const node = doc.getIn(path, true);
    if (isScalar(node)) node.value = value;
    else doc.setIn(path, value);
  }
  writeFileAtomic(testCase.file.file, yamlText(doc), cwd);
}

function displayPathIn(cwd: string, path: string): string {
  const rel = relative(resolve(cwd), path);
  return rel.startsWith('..') || rel === '' ? path : rel;
}
