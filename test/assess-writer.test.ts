// Writing answers back into an answers file: comments, key order and untouched lines stay as they were; every save is
// complete and valid; a file changed by someone else is not overwritten.
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listQuestions, type Answer, type Question } from '../src/core/model.js';
import { buildAnswersTemplate } from '../src/core/template.js';
import { InputError } from '../src/errors.js';
import { answerToYaml, keepOriginalSpacing, openAnswersFile } from '../src/io/answers-writer.js';
import { loadAnswers } from '../src/io/load-answers.js';
import { loadRubric } from '../src/io/load-rubric.js';
import { FIXTURES, tempDir, V1_PLAYBOOK } from './helpers/cli.js';

const { rubric } = loadRubric(V1_PLAYBOOK);
const questions = listQuestions(rubric);
const question = (id: string): Question => questions.find((candidate) => candidate.id === id)!;
const DATE = '2026-03-01';

function copyFixture(name: string): string {
  const file = join(tempDir(), name);
  copyFileSync(join(FIXTURES, 'v1', 'answers', name), file);
  return file;
}

function commentLines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim().startsWith('#'));
}

/** Lines of `after` that are not in `before` (as a multiset). */
function changedLines(before: string, after: string): string[] {
  const pool = before.split('\n');
  return after.split('\n').filter((line) => {
    const index = pool.indexOf(line);
    if (index === -1) return true;
    pool.splice(index, 1);
    return false;
  });
}

