// The compiled-rubric cache for custom rubrics: kept under $XDG_CACHE_HOME (else ~/.cache), found and checked by a hash
// of the rubric's files, ignored when corrupt, off with --no-cache; `rubric validate` reuses its located findings.
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashRubricFolder, rubricCacheDir } from '../src/io/rubric-cache.js';
import { fixture, runBin, runCli, tempDir } from './helpers/cli.js';

/** A copy of a fixture rubric, its answers, and an empty cache folder, in a fresh temporary folder. */
function setup(name = 'valid-custom') {
  const root = tempDir();
  const rubric = join(root, 'rubric');
  cpSync(fixture('rubrics', name), rubric, { recursive: true });
  const answers = join(root, 'answers.yaml');
  cpSync(fixture('rubrics', 'valid-custom', 'tests', 'answers', 'new-team.yaml'), answers);
  const cache = join(root, 'cache');
  return {
    root,
    rubric,
    answers,
    cache,
    env: { XDG_CACHE_HOME: cache },
    entries: () => entriesIn(join(cache, 'scaleplay', 'rubrics')),
  };
}

function entriesIn(folder: string): string[] {
  return existsSync(folder) ? readdirSync(folder).map((name) => join(folder, name)) : [];
}

/** Rewrites the one cache entry with `change`. */
// biome-ignore lint/suspicious/noExplicitAny: a cache entry as JSON, edited by hand
function editEntry(entries: string[], change: (entry: any) => void): void {
  expect(entries).toHaveLength(1);
  const entry = JSON.parse(readFileSync(entries[0]!, 'utf8'));
  change(entry);
  writeFileSync(entries[0]!, JSON.stringify(entry));
}

const titleOf = (stdout: string) => JSON.parse(stdout).rubric.title as string;

