// Repository probes: the patterns they accept, what each kind finds in the fixture repositories, and how they behave on
// a hostile tree (deep folders, huge files, link loops, links out of the repository, exponential patterns).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Probe } from '../src/core/model.js';
import { compileGlob, contentPatternProblem, globProblem } from '../src/core/probe-patterns.js';
import { DEFAULT_PROBE_BUDGET, openRepository, runProbe } from '../src/io/probe-repo.js';

const repos = join(import.meta.dirname, '..', 'fixtures', 'repos');
const probe = (fields: Record<string, unknown>): Probe => ({ backs: ['yes'], ...fields }) as Probe;

describe('globs', () => {
  it.each([
    ['**/*.tf', 'infra/checks/api.tf', true],
    ['**/*.tf', 'api.tf', true],
    ['*.tf', 'infra/checks/api.tf', true],
    ['infra/*.tf', 'infra/checks/api.tf', false],
    ['infra/**/*.tf', 'infra/checks/api.tf', true],
    ['.github/workflows/*.{yml,yaml}', '.github/workflows/deploy.yaml', true],
    ['.github/workflows/*.{yml,yaml}', '.github/workflows/deploy.json', false],
    ['LICEN[CS]E*', 'LICENSE.md', true],
    ['requirements*.txt', 'py/requirements-dev.txt', true],
    ['a.b', 'axb', false],
  ])('%s against %s: %s', (glob, path, expected) => {
    expect(compileGlob(glob).test(path)).toBe(expected);
  });

  it.each([
    ['/etc/passwd', 'absolute'],
    ['../secrets/*.env', '".."'],
    ['infra/../../x', '".."'],
    ['C:/x', 'absolute'],
    ['~/.ssh/*', 'absolute'],
    ['a\\b', 'backslash'],
    ['{a,{b,c}}', 'nested'],
    ['', 'empty'],
  ])('refuses %s (%s)', (glob, why) => {
    expect(globProblem(glob)).toContain(why);
  });
});

describe('content patterns', () => {
  it.each(['(a+)+$', '(a*)*b', '(a|a)*c', '(\\w+\\s?)*$', '((ab)*)+', '(x+){2,}', '(.*a){12}'])(
    'refuses the catastrophic %s',
    (pattern) => {
      expect(contentPatternProblem(pattern)).toMatch(/exponential/);
    },
  );
  it.each(['\\1', '(a)\\1', '(?=a)b', '(?<!x)y'])('refuses back-references and look-arounds: %s', (pattern) => {
    expect(contentPatternProblem(pattern)).toBeDefined();
  });
  it.each([
    'checkly_check',
    'resource "datadog_synthetics_test"',
    'canary|rollback',
    '(apache|mit) license',
    'foo[+*]+bar',
    '(ab)?c',
  ])('accepts the plain %s', (pattern) => {
    expect(contentPatternProblem(pattern)).toBeUndefined();
  });
  it('refuses what is not a regular expression, and patterns that are too long', () => {
    expect(contentPatternProblem('(unclosed')).toContain('not a valid');
    expect(contentPatternProblem('a'.repeat(201))).toContain('longer than');
  });
});

describe('each kind of probe on its fixture repository', () => {
  it('a glob that must match, with the file that showed it', () => {
    const result = runProbe(
      openRepository(join(repos, 'monitoring-as-code')),
      probe({ kind: 'glob', glob: '**/*.tf' }),
    );
    expect(result.hits).toEqual([{ file: 'infra/checks/api.tf' }]);
    expect(result.incomplete).toBe(false);
  });

  it('a glob plus a pattern, with the file and line', () => {
    const result = runProbe(
      openRepository(join(repos, 'monitoring-as-code')),
      probe({ kind: 'content', glob: '**/*.tf', contains: 'resource "checkly_check"' }),
    );
    expect(result.hits).toEqual([
      { file: 'infra/checks/api.tf', line: 1, text: 'resource "checkly_check" "chat_completions" {' },
    ]);
  });

  it('a key path in YAML files, with and without an expected value', () => {
    const repository = openRepository(join(repos, 'deploy-workflow'));
    const anyEnvironment = runProbe(
      repository,
      probe({ kind: 'key', glob: '.github/workflows/*.yml', key: 'jobs.*.environment' }),
    );
    expect(anyEnvironment.hits).toEqual([
      { file: '.github/workflows/deploy.yml', line: 12, text: 'environment: production' },
    ]);
    const needsEvals = runProbe(
      repository,
      probe({ kind: 'key', glob: '.github/workflows/*.yml', key: 'jobs.deploy.needs', equals: 'evals' }),
    );
    expect(needsEvals.hits[0]?.line).toBe(10);
    const wrongValue = runProbe(
      repository,
      probe({ kind: 'key', glob: '.github/workflows/*.yml', key: 'jobs.deploy.needs', equals: 'tests' }),
    );
    expect(wrongValue.hits).toEqual([]);
  });

  it.each([
    ['checkly', 'web/package.json', 4],
    ['@mistralai/mistralai', 'web/package.json', 3],
    ['pytest', 'py/requirements-dev.txt', 2],
    ['vllm', 'py/pyproject.toml', 4],
    ['redis', 'py/pyproject.toml', 5],
    ['go-redis/v9', 'go/go.mod', 6],
    ['tokio', 'rust/Cargo.toml', 6],
    ['moka', 'rust/Cargo.toml', 8],
  ])('a dependency named %s in %s:%i', (dependency, file, line) => {
    const result = runProbe(openRepository(join(repos, 'dependencies')), probe({ kind: 'dependency', dependency }));
    expect(result.hits).toContainEqual({ file, line });
  });

  it('finds nothing, completely, where nothing is: a dependency not declared, a pattern not present', () => {
    const repository = openRepository(join(repos, 'dependencies'));
    expect(runProbe(repository, probe({ kind: 'dependency', dependency: 'left-pad' }))).toMatchObject({
      hits: [],
      incomplete: false,
    });
    // "python" is a key under [tool.poetry.dependencies] but "pyth" is not a dependency of anything.
    expect(runProbe(repository, probe({ kind: 'dependency', dependency: 'pyth' })).hits).toEqual([]);
  });
});