describe('answers writer', () => {
  // One answer of every shape, each read back by the same loader `check` and `report` use.
  const cases: [string, string, Answer, string][] = [
    [
      'a single choice',
      'production-integration',
      { value: { type: 'choice', choices: ['pilots'] } },
      '    production-integration: pilots',
    ],
    ['a yes/no', 'has-api', { value: { type: 'choice', choices: ['yes'] } }, '    has-api: yes'],
    [
      'a multi choice',
      'activation-aids',
      { value: { type: 'choice', choices: ['quick-start', 'sdks'] } },
      '    activation-aids: [quick-start, sdks]',
    ],
    [
      'a multi choice with one ticked',
      'flywheel-metrics',
      { value: { type: 'choice', choices: ['retention'] } },
      '    flywheel-metrics: [retention]',
    ],
    [
      'a multi choice with none ticked',
      'enterprise-controls',
      { value: { type: 'choice', choices: [] } },
      '    enterprise-controls: []',
    ],
    ['a number', 'single-cloud-share', { value: { type: 'number', value: 62.5 } }, '    single-cloud-share: 62.5'],
    ['unknown', 'release-cadence', { value: { type: 'unknown' } }, '    release-cadence: unknown'],
    [
      'not applicable',
      'open-weights',
      { value: { type: 'na', reason: 'We use a hosted model: "X"' } },
      `    open-weights:\n      answer: n/a\n      reason: 'We use a hosted model: "X"'`,
    ],
    [
      'a choice with a note and evidence',
      'connectors',
      { value: { type: 'choice', choices: ['none'] }, note: 'Planned for Q3', evidence: 'https://example.com/roadmap' },
      '    connectors:\n      answer: none\n      note: Planned for Q3\n      evidence: https://example.com/roadmap',
    ],
  ];

  it.each(cases)(
    'writes %s into an `init` file, where the `~` was, and reads it back',
    (_name, id, answer, expected) => {
      const file = join(tempDir(), 'answers.yaml');
      const template = buildAnswersTemplate(rubric, { team: 'Acme', stage: 'seed', date: DATE });
      writeFileSync(file, template);
      const store = openAnswersFile(file, rubric, { date: DATE });
      store.setAnswer(question(id), answer);
      const text = readFileSync(file, 'utf8');
      expect(text).toContain(`\n${expected}\n`);
      expect(text).not.toContain(`    ${id}: ~`);
      expect(loadAnswers(file, rubric).assessment.answers).toEqual({ [id]: answer });
      // Nothing else moved: the only changed lines are the answer's.
      expect(changedLines(template, text)).toEqual(expected.split('\n'));
    },
  );

  it('keeps every comment, the key order and the spacing of a file written by `scaleplay init` across many saves', () => {
    const file = join(tempDir(), 'answers.yaml');
    const template = buildAnswersTemplate(rubric, { date: DATE });
    writeFileSync(file, template);
    const store = openAnswersFile(file, rubric, { date: DATE });
    store.setProfile({ team: 'Acme: "AI"', product: 'Widget', stage: 'series-a' });
    for (const candidate of questions) store.setAnswer(candidate, { value: { type: 'unknown' } });
    const text = readFileSync(file, 'utf8');
    expect(commentLines(text)).toEqual(commentLines(template));
    const keys = (source: string) => source.split('\n').flatMap((line) => /^\s*([a-z-]+):/.exec(line)?.[1] ?? []);
    expect(keys(text)).toEqual(keys(template));
    // Untouched lines keep their exact spacing (e.g. the flow map of the rubric line).
    expect(text).toContain('\nrubric: { id: scaling-playbook, version: "1.0.0" }\n');
    const { assessment } = loadAnswers(file, rubric);
    expect(assessment).toMatchObject({ team: 'Acme: "AI"', product: 'Widget', stage: 'series-a' });
    expect(Object.keys(assessment.answers)).toHaveLength(questions.length);
  });

  it('changing an answer in a hand-written file keeps its comments, notes and the other answers byte for byte', () => {
    const file = copyFixture('mistral-2026.yaml');
    const before = readFileSync(file, 'utf8');
    const store = openAnswersFile(file, rubric, { date: DATE });
    const current = store.assessment.answers['open-weights']!;
    store.setAnswer(question('open-weights'), { ...current, value: { type: 'choice', choices: ['all-open'] } });
    store.setAnswer(question('has-api'), { value: { type: 'choice', choices: ['no'] } });
    const after = readFileSync(file, 'utf8');
    expect(changedLines(before, after)).toEqual(['    has-api: no', '      answer: all-open']);
    expect(commentLines(after)).toEqual(commentLines(before));
  });

  it('drops a note when it is removed, back to the short form', () => {
    const file = copyFixture('mistral-2026.yaml');
    const store = openAnswersFile(file, rubric, { date: DATE });
    store.setAnswer(question('free-api-tier'), { value: { type: 'choice', choices: ['trial-credits'] } });
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('\n    free-api-tier: trial-credits\n');
    expect(loadAnswers(file, rubric).assessment.answers['free-api-tier']).toEqual({
      value: { type: 'choice', choices: ['trial-credits'] },
    });
  });

  it('adds missing steps and questions in playbook order, not at the end', () => {
    const file = join(tempDir(), 'partial.yaml');
    writeFileSync(
      file,
      'rubric: { id: scaling-playbook, version: 1.0.0 }\nteam: Acme\nanswers:\n  reliability:\n    published-sla: none\n',
    );
    const store = openAnswersFile(file, rubric, { date: DATE });
    store.setAnswer(question('synthetic-checks'), { value: { type: 'unknown' } });
    store.setAnswer(question('has-api'), { value: { type: 'choice', choices: ['no'] } });
    store.setAnswer(question('portability'), { value: { type: 'choice', choices: ['yes'] } });
    store.setProfile({ stage: 'seed' });
    expect(readFileSync(file, 'utf8')).toBe(
      'rubric: { id: scaling-playbook, version: 1.0.0 }\nteam: Acme\nstage: seed\nanswers:\n  wedge:\n    has-api: no\n  reliability:\n    synthetic-checks: unknown\n    published-sla: none\n  compute-plan:\n    portability: yes\n',
    );
  });

  it('fills `answers: ~` and `wedge: ~`', () => {
    const file = join(tempDir(), 'empty.yaml');
    writeFileSync(file, 'rubric: { id: scaling-playbook, version: 1.0.0 }\nanswers: ~ # nothing yet\n');
    openAnswersFile(file, rubric, { date: DATE }).setAnswer(question('agents'), {
      value: { type: 'choice', choices: ['yes'] },
    });
    expect(loadAnswers(file, rubric).assessment.answers).toEqual({
      agents: { value: { type: 'choice', choices: ['yes'] } },
    });
  });

  it('a new file is the `init` template, written at the first save and not before', () => {
    const dir = tempDir();
    const file = join(dir, 'new.yaml');
    const store = openAnswersFile(file, rubric, { date: DATE });
    expect(store.saved).toBe(false);
    expect(existsSync(file)).toBe(false);
    store.setProfile({ team: 'Acme' });
    expect(store.saved).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(commentLines(text)).toEqual(commentLines(buildAnswersTemplate(rubric, { date: DATE })));
    expect(text).toContain('\nteam: Acme\n');
    expect(text).toContain(`\ndate: ${DATE}\n`);
    // Saves leave no temporary files behind.
    expect(readdirSync(dir)).toEqual(['new.yaml']);
  });

  it('treats a blank file as new', () => {
    const file = join(tempDir(), 'blank.yaml');
    writeFileSync(file, '\n');
    const store = openAnswersFile(file, rubric, { date: DATE });
    store.setAnswer(question('agents'), { value: { type: 'unknown' } });
    expect(loadAnswers(file, rubric).assessment.answers.agents).toEqual({ value: { type: 'unknown' } });
  });

  it('refuses to open an invalid file, with the same located problems as `check`', () => {
    const file = join(tempDir(), 'bad.yaml');
    writeFileSync(file, 'rubric: { id: scaling-playbook, version: 1.0.0 }\nanswers:\n  wedge:\n    has-api: maybe\n');
    expect(() => openAnswersFile(file, rubric, { date: DATE })).toThrow(InputError);
    try {
      openAnswersFile(file, rubric, { date: DATE });
    } catch (error) {
      expect((error as InputError).problems[0]).toMatchObject({
        file,
        line: 4,
        col: 14,
        message: 'expected yes or no, found "maybe" for wedge.has-api',
      });
    }
  });

  it('does not overwrite a file another program changed since it was opened (or created meanwhile)', () => {
    const file = copyFixture('preseed-demo.yaml');
    const store = openAnswersFile(file, rubric, { date: DATE });
    store.setAnswer(question('agents'), { value: { type: 'choice', choices: ['yes'] } });
    const edited = `${readFileSync(file, 'utf8')}# edited in an editor\n`;
    writeFileSync(file, edited);
    expect(() => store.setAnswer(question('connectors'), { value: { type: 'unknown' } })).toThrow(
      /changed by another program/,
    );
    expect(readFileSync(file, 'utf8')).toBe(edited);

    const fresh = join(tempDir(), 'answers.yaml');
    const second = openAnswersFile(fresh, rubric, { date: DATE });
    writeFileSync(fresh, 'someone: else\n');
    expect(() => second.setProfile({ team: 'Acme' })).toThrow(/changed by another program/);
    expect(readFileSync(fresh, 'utf8')).toBe('someone: else\n');
  });

  it('calls onSave after each save', () => {
    let saves = 0;
    const store = openAnswersFile(join(tempDir(), 'a.yaml'), rubric, { date: DATE, onSave: () => saves++ });
    store.setProfile({ team: 'A' });
    store.setAnswer(question('agents'), { value: { type: 'unknown' } });
    expect(saves).toBe(2);
  });

  it('writes multi answers as lists even with one choice, single answers as one id', () => {
    expect(answerToYaml(question('activation-aids'), { value: { type: 'choice', choices: ['sdks'] } }).value).toEqual([
      'sdks',
    ]);
    expect(
      answerToYaml(question('production-integration'), { value: { type: 'choice', choices: ['trial'] } }).value,
    ).toBe('trial');
  });
});

describe('keepOriginalSpacing', () => {
  it.each([
    ['comment spacing', 'stage: seed   # a | b\n', 'stage: seed # a | b\n', 'stage: seed   # a | b\n'],
    [
      'flow map padding',
      'rubric: { id: x, version: "1" }\n',
      'rubric: {id: x, version: "1"}\n',
      'rubric: { id: x, version: "1" }\n',
    ],
    ['a changed value is not restored', 'stage: seed   # a\n', 'stage: growth # a\n', 'stage: growth # a\n'],
    ['spaces inside quotes are content', 'note: "a  b"\n', 'note: "a b"\n', 'note: "a b"\n'],
    [
      'a repeated line is restored once per occurrence',
      'a: [ x ]\nb: 1\na: [ x ]\n',
      'a: [x]\nb: 1\na: [x]\na: [x]\n',
      'a: [ x ]\nb: 1\na: [ x ]\na: [x]\n',
    ],
  ])('%s', (_name, original, output, expected) => {
    expect(keepOriginalSpacing(original, output)).toBe(expected);
  });
});
