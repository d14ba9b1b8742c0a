// Every command scaleplay suggests runs as printed, in the three ways users start it: `scaleplay` on the PATH, `npx
// scaleplay` in a project that has it, and `npm run assess` inside a clone. Each printed command is taken from the real
// output (or from the function that prints it, for those only an interactive session reaches) and run with sh.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closingHints, resumeMessage } from '../src/commands/assess.js';
import { invocationOf, shellQuote, suggestCommand, placeholder } from '../src/commands/invocation.js';
import { BIN, fixture } from './helpers/cli.js';
import { makeTempDir } from './helpers/suite-temp.js';

const FILE = "team's answers.yaml";
const RUBRIC = 'my rubric';
let temp: { dir: string; cleanup: () => void };
let shim: string;

beforeAll(() => {
  temp = makeTempDir('scaleplay-suggest-');
  shim = join(temp.dir, 'path-bin');
  mkdirSync(shim);
  symlinkSync(BIN, join(shim, 'scaleplay'));
});
afterAll(() => temp?.cleanup());

/** The environment of a user's shell: no npm_* variables (from the `npm test` running this), scaleplay on the PATH. */
function shellEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  return { ...env, NO_COLOR: '1', PATH: `${shim}:${process.env.PATH}`, npm_config_update_notifier: 'false' };
}

