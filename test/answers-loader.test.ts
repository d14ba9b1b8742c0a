import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { loadAnswers } from '../src/io/load-answers.js';
import { loadRubric } from '../src/io/load-rubric.js';
import { tempDir, V1_PLAYBOOK } from './helpers/cli.js';

const { rubric } = loadRubric(V1_PLAYBOOK);

function load(text: string) {
  const file = join(tempDir(), 'answers.yaml');
  writeFileSync(file, text);
  return { file, run: () => loadAnswers(file, rubric) };
}

function problemsOf(text: string) {
  const { file, run } = load(text);
  try {
    run();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return error.problems.map((problem) => ({
      ...problem,
      file: problem.file === file ? 'answers.yaml' : problem.file,
    }));
  }
  throw new Error('expected an InputError');
}

const header = 'rubric: { id: scaling-playbook, version: 1.0.0 }\nstage: seed\nanswers:\n';

describe('loadAnswers', () => {
  it('reads shorthand and full answers, notes, evidence and n/a reasons', () => {
    const { run } = load(
      `${header}  wedge:\n    has-api: yes\n    open-weights:\n      answer: n/a\n      reason: we do not train models\n    time-to-first-call:\n      answer: 12\n      note: measured\n      evidence: https://example.com\n    activation-aids: unknown\n`,
    );
    const { assessment } = run();
    expect(assessment.answers).toEqual({
      'has-api': { value: { type: 'choice', choices: ['yes'] } },
      'open-weights': { value: { type: 'na', reason: 'we do not train models' } },
      'time-to-first-call': { value: { type: 'number', value: 12 }, note: 'measured', evidence: 'https://example.com' },
      'activation-aids': { value: { type: 'unknown' } },
    });
  });

  it('treats ~ and a missing entry as unanswered', () => {
    const { run } = load(`${header}  wedge:\n    has-api: ~\n`);
    expect(run().assessment.answers).toEqual({});
  });

  it.each([
    ['an unknown step', `${header}  wedgie:\n    has-api: yes\n`, 4, 3, 'unknown step "wedgie"'],
    [
      'an unknown question',
      `${header}  wedge:\n    has-apy: yes\n`,
      5,
      5,
      'unknown question "has-apy" in step "wedge"',
    ],
    ['a question in the wrong step', `${header}  reliability:\n    has-api: yes\n`, 5, 5, 'belongs to step "wedge"'],
    [
      'an unknown choice',
      `${header}  wedge:\n    production-integration: maybe\n`,
      5,
      29,
      'unknown choice "maybe" for wedge.production-integration',
    ],
    [
      'a number as a choice',
      `${header}  wedge:\n    production-integration: 3\n`,
      5,
      29,
      'expected one choice id, found 3',
    ],
    [
      'a word for a boolean',
      `${header}  wedge:\n    has-api: sometimes\n`,
      5,
      14,
      'expected yes or no, found "sometimes"',
    ],
    [
      'a number out of range',
      `${header}  wedge:\n    has-api: yes\n    time-to-first-call: -5\n`,
      6,
      25,
      '-5 is out of range',
    ],
    [
      'text for a number',
      `${header}  wedge:\n    time-to-first-call: soon\n`,
      5,
      25,
      'expected a number, found "soon"',
    ],
    ['n/a where not allowed', `${header}  wedge:\n    has-api: n/a\n`, 5, 14, '"n/a" is not allowed'],
    ['n/a without a reason', `${header}  wedge:\n    open-weights: n/a\n`, 5, 19, '"n/a" needs a reason'],
    [
      'an unknown stage',
      'rubric: { id: scaling-playbook, version: 1.0.0 }\nstage: series-z\n',
      2,
      8,
      'unknown stage "series-z"',
    ],
    ['another rubric', 'rubric: { id: other, version: 1 }\n', 1, 15, 'answers are for rubric "other"'],
    ['an unknown field', `${header}  wedge: {}\nthreshold: 3\n`, 5, 1, 'unknown field "threshold"'],
    ['a missing rubric', 'team: x\n', 1, 1, 'missing required field'],
    [
      'a duplicate key',
      `${header}  wedge:\n    has-api: yes\n    has-api: no\n`,
      6,
      5,
      'duplicate key "has-api" in the same mapping',
    ],
    ['a threshold out of range', `${header}  wedge: {}\nthresholds:\n  min_score: 140\n`, 6, 14, 'between 0 and 100'],
    [
      'a threshold for an unknown step',
      `${header}  wedge: {}\nthresholds:\n  steps:\n    relia: 40\n`,
      7,
      5,
      'threshold for unknown step "relia"',
    ],
  ])('locates %s', (_name, text, line, col, message) => {
    const [problem, ...rest] = problemsOf(text);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ file: 'answers.yaml', line, col });
    expect(`${problem!.message} ${problem!.hint ?? ''}`).toContain(message);
  });

  it('reports every problem in the file, not just the first', () => {
    const problems = problemsOf(`${header}  wedge:\n    has-api: sometimes\n    open-weights: n/a\n  partnerz: {}\n`);
    expect(problems.map((problem) => problem.line).sort()).toEqual([5, 6, 7]);
  });
});
