// The composite GitHub Action (action.yml), run the way a runner runs it: its steps parsed from the file, each `run:`
// in bash with the runner's variables, `${{ }}` expressions resolved only where GitHub allows data (env:, with:), the
// outputs read back from $GITHUB_OUTPUT. Checked on pass, fail and invalid input, and against shell injection.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, ROOT } from './helpers/cli.js';
import { makeTempDir } from './helpers/suite-temp.js';
import { copyWorkingTree } from './helpers/repo-copy.js';

interface Step {
  name?: string;
  id?: string;
  shell?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}
interface Action {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;
let temp: { dir: string; cleanup: () => void };
let actionPath: string;

beforeAll(() => {
  temp = makeTempDir('scaleplay-action-');
  // The action's folder as a runner checks it out: the repository without dist/.
  actionPath = join(temp.dir, 'action');
  copyWorkingTree(actionPath);
});
afterAll(() => temp?.cleanup());

/** Resolves the expressions GitHub would in `text`; any other expression fails the test. */
function expand(
  text: string,
  context: { inputs: Record<string, string>; steps: Record<string, Record<string, string>>; workspace: string },
): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_all, expression: string) => {
    let match = /^inputs\.([\w-]+)$/.exec(expression);
    if (match) return context.inputs[match[1]!] ?? action.inputs[match[1]!]?.default ?? '';
    match = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expression);
    if (match) return context.steps[match[1]!]?.[match[2]!] ?? '';
    if (expression === 'github.action_path') return actionPath;
    if (expression === 'github.workspace') return context.workspace;
    throw new Error(`action.yml uses an expression this test does not know: ${expression}`);
  });
}

/** `key=value` and `key<<DELIMITER` … `DELIMITER` entries of a $GITHUB_OUTPUT file. */
function readOutputs(file: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const heredoc = /^([\w-]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, index + 1);
      outputs[heredoc[1]!] = lines.slice(index + 1, end).join('\n');
      index = end;
    } else if (line.includes('=')) outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
  }
  return outputs;
}

interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Runs the action's steps in order in `workspace`, as `shell: bash` does (bash --noprofile --norc -eo pipefail). */
function runAction(workspace: string, inputs: Record<string, string>): ActionRun {
  const runnerTemp = join(workspace, '..', `runner-temp-${Math.random().toString(36).slice(2, 8)}`);
  mkdirSync(runnerTemp, { recursive: true });
  const summaryFile = join(runnerTemp, 'step-summary.md');
  writeFileSync(summaryFile, '');
  const steps: Record<string, Record<string, string>> = {};
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|GITHUB_|RUNNER_)/i.test(key)));
  let stdout = '';
  let stderr = '';
  let code = 0;
  for (const [index, step] of action.runs.steps.entries()) {
    const outputFile = join(runnerTemp, `output-${index}`);
    writeFileSync(outputFile, '');
    const script = join(runnerTemp, `step-${index}.sh`);
    writeFileSync(script, step.run!);
    const context = { inputs, steps, workspace };
    const env = Object.fromEntries(
      Object.entries(step.env ?? {}).map(([key, value]) => [key, expand(String(value), context)]),
    );
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: step['working-directory'] ? expand(step['working-directory'], context) : workspace,
      env: {
        ...base,
        NO_COLOR: '1',
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        GITHUB_ACTION_PATH: actionPath,
        GITHUB_WORKSPACE: workspace,
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        RUNNER_TEMP: runnerTemp,
        ...env,
      },
      encoding: 'utf8',
      timeout: 120_000,
    });
    stdout += result.stdout;
    stderr += result.stderr;
    if (step.id) steps[step.id] = readOutputs(outputFile);
    code = result.status ?? -1;
    if (code !== 0) break;
  }
  const outputs = Object.fromEntries(
    Object.entries(action.outputs).map(([name, output]) => [name, expand(output.value, { inputs, steps, workspace })]),
  );
  return { code, stdout, stderr, outputs, summary: readFileSync(summaryFile, 'utf8') };
}

function workspaceWith(files: Record<string, string>): string {
  const workspace = join(temp.dir, `workspace-${Math.random().toString(36).slice(2, 8)}`);
  mkdirSync(workspace);
  for (const [name, source] of Object.entries(files)) cpSync(source, join(workspace, name));
  return workspace;
}

