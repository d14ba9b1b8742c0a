// Rubric drift: an answers file made with an older rubric version loads; report and check list what is new or removed;
// --strict makes drift an error (exit 2).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findNewQuestions } from '../src/core/drift.js';
import { InputError } from '../src/errors.js';
import { loadAnswers, resolveAnswers } from '../src/io/load-answers.js';
import { loadRubric } from '../src/io/load-rubric.js';
import { parseYamlText } from '../src/io/yaml-file.js';
import { repoPath, runBin, runCli, tempDir, V1_PLAYBOOK, v1Answers } from './helpers/cli.js';

const old = repoPath('fixtures/drift/northwind-0.9.yaml');
// The 0.9.0 file drifts from the frozen playbook 1.0.0 (fixtures/v1); the last block reads a 1.0.0 file with the built-in 2.0.0.
const { rubric } = loadRubric(V1_PLAYBOOK);
const V1 = ['--rubric', V1_PLAYBOOK];
const expectedNotes = [
  ['removed-question', 'reliability', 'on-call-rotation'],
  ['removed-step', 'hiring', undefined],
  ['removed-threshold', 'hiring', undefined],
  ['new-question', 'reliability', 'production-churn'],
];

describe('loading answers made with another rubric version', () => {
  it('turns removed steps, questions and thresholds into drift notes, and lists new questions', () => {
    const loaded = loadAnswers(old, rubric);
    expect(loaded.drift).toMatchObject({ answersVersion: '0.9.0', rubricVersion: rubric.version });
    expect(loaded.drift!.notes.map((note) => [note.kind, note.stepId, note.questionId])).toEqual(expectedNotes);
    const lines = readFileSync(old, 'utf8').split('\n');
    for (const note of loaded.drift!.notes.filter((item) => item.kind !== 'new-question')) {
      expect(lines[note.where.line! - 1]!.slice(note.where.col! - 1)).toMatch(
        new RegExp(`^${note.questionId ?? note.stepId}:`),
      );
    }
    expect(loaded.assessment.answers['on-call-rotation']).toBeUndefined();
    expect(loaded.assessment.answers['production-churn']).toBeUndefined();
    expect(loaded.assessment.thresholds?.steps).toEqual({
      reliability: { value: 60, severity: 'error' },
      wedge: { value: 70, severity: 'error' },
    });
  });

  it('keeps unknown questions an error when the versions match', () => {
    const text = readFileSync(old, 'utf8').replace('version: 0.9.0', `version: ${rubric.version}`);
    expect(() => resolveAnswers(parseYamlText('same-version.yaml', text), rubric)).toThrow(InputError);
    try {
      resolveAnswers(parseYamlText('same-version.yaml', text), rubric);
    } catch (error) {
      expect((error as InputError).problems.map((problem) => problem.message)).toEqual([
        'unknown question "on-call-rotation" in step "reliability"',
        'unknown step "hiring"',
        'threshold for unknown step "hiring"',
      ]);
    }
  });

  it('a file matching the rubric version has no drift', () => {
    expect(loadAnswers(v1Answers('growth-saas.yaml'), rubric).drift).toBeUndefined();
  });

  it.each([
    ['every key present', () => true, []],
    ['one key missing', (_step: string, question: string) => question !== 'has-api', [['wedge', 'has-api']]],
  ])('findNewQuestions: %s', (_label, present, expected) => {
    expect(findNewQuestions(rubric, {}, present).map((item) => [item.stepId, item.questionId])).toEqual(expected);
  });

  it('findNewQuestions leaves out conditional questions whose condition does not hold', () => {
    const conditional = rubric.steps.flatMap((step) => step.questions).filter((question) => question.when);
    expect(conditional.length).toBeGreaterThan(0);
    const found = findNewQuestions(rubric, {}, () => false).map((item) => item.questionId);
    for (const question of conditional) expect(found).not.toContain(question.id);
  });
});

