// `scaleplay portfolio`: many teams side by side, percentiles across the set, broken files listed but not fatal.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPortfolio, columnStats, percentileRanks } from '../src/core/portfolio.js';
import { scoreAssessment } from '../src/core/score.js';
import { loadAnswers } from '../src/io/load-answers.js';
import { loadRubric } from '../src/io/load-rubric.js';
import { csvField, renderCsv } from '../src/render/channels.js';
import { repoPath, runBin, runCli, tempDir } from './helpers/cli.js';

const good = repoPath('fixtures/portfolio');
const broken = repoPath('fixtures/portfolio/broken');
const { rubric } = loadRubric();

describe('portfolio with one broken file among good ones', () => {
  it('reports the good ones (exit 0) and lists the broken one with its error on stderr', async () => {
    const result = await runCli(['portfolio', good, join(broken, 'bad-choice.yaml')], { columns: 160 });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      'scaleplay portfolio: 1 of 4 files could not be loaded and are left out:\n' +
        `${join(broken, 'bad-choice.yaml')}:7:23: unknown choice "sometimes" for reliability.synthetic-checks\n` +
        '  Expected one of: none, uptime-only, key-paths, full-and-synced, unknown.\n',
    );
    const rows = result.stdout.split('\n').filter((line) => /^\d+ {2}/.test(line));
    expect(rows.map((line) => line.split(/ {2,}/)[1])).toEqual([
      'Northwind Analytics',
      'Acme Devtools',
      'unnamed-demo.yaml',
    ]);
    expect(result.stdout).toContain('1 file could not be loaded (listed on stderr)');
  });

  it('lists every broken file in JSON too', async () => {
    const result = await runCli(['portfolio', good, broken, '--format', 'json']);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout);
    expect(parsed.rows).toHaveLength(3);
    expect(parsed.errors.map((error: { file: string }) => error.file)).toEqual(
      ['bad-choice.yaml', 'not-yaml.yaml', 'other-rubric.yaml'].map((name) => join(broken, name)),
    );
    expect(parsed.errors[1].problems[0]).toMatchObject({ line: 3, col: 1 });
  });

  it('exits 2 when no file loads', async () => {
    const result = await runCli(['portfolio', broken]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('scaleplay portfolio: none of the 3 files could be loaded.');
    expect(result.stderr).toContain('scaleplay: 3 problems found');
  });

  it('lists a missing path like a broken file', async () => {
    const result = await runCli(['portfolio', good, repoPath('fixtures/portfolio/nope.yaml')]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('nope.yaml: file not found');
  });
});

describe('a large portfolio', () => {
  it('draws one table: every row numbered in turn, every column as wide on every line', async () => {
    // More rows than cli-table3 is given at once (they are drawn in pieces), and one long name in one piece only.
    const dir = tempDir();
    const template = readFileSync(repoPath('fixtures/answers/growth-saas.yaml'), 'utf8');
    for (let index = 0; index < 600; index++) {
      const team = index === 444 ? 'A team with a rather long name' : `Team ${index}`;
      writeFileSync(join(dir, `team-${index}.yaml`), template.replace(/^team: .*$/m, `team: "${team}"`));
    }
    const result = await runCli(['portfolio', dir], { columns: 160 });
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    const first = lines.findIndex((line) => line.trimStart().startsWith('#'));
    const last = lines.findIndex((line) => line.trimStart().startsWith('median'));
    const table = lines.slice(first, last + 1);
    expect(table.length).toBe(600 + 3);
    expect(new Set(table.map((line) => line.length)).size).toBe(1);
    expect(table.slice(2, -1).map((line) => Number(line.trimStart().split(' ')[0]))).toEqual(
      Array.from({ length: 600 }, (_, index) => index + 1),
    );
    expect(result.stdout).toContain('A team with a rather long name');
  }, 120_000);
});

