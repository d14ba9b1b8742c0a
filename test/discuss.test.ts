// Answers to discuss (`discuss:` in an answers file): `merge` writes one for every question the workshop split on, the
// loader carries it into the Answer, every report format lists it (and shows nothing when there is none), and answering
// the question again in `assess` settles it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consensusAnswers, mergeAssessments, type Participant } from '../src/core/merge.js';
import { listQuestions, type Answer, type AnswerValue, type Question } from '../src/core/model.js';
import { isApplicable } from '../src/core/questions.js';
import { scoreAssessment } from '../src/core/score.js';
import { answerToYaml, openAnswersFile } from '../src/io/answers-writer.js';
import { loadAnswers } from '../src/io/load-answers.js';
import { loadRubric } from '../src/io/load-rubric.js';
import { runAssessmentFlow } from '../src/prompts/flow.js';
import { visibleWidth } from '../src/render/text.js';
import { plainTheme } from '../src/render/theme.js';
import { fixture, ROOT, runBin, runCli, tempDir } from './helpers/cli.js';
import { createFakeAsk, ENTER, prompt, type Expectation } from './helpers/fake-ask.js';

const { rubric } = loadRubric();
const questions = listQuestions(rubric);
const byId = new Map(questions.map((question) => [question.id, question] as const));
const question = (id: string): Question => byId.get(id)!;
const CONSENSUS = fixture('golden', 'workshop-consensus.yaml');
const WORKSHOP = ['alice', 'bob', 'carol'].map((name) => `fixtures/workshop/${name}.yaml`);
/** The questions the three workshop fixtures disagree on, in playbook order, with the `discuss:` text merge writes. */
const SPLITS: [string, string][] = [
  ['flywheel-metrics', 'per choice: acquisition ×3, retention ×2, activation ×1'],
  ['agents', 'yes ×2, no ×1'],
  ['top-customer-share', '18 ×1, 20 ×1, 45 ×1 (wide spread: the median is kept)'],
  ['synthetic-checks', 'uptime-only ×2, key-paths ×1'],
  ['next-partner-named', 'yes ×1, no ×1, unknown ×1 (tie: the cautious answer is kept)'],
  ['data-residency', 'unknown ×2, selectable ×1'],
];

/** A copy of the committed consensus file in a temporary folder, with `edit` applied to its text. */
function consensusCopy(edit: (text: string) => string = (text) => text): string {
  const file = join(tempDir('scaleplay-discuss-'), 'consensus.yaml');
  writeFileSync(file, edit(readFileSync(CONSENSUS, 'utf8')));
  return file;
}

/** An answers file (alice's) with the agents line replaced by `entry` (YAML lines at the question's indentation). */
function aliceWith(entry: string): string {
  const file = join(tempDir('scaleplay-discuss-'), 'answers.yaml');
  const text = readFileSync(fixture('workshop', 'alice.yaml'), 'utf8');
  expect(text).toContain('    agents: yes\n');
  writeFileSync(file, text.replace('    agents: yes\n', `${entry}\n`));
  return file;
}