describe('a hostile repository', () => {
  const root = mkdtempSync(join(tmpdir(), 'scaleplay-hostile-repo-'));
  const outside = mkdtempSync(join(tmpdir(), 'scaleplay-outside-'));
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });
  writeFileSync(join(outside, 'secret.tf'), 'resource "checkly_check" "stolen" {}\n');
  symlinkSync(join(outside, 'secret.tf'), join(root, 'linked-out.tf'));
  symlinkSync(outside, join(root, 'linked-folder'));
  mkdirSync(join(root, 'loop'));
  symlinkSync(join(root, 'loop'), join(root, 'loop', 'again'));
  let deep = root;
  for (let level = 0; level < 60; level += 1) deep = join(deep, `d${level}`);
  mkdirSync(deep, { recursive: true });
  writeFileSync(join(deep, 'deep.tf'), 'resource "checkly_check" "deep" {}\n');
  // 3 MiB of text before the match: past the per-file limit.
  writeFileSync(join(root, 'huge.tf'), `${`${'x'.repeat(80)}\n`.repeat(40_000)}resource "checkly_check" "late" {}\n`);
  mkdirSync(join(root, 'node_modules', 'pkg'), { recursive: true });
  writeFileSync(join(root, 'node_modules', 'pkg', 'x.tf'), 'resource "checkly_check" "vendored" {}\n');

  it('never reads through a link out of the repository, never enters linked folders, and says what it skipped', () => {
    const repository = openRepository(root);
    const result = runProbe(repository, probe({ kind: 'content', glob: '**/*.tf', contains: 'checkly_check' }));
    expect(result.hits.map((hit) => hit.file)).not.toContain('linked-out.tf');
    expect(result.hits.some((hit) => hit.file.startsWith('linked-folder') || hit.file.startsWith('node_modules'))).toBe(
      false,
    );
    expect(repository.skipped.join('\n')).toContain('linked-out.tf: a link out of the repository, not read');
  });

  it('stops at the folder depth and the file size, and reports the search as incomplete instead of "not found"', () => {
    const repository = openRepository(root, { ...DEFAULT_PROBE_BUDGET, maxDepth: 20 });
    const result = runProbe(repository, probe({ kind: 'content', glob: '**/*.tf', contains: 'checkly_check' }));
    expect(result.hits).toEqual([]);
    expect(result.incomplete).toBe(true);
    expect(repository.skipped.join('\n')).toMatch(/deeper than 20 folders/);
    expect(repository.skipped.join('\n')).toMatch(/huge\.tf: larger than 1048576 bytes/);
  });

  it('stops at the file budget', () => {
    const repository = openRepository(root, { ...DEFAULT_PROBE_BUDGET, maxFiles: 1 });
    expect(repository.files).toHaveLength(1);
    expect(repository.incomplete).toBe(true);
  });

  it('finds what is within the limits', () => {
    const result = runProbe(
      openRepository(root, { ...DEFAULT_PROBE_BUDGET, maxDepth: 64 }),
      probe({ kind: 'content', glob: '**/deep.tf', contains: 'checkly_check' }),
    );
    expect(result.hits).toHaveLength(1);
  });
});

describe('polynomial patterns', () => {
  it('refuses more than two unbounded repetitions, which crawl on long lines that almost match', () => {
    expect(contentPatternProblem('a*a*a*b')).toMatch(/more than two unbounded/);
    expect(contentPatternProblem('x.*y.*z')).toBeUndefined();
    expect(contentPatternProblem('[*+]{2}\\*\\+')).toBeUndefined();
  });
});
