// The evidence commands as users run them: `evidence` for a scheduled review, `report --verify` and `check --verify`
// in CI, and the located errors of a rubric whose probes are unsafe.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, runBin, runCli, STACK_FRAME, tempDir } from './helpers/cli.js';

const rubric = ['--rubric', fixture('rubrics/evidence-probes')];
const answers = fixture('answers/evidence-team.yaml');
const repo = (name: string) => fixture('repos', name);
const TODAY = '2026-11-20';

describe('scaleplay evidence', () => {
  it('lists every piece with its owner, age and state, stale and missing ones marked', async () => {
    const result = await runCli(['evidence', answers, ...rubric], { today: TODAY });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('3 items, 2 stale or missing');
    expect(result.stdout).toMatch(
      /operations\.monitoring\s+STALE\s+Dana\s+2026-06-01\s+172 d\s+2026-08-31\s+infra\/checks\/api\.tf/,
    );
    expect(result.stdout).toMatch(/operations\.evals-gate\s+fresh\s+Sam\s+2026-10-15\s+36 d\s+2027-04-14/);
    expect(result.stdout).toMatch(/operations\.response-cache\s+MISSING/);
  });

  it('--expiring-within DAYS lists what needs renewing and exits 1 when anything is stale already', async () => {
    const result = await runCli(['evidence', answers, ...rubric, '--expiring-within', '200'], { today: TODAY });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Going stale within 200 days:');
    expect(result.stdout).toContain('2027-04-14  operations.evals-gate  owner Sam');
  });

  it('exits 0 under --expiring-within when nothing is stale (a fresh file on a day when all evidence is in date)', async () => {
    const dir = tempDir();
    const text = readFileSync(answers, 'utf8').replace('stage: scale', 'stage: launch');
    writeFileSync(join(dir, 'fresh.yaml'), text);
    const result = await runCli(['evidence', 'fresh.yaml', ...rubric, '--expiring-within', '30'], {
      today: '2026-07-01',
      cwd: dir,
    });
    expect(result.stdout).toContain('0 stale or missing');
    expect(result.code).toBe(0);
  });

  it('writes versioned JSON and Markdown', async () => {
    const json = JSON.parse(
      (await runCli(['evidence', answers, ...rubric, '--format', 'json'], { today: TODAY })).stdout,
    );
    expect(json).toMatchObject({ schemaVersion: 1, kind: 'evidence', today: TODAY });
    expect(json.entries.map((entry: { state: string }) => entry.state)).toEqual(['stale', 'fresh', 'missing']);
    const md = (await runCli(['evidence', answers, ...rubric, '--format', 'md'], { today: TODAY })).stdout;
    expect(md).toContain(
      '| operations.monitoring | STALE | Dana | 2026-06-01 | 172 d | 2026-08-31 | infra/checks/api.tf |',
    );
  });

  it('refuses a bad --expiring-within with a usage error (exit 2)', async () => {
    const result = await runCli(['evidence', answers, ...rubric, '--expiring-within', 'soon']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('expected a whole number of days');
  });
});

describe('stale evidence in reports and the gate', () => {
  it('the report shows a stale claim as unknown, with the claim, the date and the owner, and asks to renew it', async () => {
    const result = await runCli(['report', answers, ...rubric, '--format', 'json'], { today: TODAY });
    const json = JSON.parse(result.stdout);
    const monitoring = json.steps[0].questions.find((question: { id: string }) => question.id === 'monitoring');
    expect(monitoring.status).toBe('unknown');
    expect(monitoring.answerText).toBe(
      'unknown: "In code, applied on deploy" claimed, stale since 2026-08-31, owner Dana',
    );
    expect(monitoring.discounted).toMatchObject({ reason: 'stale', since: '2026-08-31', owner: 'Dana' });
    const actions = JSON.stringify(json.roadmap);
    expect(actions).toContain('Renew the evidence (owner Dana) for the answer to: Where are your endpoint checks');
    expect(actions).toContain('Add dated evidence for the answer to: Do you cache identical model calls?');
  });

  it('check counts stale and missing evidence at its worst, like an unknown answer, and fails the stage gate', async () => {
    const result = await runCli(['check', answers, ...rubric], { today: TODAY, columns: 200 });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'operations 33 (worst case: 2 answers unknown; 100 on known answers) is below the target Good',
    );
    // On the day the evidence was fresh and before the stage required it, the same file passes.
    const early = await runCli(['check', answers, ...rubric, '--stage', 'launch'], { today: '2026-07-01' });
    expect(early.code).toBe(0);
  });

  it('portfolio scores a team as report does: stale claims count as unknown, and a note says how many files', async () => {
    const report = JSON.parse(
      (await runCli(['report', answers, ...rubric, '--format', 'json'], { today: TODAY })).stdout,
    );
    const portfolio = await runCli(['portfolio', answers, ...rubric, '--format', 'json'], { today: TODAY });
    expect(portfolio.code).toBe(0);
    const [row] = JSON.parse(portfolio.stdout).rows;
    expect(row.overall.score).toBe(report.overall.score);
    const operations = report.steps.find((step: { id: string }) => step.id === 'operations');
    // The stale claims are unknown: the worst case (low) falls, as in the report.
    expect(row.steps.operations).toMatchObject({ score: operations.score, low: operations.low, high: operations.high });
    expect(row.steps.operations.low).toBeLessThan(row.steps.operations.score);
    expect(portfolio.stderr).toContain(
      'note: 1 file has answers counted as unknown because their evidence is stale or missing; `scaleplay evidence FILE` lists them',
    );
    // At a stage that requires no evidence yet, on a day when every piece is fresh, nothing is discounted.
    const dir = tempDir();
    writeFileSync(join(dir, 'fresh.yaml'), readFileSync(answers, 'utf8').replace('stage: scale', 'stage: launch'));
    const fresh = await runCli(['portfolio', 'fresh.yaml', ...rubric, '--format', 'json'], {
      today: '2026-07-01',
      cwd: dir,
    });
    expect(fresh.stderr).not.toContain('evidence is stale');
    expect(JSON.parse(fresh.stdout).rows[0].steps.operations.low).toBeGreaterThan(row.steps.operations.low);
  });

  it('merge keeps what each participant claimed (evidence age is for the gate, not the tally)', async () => {
    const result = await runCli(['merge', answers, answers, ...rubric, '--format', 'json'], { today: TODAY });
    // The same file twice is refused or counted once (hardening); either way no claim is turned into "unknown".
    expect(result.stdout + result.stderr).not.toContain('claimed, stale since');
  });
});

