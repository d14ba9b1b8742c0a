// `scaleplay merge`: a workshop's answers about one team, per question the spread, disagreements first, and a consensus
// answers file that `report` reads.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildConsensusFile, mergeAssessments, type Participant } from '../src/core/merge.js';
import type { AnswerValue } from '../src/core/model.js';
import { loadRubric } from '../src/io/load-rubric.js';
import { repoPath, runBin, runCli, tempDir } from './helpers/cli.js';

const workshop = ['alice', 'bob', 'carol'].map((name) => repoPath(`fixtures/workshop/${name}.yaml`));
const { rubric } = loadRubric();

describe('merge three workshop files', () => {
  it('ranks the disagreements, the critical one first, with the spread of answers', async () => {
    const result = await runCli(['merge', ...workshop]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('3 participants: Alice');
    expect(result.stdout).toContain('6 of 41 questions to discuss (1 tie, 1 wide spread)');
    const items = [...result.stdout.matchAll(/^ {2}( \d|\d\d)\. ([a-z-]+\.[a-z-]+)/gm)].map((match) => match[2]);
    expect(items[0]).toBe('reliability.synthetic-checks');
    expect(items).toEqual(
      expect.arrayContaining([
        'stack-climb.agents',
        'revenue-ladder.top-customer-share',
        'partnerships.next-partner-named',
        'wedge.flywheel-metrics',
        'partnerships.data-residency',
      ]),
    );
    expect(result.stdout).toContain('stack-climb.agents: yes ×2, no ×1 → yes');
    expect(result.stdout).toMatch(/partnerships\.next-partner-named: yes ×1, no ×1, unknown ×1 → no\s+\[tie\]/);
    expect(result.stdout).toMatch(/revenue-ladder\.top-customer-share: 18 ×1, 20 ×1, 45 ×1 → 20\s+\[wide spread\]/);
    expect(result.stdout).toMatch(
      /wedge\.flywheel-metrics: acquisition ×3, retention ×2, activation ×1 →\s+\[acquisition, retention\]/,
    );
    expect(result.stdout).toContain('partnerships.data-residency: unknown ×2, selectable ×1 → unknown');
    expect(result.stdout).toContain('Add --output consensus.yaml to write the consensus answers file.');
  });

  it('writes a consensus file that report and check read, and the report shows the disagreement', async () => {
    const output = join(tempDir(), 'consensus.yaml');
    const merged = await runCli(['merge', ...workshop, '--output', output]);
    expect(merged.code).toBe(0);
    expect(merged.stdout).toContain(`Consensus written to ${output}: scaleplay report ${output}`);
    expect(merged.stderr).toBe('');
    expect(readFileSync(output, 'utf8')).toMatch(
      /^# scaleplay consensus of 3 participants: Alice \(alice\.yaml\), Bob \(bob\.yaml\), Carol \(carol\.yaml\)\n# 6 questions to discuss/,
    );

    const table = await runCli(['report', output]);
    expect(table).toMatchObject({ code: 0, stderr: '' });
    expect(table.stdout).toContain('Northwind Analytics');

    const json = JSON.parse((await runCli(['report', output, '--format', 'json'])).stdout);
    const question = (id: string) =>
      json.steps
        .flatMap((step: { questions: unknown[] }) => step.questions)
        .find((item: { id: string }) => item.id === id);
    // Who said what is in `votes:` (structured); the notes keep only the participants' own words, grouped by text.
    expect(question('agents').note).toBeUndefined();
    expect(question('agents').discuss).toBe('yes ×2, no ×1');
    expect(question('agents').evidence).toBeUndefined();
    expect(parse(readFileSync(output, 'utf8')).answers['stack-climb'].agents.votes).toEqual({
      Alice: 'yes',
      Bob: 'yes',
      Carol: 'no',
    });
    expect(question('synthetic-checks').evidence).toBe(
      'Alice, Bob: One health-endpoint ping every minute; no check sends a real request.\n' +
        'Carol: The chat endpoint has a scripted check that sends a real prompt; the others only get pings.',
    );
    expect(question('next-partner-named').discuss).toBe('yes ×1, no ×1, unknown ×1 (tie: the cautious answer is kept)');
    expect(question('production-usage-share').discuss).toBeUndefined();
    expect(parse(readFileSync(output, 'utf8')).answers.wedge['production-usage-share']).toEqual({
      answer: 42,
      evidence: 'Alice, Bob, Carol: Accounts with 4 of the last 6 weeks of production queries, October 2026.',
    });
    expect(json.discuss.map((item: { questionId: string }) => item.questionId)).toEqual([
      'flywheel-metrics',
      'agents',
      'top-customer-share',
      'synthetic-checks',
      'next-partner-named',
      'data-residency',
    ]);

    const check = await runCli(['check', output]);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/✗ reliability +\d+ is below the minimum 60/);
  });

  it('with --output - prints the consensus YAML on stdout and the summary on stderr', async () => {
    const result = await runCli(['merge', ...workshop, '--output', '-']);
    expect(result.code).toBe(0);
    const data = parse(result.stdout);
    expect(data.answers['stack-climb']['agents']).toMatchObject({ answer: 'yes' });
    expect(data.answers['revenue-ladder']['top-customer-share'].answer).toBe(20);
    expect(data.answers.wedge['flywheel-metrics'].answer).toEqual(['acquisition', 'retention']);
    expect(result.stderr).toContain('questions to discuss');
  });

  it.each([
    [
      'json',
      (out: string) =>
        expect(JSON.parse(out)).toMatchObject({
          kind: 'merge',
          participants: [{ name: 'Alice' }, { name: 'Bob' }, { name: 'Carol' }],
        }),
    ],
    ['md', (out: string) => expect(out).toMatch(/^## Workshop: Consensus overall \d+\/100/)],
  ])('renders the summary as %s', async (format, verify) => {
    const result = await runCli(['merge', ...workshop, '--format', format]);
    expect(result.code).toBe(0);
    verify(result.stdout);
  });

  it('names participants by file name when the files have no participant field', async () => {
    const dir = tempDir();
    const text = readFileSync(repoPath('fixtures/answers/growth-saas.yaml'), 'utf8');
    writeFileSync(join(dir, 'dana.yaml'), text);
    writeFileSync(join(dir, 'eve.yaml'), text.replace('agents: yes', 'agents: no'));
    const result = await runCli(['merge', join(dir, 'dana.yaml'), join(dir, 'eve.yaml'), '--format', 'json']);
    const parsed = JSON.parse(result.stdout);
    expect(parsed.participants.map((participant: { name: string }) => participant.name)).toEqual(['dana', 'eve']);
    expect(parsed.questions[0]).toMatchObject({ questionId: 'agents', tie: true, consensusText: 'no' });
  });
});

describe('merge refuses (exit 2)', () => {
  it.each([
    ['a single file', () => [workshop[0]!], /merge needs at least two answers files/],
    ['the same file twice', () => [workshop[0]!, workshop[0]!], /is given twice/],
    [
      'files about different teams',
      () => [workshop[0]!, repoPath('fixtures/answers/preseed-demo.yaml')],
      /cannot merge answers about different teams: .*"Northwind Analytics".* vs .*"Lumen Labs"/,
    ],
    [
      'a file for another rubric',
      () => [workshop[0]!, repoPath('fixtures/portfolio/broken/other-rubric.yaml')],
      /answers are for rubric "some-other-rubric", but the rubric in use is "scaling-playbook"/,
    ],
    [
      'an invalid file',
      () => [workshop[0]!, repoPath('fixtures/portfolio/broken/bad-choice.yaml')],
      /bad-choice\.yaml:7:23: unknown choice/,
    ],
    [
      'to overwrite an input',
      () => [...workshop, '--output', workshop[1]!],
      /is a file this command reads: scaleplay never overwrites its input/,
    ],
    [
      'to overwrite an input, even with --force',
      () => [...workshop, '--output', workshop[1]!, '--force'],
      /never overwrites its input/,
    ],
  ])('%s', async (_label, args, message) => {
    const before = workshop.map((file) => readFileSync(file, 'utf8'));
    const result = await runCli(['merge', ...args()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(workshop.map((file) => readFileSync(file, 'utf8'))).toEqual(before);
  });

  it('to replace an existing file without --force', async () => {
    const output = join(tempDir(), 'consensus.yaml');
    writeFileSync(output, 'keep me\n');
    const refused = await runCli(['merge', ...workshop, '--output', output]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('already exists: nothing was written');
    expect(readFileSync(output, 'utf8')).toBe('keep me\n');
    expect((await runCli(['merge', ...workshop, '--output', output, '--force'])).code).toBe(0);
    expect(readFileSync(output, 'utf8')).toContain('# scaleplay consensus');
  });
});

describe('mergeAssessments (pure)', () => {
  const participant = (name: string, answers: Record<string, AnswerValue | undefined>): Participant => ({
    name,
    file: `${name}.yaml`,
    assessment: {
      rubric: { id: rubric.id, version: rubric.version },
      answers: Object.fromEntries(
        Object.entries(answers)
          .filter(([, value]) => value !== undefined)
          .map(([id, value]) => [id, { value: value! }]),
      ),
    },
  });
  const choice = (...choices: string[]): AnswerValue => ({ type: 'choice', choices });
  const number = (value: number): AnswerValue => ({ type: 'number', value });
  const unknown: AnswerValue = { type: 'unknown' };
  const na = (reason: string): AnswerValue => ({ type: 'na', reason });

  it.each<[string, string, (AnswerValue | undefined)[], unknown, { tie?: boolean; wide?: boolean; discuss?: boolean }]>(
    [
      [
        'boolean majority',
        'agents',
        [choice('yes'), choice('yes'), choice('no')],
        choice('yes'),
        { tie: false, discuss: true },
      ],
      ['boolean tie takes the cautious answer', 'agents', [choice('yes'), choice('no')], choice('no'), { tie: true }],
      [
        'single tie takes the lowest-scoring answer',
        'synthetic-checks',
        [choice('full-and-synced'), choice('uptime-only')],
        choice('uptime-only'),
        { tie: true },
      ],
      ['everyone agrees', 'agents', [choice('yes'), choice('yes'), choice('yes')], choice('yes'), { discuss: false }],
      ['most say unknown', 'agents', [unknown, unknown, choice('yes')], unknown, { discuss: true }],
      [
        'a minority says unknown',
        'agents',
        [unknown, choice('yes'), choice('yes')],
        choice('yes'),
        { tie: false, discuss: true },
      ],
      ['unanswered abstains', 'agents', [choice('yes'), undefined, choice('yes')], choice('yes'), { discuss: false }],
      [
        'multi: per-choice majority',
        'flywheel-metrics',
        [choice('acquisition', 'retention'), choice('acquisition'), choice('acquisition', 'activation')],
        choice('acquisition'),
        { tie: false },
      ],
      [
        'multi: a choice picked by exactly half is a tie, left out',
        'flywheel-metrics',
        [choice('acquisition', 'retention'), choice('acquisition')],
        choice('acquisition'),
        { tie: true },
      ],
      [
        'number: median, bands differ → wide',
        'top-customer-share',
        [number(18), number(20), number(45)],
        number(20),
        { wide: true },
      ],
      [
        'number: close answers in one band',
        'top-customer-share',
        [number(21), number(25), number(30)],
        number(25),
        { wide: false },
      ],
      [
        'number: even count takes the mean of the middle two',
        'top-customer-share',
        [number(21), number(24)],
        number(22.5),
        { wide: false },
      ],
      [
        'number: same band but a spread over a quarter of the range',
        'top-customer-share',
        [number(35), number(95)],
        number(65),
        { wide: true },
      ],
      [
        'n/a majority',
        'open-weights',
        [na('hosted models only'), na('hosted models only'), choice('closed')],
        { type: 'na', reason: 'Not applicable per 2 of 3 participants: hosted models only' },
        { discuss: true },
      ],
    ],
  )('%s', (_label, questionId, values, expected, flags) => {
    const participants = values.map((value, index) =>
      participant(`p${index + 1}`, {
        [questionId]: value,
        ...(questionId === 'top-customer-share' && { 'ladder-rungs': choice('pro') }),
      }),
    );
    const spread = mergeAssessments(rubric, participants).questions.find(
      (question) => question.questionId === questionId,
    )!;
    expect(spread.consensus).toEqual(expected);
    expect(spread).toMatchObject(flags);
  });

  it('says nothing about a question nobody answered', () => {
    const spread = mergeAssessments(rubric, [participant('a', {}), participant('b', {})]).questions.find(
      (question) => question.questionId === 'agents',
    )!;
    expect(spread).toMatchObject({ answered: 0, discuss: false, note: '' });
    expect(spread.consensus).toBeUndefined();
  });

  it('ranks disagreements before agreement, critical ones first', () => {
    const result = mergeAssessments(rubric, [
      participant('a', {
        agents: choice('yes'),
        'synthetic-checks': choice('none'),
        'release-cadence': choice('monthly'),
      }),
      participant('b', {
        agents: choice('no'),
        'synthetic-checks': choice('endpoints-and-workflows'),
        'release-cadence': choice('monthly'),
      }),
    ]);
    expect(result.questions.slice(0, 2).map((question) => question.questionId)).toEqual(['synthetic-checks', 'agents']);
    expect(result.questions.findIndex((question) => !question.discuss)).toBe(2);
  });

  it('keeps notes within the answers file limit', () => {
    const long = 'x'.repeat(3000);
    const participants = ['a', 'b'].map((name) => ({
      ...participant(name, {}),
      assessment: {
        ...participant(name, {}).assessment,
        answers: { agents: { value: choice('yes'), note: `${name} ${long}` } },
      },
    }));
    const spread = mergeAssessments(rubric, participants).questions.find(
      (question) => question.questionId === 'agents',
    )!;
    expect(spread.evidence.length).toBeLessThanOrEqual(4000);
    expect(spread.evidence.endsWith('… (truncated)')).toBe(true);
  });

  it('takes the majority stage and warns when participants disagree on it', () => {
    const withStage = (name: string, stage: string) => ({
      ...participant(name, {}),
      assessment: { ...participant(name, {}).assessment, stage },
    });
    const result = mergeAssessments(rubric, [
      withStage('a', 'seed'),
      withStage('b', 'growth'),
      withStage('c', 'growth'),
    ]);
    expect(result.stage).toBe('growth');
    expect(result.warnings[0]).toMatch(/participants disagree on the stage \(seed ×1, growth ×2\)/);
    expect(buildConsensusFile(rubric, result)).toMatchObject({
      stage: 'growth',
      rubric: { id: rubric.id, version: rubric.version },
    });
  });
});

describe('merge end to end (built bin)', () => {
  it('writes the consensus, and report on it exits 0', () => {
    const dir = tempDir();
    const output = join(dir, 'consensus.yaml');
    const merged = runBin([
      'merge',
      'fixtures/workshop/alice.yaml',
      'fixtures/workshop/bob.yaml',
      'fixtures/workshop/carol.yaml',
      '--output',
      output,
    ]);
    expect(merged.code).toBe(0);
    expect(merged.stdout).toContain('To discuss (most at stake first)');
    expect(merged.stderr).toBe('');
    expect(merged.stdout).toContain(`Consensus written to ${output}`);
    expect(existsSync(output)).toBe(true);
    const report = runBin(['report', output, '--format', 'md']);
    expect(report).toMatchObject({ code: 0, stderr: '' });
  });

  it('refuses different teams with exit 2 and nothing on stdout', () => {
    const result = runBin(['merge', 'fixtures/workshop/alice.yaml', 'fixtures/answers/preseed-demo.yaml']);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain('cannot merge answers about different teams');
  });
});
