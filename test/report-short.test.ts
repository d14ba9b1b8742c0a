// The default terminal report fits an 80×40 screen with the verdict first: verdict, the table of steps, the critical
// items and the first five actions; --full shows everything. The roadmap serves the targets first: a step already on
// target has its items under "Later" only; near-duplicate actions are grouped.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stageTargets } from '../src/core/cheapest-path.js';
import { buildRoadmap, groupNearDuplicates, type RoadmapItem } from '../src/core/roadmap.js';
import { scoreAssessment } from '../src/core/score.js';
import { loadAnswers } from '../src/io/load-answers.js';
import { loadRubric } from '../src/io/load-rubric.js';
import { fitLines } from '../src/render/terminal.js';
import { fixture, runCli, tempDir, V1_PLAYBOOK } from './helpers/cli.js';

// The report's layout and the roadmap's order are checked on the frozen playbook 1.0.0 (fixtures/v1); the workshop
// consensus (2.0.0) runs on the built-in playbook.
const { rubric } = loadRubric(V1_PLAYBOOK);
const FIXTURES = ['growth-saas', 'mistral-2026', 'preseed-demo', 'hostile-notes'].map((name) =>
  fixture('v1', 'answers', `${name}.yaml`),
);
const onV1 = (args: string[], file: string) =>
  file.includes('workshop-consensus') ? args : [...args, '--rubric', V1_PLAYBOOK];
const flat = (text: string) => text.replace(/\s+/g, ' ');

