// Rubric format v2, score side: a 5 functions × 3 practices × 2 streams × 3 levels maturity model (90 questions, answers
// worth 0 / 0.25 / 0.5 / 1) scored exactly as its owners score it — practices (steps), functions (step groups) and the
// overall score, on 0–3 with unknown answers counted as 0 — plus groups in every format and `check --min GROUP=N`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { formatScore } from '../src/core/display.js';
import { scoreAssessment } from '../src/core/score.js';
import { evaluateThresholds } from '../src/core/thresholds.js';
import { loadAnswers } from '../src/io/load-answers.js';
import { loadRubric } from '../src/io/load-rubric.js';
import { fakeIo, fixture } from './helpers/cli.js';
import {
  ANSWER_VALUES,
  FUNCTIONS,
  MATURITY,
  PRACTICES,
  STREAMS,
  answersYaml,
  practiceId,
  questionId,
  referenceScores,
  writeMaturityModel,
  type AnswerId,
} from './helpers/maturity-model.js';

let dir: string;
let modelDir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scaleplay-groups-'));
  modelDir = join(dir, 'model');
  writeMaturityModel(modelDir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const allQuestionIds = FUNCTIONS.flatMap((fn) =>
  PRACTICES.flatMap((practice) =>
    STREAMS.flatMap((stream) => MATURITY.map((level) => questionId(fn, practice, stream, level))),
  ),
);
const ids = Object.keys(ANSWER_VALUES) as AnswerId[];

/** Random answers: each question one of the four answers, or (with `unknownShare`) unknown or left unanswered. */
function randomAnswers(next: () => number, unknownShare: number): Record<string, AnswerId | 'unknown'> {
  const answers: Record<string, AnswerId | 'unknown'> = {};
  for (const id of allQuestionIds) {
    const roll = next();
    if (roll < unknownShare / 2) answers[id] = 'unknown';
    else if (roll < unknownShare)
      continue; // unanswered
    else answers[id] = ids[Math.floor(next() * ids.length)]!;
  }
  return answers;
}

function score(answers: Record<string, AnswerId | 'unknown'>, name: string) {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, answersYaml(answers));
  const { rubric } = loadRubric(modelDir);
  const { assessment } = loadAnswers(file, rubric);
  return { rubric, file, report: scoreAssessment(rubric, assessment) };
}

/** Points (0..100) to the model's 0..3. */
const toModel = (points: number) => (points * 3) / 100;
const modelLevel = (value: number) => (value >= 2 ? 'level-2' : value >= 1 ? 'level-1' : 'level-0');

describe('a 5 × 3 × 2 × 3 maturity model scores exactly as its owners score it', () => {
  it('has 90 questions in 15 steps and 5 groups, and validates', async () => {
    const { rubric } = loadRubric(modelDir);
    expect(rubric.steps).toHaveLength(15);
    expect(rubric.steps.flatMap((step) => step.questions)).toHaveLength(90);
    expect(rubric.groups?.map((group) => group.id)).toEqual([...FUNCTIONS]);
    const io = fakeIo({ env: { NO_COLOR: '1' }, stdin: 'ended' });
    expect(await run(['node', 'scaleplay', 'rubric', 'validate', modelDir], io), io.stderrText()).toBe(0);
  });

  it.each([
    { seed: 1, unknownShare: 0 },
    { seed: 2, unknownShare: 0 },
    { seed: 3, unknownShare: 0.2 },
    { seed: 4, unknownShare: 0.5 },
    { seed: 5, unknownShare: 1 },
  ])(
    'practices, functions and overall match the reference (seed $seed, $unknownShare unknown)',
    ({ seed, unknownShare }) => {
      const next = random(seed);
      for (let round = 0; round < 8; round++) {
        const answers = randomAnswers(next, unknownShare);
        const { report } = score(answers, `s${seed}-${round}`);
        const reference = referenceScores(answers);
        for (const step of report.steps) {
          expect(toModel(step.scoreExact), step.id).toBeCloseTo(reference.practices[step.id]!, 9);
          // With `unknown: worst` the headline counts unknown answers as 0: it is the low end of the range.
          expect(step.scoreExact).toBe(step.lowExact);
          expect(step.level, step.id).toBe(modelLevel(reference.practices[step.id]!));
          expect(
            Math.abs(Number(formatScore(step.scoreExact, report.display)) - reference.practices[step.id]!),
          ).toBeLessThanOrEqual(0.005 + 1e-9);
        }
        expect(report.groups).toHaveLength(5);
        for (const group of report.groups!) {
          expect(toModel(group.scoreExact), group.id).toBeCloseTo(reference.functions[group.id]!, 9);
          expect(group.level).toBe(modelLevel(reference.functions[group.id]!));
          expect(group.steps).toEqual(PRACTICES.map((practice) => practiceId(group.id, practice)));
        }
        expect(toModel(report.overall.scoreExact)).toBeCloseTo(reference.overall, 9);
        expect(report.overall.level).toBe(modelLevel(reference.overall));
      }
    },
  );

  it('levels have fractional bounds: 0.99 of 3 is level 0, exactly 1 is level 1, exactly 2 is level 2', () => {
    const answers: Record<string, AnswerId> = {};
    // governance-a: streams x and y at 1 (yes, no, no) → 1.0; governance-b at 2 → 2.0; governance-c at 0.75 each.
    for (const stream of STREAMS) {
      answers[questionId('governance', 'a', stream, 1)] = 'yes';
      answers[questionId('governance', 'b', stream, 1)] = 'yes';
      answers[questionId('governance', 'b', stream, 2)] = 'yes';
      answers[questionId('governance', 'c', stream, 1)] = 'half';
      answers[questionId('governance', 'c', stream, 2)] = 'some';
    }
    const { report } = score(answers, 'bounds');
    const level = (id: string) => report.steps.find((step) => step.id === id)!.level;
    expect([level('governance-a'), level('governance-b'), level('governance-c')]).toEqual([
      'level-1',
      'level-2',
      'level-0',
    ]);
    const governance = report.groups!.find((group) => group.id === 'governance')!;
    // (1 + 2 + 0.75) / 3 = 1.25 → shown 1.25 on the 0–3 scale.
    expect(formatScore(governance.scoreExact, report.display)).toBe('1.25');
    expect(governance.level).toBe('level-1');
  });

  it('a group target has a status that check --stage judges the same way', () => {
    const next = random(42);
    for (let round = 0; round < 20; round++) {
      const { rubric, report } = score(randomAnswers(next, 0.3), `status-${round}`);
      const governance = report.groups!.find((group) => group.id === 'governance')!;
      const check = evaluateThresholds(report, {
        thresholds: { steps: {} },
        stageTargets: true,
        levels: rubric.levels,
      });
      const judged = check.results.find((result) => result.kind === 'stage-target' && result.id === 'governance')!;
      expect(judged.passed).toBe(governance.status === 'met');
    }
  });
});