describe('the compiled-rubric cache', () => {
  it('stores a custom rubric after the first load and uses it next time (same report)', async () => {
    const { rubric, answers, env, entries } = setup();
    const first = await runCli(['report', answers, '--rubric', rubric, '--format', 'json'], { env });
    expect(first.code).toBe(0);
    expect(entries()).toHaveLength(1);
    const second = await runCli(['report', answers, '--rubric', rubric, '--format', 'json'], { env });
    expect(second.stdout).toBe(first.stdout);
    // The entry is what the second run read: a title changed in it (hash kept) shows up.
    editEntry(entries(), (entry) => (entry.rubric.title = 'From the cache'));
    const third = await runCli(['report', answers, '--rubric', rubric, '--format', 'json'], { env });
    expect(titleOf(third.stdout)).toBe('From the cache');
  });

  it('is never used for other files: an edited rubric is loaded afresh, and stored under another entry', async () => {
    const { rubric, answers, env, entries } = setup();
    await runCli(['report', answers, '--rubric', rubric, '--format', 'json'], { env });
    editEntry(entries(), (entry) => (entry.rubric.title = 'Stale'));
    const manifest = join(rubric, 'rubric.yaml');
    writeFileSync(
      manifest,
      readFileSync(manifest, 'utf8').replace('title: Support copilot readiness', 'title: Edited title'),
    );
    const after = await runCli(['report', answers, '--rubric', rubric, '--format', 'json'], { env });
    expect(after.code).toBe(0);
    expect(titleOf(after.stdout)).toBe('Edited title');
    expect(entries()).toHaveLength(2);
  });

  it("never trusts an entry whose recorded hash is not the files' hash", async () => {
    const { rubric, answers, env, entries } = setup();
    await runCli(['report', answers, '--rubric', rubric, '--format', 'json'], { env });
    editEntry(entries(), (entry) => {
      entry.rubric.title = 'Forged';
      entry.sourceHash = '0'.repeat(64);
    });
    const result = await runCli(['report', answers, '--rubric', rubric, '--format', 'json'], { env });
    expect(titleOf(result.stdout)).toBe('Support copilot readiness');
  });

  it('never trusts an entry that another user could have written (writable by group or others)', async () => {
    const { rubric, answers, env, entries } = setup();
    await runCli(['report', answers, '--rubric', rubric, '--format', 'json'], { env });
    expect(statSync(entries()[0]!).mode & 0o777).toBe(0o600);
    editEntry(entries(), (entry) => (entry.rubric.title = 'Forged'));
    // Hash and build right, but writable by the group: loaded afresh from the files.
    chmodSync(entries()[0]!, 0o660);
    const result = await runCli(['report', answers, '--rubric', rubric, '--format', 'json'], { env });
    expect(titleOf(result.stdout)).toBe('Support copilot readiness');
  });

  it('a new or removed step file changes the hash, even one the manifest does not list', () => {
    const { rubric } = setup();
    const before = hashRubricFolder(rubric);
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    writeFileSync(join(rubric, 'steps', 'stray.yml'), 'id: stray\n');
    expect(hashRubricFolder(rubric)).not.toBe(before);
  });

  it.each([
    ['not JSON', '{"format": 1, "rub'],
    ['JSON of another shape', '{"format": 1, "sourceHash": "x", "rubric": {"steps": "none"}}'],
    ['empty', ''],
  ])('ignores a corrupt entry (%s) and replaces it', async (_what, text) => {
    const { rubric, answers, env, entries } = setup();
    const clean = await runCli(['report', answers, '--rubric', rubric, '--format', 'json'], { env });
    const [entry] = entries();
    writeFileSync(entry!, text);
    const result = await runCli(['report', answers, '--rubric', rubric, '--format', 'json'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(clean.stdout);
    expect(result.stderr).toBe(clean.stderr);
    expect(JSON.parse(readFileSync(entry!, 'utf8')).rubric.title).toBe('Support copilot readiness');
  });

  it('--no-cache neither reads nor writes it (before or after the command)', async () => {
    const { rubric, answers, env, entries } = setup();
    await runCli(['--no-cache', 'report', answers, '--rubric', rubric, '--format', 'json'], { env });
    expect(entries()).toHaveLength(0);
    await runCli(['report', answers, '--rubric', rubric, '--format', 'json'], { env });
    editEntry(entries(), (entry) => (entry.rubric.title = 'From the cache'));
    const result = await runCli(['report', answers, '--rubric', rubric, '--format', 'json', '--no-cache'], { env });
    expect(titleOf(result.stdout)).toBe('Support copilot readiness');
  });

  it('caches nothing for an invalid rubric, which fails the same way every time', async () => {
    const { rubric, answers, env, entries } = setup('broken-many-problems');
    const first = await runCli(['report', answers, '--rubric', rubric], { env });
    const second = await runCli(['report', answers, '--rubric', rubric], { env });
    expect(first.code).toBe(2);
    expect(second.stderr).toBe(first.stderr);
    expect(entries()).toHaveLength(0);
  });

  it('leaves a rubric with a symbolic link among its files to the usual load', async () => {
    const { root, rubric, answers, env, entries } = setup();
    const outside = join(root, 'quality.yaml');
    cpSync(join(rubric, 'steps', 'quality.yaml'), outside);
    const link = join(rubric, 'steps', 'quality.yaml');
    rmSync(link);
    symlinkSync(outside, link);
    expect(hashRubricFolder(rubric)).toBeUndefined();
    await runCli(['report', answers, '--rubric', rubric, '--format', 'json'], { env });
    expect(entries()).toHaveLength(0);
  });

  it('lives under $XDG_CACHE_HOME when it is absolute, else ~/.cache; nowhere without either', () => {
    expect(rubricCacheDir({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/a' })).toBe('/x/cache/scaleplay/rubrics');
    expect(rubricCacheDir({ XDG_CACHE_HOME: 'relative', HOME: '/home/a' })).toBe('/home/a/.cache/scaleplay/rubrics');
    expect(rubricCacheDir({ HOME: '/home/a' })).toBe('/home/a/.cache/scaleplay/rubrics');
    expect(rubricCacheDir({})).toBeUndefined();
  });

  it('the built bin writes it under HOME/.cache and gives the same output from it', () => {
    const { root, rubric, answers } = setup();
    const home = join(root, 'home');
    mkdirSync(home);
    const first = runBin(['report', answers, '--rubric', rubric, '--format', 'json'], {
      env: { HOME: home, XDG_CACHE_HOME: '' },
    });
    expect(first.code).toBe(0);
    expect(entriesIn(join(home, '.cache', 'scaleplay', 'rubrics'))).toHaveLength(1);
    const second = runBin(['report', answers, '--rubric', rubric, '--format', 'json'], {
      env: { HOME: home, XDG_CACHE_HOME: '' },
    });
    expect(second.stdout).toBe(first.stdout);
  });
});

describe('rubric validate and the cache', () => {
  it('prints the same warnings, located from where it runs, when the files come from the cache', async () => {
    const { root, rubric, env, entries } = setup('lint-no-effect');
    const first = await runCli(['rubric', 'validate', 'rubric'], { env, cwd: root });
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(
      'warning: rubric/steps/deflection.yaml:31:9: question "deflection-rate" cannot change',
    );
    editEntry(entries(), (entry) => (entry.lint.warnings[0].message = 'from the cache'));
    const second = await runCli(['rubric', 'validate', 'rubric'], { env, cwd: root });
    expect(second.stderr).toContain('warning: rubric/steps/deflection.yaml:31:9: from the cache');
    // From another folder, the same entry names the files as seen from there.
    const elsewhere = join(root, 'elsewhere');
    mkdirSync(elsewhere);
    const third = await runCli(['rubric', 'validate', rubric], { env, cwd: elsewhere });
    expect(third.stderr).toContain(`warning: ${join(rubric, 'steps', 'deflection.yaml')}:31:9: from the cache`);
  });

  it('after another command cached the rubric, validate still locates its lint findings in the files', async () => {
    const { root, answers, env, entries } = setup('lint-no-effect');
    await runCli(['report', answers, '--rubric', 'rubric', '--format', 'json'], { env, cwd: root });
    expect(JSON.parse(readFileSync(entries()[0]!, 'utf8')).lint).toBeUndefined();
    const result = await runCli(['rubric', 'validate', 'rubric', '--strict'], { env, cwd: root });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'warning: rubric/steps/deflection.yaml:31:9: question "deflection-rate" cannot change',
    );
    expect(JSON.parse(readFileSync(entries()[0]!, 'utf8')).lint.warnings).toHaveLength(1);
  });
});

describe('a rubric from the cache is still an input', () => {
  it('no output may replace one of its files (they were read to check the hash)', async () => {
    const { rubric, answers, env, entries } = setup();
    await runCli(['report', answers, '--rubric', rubric, '--format', 'json'], { env });
    expect(entries()).toHaveLength(1);
    const step = join(rubric, 'steps', 'quality.yaml');
    const before = readFileSync(step, 'utf8');
    const result = await runCli(['report', answers, '--rubric', rubric, '--format', 'json', '-o', step], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('scaleplay never overwrites its input');
    expect(readFileSync(step, 'utf8')).toBe(before);
  });
});