function sh(command: string, cwd: string) {
  const result = spawnSync('sh', ['-c', command], {
    cwd,
    env: shellEnv(),
    encoding: 'utf8',
    input: '',
    timeout: 60_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A folder set up for one way of starting scaleplay, holding an answers file and a rubric with a moved case. */
function workspace(name: string, kind: 'path' | 'npx' | 'clone'): string {
  const dir = join(temp.dir, name);
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  if (kind !== 'path') symlinkSync(BIN, join(dir, 'node_modules', '.bin', 'scaleplay'));
  // The clone's `assess` script without its build step (the test run has built dist/ already).
  const manifest =
    kind === 'clone'
      ? { name: 'scaleplay', private: true, scripts: { assess: `node ${shellQuote(BIN)} assess` } }
      : { name: 'team-project', private: true };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
  cpSync(fixture('answers', 'mistral-2026.yaml'), join(dir, FILE));
  cpSync(fixture('rubrics', 'valid-custom'), join(dir, RUBRIC), { recursive: true });
  return dir;
}

const ASSESS_NEEDS_TERMINAL = /^scaleplay: assess asks questions in a terminal, and stdin is not one/m;
/** What npm gives the bin in each case (checked against real runs below). */
const ENVS = {
  path: {},
  npx: { npm_command: 'exec', npm_lifecycle_event: 'npx', npm_package_name: 'team-project' },
  clone: { npm_command: 'run', npm_lifecycle_event: 'assess', npm_package_name: 'scaleplay' },
} as const;

describe.each([
  { kind: 'path' as const, start: 'scaleplay' },
  { kind: 'npx' as const, start: 'npx scaleplay' },
])('started as `$start`', ({ kind, start }) => {
  const other = `${start} `;
  let dir: string;
  beforeAll(() => {
    dir = workspace(kind, kind);
  });

  it("assess without a terminal suggests init, check and report; each runs, and so does init's next step", () => {
    const refused = sh(`${start} assess --output ${shellQuote(FILE)}`, dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(ASSESS_NEEDS_TERMINAL);
    const suggested = [...refused.stderr.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
    expect(suggested).toEqual([
      `${other}init --output answers.yaml`,
      `${other}check answers.yaml`,
      `${other}report answers.yaml`,
    ]);
    const init = sh(suggested[0]!, dir);
    expect(init.code, init.stderr).toBe(0);
    const next = /Next: edit it, then run: (.+)\n/.exec(init.stderr)?.[1];
    expect(next).toBe(`${other}report answers.yaml`);
    expect(sh(next!, dir).code).toBe(0);
    // The template, filled in: the fixture that meets its thresholds.
    cpSync(join(dir, FILE), join(dir, 'answers.yaml'));
    expect(sh(suggested[1]!, dir)).toMatchObject({ code: 0 });
    expect(sh(suggested[2]!, dir).stdout).toMatch(/^Overall \d+\/100/m);
  });

  it('the closing hints of a finished assessment (share, gate CI, revisit) and the resume line run', () => {
    const [share, gate, revisit] = closingCommands(kind);
    expect(share).toBe(`${other}report 'team'\\''s answers.yaml' --format html --output report.html`);
    expect(sh(share, dir)).toMatchObject({ code: 0 });
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/i);
    expect(sh(gate, dir)).toMatchObject({ code: 0 });
    expect(revisit).toBe(`${other}assess --output 'team'\\''s answers.yaml' --step <step>`);
    expectAssessReached(sh(revisit.replace('<step>', 'wedge'), dir));
    const resume = resumeCommand(kind);
    expect(resume).toBe(`${other}assess --output 'team'\\''s answers.yaml' --rubric 'my rubric'`);
    expectAssessReached(sh(resume, dir));
  });

  it("merge's next step and rubric test's --update line run", () => {
    const workshop = ['alice', 'bob', 'carol'].map((name) => shellQuote(fixture('workshop', `${name}.yaml`)));
    const merged = sh(`${start} merge ${workshop.join(' ')} --output 'consensus file.yaml'`, dir);
    expect(merged.code, merged.stderr).toBe(0);
    const report = /Consensus written to consensus file\.yaml: (.+)\n/.exec(merged.stdout)?.[1];
    expect(report).toBe(`${other}report 'consensus file.yaml'`);
    expect(sh(report!, dir).code).toBe(0);

    const step = join(dir, RUBRIC, 'steps', 'quality.yaml');
    writeFileSync(
      step,
      readFileSync(step, 'utf8').replace('    kind: boolean\n', '    kind: boolean\n    weight: 2\n'),
    );
    const moved = sh(`${start} rubric test ${shellQuote(RUBRIC)}`, dir);
    expect(moved.code).toBe(1);
    const update = /accept the new values with: (.+)\n/.exec(moved.stdout)?.[1];
    expect(update).toBe(`${other}rubric test 'my rubric' --update`);
    expect(sh(update!, dir).code).toBe(0);
    expect(sh(`${start} rubric test ${shellQuote(RUBRIC)}`, dir).code).toBe(0);
  });
});

describe('started as `npm run assess` inside the clone', () => {
  it('suggests `npm run assess -- …` to resume or revisit and `npx scaleplay …` for the rest; each runs', () => {
    const dir = workspace('clone', 'clone');
    const refused = sh(`npm run assess -- --output ${shellQuote(FILE)}`, dir);
    expectAssessReached(refused);
    // The same npx commands as in a project (run there above); here, one of them.
    const suggested = [...refused.stderr.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
    expect(suggested).toEqual([
      'npx scaleplay init --output answers.yaml',
      'npx scaleplay check answers.yaml',
      'npx scaleplay report answers.yaml',
    ]);
    expect(sh(suggested[0]!, dir).code).toBe(0);

    const [share, gate, revisit] = closingCommands('clone');
    expect([share, gate]).toEqual([
      `npx scaleplay report 'team'\\''s answers.yaml' --format html --output report.html`,
      `npx scaleplay check 'team'\\''s answers.yaml'`,
    ]);
    expect(revisit).toBe(`npm run assess -- --output 'team'\\''s answers.yaml' --step <step>`);
    expectAssessReached(sh(revisit.replace('<step>', 'wedge'), dir));
    const resume = resumeCommand('clone');
    expect(resume).toBe(`npm run assess -- --output 'team'\\''s answers.yaml' --rubric 'my rubric'`);
    expectAssessReached(sh(resume, dir));
  });
});

/** The share, gate CI and revisit commands printed after a finished assessment of FILE. */
function closingCommands(kind: keyof typeof ENVS): [string, string, string] {
  const lines = closingHints(ENVS[kind], FILE, undefined).split('\n').filter(Boolean);
  expect(lines).toHaveLength(3);
  return lines.map((line) => line.replace(/^\s+\w+( \w+)?:\s+/, '')) as [string, string, string];
}

/** The command printed on Ctrl-C to resume FILE with RUBRIC. */
function resumeCommand(kind: keyof typeof ENVS): string {
  const message = resumeMessage(
    ENVS[kind],
    FILE,
    { rubric: RUBRIC },
    { saved: true, assessment: { answers: { a: {} } } as never },
  );
  return /Resume with: (.+)$/.exec(message)![1]!;
}

/** An assess command (which needs a terminal) got as far as assess: its options were parsed as given. */
function expectAssessReached(result: { code: number; stderr: string }): void {
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(ASSESS_NEEDS_TERMINAL);
}

describe('invocationOf / suggestCommand', () => {
  it.each([
    [{}, 'path', 'scaleplay check a.yaml'],
    [{ npm_command: 'exec', npm_lifecycle_event: 'npx' }, 'npx', 'npx scaleplay check a.yaml'],
    [
      { npm_command: 'run-script', npm_lifecycle_event: 'assess', npm_package_name: 'scaleplay' },
      'npm-run-assess',
      'npx scaleplay check a.yaml',
    ],
    [{ npm_lifecycle_event: 'scaleplay-gate', npm_package_name: 'team-project' }, 'npx', 'npx scaleplay check a.yaml'],
    [{ npm_lifecycle_event: '', npm_command: '' }, 'path', 'scaleplay check a.yaml'],
  ] as const)('%o → %s', (env, invocation, check) => {
    expect(invocationOf(env)).toBe(invocation);
    expect(suggestCommand(env, ['check', 'a.yaml'])).toBe(check);
  });

  it('quotes what a shell would split or expand, and prints placeholders as they are', () => {
    const clone = { npm_lifecycle_event: 'assess', npm_package_name: 'scaleplay' };
    expect(suggestCommand(clone, ['assess'])).toBe('npm run assess');
    expect(suggestCommand(clone, ['assess', '--output', 'a b.yaml', '--step', placeholder('step')])).toBe(
      "npm run assess -- --output 'a b.yaml' --step <step>",
    );
    expect(
      ['plain-name_1.yaml', 'dir/x=y,z.yaml', 'a b', "it's", '$HOME', '`x`', '*.yaml', '', 'a\nb'].map(shellQuote),
    ).toEqual([
      'plain-name_1.yaml',
      'dir/x=y,z.yaml',
      "'a b'",
      "'it'\\''s'",
      "'$HOME'",
      "'`x`'",
      "'*.yaml'",
      "''",
      "'a\nb'",
    ]);
  });
});