/** An answers file where every question is answered "unknown" (a founder pressing Enter through `assess`). */
function allUnknown(): string {
  const dir = tempDir();
  const file = join(dir, 'unknown.yaml');
  const lines = [
    'rubric: { id: scaling-playbook, version: "1.0.0" }',
    'team: Acme',
    'stage: seed',
    'date: 2026-12-01',
    'answers:',
  ];
  for (const step of rubric.steps) {
    lines.push(`  ${step.id}:`);
    for (const question of step.questions) lines.push(`    ${question.id}: unknown`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function roadmapOf(file: string) {
  const used = file.includes('workshop-consensus') ? loadRubric().rubric : rubric;
  const { assessment } = loadAnswers(file, used);
  const report = scoreAssessment(used, assessment);
  return { report, roadmap: buildRoadmap(used, report, stageTargets(used, report)) };
}

describe('the default terminal report fits 80×40, verdict first', () => {
  it.each([...FIXTURES, fixture('golden', 'workshop-consensus.yaml'), 'all unknown'])('%s', async (name) => {
    const file = name === 'all unknown' ? allUnknown() : name;
    const { stdout, code } = await runCli(onV1(['report', file], file), { columns: 80 });
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    // `assess` ends with the report, a blank line, four lines of hints and the shell's prompt: 34 lines of report
    // and the header's lines keep the verdict on a 40-row screen (the header itself may scroll off). The workshop's
    // report comes from `report` only: 40 rows less the command line and the next prompt.
    const header = lines.indexOf('');
    expect(lines.length).toBeLessThanOrEqual((name.includes('workshop') ? 36 : 34) + header);
    const at = (text: string | RegExp) =>
      lines.findIndex((line) => (typeof text === 'string' ? line.includes(text) : text.test(line)));
    expect(at(/^Overall \d+\/100/)).toBeLessThan(6);
    for (const step of rubric.steps)
      expect(at(new RegExp(`^ ${step.title} `)), step.title).toBeGreaterThan(at(/^Overall/));
    const { report } = roadmapOf(file);
    if (report.steps.some((step) => step.criticalUnmet.length + step.criticalUnknown.length > 0))
      expect(at('Critical, not met')).toBeGreaterThan(0);
    for (const rank of [1, 2, 3, 4, 5])
      expect(at(new RegExp(`^ +${rank}\\. \\[[SML]\\]`)), `action ${rank}`).toBeGreaterThan(at('Next actions'));
    expect(at(/^ +6\. /)).toBe(-1);
    expect(stdout).toMatch(/--full adds \d+ more actions/);
    // No internal ids: every critical item and action is named by its step's title.
    expect(stdout).not.toMatch(/\b[a-z]+(-[a-z]+)+\.[a-z]+(-[a-z]+)+\b/);
    expect(stdout).not.toContain('Roadmap');
  });
});

describe('--full shows everything', () => {
  it.each(FIXTURES)('%s: every roadmap action, the cheapest path and every critical item', async (file) => {
    const { stdout, code } = await runCli(onV1(['report', file, '--full'], file), { columns: 100 });
    expect(code).toBe(0);
    const { report, roadmap } = roadmapOf(file);
    const text = flat(stdout);
    for (const item of [...roadmap.now, ...roadmap.next, ...roadmap.later]) {
      expect(text).toContain(flat(item.kind === 'find-out' ? item.prompt : item.action.text));
    }
    if (roadmap.path && roadmap.path.status !== 'at-target') expect(stdout).toContain('Cheapest path to');
    for (const gap of report.gaps.filter((candidate) => candidate.critical && candidate.kind === 'unknown'))
      expect(text).toContain(flat(gap.prompt));
    expect(stdout).not.toContain('--full adds');
  });

  it('is for the terminal report only: with another format it is a usage error (exit 2)', async () => {
    const result = await runCli(onV1(['report', FIXTURES[0]!, '--full', '--format', 'json'], FIXTURES[0]!));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('--full is for the terminal report: the json report always lists everything.');
  });
});

describe('the roadmap serves the targets first', () => {
  it.each([...FIXTURES, 'all unknown'])('%s: now and next hold only steps not surely on target', (name) => {
    const { report, roadmap } = roadmapOf(name === 'all unknown' ? allUnknown() : name);
    // On target for certain: the table's ✓ (met, even in the worst case); below and undetermined steps come first.
    const met = new Set(report.steps.filter((step) => step.status === 'met').map((step) => step.id));
    for (const item of [...roadmap.now, ...roadmap.next]) {
      expect(met.has(item.stepId), `${item.phase}: ${item.stepId}/${item.questionId}`).toBe(false);
    }
    // Nothing is lost: the items of steps on target are under Later.
    const gaps = report.gaps.filter((gap) => met.has(gap.stepId));
    for (const gap of gaps) expect(roadmap.later.some((item) => item.questionId === gap.questionId)).toBe(true);
  });

  it('an undetermined step keeps its find-outs first: knowing them decides its target', () => {
    const { report, roadmap } = roadmapOf(FIXTURES[1]!);
    const wedge = report.steps.find((step) => step.id === 'wedge')!;
    expect(wedge.status).toBe('undetermined');
    expect(roadmap.now.some((item) => item.stepId === 'wedge' && item.kind === 'find-out')).toBe(true);
  });

  it('the founder who knows nothing yet is told to find out before acting on a step already on target', () => {
    const { report, roadmap } = roadmapOf(allUnknown());
    const computePlan = report.steps.find((step) => step.id === 'compute-plan')!;
    expect(computePlan.status).toBe('met');
    expect([...roadmap.now, ...roadmap.next].filter((item) => item.stepId === 'compute-plan')).toEqual([]);
    expect(roadmap.later.some((item) => item.stepId === 'compute-plan' && item.critical)).toBe(true);
  });
});

describe('near-duplicate actions', () => {
  const item = (questionId: string, text: string, extra: Partial<RoadmapItem> = {}): RoadmapItem => ({
    phase: 'now',
    reason: 'quick-win',
    stepId: 'reliability',
    stepTitle: 'Reliability',
    questionId,
    prompt: `${questionId}?`,
    kind: 'improve',
    critical: false,
    action: { text, effort: 'S' },
    effort: 'S',
    cost: 1,
    onPath: true,
    rung: 1,
    from: 'a',
    stepPoints: 1,
    overallPoints: 1,
    ...extra,
  });

  it.each([
    [
      'the rungs of one question',
      [item('slo', 'Measure uptime'), item('runbook', 'Write runbooks'), item('slo', 'Publish an SLA', { rung: 2 })],
      [['slo', 'slo'], ['runbook']],
    ],
    [
      'the same action text on two questions',
      [
        item('a', 'Write a runbook for the three most common alerts.'),
        item('b', 'Write a runbook for the three most common alerts!'),
      ],
      [['a', 'b']],
    ],
    [
      'different actions',
      [item('a', 'Write a runbook for alerts'), item('b', 'Publish an SLA with credits')],
      [['a'], ['b']],
    ],
    [
      'find-outs of one question',
      [item('a', 'x', { kind: 'find-out' }), item('a', 'x', { kind: 'find-out' })],
      [['a'], ['a']],
    ],
  ])('groups %s', (_name, items, expected) => {
    expect(groupNearDuplicates(items).map((group) => group.map((member) => member.questionId))).toEqual(expected);
  });

  it('groups exactly as comparing every pair would (random lists with shared and reworded actions)', () => {
    // The definition, pair by pair: each item joins the first group holding an item it nearly duplicates.
    const words = (text: string) =>
      new Set(
        text
          .toLowerCase()
          .split(/[^\p{L}\p{N}]+/u)
          .filter((word) => word.length > 2),
      );
    const near = (a: RoadmapItem, b: RoadmapItem) => {
      if (a.kind === 'find-out' || b.kind === 'find-out') return false;
      if (a.questionId === b.questionId) return true;
      const [left, right] = [words(a.action.text), words(b.action.text)];
      const shared = [...left].filter((word) => right.has(word)).length;
      const union = left.size + right.size - shared;
      return union > 0 && shared / union >= 0.8;
    };
    const pairwise = (items: readonly RoadmapItem[]) => {
      const groups: RoadmapItem[][] = [];
      for (const entry of items) {
        const group = groups.find((candidate) => candidate.some((member) => near(member, entry)));
        if (group) group.push(entry);
        else groups.push([entry]);
      }
      return groups;
    };
    const vocabulary = [
      'write',
      'runbook',
      'alerts',
      'publish',
      'sla',
      'credits',
      'the',
      'for',
      'uptime',
      'team',
      'on',
    ];
    const text = fc.array(fc.constantFrom(...vocabulary), { minLength: 0, maxLength: 9 }).map((list) => list.join(' '));
    const entry = fc
      .record({ question: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), text, findOut: fc.boolean() })
      .map(({ question, text, findOut }) => item(question, text, findOut ? { kind: 'find-out' } : {}));
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), (items) => {
        expect(groupNearDuplicates(items)).toEqual(pairwise(items));
      }),
      { numRuns: 400, seed: 15 },
    );
  });

  it('the short report shows a group as one action and says how many follow; --full lists each', async () => {
    const growth = FIXTURES[0]!;
    const { roadmap } = roadmapOf(growth);
    const synthetic = roadmap.next.filter((entry) => entry.questionId === 'synthetic-checks');
    expect(synthetic.length).toBe(2);
    const full = await runCli(onV1(['report', growth, '--full'], growth), { columns: 80 });
    const numbered = full.stdout.split('\n').filter((line) => /^ +\d+\. /.test(line)).length;
    expect(numbered).toBeLessThan(roadmap.now.length + roadmap.next.length + roadmap.later.length);
    expect(flat(full.stdout)).toContain(`then [S] ${flat(synthetic[1]!.action.text)}`);
  });
});

describe('fitLines', () => {
  it('keeps the text whole when it fits, else cuts words off the end (with …) and keeps head and tail', () => {
    expect(fitLines('head: ', 'Do the thing now.', ' (+1)', 32, 4, 1)).toBe('head: Do the thing now. (+1)');
    const cut = fitLines('head: ', 'Do the thing now and then the other thing later.', ' (+1)', 32, 4, 1);
    expect(cut).toBe('head: Do the thing now and… (+1)');
    const two = fitLines(
      'head: ',
      'Do the thing now and then the other thing later, and more after it.',
      ' (+1)',
      32,
      4,
      2,
    );
    expect(two.split('\n')).toHaveLength(2);
    expect(two).toMatch(/… \(\+1\)$/);
  });
});