describe('step groups in every format, and check --min GROUP=N', () => {
  const answers: Record<string, AnswerId | 'unknown'> = {};
  beforeAll(() => {
    for (const [index, id] of allQuestionIds.entries()) answers[id] = index % 7 === 0 ? 'unknown' : ids[index % 4]!;
    writeFileSync(join(dir, 'formats.yaml'), answersYaml(answers));
  });

  it('JSON has groups[] with id, title, score, low, high, level and status, and unrounded scores', async () => {
    const io = fakeIo({ env: { NO_COLOR: '1' }, stdin: 'ended' });
    expect(
      await run(
        ['node', 'scaleplay', 'report', join(dir, 'formats.yaml'), '--rubric', modelDir, '--format', 'json'],
        io,
      ),
      io.stderrText(),
    ).toBe(0);
    const json = JSON.parse(io.stdoutText());
    expect(json.groups.map((group: { id: string }) => group.id)).toEqual([...FUNCTIONS]);
    const governance = json.groups[0];
    expect(Object.keys(governance)).toEqual(
      expect.arrayContaining([
        'id',
        'title',
        'score',
        'low',
        'high',
        'scoreExact',
        'lowExact',
        'highExact',
        'level',
        'levelName',
        'status',
      ]),
    );
    expect(governance.score).toBe(Math.round(governance.scoreExact));
    expect(json.display).toEqual({ scale: 3, decimals: 2 });
    expect(json.unknown).toBe('worst');
    expect(json.overall.scoreExact).toBeCloseTo((referenceScores(answers).overall * 100) / 3, 6);
  });

  it.each([
    ['table', /Groups: Governance \d\.\d\d/],
    [
      'md',
      /### Groups\n\n\| Group \| Steps \| Score \| Range \| Level \| Target \| Status \|\n[^\n]+\n\| Governance \| governance a, governance b, governance c \| \d\.\d\d \|/,
    ],
    ['html', /<h3>Groups<\/h3>[\s\S]*<th scope="row">Governance<\/th>/],
  ])('%s shows the groups, with scores on the 0–3 scale', async (format, pattern) => {
    const io = fakeIo({ env: { NO_COLOR: '1' }, stdin: 'ended' });
    expect(
      await run(
        ['node', 'scaleplay', 'report', join(dir, 'formats.yaml'), '--rubric', modelDir, '--format', format],
        io,
      ),
      io.stderrText(),
    ).toBe(0);
    expect(io.stdoutText()).toMatch(pattern);
    if (format === 'table') expect(io.stdoutText()).toMatch(/^Overall \d\.\d\d\/3 · level Level \d/m);
  });

  it('check --min GROUP=N passes and fails on the group’s worst case, and names groups in its error for an unknown id', async () => {
    const { report } = score(answers, 'formats-check');
    const governance = report.groups!.find((group) => group.id === 'governance')!;
    const file = join(dir, 'formats.yaml');
    const pass = fakeIo({ env: { NO_COLOR: '1' }, stdin: 'ended' });
    expect(
      await run(
        ['node', 'scaleplay', 'check', file, '--rubric', modelDir, '--min', `governance=${governance.low}`],
        pass,
      ),
      pass.stderrText(),
    ).toBe(0);
    const fail = fakeIo({ env: { NO_COLOR: '1' }, stdin: 'ended' });
    expect(
      await run(
        ['node', 'scaleplay', 'check', file, '--rubric', modelDir, '--min', `governance=${governance.low + 1}`],
        fail,
      ),
    ).toBe(1);
    expect(fail.stdoutText()).toContain('governance');
    const unknown = fakeIo({ env: { NO_COLOR: '1' }, stdin: 'ended' });
    expect(await run(['node', 'scaleplay', 'check', file, '--rubric', modelDir, '--min', 'finance=10'], unknown)).toBe(
      2,
    );
    expect(unknown.stderrText()).toContain(
      '--min names unknown step or group "finance" (expected one of: governance-a',
    );
    expect(unknown.stderrText()).toContain('operations)');
  });

  it('a threshold in the answers file may name a group', async () => {
    const { report } = score(answers, 'formats-thresholds');
    const design = report.groups!.find((group) => group.id === 'design')!;
    const file = join(dir, 'thresholds.yaml');
    writeFileSync(file, answersYaml(answers, { thresholds: { steps: { design: design.low + 1 } } }));
    const io = fakeIo({ env: { NO_COLOR: '1' }, stdin: 'ended' });
    expect(await run(['node', 'scaleplay', 'check', file, '--rubric', modelDir], io)).toBe(1);
    expect(io.stdoutText()).toMatch(/design \d+ \(worst case: [^)]*\) is below the\s+minimum \d+/);
  });
});

