// The persona panel (fixtures/personas, see its README): realistic companies answered honestly, each with the verdict an
// experienced investor would give, written in its header before the file was ever scored. The real `check` and
// `report` must agree with every verdict: the gate for the company's stage, the top gap and the rank in the panel.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fixture, runCli } from './helpers/cli.js';

interface Persona {
  file: string;
  path: string;
  stage: string;
  builds: string;
  sells: string;
  gate: 'pass' | 'fail';
  topGap: string;
  rank: number;
}

interface Scored {
  code: number;
  report: {
    overall: { score: number; scoreExact?: number };
    steps: { id: string; applicable: boolean; questions: { id: string; status: string; applicability?: string }[] }[];
    gaps: { stepId: string }[];
    roadmap: unknown;
  };
}

const HEADER = /^# expected: gate=(pass|fail) top-gap=([a-z0-9-]+) rank=(\d+)$/m;
const dir = fixture('personas');

const personas: Persona[] = readdirSync(dir)
  .filter((name) => name.endsWith('.yaml'))
  .sort()
  .map((file) => {
    const path = join(dir, file);
    const text = readFileSync(path, 'utf8');
    const match = HEADER.exec(text);
    if (!match) throw new Error(`${file}: no "# expected: gate=… top-gap=… rank=…" header`);
    const data = parse(text) as { stage: string; profile: { builds: string; sells: string } };
    return {
      file,
      path,
      stage: data.stage,
      builds: data.profile.builds,
      sells: data.profile.sells,
      gate: match[1] as 'pass' | 'fail',
      topGap: match[2]!,
      rank: Number(match[3]),
    };
  });

const scored = new Map<string, Scored>();

beforeAll(async () => {
  for (const persona of personas) {
    const check = await runCli(['check', persona.path, '--stage', persona.stage]);
    const report = await runCli(['report', persona.path, '--format', 'json']);
    expect(report.code, `${persona.file}: ${report.stderr}`).toBe(0);
    scored.set(persona.file, { code: check.code, report: JSON.parse(report.stdout) as Scored['report'] });
  }
}, 120_000);

const overall = (file: string) => {
  const { score, scoreExact } = scored.get(file)!.report.overall;
  return scoreExact ?? score;
};

describe('persona panel', () => {
  it('has at least eight companies, ranked 1..n without ties, covering every kind of company the profile knows', () => {
    expect(personas.length).toBeGreaterThanOrEqual(8);
    expect(personas.map((persona) => persona.rank).sort((a, b) => a - b)).toEqual(
      personas.map((_, index) => index + 1),
    );
    expect(new Set(personas.map((persona) => persona.builds))).toEqual(
      new Set(['own-models', 'api', 'application', 'feature']),
    );
    expect(new Set(personas.map((persona) => persona.sells))).toEqual(new Set(['self-serve', 'sales-led', 'both']));
    expect(new Set(personas.map((persona) => persona.stage))).toEqual(
      new Set(['pre-seed', 'seed', 'series-a', 'growth', 'enterprise']),
    );
    expect(new Set(personas.map((persona) => persona.gate))).toEqual(new Set(['pass', 'fail']));
  });

  it.each(personas.map((persona) => [persona.file, persona] as const))(
    '%s: the gate for its stage is as expected',
    (_file, persona) => {
      expect(scored.get(persona.file)!.code).toBe(persona.gate === 'pass' ? 0 : 1);
    },
  );

  it.each(personas.map((persona) => [persona.file, persona] as const))(
    '%s: the top gap is in the expected step',
    (_file, persona) => {
      expect(scored.get(persona.file)!.report.gaps[0]?.stepId).toBe(persona.topGap);
    },
  );

  it('ranks the panel by overall score as expected', () => {
    const byScore = [...personas].sort((a, b) => overall(b.file) - overall(a.file));
    const actual = byScore.map((persona) => `${persona.file} ${overall(persona.file).toFixed(1)}`);
    const expected = [...personas]
      .sort((a, b) => a.rank - b.rank)
      .map((persona) => `${persona.file} ${overall(persona.file).toFixed(1)}`);
    expect(actual).toEqual(expected);
  });

  it('fails the gate of a team that ticks the practices with no outcomes behind them', async () => {
    const glossy = personas.find((persona) => persona.file.startsWith('glossy'))!;
    const result = await runCli(['check', glossy.path, '--stage', glossy.stage]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('revenue-ladder');
  });

  it('never asks a sales-led team about self-serve time to first value, nor a team without models about open weights', () => {
    for (const persona of personas) {
      const questions = scored.get(persona.file)!.report.steps.flatMap((step) => step.questions);
      const status = (id: string) => questions.find((question) => question.id === id);
      if (persona.sells === 'sales-led')
        expect(status('time-to-first-value')?.status, persona.file).not.toBe('answered');
      if (persona.builds !== 'own-models') expect(status('open-weights')?.status, persona.file).not.toBe('answered');
    }
  });
});