describe('report and check on a drifted file', () => {
  it.each([
    ['report', ['report', old], 0],
    ['check', ['check', old], 1],
  ])('%s lists the drift on stderr and still runs', async (_label, args, code) => {
    const result = await runCli([...args, ...V1]);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(
      `drift: ${old}: answers made with rubric version 0.9.0, rubric in use is ${rubric.version}: 3 removed, 1 new (unanswered)`,
    );
    expect(result.stderr).toMatch(
      /drift: .*northwind-0\.9\.yaml:\d+:5: question "reliability\.on-call-rotation" is not in rubric version/,
    );
    expect(result.stderr).toMatch(
      /drift: .*question "reliability\.production-churn" is new in rubric version .*: unanswered/,
    );
    expect(result.stdout).not.toBe('');
  });

  it('check says so in its output and annotates the drift on GitHub', async () => {
    const result = await runCli(['check', old, ...V1], { env: { GITHUB_ACTIONS: 'true' } });
    expect(result.stdout).toContain('note: rubric drift: answers made with rubric version 0.9.0');
    expect(result.stdout).toMatch(
      /^::warning file=.*northwind-0\.9\.yaml,line=\d+,col=\d+,title=scaleplay%3A rubric drift::step "hiring" is not in rubric version/m,
    );
  });

  it.each([['report'], ['check']])('%s --strict makes drift an error (exit 2)', async (command) => {
    const result = await runCli([command, old, '--strict', ...V1]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`${old}: --strict: answers made with rubric version 0.9.0`);
    expect(result.stderr).toContain('scaleplay: 5 problems found');
  });

  it('--strict is harmless on a file that matches the rubric', async () => {
    expect((await runCli(['report', v1Answers('growth-saas.yaml'), '--strict', ...V1])).code).toBe(0);
  });

  it('--strict on check also covers the baseline', async () => {
    const dir = tempDir();
    const current = join(dir, 'answers.yaml');
    writeFileSync(current, readFileSync(v1Answers('growth-saas.yaml'), 'utf8'));
    const result = await runCli(['check', current, '--baseline', old, '--strict', ...V1]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${old}: --strict: answers made with rubric version 0.9.0`);
  });

  it('end to end: report --strict exits 2, report without it exits 0 (built bin)', () => {
    const strict = runBin([
      'report',
      'fixtures/drift/northwind-0.9.yaml',
      '--strict',
      '--rubric',
      'fixtures/v1/playbook',
    ]);
    expect(strict.code).toBe(2);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toContain(
      'fixtures/drift/northwind-0.9.yaml: --strict: answers made with rubric version 0.9.0',
    );
    const relaxed = runBin(['report', 'fixtures/drift/northwind-0.9.yaml', '--rubric', 'fixtures/v1/playbook']);
    expect(relaxed.code).toBe(0);
    expect(relaxed.stdout).toContain('Northwind Analytics');
    expect(relaxed.stderr).toContain('drift: fixtures/drift/northwind-0.9.yaml:');
  });
});

describe('a file made with the playbook 1.0.0, read by the built-in playbook 2.0.0', () => {
  const v1File = repoPath('fixtures/drift/northwind-1.0.yaml');
  const builtIn = loadRubric().rubric;

  it('loads with drift notes: the removed questions, and the new ones unanswered', () => {
    const loaded = loadAnswers(v1File, builtIn);
    expect(loaded.drift).toMatchObject({ answersVersion: '1.0.0', rubricVersion: '2.0.0' });
    const removed = loaded
      .drift!.notes.filter((note) => note.kind === 'removed-question')
      .map((note) => note.questionId);
    expect(removed).toEqual(
      expect.arrayContaining(['production-integration', 'has-api', 'margin-per-tier', 'portability']),
    );
    expect(loaded.drift!.notes.filter((note) => note.kind === 'new-question').map((note) => note.questionId)).toEqual(
      expect.arrayContaining(['production-usage-share', 'paying-customers', 'gross-margin']),
    );
    // Kept questions whose answer no longer fits (a choice removed, n/a no longer allowed) are drift too, not errors.
    expect(loaded.drift!.notes.filter((note) => note.kind === 'changed-answer').map((note) => note.questionId)).toEqual(
      expect.arrayContaining(['open-weights', 'stack-position', 'ladder-rungs', 'segment-partners']),
    );
    expect(loaded.assessment.answers['open-weights']).toBeUndefined();
    expect(loaded.assessment.answers['has-api']).toBeUndefined();
    expect(loaded.assessment.answers['agents']).toEqual({ value: { type: 'choice', choices: ['yes'] } });
  });

  it.each([
    ['report', 0],
    ['check', 1],
  ])('%s lists the drift on stderr and still runs', async (command, code) => {
    const result = await runCli([command, v1File]);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(
      /drift: .*northwind-1\.0\.yaml: answers made with rubric version 1\.0\.0, rubric in use is 2\.0\.0: \d+ removed, \d+ new \(unanswered\)/,
    );
    expect(result.stderr).toMatch(/question "wedge\.has-api" is not in rubric version 2\.0\.0/);
    expect(result.stdout).not.toBe('');
  });

  it('--strict makes it an error (exit 2)', async () => {
    const result = await runCli(['report', v1File, '--strict']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${v1File}: --strict: answers made with rubric version 1.0.0`);
  });
});