describe('portfolio rows, sorting and percentiles', () => {
  it('JSON rows carry overall and per-step scores, levels and percentiles', async () => {
    const parsed = JSON.parse((await runCli(['portfolio', good, '--format', 'json'])).stdout);
    expect(parsed).toMatchObject({ schemaVersion: 1, kind: 'portfolio', sort: 'overall', errors: [] });
    expect(parsed.percentileDefinition).toContain('½');
    const overall = parsed.rows.map((row: { overall: { score: number } }) => row.overall.score);
    expect(overall).toEqual([...overall].sort((a: number, b: number) => b - a));
    const top = parsed.rows[0];
    expect(top.overall).toMatchObject({ percentile: 100, level: expect.any(String), levelName: expect.any(String) });
    expect(Object.keys(top.steps)).toEqual(rubric.steps.map((step) => step.id));
    expect(parsed.rows.at(-1).overall.percentile).toBe(0);
  });

  it.each(rubric.steps.map((step) => step.id))('--sort %s orders rows by that step, highest first', async (stepId) => {
    const parsed = JSON.parse((await runCli(['portfolio', good, '--format', 'json', '--sort', stepId])).stdout);
    const scores = parsed.rows.map((row: { steps: Record<string, { score: number; applicable: boolean }> }) =>
      row.steps[stepId]!.applicable ? row.steps[stepId]!.score : -1,
    );
    expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));
  });

  it('--stage scores every team against one stage', async () => {
    const parsed = JSON.parse((await runCli(['portfolio', good, '--format', 'json', '--stage', 'enterprise'])).stdout);
    expect(parsed.stage).toBe('enterprise');
    expect(parsed.rows.every((row: { stage: string }) => row.stage === 'enterprise')).toBe(true);
    expect(parsed.rows.every((row: { overall: { meetsTarget: boolean } }) => row.overall.meetsTarget === false)).toBe(
      true,
    );
  });

  it('fits 80 columns by dropping the stage and level columns and shortening names', async () => {
    const result = await runCli(['portfolio', good], { columns: 80 });
    for (const line of result.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(result.stdout).toMatch(/\n1 +Northwin… +61 p100! +78 p50 /);
    const header = result.stdout.split('\n').find((line) => line.startsWith('#'))!;
    expect(header.split(/ +/).slice(0, 4)).toEqual(['#', 'team', 'overall', 'Wedge']);
  });

  it('the table shows the score and percentile per cell, ! below target, and a median row', async () => {
    const result = await runCli(['portfolio', good], { columns: 160 });
    expect(result.stdout).toMatch(
      /^scaleplay portfolio · 3 teams · .* · sorted by overall · targets: each file's stage\n/,
    );
    expect(result.stdout).toMatch(/Northwind Analytics +growth +61 p100! +Emerging +78 p50/);
    expect(result.stdout).toMatch(/\n +median +34 /);
  });

  it.each([
    [
      'csv',
      (out: string) =>
        expect(out.split('\r\n')[0]).toBe(
          [
            'file,team,product,stage,date',
            ...['overall', ...rubric.steps.map((step) => step.id)].map(
              (id) => `${id},${id}_level,${id}_percentile,${id}_meets_target`,
            ),
          ].join(','),
        ),
    ],
    ['json', (out: string) => expect(JSON.parse(out).rows).toHaveLength(3)],
  ])('--format %s', async (format, verify) => {
    const result = await runCli(['portfolio', good, '--format', format]);
    expect(result.code).toBe(0);
    verify(result.stdout);
  });

  it('guards CSV cells against spreadsheet formulas from team names', async () => {
    const dir = tempDir();
    const text = readFileSync(repoPath('fixtures/portfolio/acme.yaml'), 'utf8').replace(
      'team: Acme Devtools',
      'team: "=HYPERLINK(\\"http://x\\",\\"y\\")"',
    );
    writeFileSync(join(dir, 'evil.yaml'), text);
    const out = (await runCli(['portfolio', dir, '--format', 'csv'])).stdout;
    expect(out.split('\r\n')[1]).toContain(`,"'=HYPERLINK(""http://x"",""y"")",`);
  });

  it.each([
    ['an unknown stage', ['--stage', 'unicorn'], /--stage "unicorn" is not a stage/],
    ['an unknown sort column', ['--sort', 'vibes'], /--sort "vibes" is not "overall" or a step/],
    ['an unknown format', ['--format', 'xlsx'], /argument 'xlsx' is invalid/],
  ])('exits 2 on %s', async (_label, flags, message) => {
    const result = await runCli(['portfolio', good, ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('exits 2 on a folder without YAML files', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    const result = await runCli(['portfolio', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('holds no .yaml or .yml files');
  });

  it('notes files made with another rubric version', async () => {
    const result = await runCli(['portfolio', good, repoPath('fixtures/drift/northwind-0.9.yaml')]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('note: 1 file was made with another rubric version (drift)');
  });
});

describe('percentiles and stats (pure)', () => {
  it.each([
    ['empty', [], []],
    ['one score: undefined', [50], [undefined]],
    ['two scores', [10, 20], [0, 100]],
    ['ties count half', [10, 10, 20], [25, 25, 100]],
    ['all equal', [7, 7, 7, 7], [50, 50, 50, 50]],
    ['unsorted input keeps its order', [30, 10, 20, 40, 0], [75, 25, 50, 100, 0]],
  ])('percentileRanks: %s', (_label, values, expected) => {
    expect(percentileRanks(values)).toEqual(expected);
  });

  it('percentileRanks matches the definition on a larger set', () => {
    const values = Array.from({ length: 200 }, (_, index) => (index * 37) % 101);
    const naive = values.map((value) => {
      const below = values.filter((other) => other < value).length;
      const tied = values.filter((other) => other === value).length - 1;
      return Math.round((100 * (below + tied / 2)) / (values.length - 1));
    });
    expect(percentileRanks(values)).toEqual(naive);
  });

  it.each([
    [[], { count: 0 }],
    [[5], { count: 1, min: 5, median: 5, max: 5 }],
    [[9, 1, 4, 6], { count: 4, min: 1, median: 5, max: 9 }],
  ])('columnStats(%j)', (values, expected) => {
    expect(columnStats(values)).toEqual(expected);
  });

  it('buildPortfolio leaves steps that do not apply out of their column', () => {
    const report = scoreAssessment(rubric, loadAnswers(repoPath('fixtures/portfolio/acme.yaml'), rubric).assessment);
    const notApplicable = {
      ...report,
      steps: report.steps.map((step, index) => (index === 0 ? { ...step, applicable: false } : step)),
    };
    const portfolio = buildPortfolio(rubric, [
      { file: 'a.yaml', report },
      { file: 'b.yaml', report: notApplicable },
    ]);
    const first = rubric.steps[0]!.id;
    expect(portfolio.stats.steps[first]!.count).toBe(1);
    expect(portfolio.rows.find((row) => row.file === 'a.yaml')!.steps[first]!.percentile).toBeUndefined();
    expect(portfolio.rows.find((row) => row.file === 'b.yaml')!.steps[first]!.applicable).toBe(false);
  });

  it.each([
    ['plain', 'plain'],
    ['with, comma', '"with, comma"'],
    ['with "quotes"', '"with ""quotes"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['=1+1', "'=1+1"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    [42, '42'],
    [undefined, ''],
    [true, 'true'],
  ])('csvField(%j) is %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('renderCsv ends every line with CRLF', () => {
    expect(
      renderCsv([
        ['a', 'b'],
        [1, 2],
      ]),
    ).toBe('a,b\r\n1,2\r\n');
  });
});

describe('portfolio end to end (built bin)', () => {
  it('one broken file among good ones: exit 0, rows on stdout, the error on stderr', () => {
    const result = runBin([
      'portfolio',
      'fixtures/portfolio',
      'fixtures/portfolio/broken/not-yaml.yaml',
      '--format',
      'csv',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\r\n')).toHaveLength(4);
    expect(result.stderr).toContain(
      'scaleplay portfolio: 1 of 4 files could not be loaded and are left out:\nfixtures/portfolio/broken/not-yaml.yaml:3:1:',
    );
  });

  it('all broken: exit 2, nothing on stdout', () => {
    const result = runBin(['portfolio', 'fixtures/portfolio/broken']);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain('none of the 3 files could be loaded');
  });
});

describe('portfolio on several cores (built bin, worker threads)', () => {
  /** 40 files: the good fixtures and the broken ones over and over, one made with another rubric version. */
  function manyFiles(): string {
    const dir = tempDir();
    const sources = [
      ...['acme', 'northwind', 'unnamed-demo'].map((name) => join(good, `${name}.yaml`)),
      ...['bad-choice', 'not-yaml', 'other-rubric'].map((name) => join(broken, `${name}.yaml`)),
    ];
    for (let index = 0; index < 40; index++) {
      let text = readFileSync(sources[index % sources.length]!, 'utf8');
      text = text.replace(/^team: .*$/m, `team: "Team ${String(index).padStart(2, '0')}"`);
      if (index === 7) text = text.replace(/version: [\d.]+/, 'version: 0.9.0');
      writeFileSync(join(dir, `f${String(index).padStart(2, '0')}.yaml`), text);
    }
    return dir;
  }

  it.each(['json', 'csv', 'table'])(
    'gives the same %s, errors in file order, with 0, 1 or 3 worker threads',
    (format) => {
      const dir = manyFiles();
      const runs = ['0', '1', '3'].map((workers) =>
        runBin(['portfolio', dir, '--format', format], { env: { SCALEPLAY_PORTFOLIO_WORKERS: workers } }),
      );
      for (const result of runs) expect(result.code).toBe(0);
      expect(runs[1]!.stdout).toBe(runs[0]!.stdout);
      expect(runs[2]!.stdout).toBe(runs[0]!.stdout);
      expect(runs[1]!.stderr).toBe(runs[0]!.stderr);
      expect(runs[2]!.stderr).toBe(runs[0]!.stderr);
      const listed = runs[0]!.stderr
        .split('\n')
        .filter((line) => /^\S+\.yaml:\d+:\d+:/.test(line))
        .map((line) => line.split(':')[0]!);
      expect(listed).toEqual([...listed].sort());
      expect(listed.length).toBeGreaterThan(10);
      expect(runs[0]!.stderr).toContain('note: 1 file was made with another rubric version');
    },
  );

  it('and the same as the command run in-process (one thread)', async () => {
    const dir = manyFiles();
    const bin = runBin(['portfolio', dir, '--format', 'json'], { env: { SCALEPLAY_PORTFOLIO_WORKERS: '2' } });
    const inProcess = await runCli(['portfolio', dir, '--format', 'json']);
    expect(bin.stdout).toBe(inProcess.stdout);
    expect(bin.stderr).toBe(inProcess.stderr);
  });
});

describe('scoring without gaps (what portfolio asks for)', () => {
  it('gives the same scores, levels and counts, and no gaps', () => {
    for (const name of ['growth-saas', 'mistral-2026', 'preseed-demo']) {
      const { assessment } = loadAnswers(repoPath(`fixtures/answers/${name}.yaml`), rubric);
      const full = scoreAssessment(rubric, assessment);
      const lean = scoreAssessment(rubric, assessment, { gaps: false });
      expect(full.gaps.length).toBeGreaterThan(0);
      expect(lean.gaps).toEqual([]);
      expect({ ...lean, gaps: full.gaps }).toEqual(full);
    }
  });
});
