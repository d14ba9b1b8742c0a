// Every output channel × every field that comes from a file, with a hostile payload in each field: terminal escapes
// (OSC 52 clipboard, window title, clear screen), BEL, a C1 CSI, bidi overrides, newlines that start GitHub workflow
// commands, a spreadsheet formula and markup. Whatever the channel, nothing may escape: no raw control or bidi
// character, no line that GitHub would run, no formula cell, no live YAML key, and no raw markup in HTML.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, copyFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { guardWorkflowCommands, guardWorkflowStreams, writeWorkflowCommands } from '../src/render/channels.js';
import { listQuestions } from '../src/core/model.js';
import { openAnswersFile } from '../src/io/answers-writer.js';
import { loadAnswers } from '../src/io/load-answers.js';
import { loadRubric } from '../src/io/load-rubric.js';
import { fakeIo, ROOT } from './helpers/cli.js';

/** The payload, tagged with the field it sits in so a failure names the field. */
const hostile = (field: string) =>
  `=cmd|' /C calc'!A0 ${field}\u001b]52;c;ZXZpbA==\u0007\u001b]0;pwned\u0007\u001b[2J\u0007\u009b31m\u202eevil\u2066` +
  `\n::stop-commands::tok\n##[error]x\n<img src=x onerror=alert(1)>`;

/** A file name or option value that would clear the title and start a workflow command. */
const INJECTION = '\u001b]0;pwned\u0007\n::stop-commands::tok';

/** A raw control (newline and, for CSV, CR allowed separately), DEL, C1 or bidi character. */
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

let dir: string;
let rubricDir: string;
let answersA: string;
let answersB: string;
let playbookA: string;
let playbookB: string;
let summary: string;

