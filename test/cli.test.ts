// The commands through run(), in-process: wiring, options, output and exit codes.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadRubric } from '../src/io/load-rubric.js';
import { fixture, runCli, tempDir, V1_PLAYBOOK, v1Answers } from './helpers/cli.js';

const growth = fixture('answers', 'growth-saas.yaml');
const mistral = fixture('answers', 'mistral-2026.yaml');
const preseed = fixture('answers', 'preseed-demo.yaml');
const { rubric } = loadRubric();

describe('report', () => {
  it('prints the verdict first, then the steps, then the next actions', async () => {
    const result = await runCli(['report', growth]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    // The header wraps between its parts at 80 columns; the verdict follows it after a blank line.
    const blank = lines.indexOf('');
    expect(lines.slice(0, blank).join(' ').replace(/ +/g, ' ')).toMatch(
      /^scaleplay · Northwind Analytics · .* · stage: growth · AI product scaling playbook v2\.0\.0/,
    );
    // The verdict wraps at 80 columns too (2.0.0's title and the undetermined note are long).
    expect(
      lines
        .slice(blank + 1, blank + 3)
        .join(' ')
        .replace(/ +/g, ' '),
    ).toMatch(/^Overall \d+\/100 · level \w+ · target for growth: /);
    const headings = ['Overall', 'Wedge', 'Compute plan', 'Critical, not met', 'Next actions'];
    const order = headings.map((text) => result.stdout.indexOf(text));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(result.stdout).not.toMatch(/\u001b\[/);
  });

  it('colours only when asked to by FORCE_COLOR, and never with --no-color or NO_COLOR', async () => {
    expect((await runCli(['report', growth], { env: { FORCE_COLOR: '1' } })).stdout).toMatch(/\u001b\[/);
    expect((await runCli(['--no-color', 'report', growth], { env: { FORCE_COLOR: '1' } })).stdout).not.toMatch(
      /\u001b\[/,
    );
    expect((await runCli(['report', growth], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).stdout).not.toMatch(
      /\u001b\[/,
    );
  });

  it('fits the table to the terminal width', async () => {
    for (const columns of [80, 120]) {
      const { stdout } = await runCli(['report', growth], { columns });
      const tableLines = stdout.split('\n').filter((line) => line.includes('·····') || line.includes('█'));
      expect(tableLines.length).toBeGreaterThan(0);
      for (const line of tableLines) expect(line.length).toBeLessThanOrEqual(columns);
    }
  });

  it('gives a versioned JSON shape with the documented fields', async () => {
    const { code, stdout } = await runCli(['report', growth, '--format', 'json']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.schemaVersion).toBe(1);
    expect(Object.keys(json.overall)).toEqual(
      expect.arrayContaining(['score', 'level', 'answered', 'unknown', 'low', 'high', 'target']),
    );
    expect(json.steps.map((step: { id: string }) => step.id)).toEqual([
      'wedge',
      'stack-climb',
      'revenue-ladder',
      'reliability',
      'partnerships',
      'compute-plan',
    ]);
    for (const step of json.steps)
      expect(Object.keys(step)).toEqual(
        expect.arrayContaining(['id', 'score', 'level', 'target', 'gap', 'meetsTarget', 'questions']),
      );
    expect(json.gaps.length).toBeGreaterThan(0);
    expect(Object.keys(json.gaps[0])).toEqual(
      expect.arrayContaining(['questionId', 'stepId', 'action', 'stepPoints', 'overallPoints']),
    );
    const answered = json.steps
      .flatMap((step: { questions: Array<{ status: string }> }) => step.questions)
      .filter((q: { status: string }) => q.status === 'answered').length;
    expect(json.overall.answered).toBe(answered);
  });

  it('renders Markdown with a status per step', async () => {
    const { stdout } = await runCli(['report', growth, '--format', 'md']);
    expect(stdout).toMatch(/^\*\*Overall \d+\/100/m);
    expect(stdout.match(/^\| .* \| (✅ on target|❌ below target|❔ undetermined[^|]*) \|$/gm)).toHaveLength(6);
  });

  it('writes to --output atomically and says where', async () => {
    const dir = tempDir();
    const out = join(dir, 'report.json');
    const result = await runCli(['report', mistral, '--format', 'json', '--output', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`Report written to ${out}`);
    expect(JSON.parse(readFileSync(out, 'utf8')).team).toBe('Mistral AI');
  });

  it('scores against another stage with --stage', async () => {
    const { stdout } = await runCli(['report', preseed, '--format', 'json', '--stage', 'enterprise']);
    expect(JSON.parse(stdout).stage).toBe('enterprise');
  });

  it.each([
    [['report'], /missing required argument 'file'/],
    [['report', growth, '--format', 'pdf'], /Allowed choices are table, json, md/],
    [['report', 'nope.yaml'], /nope\.yaml: file not found/],
    [['report', growth, '--rubric', 'no-such-dir'], /no-such-dir: rubric folder not found/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('exits 2 with a message for %j', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('check', () => {
  it.each([
    // The gate's mechanics, on the frozen playbook 1.0.0 and its answers files (fixtures/v1).
    [
      'thresholds in the file, one short',
      [v1Answers('growth-saas.yaml')],
      1,
      /✗ reliability +\d+ is below the minimum 60, short by \d+/,
    ],
    ['thresholds in the file, all met', [v1Answers('mistral-2026.yaml')], 0, /PASS: 3 of 3 thresholds met/],
    [
      'stage targets when the file has no thresholds',
      [v1Answers('preseed-demo.yaml')],
      1,
      /✗ wedge .* is below the target Emerging/,
    ],
    [
      'flags instead of the file',
      [v1Answers('growth-saas.yaml'), '--min-score', '10', '--min', 'wedge=10'],
      0,
      /PASS: 2 of 2/,
    ],
    ['a step flag short', [v1Answers('growth-saas.yaml'), '--min', 'compute-plan=90'], 1, /short by/],
    [
      'stage targets of another stage',
      [v1Answers('mistral-2026.yaml'), '--stage', 'pre-seed'],
      0,
      /✓ wedge +\d+ \(worst case: \d+ answers unknown; \d+ on known answers\) meets\s+the target Emerging/,
    ],
  ])('%s', async (_name, args, code, output) => {
    const result = await runCli(['check', ...args, '--rubric', V1_PLAYBOOK]);
    expect(result.code).toBe(code);
    expect(result.stdout).toMatch(output);
  });

  it.each([
    [[growth, '--min-score', '101'], /expected a score from 0 to 100/],
    [[growth, '--min-score', 'lots'], /expected a score from 0 to 100/],
    [[growth, '--min', 'reliability'], /expected STEP=N/],
    [[growth, '--min', 'reliabilty=40'], /unknown step "reliabilty"/],
    [[growth, '--stage', 'series-z'], /"series-z" is not a stage/],
  ])('exits 2 for bad usage %j', async (args, message) => {
    const result = await runCli(['check', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('exits 2 when there is nothing to check', async () => {
    const dir = tempDir();
    const file = join(dir, 'a.yaml');
    writeFileSync(file, 'rubric: { id: scaling-playbook, version: 1.0.0 }\nanswers: {}\n');
    const result = await runCli(['check', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/nothing to check/);
  });
});

describe('init', () => {
  it('writes a template with every question, which loads as a valid, empty assessment', async () => {
    const dir = tempDir();
    const out = join(dir, 'answers.yaml');
    const result = await runCli(['init', '--output', out, '--team', 'Acme', '--stage', 'seed']);
    expect(result.code).toBe(0);
    const data = parse(readFileSync(out, 'utf8'));
    expect(data.team).toBe('Acme');
    for (const step of rubric.steps)
      expect(Object.keys(data.answers[step.id]).sort()).toEqual(step.questions.map((q) => q.id).sort());
    const report = await runCli(['report', out, '--format', 'json']);
    expect(report.code).toBe(0);
    const total = rubric.steps.reduce((sum, step) => sum + step.questions.length, 0);
    expect(JSON.parse(report.stdout).overall).toMatchObject({ answered: 0, unanswered: expect.any(Number), total });
  });

  it('comments every question with its prompt and choices', async () => {
    const { stdout } = await runCli(['init', '--output', '-']);
    for (const question of rubric.steps.flatMap((step) => step.questions)) {
      expect(stdout).toContain(`# ${question.prompt}`);
      for (const choice of question.kind === 'boolean' ? [] : question.choices)
        expect(stdout).toContain(`#     ${choice.id}: `);
    }
  });

  it('refuses to overwrite an existing file without --force, and leaves it unchanged', async () => {
    const dir = tempDir();
    const out = join(dir, 'answers.yaml');
    writeFileSync(out, 'precious');
    const refused = await runCli(['init', '--output', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already exists: nothing was written/);
    expect(readFileSync(out, 'utf8')).toBe('precious');
    expect((await runCli(['init', '--output', out, '--force'])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^# scaleplay answers/);
  });

  it('exits 2 when the folder does not exist, writing nothing', async () => {
    const dir = tempDir();
    const out = join(dir, 'missing', 'answers.yaml');
    const result = await runCli(['init', '--output', out]);
    expect(result.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});

describe('rubric, schema, help and version', () => {
  it('validates the built-in playbook', async () => {
    const result = await runCli(['rubric', 'validate']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /rubric scaling-playbook v2\.0\.0 is valid · 6 steps · \d+ questions · 5 stages · 0 warnings/,
    );
  });

  it('shows the playbook as text and as JSON', async () => {
    const text = await runCli(['rubric', 'show']);
    expect(text.stdout).toContain('1. Wedge (wedge, weight 1)');
    const json = JSON.parse((await runCli(['rubric', 'show', '--format', 'json'])).stdout);
    expect(json.steps).toHaveLength(6);
  });

  it.each(['answers', 'rubric', 'step'])('prints the %s JSON Schema, identical to the published file', async (kind) => {
    const { stdout, code } = await runCli(['schema', '--kind', kind]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).$schema).toBe('http://json-schema.org/draft-07/schema#');
    // schema/*.json ship with the package for editors; `npm run schema` regenerates them.
    expect(readFileSync(fixture('..', 'schema', `${kind}.schema.json`), 'utf8')).toBe(stdout);
  });

  it.each([['report'], ['check'], ['init'], ['rubric', 'validate'], ['rubric', 'show'], ['schema']])(
    '%s --help shows an example',
    async (...command) => {
      const result = await runCli([...command, '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/Example:\n  scaleplay /);
    },
  );

  it('prints the version', async () => {
    const result = await runCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