describe('action.yml', () => {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the title quotes GitHub's own ${{ }} syntax.
  it('is a composite action whose scripts take inputs only through env:, never ${{ }} inside run:', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual([
      'file',
      'rubric',
      'stage',
      'min-score',
      'min',
      'baseline-ref',
      'junit',
      'strict',
    ]);
    expect(Object.keys(action.outputs)).toEqual(['passed', 'overall', 'report-json']);
    for (const step of action.runs.steps) {
      expect(step.uses, "no other action: it runs on the runner's own Node").toBeUndefined();
      expect(step.shell).toBe('bash');
      expect(step.run).not.toContain('${{');
    }
  });

  it('builds dist/ in the action folder on the first run only; passing: exit 0, passed, overall, JSON, summary', () => {
    expect(existsSync(join(actionPath, 'dist'))).toBe(false);
    const workspace = workspaceWith({ 'answers.yaml': fixture('answers', 'mistral-2026.yaml') });
    const first = runAction(workspace, { junit: 'reports/scaleplay.xml' });
    expect(first.code, first.stderr).toBe(0);
    const built = statSync(join(actionPath, 'dist', 'main.js')).mtimeMs;
    expect(first.stdout).not.toContain('using the build in');
    expect(first.outputs.passed).toBe('true');
    const json = JSON.parse(readFileSync(first.outputs['report-json']!, 'utf8'));
    expect(json).toMatchObject({ passed: true, exitCode: 0 });
    expect(first.outputs.overall).toBe(String(json.overall.score));
    expect(first.summary).toMatch(/^## ✅ scaleplay check/m);
    expect(readFileSync(join(workspace, 'reports', 'scaleplay.xml'), 'utf8')).toContain(
      '<testsuites name="scaleplay check"',
    );

    const second = runAction(workspace, {});
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`using the build in ${actionPath}/dist`);
    expect(statSync(join(actionPath, 'dist', 'main.js')).mtimeMs).toBe(built);
  });

  it('a failing file: exit 1, passed=false, ::error annotations, the summary says why; min takes STEP=N lines', () => {
    const workspace = workspaceWith({ 'team.yaml': fixture('answers', 'growth-saas.yaml') });
    const result = runAction(workspace, {
      file: 'team.yaml',
      min: '  reliability=60 \n\nwedge=10\n',
      'min-score': '10',
    });
    expect(result.code).toBe(1);
    expect(result.outputs.passed).toBe('false');
    expect(result.outputs.overall).toMatch(/^\d+(\.\d+)?$/);
    expect(result.stdout).toMatch(/^::error file=team\.yaml,line=\d+/m);
    expect(result.summary).toMatch(/^## ❌ scaleplay check/m);
    const json = JSON.parse(readFileSync(result.outputs['report-json']!, 'utf8'));
    expect(
      json.thresholds.map((threshold: { id: string; required: number }) => [threshold.id, threshold.required]),
    ).toEqual(
      expect.arrayContaining([
        ['overall', 10],
        ['reliability', 60],
        ['wedge', 10],
      ]),
    );
  });

  it('stage and baseline-ref reach check: the same file at HEAD is no regression', () => {
    const workspace = workspaceWith({ 'answers.yaml': fixture('answers', 'mistral-2026.yaml') });
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], {
        cwd: workspace,
        stdio: 'ignore',
      });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'baseline');
    const result = runAction(workspace, { 'baseline-ref': 'HEAD', stage: 'seed' });
    expect(result.code, result.stdout + result.stderr).toBe(result.outputs.passed === 'true' ? 0 : 1);
    const json = JSON.parse(readFileSync(result.outputs['report-json']!, 'utf8'));
    expect(json.baseline).toBeTruthy();
    expect(json.regression).toMatchObject({ passed: true });
    expect(json.thresholds.map((threshold: { kind: string }) => threshold.kind)).toContain('stage-target');
  });

  it.each([
    ['a min-score that is not a number', { 'min-score': 'abc' }, /--min-score.*expected a score from 0 to 100/s],
    ['a min line that is not STEP=N', { min: 'reliability' }, /expected STEP=N/],
    [
      'strict that is neither true nor false',
      { strict: 'yes' },
      /::error title=scaleplay::the strict input must be true or false, not "yes"/,
    ],
  ])('invalid input (%s): exit 2, passed=false, the reason printed', (_name, inputs, message) => {
    const workspace = workspaceWith({ 'answers.yaml': fixture('answers', 'mistral-2026.yaml') });
    const result = runAction(workspace, inputs);
    expect(result.code).toBe(2);
    expect(result.outputs.passed).toBe('false');
    expect(result.stdout + result.stderr).toMatch(message);
  });

  it('a missing answers file: exit 2 with the JSON and the summary saying so', () => {
    const workspace = workspaceWith({});
    const result = runAction(workspace, { file: 'nope.yaml' });
    expect(result.code).toBe(2);
    expect(result.outputs).toMatchObject({ passed: 'false', overall: '' });
    expect(JSON.parse(readFileSync(result.outputs['report-json']!, 'utf8'))).toMatchObject({
      passed: false,
      exitCode: 2,
    });
    expect(result.summary).toContain('could not run on nope.yaml');
  });

  it('inputs are data, never shell: quotes, $(…) and ; in them run nothing', () => {
    const workspace = workspaceWith({});
    const hostile = ['$(touch pwned-1)', '"; touch pwned-2; echo "', '`touch pwned-3`'];
    for (const file of hostile) {
      const result = runAction(workspace, { file, rubric: file, junit: 'j.xml', min: 'x=$(touch pwned-4)' });
      expect(result.code).toBe(2);
    }
    expect(['pwned-1', 'pwned-2', 'pwned-3', 'pwned-4'].filter((name) => existsSync(join(workspace, name)))).toEqual(
      [],
    );
  });
});
