// Installs as a user would: `npm pack` in a clean copy of the repository (its tracked and new files, no dist/), the
// tarball installed offline into an empty prefix, and `npm install -g` from a git URL. Nothing is fetched: the tarball
// has no dependencies (esbuild bundles them), and the git install's build reads npm's cache, filled by `npm ci`.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, ROOT } from './helpers/cli.js';
import { makeTempDir } from './helpers/suite-temp.js';
import { copyWorkingTree } from './helpers/repo-copy.js';

const NPM_TIMEOUT = 180_000;
let temp: { dir: string; cleanup: () => void };
let repo: string;

/** The environment for npm and the installed bin: no npm_* variables from the `npm test` that runs this file. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  return {
    ...env,
    NO_COLOR: '1',
    // The installed bin's caches go to this suite's folder, never the user's.
    XDG_CACHE_HOME: join(temp.dir, 'cache'),
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    ...extra,
  };
}

function npm(args: string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const result = spawnSync('npm', args, { cwd, env: cleanEnv(), encoding: 'utf8', timeout: NPM_TIMEOUT });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function run(bin: string, args: string[], options: { cwd?: string; input?: string } = {}) {
  const result = spawnSync(bin, args, {
    cwd: options.cwd ?? temp.dir,
    env: cleanEnv(),
    encoding: 'utf8',
    input: options.input ?? '',
    timeout: 60_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  temp = makeTempDir('scaleplay-pack-');
  repo = join(temp.dir, 'repo');
  copyWorkingTree(repo, { git: true });
}, NPM_TIMEOUT);

afterAll(() => temp?.cleanup());

describe('npm pack in a fresh clone', () => {
  let tarball: string;
  let prefix: string;
  let bin: string;

  beforeAll(() => {
    expect(existsSync(join(repo, 'dist'))).toBe(false);
    const packed = npm(['pack', '--json', '--pack-destination', temp.dir], repo);
    expect(packed.code, packed.stderr).toBe(0);
    const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as {
      filename: string;
      files: { path: string }[];
    }[];
    tarball = join(temp.dir, info!.filename);
    const paths = info!.files.map((file) => file.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'bin/scaleplay.js',
        'bin/package.json',
        'dist/main.js',
        'dist/package.json',
        'dist/code-cache.js',
        'package.json',
        'playbook/rubric.yaml',
      ]),
    );
    expect(paths.some((path) => path.startsWith('dist/chunks/'))).toBe(true);
    expect(paths.filter((path) => /^(src|test|scripts|fixtures|node_modules)\//.test(path))).toEqual([]);

    prefix = join(temp.dir, 'prefix');
    mkdirSync(prefix);
    const installed = npm(['install', '--global', '--offline', '--prefix', prefix, tarball], temp.dir);
    expect(installed.code, installed.stderr).toBe(0);
    bin = join(prefix, 'bin', 'scaleplay');
  }, NPM_TIMEOUT);

  it('the tarball declares no runtime dependency, so the install fetched nothing', () => {
    const manifest = JSON.parse(readFileSync(join(prefix, 'lib', 'node_modules', 'scaleplay', 'package.json'), 'utf8'));
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(existsSync(join(prefix, 'lib', 'node_modules', 'scaleplay', 'node_modules'))).toBe(false);
    expect(lstatSync(join(prefix, 'lib', 'node_modules', 'scaleplay')).isDirectory()).toBe(true);
  });

  it('runs --help, report and check', () => {
    const help = run(bin, ['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: scaleplay /);
    const report = run(bin, ['report', fixture('answers', 'growth-saas.yaml')]);
    expect(report).toMatchObject({ code: 0, stderr: '' });
    expect(report.stdout).toMatch(/^Overall \d+\/100 · level /m);
    expect(run(bin, ['check', fixture('answers', 'mistral-2026.yaml')])).toMatchObject({ code: 0, stderr: '' });
    const failing = run(bin, ['check', fixture('answers', 'growth-saas.yaml')]);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/FAIL: 1 of 3 thresholds not met\n$/);
  });

  it('assess without a terminal exits 2 with the message, no stack trace, no file written', () => {
    const result = run(bin, ['assess'], { input: '' });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^scaleplay: assess asks questions in a terminal, and stdin is not one/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(temp.dir, 'answers.yaml'))).toBe(false);
  });
});

describe('a quiet npm ci', () => {
  it('approves, in allowScripts, every install script in the lockfile (npm 11 warns about any other)', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { hasInstallScript?: boolean }>;
    };
    const withScripts = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && entry.hasInstallScript)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(withScripts).toContain('esbuild');
    for (const name of withScripts) expect(manifest.allowScripts?.[name], name).toBe(true);
    expect(manifest.dependencies ?? {}).toEqual({});
  });
});

describe('npm install -g from a git URL', () => {
  it(
    "installs a built copy (a folder, not a link into npm's deleted temporary clone) that runs",
    () => {
      const prefix = join(temp.dir, 'git-prefix');
      mkdirSync(prefix);
      const installed = npm(['install', '--global', '--offline', '--prefix', prefix, `git+file://${repo}`], temp.dir);
      expect(installed.code, installed.stderr).toBe(0);
      const folder = join(prefix, 'lib', 'node_modules', 'scaleplay');
      expect(lstatSync(folder).isSymbolicLink()).toBe(false);
      expect(existsSync(join(folder, 'dist', 'main.js'))).toBe(true);
      const bin = join(prefix, 'bin', 'scaleplay');
      expect(run(bin, ['--version']).stdout.trim()).toBe(
        JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version,
      );
      expect(run(bin, ['check', fixture('answers', 'mistral-2026.yaml')]).code).toBe(0);
    },
    NPM_TIMEOUT,
  );
});
