// `scaleplay report` options of the reports work: --format html, --output, --title, --logo, --target, the JSON roadmap;
// in-process for the details, and through the built bin for the exit codes and streams a user sees.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, tempDir, runBin, runCli, V1_PLAYBOOK } from './helpers/cli.js';

// These tests are about rendering and planning mechanics: they run against the frozen playbook 1.0.0 (fixtures/v1).
const withV1 = (args: string[]) =>
  args.includes('--rubric') || args[0] === 'rubric' ? args : [...args, '--rubric', V1_PLAYBOOK];
const cliV1 = (args: string[], options?: Parameters<typeof runCli>[1]) => runCli(withV1(args), options);
const binV1 = (args: string[], options?: Parameters<typeof runBin>[1]) => runBin(withV1(args), options);

const growth = fixture('v1', 'answers', 'growth-saas.yaml');
const preseed = fixture('v1', 'answers', 'preseed-demo.yaml');

describe('report: JSON roadmap', () => {
  it('adds the roadmap and the cheapest path, keeping schemaVersion 1 and every earlier field', async () => {
    const { stdout, code } = await cliV1(['report', growth, '--format', 'json', '--title', 'Review']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(Object.keys(json).slice(0, 3)).toEqual(['schemaVersion', 'generator', 'title']);
    expect(json).toMatchObject({ schemaVersion: 1, generator: 'scaleplay', title: 'Review' });
    expect(json.steps).toHaveLength(6);
    expect(json.gaps.length).toBeGreaterThan(0);
    expect(Object.keys(json.roadmap)).toEqual(['now', 'next', 'later', 'cheapestPath']);
    expect(json.roadmap.cheapestPath).toMatchObject({
      status: 'reachable',
      costs: { S: 1, M: 3, L: 8 },
      cost: 33,
      verified: true,
      targets: { basis: 'stage', description: 'the Growth stage targets' },
      overall: { score: 58, reached: 75, status: 'planned' },
    });
    const reliability = json.roadmap.cheapestPath.steps.find(
      (step: { stepId: string }) => step.stepId === 'reliability',
    );
    expect(reliability).toMatchObject({
      status: 'planned',
      score: 25,
      reached: 85,
      criticalRequired: ['synthetic-checks'],
    });
    expect(json.roadmap.now[0]).toMatchObject({
      phase: 'now',
      reason: 'blocker',
      critical: true,
      questionId: 'margin-per-tier',
    });
  });
});

describe('report: --target', () => {
  it('aims at the check thresholds on request', async () => {
    const { stdout } = await cliV1(['report', growth, '--format', 'json', '--target', 'thresholds']);
    const path = JSON.parse(stdout).roadmap.cheapestPath;
    expect(path.targets).toEqual({
      basis: 'thresholds',
      description: 'the check thresholds',
      steps: { reliability: { score: 60, label: '≥ 60' }, wedge: { score: 70, label: '≥ 70' } },
      overall: { score: 55, label: '≥ 55' },
    });
    expect(path.steps.find((step: { stepId: string }) => step.stepId === 'reliability')).toMatchObject({
      status: 'planned',
      reached: 61,
    });
  });

  it('falls back to the thresholds without a stage, and to a roadmap without a path without either', async () => {
    const dir = tempDir();
    const noStage = join(dir, 'no-stage.yaml');
    writeFileSync(noStage, readFileSync(growth, 'utf8').replace(/^stage: growth\n/m, ''));
    const json = JSON.parse((await cliV1(['report', noStage, '--format', 'json'])).stdout);
    expect(json.roadmap.cheapestPath.targets.basis).toBe('thresholds');
    const bare = join(dir, 'bare.yaml');
    writeFileSync(bare, readFileSync(preseed, 'utf8').replace(/^stage: pre-seed\n/m, ''));
    const result = await cliV1(['report', bare, '--format', 'md']);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('Cheapest path');
    expect(result.stdout).toMatch(/\*\*Next\*\*: quick wins and answers to find out/);
    const stageless = await cliV1(['report', bare, '--target', 'stage']);
    expect(stageless).toMatchObject({ code: 2, stdout: '' });
    expect(stageless.stderr).toMatch(
      /--target stage needs a stage: .*bare\.yaml has none; add "stage:" or pass --stage\./,
    );
  });

  it.each([
    [['--target', 'thresholds'], /--target thresholds needs a "thresholds:" section in .*preseed-demo\.yaml\./],
    [
      ['--stage', 'unicorn'],
      /--stage "unicorn" is not a stage of this rubric \(expected one of: pre-seed, seed, series-a, growth, enterprise\)/,
    ],
    [['--title', '  '], /--title is empty\./],
    [['--title', 'x'.repeat(201)], /--title is longer than 200 characters\./],
  ])('refuses %j with exit 2', async (extra, message) => {
    const result = await cliV1(['report', preseed, ...extra]);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(message);
  });

  it('--stage plans against another stage', async () => {
    const json = JSON.parse((await cliV1(['report', preseed, '--format', 'json', '--stage', 'seed'])).stdout);
    expect(json.roadmap.cheapestPath.targets.description).toBe('the Seed stage targets');
  });
});

describe('report: --title in the terminal', () => {
  it('prints the title first, made safe for the terminal', async () => {
    const { stdout, code } = await cliV1(['report', growth, '--title', 'Review \u001b[31mQ4\u001b[0m']);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe('Review Q4');
  });
});

describe('report: HTML to a file (built bin)', () => {
  it('writes one self-contained file and says where, nothing on stdout', () => {
    const dir = tempDir();
    const out = join(dir, 'report.html');
    const result = binV1([
      'report',
      growth,
      '--format',
      'html',
      '--output',
      out,
      '--title',
      'Northwind review',
      '--logo',
      fixture('logos', 'northstar.svg'),
    ]);
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(result.stderr).toBe(`Report written to ${out} (html).\n`);
    const document = readFileSync(out, 'utf8');
    expect(document).toMatch(/^<!doctype html>/);
    expect(document).toContain('<h1>Northwind review</h1>');
    expect(document).toContain('src="data:image/svg+xml;base64,');
  });

  it('rejects an unknown format or target with exit 2 and the choices', () => {
    const format = binV1(['report', growth, '--format', 'pdf']);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/Allowed choices are table, json, md, html/);
    const target = binV1(['report', growth, '--target', 'moon']);
    expect(target.code).toBe(2);
    expect(target.stderr).toMatch(/Allowed choices are stage, thresholds/);
  });

  it('lists the new options in --help', () => {
    const help = binV1(['report', '--help']);
    expect(help.code).toBe(0);
    for (const option of ['--title <text>', '--logo <file>', '--target <kind>', '"html"'])
      expect(help.stdout).toContain(option);
  });
});