/** YAML double-quoted scalar (JSON is one), independent of the code under test. */
const q = (text: string) => JSON.stringify(text);
/** An answer with a hostile note, evidence and discuss. */
const fullAnswer = (choice: string) =>
  `{ answer: ${choice}, note: ${q(hostile('note'))}, evidence: ${q(hostile('evidence'))}, discuss: ${q(hostile('discuss'))} }`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scaleplay-channels-'));
  // A custom rubric with hostile text in every text field shown to users: title, version, level names, stage names,
  // step title and summary, prompts, choice labels, actions, units.
  rubricDir = join(dir, 'rubric');
  mkdirSync(join(rubricDir, 'steps'), { recursive: true });
  const source = join(ROOT, 'fixtures', 'hostile', 'rubric');
  writeFileSync(
    join(rubricDir, 'rubric.yaml'),
    [
      'id: support-copilot',
      `version: ${q(`0.3.0${hostile('rubric.version').replace(/^=cmd\|' \/C calc'!A0 /, '')}`)}`,
      `title: ${q(hostile('rubric.title'))}`,
      `description: ${q(hostile('rubric.description'))}`,
      'steps: [deflection, quality]',
      'levels:',
      `  - { id: early, name: ${q(hostile('level.early'))}, min: 0, max: 49 }`,
      `  - { id: ready, name: ${q(hostile('level.ready'))}, min: 50, max: 79 }`,
      `  - { id: proven, name: ${q(hostile('level.proven'))}, min: 80, max: 100 }`,
      'critical: { cap: ready, met_at: 0.6 }',
      'stages:',
      `  - { id: pilot, name: ${q(hostile('stage.pilot'))}, overall: early,`,
      '      targets: { deflection: early, quality: ready } }',
      `  - { id: rollout, name: ${q(hostile('stage.rollout'))}, overall: ready,`,
      '      targets: { deflection: ready, quality: proven } }',
    ].join('\n'),
  );
  const step = readFileSync(join(source, 'steps', 'deflection.yaml'), 'utf8')
    .replace(/^title: .*$/m, `title: ${q(hostile('step.title'))}`)
    .replace(/^summary: .*$/m, `summary: ${q(hostile('step.summary'))}`)
    .replace(/^ {4}prompt: .*$/m, `    prompt: ${q(hostile('question.prompt'))}`)
    .replace(/label: "No help centre\\u2066"/, `label: ${q(hostile('choice.label'))}`)
    .replace(/text: "Write the ten articles\\e\[31m behind most tickets."/, `text: ${q(hostile('action.text'))}`)
    .replace(/unit: "%"/, `unit: ${q(hostile('unit'))}`);
  writeFileSync(join(rubricDir, 'steps', 'deflection.yaml'), step);
  copyFileSync(join(source, 'steps', 'quality.yaml'), join(rubricDir, 'steps', 'quality.yaml'));

  // Answers for it made with another (hostile) version: drift, with hostile drift keys too. The file names are hostile.
  const answers = (participant: string, choice: string) =>
    [
      `rubric: { id: support-copilot, version: ${q(hostile('answers.version'))} }`,
      `team: ${q(hostile('team'))}`,
      `product: ${q(hostile('product'))}`,
      `participant: ${q(hostile(participant))}`,
      'stage: rollout',
      'answers:',
      '  deflection:',
      `    knowledge-base: ${fullAnswer(choice)}`,
      '    channels: [chat]',
      '    deflection-rate: 10',
      `    ${q(hostile('drift.question'))}: yes`,
      '  quality:',
      '    answer-review: no',
      `    escalation: { answer: n/a, reason: ${q(hostile('reason'))} }`,
      `  ${q(hostile('drift.step'))}:`,
      '    anything: yes',
      'thresholds:',
      '  min_score: 90',
      '  steps:',
      `    ${q(hostile('drift.threshold'))}: 10`,
    ].join('\n');
  answersA = join(dir, `a\u001b]0;pwned\u0007\n::stop-commands::tok\u202e.yaml`);
  answersB = join(dir, `=b\u009b31m\n##[error]x.yaml`);
  writeFileSync(answersA, answers('participant.a', 'none'));
  writeFileSync(answersB, answers('participant.b', 'complete'));

  // The same fields against the built-in playbook (no drift, real questions).
  const playbook = (participant: string, choice: string) =>
    readFileSync(join(ROOT, 'fixtures', 'answers', 'growth-saas.yaml'), 'utf8')
      .replace(/^team: .*$/m, `team: ${q(hostile('team'))}`)
      .replace(/^product: .*$/m, `product: ${q(hostile('product'))}\nparticipant: ${q(hostile(participant))}`)
      .replace(/^( {4}release-cadence:) .*$/m, `$1 ${fullAnswer(choice)}`);
  playbookA = join(dir, `pa\u001b]52;c;eA==\u0007\n::warning::x.yaml`);
  playbookB = join(dir, 'pb.yaml');
  writeFileSync(playbookA, playbook('participant.a', 'monthly'));
  writeFileSync(playbookB, playbook('participant.b', 'quarterly'));
  summary = join(dir, 'summary.md');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function scaleplay(args: string[]): Promise<Outcome> {
  const io = fakeIo({
    env: { NO_COLOR: '1', GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
    columns: 100,
    stdin: 'ended',
  });
  const code = await run(['node', 'scaleplay', ...args], io);
  return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
}

/** Lines GitHub's runner would act on: they start (after blanks) with `::` or `##[`. Only our annotations may. */
function workflowCommands(text: string): string[] {
  const annotation = /^::(error|warning|notice) file=[^:,\n]*(,line=\d+,col=\d+)?,title=[^:,\n]*::[^\n]*$/;
  return text.split(/\r?\n|\r/).filter((line) => /^\s*(::|##\[)/.test(line) && !annotation.test(line));
}

/** What may never appear in text shown in a terminal (or in the CI log). */
function expectCleanTerminal(text: string, where: string): void {
  const raw = RAW.exec(text);
  const context = raw && JSON.stringify(text.slice(Math.max(0, raw.index - 80), raw.index + 20));
  expect(context, `${where}: raw control character`).toBeNull();
  expect(workflowCommands(text), `${where}: workflow commands`).toEqual([]);
  // Sequences are removed whole (or, in located messages, shown escaped as `\u001b]0;…`): no residue.
  expect(text, where).not.toMatch(/(?<!\\u001b)\](52|0);|(?<!\\u001b)\[2J/);
}

function expectCleanJson(text: string, where: string): unknown {
  expect(text.match(RAW), `${where}: raw character in JSON`).toBeNull();
  return JSON.parse(text);
}

function expectCleanYaml(text: string, where: string, keys: string[]): Record<string, unknown> {
  expect(text.match(RAW), `${where}: raw character in YAML`).toBeNull();
  expect(workflowCommands(text), `${where}: workflow commands`).toEqual([]);
  const data = parse(text) as Record<string, unknown>;
  // No key was injected by a newline in file text.
  expect(
    Object.keys(data).filter((key) => !keys.includes(key)),
    `${where}: injected keys`,
  ).toEqual([]);
  return data;
}

/** The rubric fields and answers fields, each must appear somewhere (cleaned) in the terminal output of a command. */
const RUBRIC_FIELDS = ['rubric.title', 'level.', 'step.title'];
const ANSWERS_FIELDS = ['team', 'product'];

describe('terminal and GitHub log (stdout and stderr, GITHUB_ACTIONS=true)', () => {
  const rubricArgs = () => ['--rubric', rubricDir];
  it.each([
    ['report table', () => ['report', ...rubricArgs(), answersA], [...RUBRIC_FIELDS, ...ANSWERS_FIELDS]],
    ['report md', () => ['report', ...rubricArgs(), answersA, '--format', 'md'], [...RUBRIC_FIELDS, ...ANSWERS_FIELDS]],
    ['report table (playbook)', () => ['report', playbookA], ANSWERS_FIELDS],
    ['report md (playbook)', () => ['report', playbookA, '--format', 'md'], ['team', 'discuss']],
    ['check', () => ['check', ...rubricArgs(), answersA], []],
    ['check --stage', () => ['check', ...rubricArgs(), answersA, '--stage', 'rollout'], ['level.']],
    ['check --baseline', () => ['check', ...rubricArgs(), answersA, '--baseline', answersB], []],
    ['check (playbook)', () => ['check', playbookA, '--min-score', '99'], []],
    ['diff table', () => ['diff', ...rubricArgs(), answersB, answersA], ['team', 'level.']],
    ['diff md', () => ['diff', ...rubricArgs(), answersB, answersA, '--format', 'md'], ['team', 'step.title']],
    ['merge table', () => ['merge', ...rubricArgs(), answersA, answersB], ['participant.a', 'note']],
    ['merge md', () => ['merge', ...rubricArgs(), answersA, answersB, '--format', 'md'], ['participant.a']],
    ['merge table (playbook)', () => ['merge', playbookA, playbookB], ['participant.a', 'note']],
    ['portfolio table', () => ['portfolio', ...rubricArgs(), answersA, answersB], ['rubric.title', 'level.']],
    ['portfolio table (playbook)', () => ['portfolio', playbookA, playbookB], ['team']],
    ['rubric show', () => ['rubric', 'show', ...rubricArgs()], [...RUBRIC_FIELDS, 'question.prompt']],
    ['rubric validate', () => ['rubric', 'validate', rubricDir], []],
    ['rubric test', () => ['rubric', 'test', rubricDir], []],
    ['invalid input quoting a file name', () => ['report', join(dir, `missing${INJECTION}.yaml`)], []],
    ['usage error quoting an option', () => ['report', answersA, '--stage', `x${INJECTION}`], []],
  ] as const)('%s', async (_name, args, shown) => {
    const result = await scaleplay([...args()]);
    expect([0, 1, 2], result.stderr).toContain(result.code);
    expectCleanTerminal(result.stdout, 'stdout');
    expectCleanTerminal(result.stderr, 'stderr');
    for (const field of shown) expect(`${result.stdout}${result.stderr}`, `shows ${field}`).toContain(field);
  });

  it('annotations carry file text escaped, each on its own line', async () => {
    const result = await scaleplay(['check', ...['--rubric', rubricDir], answersA]);
    const annotations = result.stdout.split('\n').filter((line) => line.startsWith('::'));
    expect(annotations.length).toBeGreaterThan(0);
    // A line break in a drift note is escaped (%0A) inside the annotation GitHub shows: not a command of its own.
    expect(annotations.some((line) => line.includes('%0A::stop-commands::tok'))).toBe(true);
    expectCleanTerminal(result.stdout, 'annotations');
  });
});

describe('files and machine formats', () => {
  it('JSON: report, diff, merge, portfolio, check --json, rubric show keep every character, escaped', async () => {
    const json = join(dir, 'check.json');
    const outputs: [string, string][] = [
      ['report', (await scaleplay(['report', '--rubric', rubricDir, answersA, '--format', 'json'])).stdout],
      ['diff', (await scaleplay(['diff', '--rubric', rubricDir, answersB, answersA, '--format', 'json'])).stdout],
      ['merge', (await scaleplay(['merge', '--rubric', rubricDir, answersA, answersB, '--format', 'json'])).stdout],
      ['portfolio', (await scaleplay(['portfolio', '--rubric', rubricDir, answersA, answersB, '-f', 'json'])).stdout],
      ['rubric show', (await scaleplay(['rubric', 'show', '--rubric', rubricDir, '--format', 'json'])).stdout],
    ];
    await scaleplay(['check', '--rubric', rubricDir, answersA, '--json', json]);
    outputs.push(['check --json', readFileSync(json, 'utf8')]);
    for (const [name, text] of outputs) {
      expectCleanJson(text, name);
      expect(workflowCommands(text), name).toEqual([]);
    }
    // Nothing is lost: the JSON holds the exact text.
    const report = JSON.parse(outputs[0]![1]) as { team: string };
    expect(report.team).toBe(hostile('team'));
  });

  it('CSV: no control character, no formula, no row a workflow command', async () => {
    const { stdout } = await scaleplay(['portfolio', '--rubric', rubricDir, answersA, answersB, '--format', 'csv']);
    expect(stdout.replace(/\r\n/g, '\n').match(RAW), 'raw character in CSV').toBeNull();
    expect(workflowCommands(stdout)).toEqual([]);
    expect(stdout).not.toMatch(/(^|,)"?[ \t]*[=+\-@]/m);
    expect(stdout).toContain("'=cmd|");
  });

  it('YAML: merge --output (file and stdout) and the init template hold no live key', async () => {
    const consensus = join(dir, 'consensus.yaml');
    await scaleplay(['merge', '--rubric', rubricDir, answersA, answersB, '--output', consensus]);
    const answerKeys = [
      'rubric',
      'team',
      'product',
      'participant',
      'participants',
      'stage',
      'date',
      'answers',
      'thresholds',
    ];
    expectCleanYaml(readFileSync(consensus, 'utf8'), 'merge --output', answerKeys);
    const toStdout = await scaleplay(['merge', '--rubric', rubricDir, answersA, answersB, '--output', '-']);
    const data = expectCleanYaml(toStdout.stdout, 'merge --output -', answerKeys);
    expect(data.team).toBe(hostile('team'));
    const template = await scaleplay(['init', '--rubric', rubricDir, '--output', '-', '--team', hostile('team')]);
    expect(template.code, template.stderr).toBe(0);
    const parsed = expectCleanYaml(template.stdout, 'init', ['rubric', 'team', 'product', 'stage', 'date', 'answers']);
    // The version is written exactly, so the template is not drifted from its own rubric.
    expect((parsed.rubric as { version: string }).version).toMatch(/^0\.3\.0rubric\.version.*\n::stop-commands::tok\n/);
    const fromTemplate = join(dir, 'from-template.yaml');
    writeFileSync(fromTemplate, template.stdout);
    const report = await scaleplay(['report', '--rubric', rubricDir, fromTemplate]);
    expect(report.stderr).not.toContain('drift');
  });

  it('YAML: the answers file assess saves holds team, product, reason and note escaped, and reads back exactly', () => {
    const file = join(dir, 'assessed.yaml');
    const { rubric } = loadRubric();
    const store = openAnswersFile(file, rubric, { date: '2026-12-01' });
    store.setProfile({ team: hostile('team'), product: hostile('product') });
    const question = listQuestions(rubric).find((candidate) => candidate.allowNa)!;
    store.setAnswer(question, { value: { type: 'na', reason: hostile('reason') }, note: hostile('note') });
    const text = readFileSync(file, 'utf8');
    expectCleanYaml(text, 'assess answers file', ['rubric', 'team', 'product', 'stage', 'date', 'profile', 'answers']);
    const loaded = loadAnswers(file, rubric);
    expect(loaded.assessment.team).toBe(hostile('team'));
    expect(loaded.assessment.answers[question.id]).toMatchObject({ note: hostile('note') });
  });

  it('JUnit, Markdown step summary and HTML: escaped as before, nothing raw', async () => {
    const junit = join(dir, 'junit.xml');
    rmSync(summary, { force: true });
    await scaleplay(['check', '--rubric', rubricDir, answersA, '--junit', junit]);
    await scaleplay(['check', playbookA, '--min-score', '99']);
    const xml = readFileSync(junit, 'utf8');
    expect(xml.match(RAW), 'raw character in JUnit').toBeNull();
    expect(xml).not.toContain('<img');
    const markdown = readFileSync(summary, 'utf8');
    expectCleanTerminal(markdown, 'step summary');
    const html = (await scaleplay(['report', '--rubric', rubricDir, answersA, '--format', 'html'])).stdout;
    expect(html.match(RAW), 'raw character in HTML').toBeNull();
    expect(html).not.toContain('<img');
    expect(html).toContain('team');
  });

  it('the fixtures really hold the payload in their file names', () => {
    expect(readdirSync(dir).some((name) => name.includes('\n::stop-commands::'))).toBe(true);
  });
});

describe('the workflow-command guard', () => {
  it.each([
    ['::stop-commands::tok', ': :stop-commands::tok'],
    ['ok\n  ::error::x\r##[group]y', 'ok\n  : :error::x\r# #[group]y'],
    ['a :: b ##[c]', 'a :: b ##[c]'],
  ])('guards %j as %j', (text, guarded) => {
    expect(guardWorkflowCommands(text)).toBe(guarded);
  });

  it('follows line starts across writes, and lets annotations through', () => {
    let out = '';
    const io = guardWorkflowStreams({
      ...fakeIo({ env: { NO_COLOR: '1' }, columns: 100, stdin: 'ended' }),
      stdout: { write: (text: string) => (out += text) },
    });
    io.stdout.write('team: ');
    io.stdout.write('::not-a-line-start\n');
    io.stdout.write('::stop-commands::tok\n');
    writeWorkflowCommands(io.stdout, '::error file=a.yaml,title=t::m\n');
    expect(out).toBe('team: ::not-a-line-start\n: :stop-commands::tok\n::error file=a.yaml,title=t::m\n');
  });
});