describe('group validation', () => {
  it.each([
    [{ steps: ['governance-a', 'nope'] }, 'rubric.yaml', 'group "broken" names unknown step "nope"'],
    [{ steps: ['governance-a'] }, 'rubric.yaml', 'step "governance-a" is in two groups ("governance" and "broken")'],
    [{ id: 'governance-a', steps: ['governance-b'] }, 'rubric.yaml', 'group id "governance-a" is also a step id'],
  ])('%j → a located error', async (group, file, message) => {
    const broken = mkdtempSync(join(dir, 'broken-'));
    const base = { id: 'broken', title: 'Broken', weight: 1 };
    const groups = [
      ...FUNCTIONS.map((fn) => ({
        id: fn,
        title: fn,
        weight: 1,
        steps: PRACTICES.map((practice) => practiceId(fn, practice)),
      })),
      { ...base, ...group },
    ];
    writeMaturityModel(broken, { groups });
    const io = fakeIo({ env: { NO_COLOR: '1' }, stdin: 'ended' });
    expect(await run(['node', 'scaleplay', 'rubric', 'validate', broken], io)).toBe(2);
    expect(io.stderrText()).toMatch(new RegExp(`${file}:\\d+:\\d+: ${message.replace(/[()]/g, '\\$&')}`));
  });
});

describe('the cheapest path and a group target', () => {
  // fixtures/rubrics/valid-grouped: valid-custom with its two steps in a group "Service", whose Rollout target (Proven)
  // is far above both steps' own (Early).
  const args = [
    fixture('rubrics', 'valid-custom', 'tests', 'answers', 'new-team.yaml'),
    '--rubric',
    fixture('rubrics', 'valid-grouped'),
    '--stage',
    'rollout',
  ];
  const report = async (args: string[]) => {
    const io = fakeIo({ env: { NO_COLOR: '1' }, columns: 100, stdin: 'ended' });
    expect(await run(['node', 'scaleplay', 'report', ...args], io), io.stderrText()).toBe(0);
    return io.stdoutText();
  };

  it('plans the steps up to the group target and shows the group in every format', async () => {
    const json = JSON.parse(await report([...args, '--format', 'json'])).roadmap.cheapestPath;
    expect(json.targets.groups).toEqual({ service: { score: 80, label: 'Proven' } });
    expect(json.groups).toEqual([expect.objectContaining({ groupId: 'service', title: 'Service', status: 'planned' })]);
    const [group] = json.groups;
    expect(group.reached).toBeGreaterThanOrEqual(80);
    expect(group.score).toBeLessThan(80);
    // Both steps were already at their own target (Early): their actions are for the group's.
    for (const step of json.steps) expect(step).toMatchObject({ status: 'planned', forGroup: 'Service' });
    const table = await report([...args, '--full']);
    expect(table).toMatch(
      new RegExp(`Service \\(group\\) +${group.score} → ${group.reached} +Proven \\(80\\): met on the way`),
    );
    expect(table).toContain('(for the Service target)');
    expect(await report([...args, '--format', 'md'])).toContain(
      `| **Service** (group) | ${group.score} | **${group.reached}** | Proven (80) | | | met on the way |`,
    );
    expect(await report([...args, '--format', 'html'])).toMatch(
      /<th scope="row">Service <span class="muted">\(group\)<\/span><\/th>.*met on the way/,
    );
  });
});