describe('report: a target that cannot be reached is said so in every format', () => {
  const rubricDir = () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'rubric', 'steps'), { recursive: true });
    writeFileSync(
      join(dir, 'rubric', 'rubric.yaml'),
      [
        'id: tiny',
        'version: "1"',
        'title: Tiny rubric',
        'steps: [alpha, beta, gamma]',
        'levels:',
        '  - { id: low, name: Low, min: 0, max: 49 }',
        '  - { id: high, name: High, min: 50, max: 100 }',
        'critical: { cap: low, met_at: 0.7 }',
        'stages:',
        '  - { id: only, name: Only, overall: low, targets: { alpha: high, beta: high, gamma: low } }',
        '',
      ].join('\n'),
    );
    // alpha's best answer scores 0.4: "High" (50) is out of reach whatever is done.
    writeFileSync(
      join(dir, 'rubric', 'steps', 'alpha.yaml'),
      'id: alpha\ntitle: Alpha\nsummary: A.\nquestions:\n  - id: a\n    prompt: A?\n    why: W.\n    kind: single\n    choices:\n      - { id: none, label: None, score: 0, action: { text: Start., effort: M } }\n      - { id: some, label: Some, score: 0.4 }\n',
    );
    for (const step of ['beta', 'gamma']) {
      writeFileSync(
        join(dir, 'rubric', 'steps', `${step}.yaml`),
        `id: ${step}\ntitle: ${step[0]!.toUpperCase()}${step.slice(1)}\nsummary: S.\nquestions:\n  - id: ${step[0]}\n    prompt: ${step}?\n    why: W.\n    kind: boolean\n    action: { text: Do ${step}., effort: S }\n`,
      );
    }
    writeFileSync(
      join(dir, 'answers.yaml'),
      'rubric: { id: tiny, version: "1" }\nstage: only\ndate: 2026-11-26\nanswers:\n  alpha: { a: none }\n  beta: { b: no }\n  gamma: { g: yes }\n',
    );
    return dir;
  };

  it.each([
    [
      'table --full',
      /Cheapest path to the Only stage targets: not every target can be reached\n {2}Alpha +0 → 40 +High \(50\): cannot reach it: the best the rubric's actions get is 40 /,
    ],
    ['table', /Next actions · toward the Only stage targets: not every target can be reached\n/],
    [
      'md',
      /### Cheapest path to the Only stage targets: not every target can be reached ❌[\s\S]*\| Alpha \| 0 \| \*\*40\*\* \| High \(50\) \| 1 \| 3 \| cannot reach it: the best the rubric's actions get is 40 /,
    ],
    [
      'html',
      /Cheapest path to the Only stage targets: <b>not every target can be reached<\/b>[\s\S]*<tr class="row-bad"><th scope="row">Alpha<\/th>/,
    ],
    [
      'json',
      /"status": "unreachable",\n\s+"target": \{\n\s+"score": 50,\n\s+"label": "High"\n\s+\},\n\s+"score": 0,\n\s+"reached": 40,\n\s+"best": 40/,
    ],
  ])('%s', async (formatAndFlags, expected) => {
    const dir = rubricDir();
    const [format, ...flags] = formatAndFlags.split(' ');
    const answers = join(dir, 'answers.yaml');
    const args = ['report', answers, '--rubric', join(dir, 'rubric'), '--format', format!, ...flags];
    const result = await cliV1(args, { columns: 100 });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(expected);
  });
});
