// The GitLab CI example and the pre-commit hook definitions, run as far as this machine allows: the GitLab job's
// script in bash with GitLab's variables (the built bin on the PATH instead of its before_script's install), and each
// hook's `entry` + `args` the way pre-commit calls it (no file names). A real `pre-commit run` installs the hook
// repository with npm from the registry, so it is not run here; it was run by hand (see CHANGELOG).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, fixture, ROOT } from './helpers/cli.js';
import { makeTempDir } from './helpers/suite-temp.js';

let temp: { dir: string; cleanup: () => void };
let shim: string;
beforeAll(() => {
  temp = makeTempDir('scaleplay-ci-examples-');
  shim = join(temp.dir, 'bin');
  mkdirSync(shim);
  symlinkSync(BIN, join(shim, 'scaleplay'));
});
afterAll(() => temp?.cleanup());

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|GITHUB_|CI_)/i.test(key)));
  return { ...base, NO_COLOR: '1', PATH: `${shim}:${process.env.PATH}`, ...extra };
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync(
    'git',
    ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'init.defaultBranch=main', ...args],
    { cwd, stdio: 'pipe' },
  );

describe('examples/gitlab-ci.yml', () => {
  const text = readFileSync(join(ROOT, 'examples', 'gitlab-ci.yml'), 'utf8');
  type Job = {
    before_script: string[];
    script: string[];
    variables: Record<string, string | number>;
    artifacts: { when: string; paths: string[]; reports: { junit: string } };
  };
  const job = (parse(text) as Record<string, Job>).scaleplay!;

  it('is the example docs/ci.md shows', () => {
    expect(readFileSync(join(ROOT, 'docs', 'ci.md'), 'utf8')).toContain(`\`\`\`yaml\n${text}\`\`\``);
  });

  it("installs from a git URL; its JUnit file feeds GitLab's test report, also when the gate fails", () => {
    expect(job.before_script).toEqual([expect.stringMatching(/^npm install -g git\+https:\/\/.+#v\d+\.\d+\.\d+$/)]);
    const junit = job.artifacts.reports.junit;
    expect(job.script.some((line) => line.includes(`--junit ${junit}`))).toBe(true);
    expect(job.artifacts.when).toBe('always');
    expect(String(job.variables.GIT_DEPTH)).toBe('0');
    expect(job.artifacts.paths).toContain('scaleplay.json');
  });

  it.each([
    ['the target branch has the same answers: pass', 'mistral-2026.yaml', 'mistral-2026.yaml', 0],
    [
      'a step regressed against the target branch: fail, with the JUnit failure',
      'mistral-2026.yaml',
      'growth-saas.yaml',
      1,
    ],
  ] as const)('its script runs in a merge request pipeline (%s)', (_name, base, head, code) => {
    const dir = join(temp.dir, `gitlab-${code}`);
    const origin = join(dir, 'origin.git');
    const work = join(dir, 'work');
    mkdirSync(dir);
    git(dir, 'init', '-q', '--bare', origin);
    git(dir, 'clone', '-q', origin, work);
    cpSync(fixture('answers', base), join(work, 'answers.yaml'));
    git(work, 'add', '-A');
    git(work, 'commit', '-q', '-m', 'base');
    git(work, 'push', '-q', 'origin', 'HEAD:main');
    git(work, 'checkout', '-q', '-b', 'feature');
    cpSync(fixture('answers', head), join(work, 'answers.yaml'));
    git(work, 'commit', '-q', '--allow-empty', '-am', 'change');
    // The job's script as GitLab runs it (set -e); before_script installs, and scaleplay is on the PATH here already.
    writeFileSync(join(dir, 'job.sh'), `set -eo pipefail\n${job.script.join('\n')}\n`);
    const result = spawnSync('bash', [join(dir, 'job.sh')], {
      cwd: work,
      env: env({
        CI: 'true',
        GITLAB_CI: 'true',
        CI_DEFAULT_BRANCH: 'main',
        CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main',
        CI_PIPELINE_SOURCE: 'merge_request_event',
      }),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status, result.stdout + result.stderr).toBe(code);
    const xml = readFileSync(join(work, job.artifacts.reports.junit), 'utf8');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="scaleplay check"/);
    expect(xml.includes('<failure')).toBe(code === 1);
    for (const path of job.artifacts.paths)
      expect(JSON.parse(readFileSync(join(work, path), 'utf8'))).toMatchObject({ exitCode: code });
  });
});

describe('.pre-commit-hooks.yaml', () => {
  interface Hook {
    id: string;
    entry: string;
    language: string;
    pass_filenames: boolean;
    files: string;
    args: string[];
  }
  const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
  const hook = (id: string) => hooks.find((candidate) => candidate.id === id)!;

  /** What pre-commit runs: the entry split like a shell would, then args (file names are not passed). */
  function runHook(id: string, cwd: string, args = hook(id).args) {
    const [command, ...entryArgs] = hook(id).entry.split(' ');
    const result = spawnSync(command!, [...entryArgs, ...args], { cwd, env: env(), encoding: 'utf8', timeout: 60_000 });
    return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  }

  it('defines scaleplay-check and scaleplay-rubric-validate: node hooks on the bin, given what to check in args', () => {
    expect(hooks.map((candidate) => candidate.id)).toEqual(['scaleplay-check', 'scaleplay-rubric-validate']);
    const bins = Object.keys(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).bin);
    for (const candidate of hooks) {
      expect(candidate).toMatchObject({ language: 'node', pass_filenames: false });
      expect(bins).toContain(candidate.entry.split(' ')[0]);
      expect(new RegExp(candidate.files).test('answers.yaml')).toBe(true);
    }
  });

  it('scaleplay-check: exit 0 on a file that meets its thresholds, 1 on one that does not, 2 on an invalid one', () => {
    const dir = join(temp.dir, 'hooks');
    mkdirSync(dir);
    cpSync(fixture('answers', 'mistral-2026.yaml'), join(dir, 'answers.yaml'));
    expect(runHook('scaleplay-check', dir)).toMatchObject({ code: 0 });
    cpSync(fixture('answers', 'growth-saas.yaml'), join(dir, 'answers.yaml'));
    expect(runHook('scaleplay-check', dir).stdout).toMatch(/FAIL: 1 of 3 thresholds not met/);
    expect(runHook('scaleplay-check', dir).code).toBe(1);
    expect(runHook('scaleplay-check', dir, ['answers.yaml', '--min-score', '10', '--min', 'reliability=20']).code).toBe(
      0,
    );
    writeFileSync(join(dir, 'answers.yaml'), 'team: [\n');
    expect(runHook('scaleplay-check', dir).code).toBe(2);
  });

  it('scaleplay-rubric-validate: exit 0 on a valid rubric folder, 2 on a broken one', () => {
    const dir = join(temp.dir, 'rubrics');
    mkdirSync(dir);
    cpSync(fixture('rubrics', 'valid-custom'), join(dir, 'rubric'), { recursive: true });
    expect(runHook('scaleplay-rubric-validate', dir)).toMatchObject({ code: 0 });
    cpSync(fixture('rubrics', 'broken-duplicate-step'), join(dir, 'broken'), { recursive: true });
    const broken = runHook('scaleplay-rubric-validate', dir, ['broken']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^broken\/.+:\d+:\d+: /m);
  });
});