describe('--verify DIR', () => {
  it('report marks verified claims with where they were found, in the terminal, Markdown, HTML and JSON', async () => {
    const args = ['report', answers, ...rubric, '--verify', repo('monitoring-as-code')];
    const table = await runCli(args, { today: '2026-07-01', columns: 200 });
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('Claims checked against');
    expect(table.stdout).toContain(
      '✓ Operations: Where are your endpoint checks and alert rules defined? — verified: found in',
    );
    expect(table.stdout).toContain('infra/checks/api.tf:1');
    const md = await runCli([...args, '--format', 'md'], { today: '2026-07-01' });
    expect(md.stdout).toMatch(/- ✗ Operations: Does a failing eval suite block a release\? — contradicted/);
    const html = await runCli([...args, '--format', 'html'], { today: '2026-07-01' });
    expect(html.stdout).toContain('<li class="claim verified"><span class="mark" aria-hidden="true">✓</span>');
    const json = JSON.parse((await runCli([...args, '--format', 'json'], { today: '2026-07-01' })).stdout);
    const states = json.steps[0].questions.map(
      (question: { verification?: { state: string } }) => question.verification?.state,
    );
    expect(states).toEqual(['verified', 'contradicted', 'contradicted']);
  });

  it('check warns about contradicted claims by default and fails on them with --verify-severity error', async () => {
    const base = ['check', answers, ...rubric, '--stage', 'launch', '--verify', repo('contradicting')];
    const warned = await runCli(base, { today: '2026-07-01', columns: 200 });
    expect(warned.code).toBe(0);
    expect(warned.stdout).toContain('! operations.evals-gate (yes) is contradicted');
    expect(warned.stdout).toContain('PASS: 2 of 2 thresholds met, 3 claims contradicted [warn]');
    const strict = await runCli([...base, '--verify-severity', 'error'], { today: '2026-07-01', columns: 200 });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('FAIL: 2 of 2 thresholds met, 3 claims contradicted');
  });

  it('on GitHub annotates the answers-file line of each contradicted claim, and JUnit lists the claims', async () => {
    const dir = tempDir();
    const result = await runCli(
      [
        'check',
        answers,
        ...rubric,
        '--stage',
        'launch',
        '--verify',
        repo('contradicting'),
        '--verify-severity',
        'error',
        '--junit',
        join(dir, 'j.xml'),
      ],
      { today: '2026-07-01', env: { GITHUB_ACTIONS: 'true' } },
    );
    expect(result.stdout).toMatch(
      /::error file=[^,]*evidence-team\.yaml,line=12,col=5,title=scaleplay%3A claim operations\.evals-gate contradicted::/,
    );
    const junit = readFileSync(join(dir, 'j.xml'), 'utf8');
    expect(junit).toContain('<testsuite name="scaleplay.claims"');
    expect(junit).toContain('type="contradicted"');
  });

  it('refuses a --verify folder that does not exist, with exit 2 and no stack trace', async () => {
    const result = runBin(['check', answers, ...rubric, '--verify', 'no/such/repo']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no/such/repo');
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });
});

describe('a rubric with unsafe probes', () => {
  it('is refused with every problem located: exponential pattern, paths out of the repository, unknown choices and stage', async () => {
    const result = runBin(['rubric', 'validate', fixture('rubrics/broken-probes')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/only\.yaml:11:\d+: the pattern repeats a group/);
    expect(result.stderr).toMatch(/only\.yaml:12:\d+: the glob contains "\." or "\.\." segments/);
    expect(result.stderr).toMatch(/only\.yaml:13:\d+: the glob is absolute/);
    expect(result.stderr).toMatch(/only\.yaml:14:\d+: "maybe" is not a choice of bomb/);
    expect(result.stderr).toMatch(/rubric\.yaml:9:\d+: unknown stage "nowhere"/);
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });
});