describe('merge marks each disagreement with discuss:', () => {
  it('reproduces the committed consensus file byte for byte (so the report goldens cannot rot)', async () => {
    const output = join(tempDir('scaleplay-discuss-'), 'consensus.yaml');
    const result = await runCli(['merge', ...WORKSHOP, '--output', output]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain(`Consensus written to ${output}`);
    expect(readFileSync(output, 'utf8')).toBe(readFileSync(CONSENSUS, 'utf8'));
  });

  it('prints a merge summary that fits 80 columns', async () => {
    const { stdout } = await runCli(['merge', ...WORKSHOP], { columns: 80 });
    for (const line of stdout.split('\n')) expect(visibleWidth(line)).toBeLessThanOrEqual(80);
  });

  it('writes discuss: on exactly the questions to discuss, right under the answer, and says how to settle them', () => {
    const text = readFileSync(CONSENSUS, 'utf8');
    expect(text.match(/^ {6}discuss: /gm)).toHaveLength(SPLITS.length);
    // Who said what follows as `votes:` (the participants' own notes, if any, as evidence).
    expect(text).toContain(
      '    agents:\n      answer: yes\n      discuss: yes ×2, no ×1\n      votes:\n        Alice: yes\n        Bob: yes\n        Carol: no\n',
    );
    expect(text).toContain(
      '# Settle one by answering it again (`scaleplay assess --output <this file> --step <step>`) or by deleting its "discuss:" line.',
    );
    // The note is a record of the answers that stays true once the question is settled: no "discuss" in it.
    expect(text).not.toMatch(/note: .*discuss/);
  });

  const participant = (name: string, id: string, value: AnswerValue | undefined): Participant => ({
    name,
    file: `${name}.yaml`,
    assessment: { rubric: { id: rubric.id, version: rubric.version }, answers: value ? { [id]: { value } } : {} },
  });
  const choice = (...choices: string[]): AnswerValue => ({ type: 'choice', choices });
  const number = (value: number): AnswerValue => ({ type: 'number', value });

  it.each<[string, string, (AnswerValue | undefined)[], string | undefined]>([
    ['a majority', 'agents', [choice('yes'), choice('yes'), choice('no')], 'yes ×2, no ×1'],
    ['a tie', 'agents', [choice('yes'), choice('no')], 'yes ×1, no ×1 (tie: the cautious answer is kept)'],
    [
      'someone who did not answer',
      'agents',
      [choice('yes'), undefined, choice('no')],
      'yes ×1, no ×1, unanswered ×1 (tie: the cautious answer is kept)',
    ],
    [
      'a multi question, per choice',
      'flywheel-metrics',
      [choice('acquisition', 'retention'), choice('acquisition')],
      'per choice: acquisition ×2, retention ×1 (tie: the cautious answer is kept)',
    ],
    [
      'numbers far apart',
      'top-customer-share',
      [number(18), number(45)],
      '18 ×1, 45 ×1 (wide spread: the median is kept)',
    ],
    ['agreement (no flag)', 'agents', [choice('yes'), choice('yes')], undefined],
    ['agreement with an abstention (no flag)', 'agents', [choice('yes'), undefined], undefined],
  ])('%s', (_label, id, values, expected) => {
    const result = mergeAssessments(
      rubric,
      values.map((value, index) => participant(`p${index + 1}`, id, value)),
    );
    expect(result.questions.find((spread) => spread.questionId === id)!.discussText).toBe(expected);
    expect(consensusAnswers(result)[id]!.discuss).toBe(expected);
  });
});

describe('the answers file: discuss: is loaded into the Answer', () => {
  it('carries every flag of the consensus file, and none where the participants agreed', () => {
    const { answers } = loadAnswers(CONSENSUS, rubric).assessment;
    const flagged = Object.entries(answers)
      .filter(([, answer]) => answer.discuss !== undefined)
      .map(([id, answer]) => [id, answer.discuss] as const);
    expect(new Map(flagged)).toEqual(new Map(SPLITS));
    expect(answers['production-usage-share']).not.toHaveProperty('discuss');
  });

  it.each([
    ['empty', '    agents: { answer: yes, discuss: "" }'],
    ['blank', '    agents: { answer: yes, discuss: "   " }'],
  ])('an %s discuss: marks nothing', (_label, entry) => {
    const answer = loadAnswers(aliceWith(entry), rubric).assessment.answers['agents']!;
    expect(answer).toEqual({ value: { type: 'choice', choices: ['yes'] } });
  });

  it.each([
    [
      'a list',
      '    agents: { answer: yes, discuss: [a, b] }',
      /answers\.yaml:24:37: expected text, found a list at answers\.stack-climb\.agents\.discuss/,
    ],
    [
      'a number',
      '    agents: { answer: yes, discuss: 3 }',
      /answers\.yaml:24:37: expected text, found number 3 at answers\.stack-climb\.agents\.discuss/,
    ],
    [
      'too long',
      `    agents:\n      answer: yes\n      discuss: "${'x'.repeat(4001)}"`,
      /answers\.yaml:26:16: expected text of at most 4000 characters, found 4001 at answers\.stack-climb\.agents\.discuss/,
    ],
  ])('refuses discuss: as %s, located (exit 2, nothing on stdout)', async (_label, entry, message) => {
    const result = await runCli(['report', aliceWith(entry)]);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(message);
  });

  it('is in the JSON Schema shipped for editors', () => {
    const schema = readFileSync(join(ROOT, 'schema', 'answers.schema.json'), 'utf8');
    expect(schema).toMatch(/"discuss": \{\s+"type": "string",\s+"maxLength": 4000\s+\}/);
  });
});

describe('the report lists the answers to discuss', () => {
  it('in the Report, in playbook order, with the answer used for now (as in the file)', () => {
    const report = scoreAssessment(rubric, loadAnswers(CONSENSUS, rubric).assessment);
    expect(report.discuss?.map((item) => [item.questionId, item.text])).toEqual(SPLITS);
    expect(report.discuss?.find((item) => item.questionId === 'next-partner-named')).toEqual({
      questionId: 'next-partner-named',
      stepId: 'partnerships',
      prompt: question('next-partner-named').prompt,
      critical: false,
      text: 'yes ×1, no ×1, unknown ×1 (tie: the cautious answer is kept)',
      current: 'no',
    });
    expect(report.discuss?.find((item) => item.questionId === 'synthetic-checks')).toMatchObject({
      critical: true,
      current: 'uptime-only',
    });
    expect(report.discuss?.find((item) => item.questionId === 'flywheel-metrics')).toMatchObject({
      current: '[acquisition, retention]',
    });
  });

  it('says a skipped question does not count for now', () => {
    const answers: Record<string, Answer> = {
      'ladder-rungs': { value: { type: 'choice', choices: ['entry'] } },
      'rung-conversion': { value: { type: 'choice', choices: ['each-rung'] }, discuss: 'each-rung ×1, none ×1' },
    };
    expect(isApplicable(question('rung-conversion'), answers, byId)).toBe(false);
    const report = scoreAssessment(rubric, { rubric: { id: rubric.id, version: rubric.version }, answers });
    expect(report.discuss).toEqual([
      expect.objectContaining({ questionId: 'rung-conversion', current: 'skipped (condition not met)' }),
    ]);
  });

  it.each([
    ['table', 'To discuss (workshop) · 6 answers used for now, until settled', 'Critical, not met', 'Cheapest path'],
    ['md', '### To discuss (workshop)', '### Critical, not met', '### Cheapest path'],
    [
      'html',
      '<section class="discuss" id="discuss">\n<h2>To discuss (workshop)</h2>',
      '<section class="critical">',
      '<section class="path"',
    ],
  ])(
    'as a section in %s, after the critical items and before the cheapest path',
    async (format, heading, before, after) => {
      // The terminal lists them with --full; its short report counts them and says --full lists them.
      const full = format === 'table' ? ['--full'] : [];
      const { stdout } = await runCli(['report', CONSENSUS, '--format', format, ...full]);
      const at = stdout.indexOf(heading);
      expect(stdout.indexOf(before)).toBeGreaterThan(-1);
      expect(at).toBeGreaterThan(stdout.indexOf(before));
      expect(at).toBeLessThan(stdout.indexOf(after));
    },
  );

  it('as a `discuss` field in JSON, and per question beside the note (schemaVersion stays 1)', async () => {
    const json = JSON.parse((await runCli(['report', CONSENSUS, '--format', 'json'])).stdout);
    expect(json.schemaVersion).toBe(1);
    expect(json.discuss.map((item: { questionId: string; text: string }) => [item.questionId, item.text])).toEqual(
      SPLITS,
    );
    const has = json.steps[1].questions.find((item: { id: string }) => item.id === 'agents');
    expect(has).toMatchObject({ discuss: 'yes ×2, no ×1' });
    expect(has.note).toBeUndefined();
  });

  it.each([60, 80])('fits %i columns in the terminal', async (columns) => {
    const { stdout } = await runCli(['report', CONSENSUS, '--full'], { columns });
    const section = stdout.slice(stdout.indexOf('To discuss (workshop)'), stdout.indexOf('Cheapest path'));
    expect(section.split('\n').length).toBeGreaterThan(SPLITS.length * 2);
    for (const line of section.split('\n')) expect(visibleWidth(line)).toBeLessThanOrEqual(columns);
  });

  it.each(['table', 'md', 'html'])('shows nothing in %s when there is nothing to discuss', async (format) => {
    const settled = consensusCopy((text) => text.replace(/^ {6}discuss: .*\n/gm, ''));
    for (const file of [settled, fixture('answers', 'growth-saas.yaml')]) {
      const { stdout, code } = await runCli(['report', file, '--format', format]);
      expect(code).toBe(0);
      expect(stdout).not.toMatch(/to discuss/i);
    }
  });

  it('has no `discuss` field in JSON when there is nothing to discuss', async () => {
    const json = JSON.parse(
      (await runCli(['report', fixture('answers', 'growth-saas.yaml'), '--format', 'json'])).stdout,
    );
    expect(json).not.toHaveProperty('discuss');
    expect(JSON.stringify(json)).not.toContain('"discuss"');
  });

  it('keeps hostile discuss: text inert in every format', async () => {
    const file = aliceWith(
      '    agents:\n      answer: yes\n      discuss: "\\e[31mred\\e]8;;http://x\\a <script>alert(1)</script> | **bold** \\u202Eevil"',
    );
    const run = async (format: string, ...flags: string[]) =>
      (await runCli(['report', file, '--format', format, ...flags])).stdout;
    const table = await run('table', '--full');
    expect(table).toContain('To discuss (workshop)');
    expect(table).not.toMatch(/[\u001b\u0007\u202e]/);
    const md = await run('md');
    expect(md).toContain('\\<script\\>alert\\(1\\)\\</script\\> \\| \\*\\*bold\\*\\*');
    const html = await run('html');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const json = JSON.parse(await run('json'));
    expect(json.discuss[0].text).toContain('\u001b[31mred');
  });
});

describe('assess settles a question by answering it again', () => {
  it('the writer drops discuss: from a re-answered question and leaves every other line alone', () => {
    const file = consensusCopy();
    const before = readFileSync(file, 'utf8');
    const store = openAnswersFile(file, rubric, { date: '2026-12-01' });
    const current = store.assessment.answers['agents']!;
    // What the prompts return: the new value, the note and the evidence carried over (none here), no discuss.
    expect([current.note, current.evidence]).toEqual([undefined, undefined]);
    store.setAnswer(question('agents'), { value: { type: 'choice', choices: ['no'] } });
    const after = readFileSync(file, 'utf8');
    expect(after).toBe(
      before.replace(
        '    agents:\n      answer: yes\n      discuss: yes ×2, no ×1\n',
        '    agents:\n      answer: no\n',
      ),
    );
    const { answers } = loadAnswers(file, rubric).assessment;
    // The workshop's votes stay: they record what each participant said, whatever the team settles on.
    const vote = (id: string) => ({ type: 'choice', choices: [id] });
    expect(answers['agents']).toEqual({
      value: vote('no'),
      votes: { Alice: vote('yes'), Bob: vote('yes'), Carol: vote('no') },
    });
    expect(Object.values(answers).filter((answer) => answer.discuss !== undefined)).toHaveLength(SPLITS.length - 1);
  });

  it('the writer keeps discuss: when the answer still carries it, and writes it for a new answer', () => {
    const file = consensusCopy();
    const store = openAnswersFile(file, rubric, { date: '2026-12-01' });
    const kept = store.assessment.answers['next-partner-named']!;
    store.setAnswer(question('next-partner-named'), { ...kept, value: { type: 'choice', choices: ['yes'] } });
    expect(loadAnswers(file, rubric).assessment.answers['next-partner-named']).toEqual({
      ...kept,
      value: { type: 'choice', choices: ['yes'] },
    });

    const fresh = join(tempDir('scaleplay-discuss-'), 'answers.yaml');
    const answer: Answer = { value: { type: 'choice', choices: ['yes'] }, discuss: 'yes ×1, no ×1' };
    expect(answerToYaml(question('agents'), answer)).toEqual({ value: 'yes', discuss: 'yes ×1, no ×1' });
    openAnswersFile(fresh, rubric, { date: '2026-12-01' }).setAnswer(question('agents'), answer);
    expect(readFileSync(fresh, 'utf8')).toContain('    agents:\n      answer: yes\n      discuss: yes ×1, no ×1\n');
    expect(loadAnswers(fresh, rubric).assessment.answers['agents']).toEqual(answer);
  });

  it('the flow shows how the workshop split above the question, and Enter (keeping the answer) settles it', async () => {
    const file = consensusCopy();
    const store = openAnswersFile(file, rubric, { date: '2026-12-01' });
    const step = rubric.steps.find((candidate) => candidate.id === 'partnerships')!;
    const asked = step.questions.filter((candidate) => isApplicable(candidate, store.assessment.answers, byId));
    const headers = new Map<string, string>();
    const script: Expectation[] = asked.map((candidate) =>
      prompt(
        candidate.kind === 'multi' ? 'checkbox' : candidate.kind === 'number' ? 'input' : 'select',
        candidate.prompt,
        ENTER,
        (shown) => headers.set(candidate.id, shown.header ?? ''),
      ),
    );
    const ask = createFakeAsk([...script, prompt('select', 'Review your answers', ENTER)]);
    await runAssessmentFlow({
      rubric,
      store,
      ask,
      print: () => {},
      theme: plainTheme,
      width: 80,
      step: 'partnerships',
    });
    expect(ask.remaining()).toEqual([]);
    expect(headers.get('next-partner-named')!.replace(/\s+/g, ' ')).toContain(
      'To discuss (workshop): yes ×1, no ×1, unknown ×1 (tie: the cautious answer is kept) · answering settles it',
    );
    expect(headers.get('data-residency')!.replace(/\s+/g, ' ')).toContain(
      'To discuss (workshop): unknown ×2, selectable ×1 · answering settles it',
    );
    const settled = ['next-partner-named', 'data-residency'];
    for (const [id, header] of headers) if (!settled.includes(id)) expect(header).not.toContain('To discuss');

    const { answers } = loadAnswers(file, rubric).assessment;
    expect(answers['next-partner-named']).toMatchObject({
      value: { type: 'choice', choices: ['no'] },
      evidence: expect.stringContaining('Alice: We picked'),
    });
    expect(answers['next-partner-named']!.discuss).toBeUndefined();
    // The other steps' questions stay open.
    expect(
      Object.entries(answers)
        .filter(([, answer]) => answer.discuss !== undefined)
        .map(([id]) => id),
    ).toEqual(SPLITS.map(([id]) => id).filter((id) => !settled.includes(id)));
    const report = await runCli(['report', file, '--full']);
    expect(report.stdout).toContain('To discuss (workshop) · 4 answers');
    const text = report.stdout;
    const section = text.slice(text.indexOf('To discuss (workshop)'), text.indexOf('Cheapest path'));
    expect(section).toContain('Stack climb: Can users set up multi-step tasks');
    expect(section).not.toContain('Have you named the buyer segment');
  });
});

describe('end to end (built bin): merge, then report on the consensus', () => {
  it('shows the known disagreements in the table and in Markdown', () => {
    const output = join(tempDir('scaleplay-discuss-'), 'consensus.yaml');
    const merged = runBin(['merge', ...WORKSHOP, '--output', output]);
    expect(merged).toMatchObject({ code: 0, stderr: '' });
    expect(merged.stdout).toContain(`Consensus written to ${output}`);

    const short = runBin(['report', output]);
    expect(short.stdout).toContain('6 answers to discuss');
    expect(short.stdout).toMatch(/--full adds .*6 answers to\s+discuss/);
    const table = runBin(['report', output, '--full']);
    expect(table).toMatchObject({ code: 0, stderr: '' });
    expect(table.stdout).toContain('6 answers to discuss');
    expect(table.stdout).toContain('To discuss (workshop) · 6 answers used for now, until settled');
    expect(table.stdout).toMatch(/\? Reliability \(critical\): Are your production endpoints/);
    expect(table.stdout).toMatch(/yes ×1, no ×1, unknown ×1 \(tie: the cautious answer is kept\) · for now:\s+no/);
    expect(table.stdout).toContain('      yes ×2, no ×1 · for now: yes\n');

    const md = runBin(['report', output, '--format', 'md']);
    expect(md).toMatchObject({ code: 0, stderr: '' });
    expect(md.stdout).toContain('### To discuss (workshop)');
    expect(md.stdout).toContain(
      '| **Stack climb** · agents: Can users set up multi-step tasks \\(agents or automations\\) that run in their workflow without them? | yes ×2, no ×1 | yes |',
    );
    expect(md.stdout).toContain(
      '| **Partnerships** · next-partner-named: Have you named the buyer segment you cannot reach alone, and the partner who reaches it? | yes ×1, no ×1, unknown ×1 \\(tie: the cautious answer is kept\\) | no |',
    );
  });

  it('refuses a discuss: that is not text: exit 2, located, nothing on stdout', () => {
    const file = aliceWith('    agents: { answer: yes, discuss: [a, b] }');
    const result = runBin(['report', file]);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain(`${file}:24:37: expected text, found a list at answers.stack-climb.agents.discuss`);
  });
});
