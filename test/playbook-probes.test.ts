// The built-in playbook's repository probes (issue 14 item 5): a strong team's repository verifies the claims
// mistral-2026 makes, a plain one contradicts them, and no probe of the playbook misfires on a plain repository.
import { describe, expect, it } from 'vitest';
import { listQuestions } from '../src/core/model.js';
import { loadRubric } from '../src/io/load-rubric.js';
import { openRepository, runProbe } from '../src/io/probe-repo.js';
import { fixture, runCli } from './helpers/cli.js';

const answers = fixture('answers', 'mistral-2026.yaml');
const repo = (name: string) => fixture('repos', name);

/** The claims of mistral-2026 that the built-in playbook's probes back: question id → the claimed choice. */
const PROBED_CLAIMS: Record<string, string> = {
  'reliability.monitoring-as-code': 'all-code',
  'reliability.synthetic-checks': 'full-and-synced',
  'reliability.published-sla': 'contract-only',
  'wedge.open-weights': 'adopted',
};

interface JsonQuestion {
  id: string;
  verification?: { state: string; claims: string[]; found: { file: string; line?: number }[] };
}

async function verificationsIn(dir: string): Promise<Record<string, NonNullable<JsonQuestion['verification']>>> {
  const result = await runCli(['report', answers, '--verify', dir, '--format', 'json']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const json = JSON.parse(result.stdout) as { steps: { id: string; questions: JsonQuestion[] }[] };
  const out: Record<string, NonNullable<JsonQuestion['verification']>> = {};
  for (const step of json.steps) {
    for (const question of step.questions) {
      if (question.verification && question.verification.state !== 'unchecked')
        out[`${step.id}.${question.id}`] = question.verification;
    }
  }
  return out;
}

describe('the built-in playbook probes', () => {
  it("a strong team's repository verifies every probe-backed claim of mistral-2026, with where it was found", async () => {
    const verified = await verificationsIn(repo('platform'));
    expect(Object.keys(verified).sort()).toEqual(Object.keys(PROBED_CLAIMS).sort());
    for (const [id, choice] of Object.entries(PROBED_CLAIMS)) {
      expect(verified[id], id).toMatchObject({ state: 'verified', claims: [choice] });
      expect(verified[id]!.found.length, id).toBeGreaterThan(0);
    }
    expect(verified['reliability.monitoring-as-code']!.found[0]).toMatchObject({
      file: 'infra/monitoring.tf',
      line: 2,
    });
    expect(verified['reliability.synthetic-checks']!.found.map((hit) => hit.file)).toContain(
      'checks/signup-flow.check.ts',
    );
    expect(verified['reliability.published-sla']!.found.map((hit) => hit.file)).toContain('SLA.md');
    expect(verified['wedge.open-weights']!.found[0]).toMatchObject({ file: 'README.md', line: 2 });
  });

  it('a plain repository contradicts those claims: check --verify-severity error fails, annotating each claim', async () => {
    const result = await runCli(['check', answers, '--verify', repo('contradicting'), '--verify-severity', 'error'], {
      env: { GITHUB_ACTIONS: 'true' },
      columns: 200,
    });
    expect(result.code).toBe(1);
    // The thresholds hold: the contradicted claims alone fail the check.
    expect(result.stdout).toContain('FAIL: 3 of 3 thresholds met, 4 claims contradicted');
    expect(result.stdout).toContain('Claims checked against');
    expect(result.stdout).toContain('0 verified, 4 contradicted');
    expect(result.stdout).toContain(
      'published-sla (contract-only) is contradicted: the repository has no SLA document (SLA.md)',
    );
    for (const id of Object.keys(PROBED_CLAIMS)) {
      expect(result.stdout).toMatch(
        new RegExp(
          `::error file=[^,]*mistral-2026\\.yaml,line=\\d+,col=\\d+,title=scaleplay%3A claim ${id.replace('.', '\\.')} contradicted::`,
        ),
      );
    }
  });

  it('by default (--verify-severity warn) the same contradicted claims are reported and the check passes', async () => {
    const result = await runCli(['check', answers, '--verify', repo('contradicting')], { columns: 200 });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('PASS: 3 of 3 thresholds met, 4 claims contradicted [warn]');
  });

  it('is conservative: no probe of the built-in playbook finds anything in a plain repository', () => {
    const { rubric } = loadRubric();
    const repository = openRepository(repo('contradicting'));
    const probes = listQuestions(rubric).flatMap((question) =>
      (question.probes ?? []).map((probe) => ({ question, probe })),
    );
    expect(probes.length).toBeGreaterThanOrEqual(8);
    for (const { question, probe } of probes) {
      const result = runProbe(repository, probe);
      expect(result.incomplete, `${question.id}`).toBe(false);
      expect(result.hits, `${question.stepId}.${question.id}: ${JSON.stringify(probe)}`).toEqual([]);
    }
  });

  it('has probes on at least 8 questions, each backing choices of its question', () => {
    const { rubric } = loadRubric();
    const probed = listQuestions(rubric).filter((question) => (question.probes ?? []).length > 0);
    expect(probed.map((question) => `${question.stepId}.${question.id}`).sort()).toEqual([
      'compute-plan.cost-levers',
      'reliability.evals-rollback',
      'reliability.monitoring-as-code',
      'reliability.published-sla',
      'reliability.synthetic-checks',
      'stack-climb.connectors',
      'stack-climb.enterprise-controls',
      'wedge.open-weights',
    ]);
  });

  it("the strong team's repository backs every choice the playbook has probes for", () => {
    const { rubric } = loadRubric();
    const repository = openRepository(repo('platform'));
    for (const question of listQuestions(rubric)) {
      const probes = question.probes ?? [];
      const backed = [...new Set(probes.flatMap((probe) => probe.backs))];
      const found = new Set(
        probes.filter((probe) => runProbe(repository, probe).hits.length > 0).flatMap((probe) => probe.backs),
      );
      expect(
        backed.filter((choice) => !found.has(choice)),
        `${question.stepId}.${question.id}`,
      ).toEqual([]);
    }
  });
});
