// Dated evidence: which pieces are fresh, stale or missing, and how a stale or missing piece makes its answer count like
// an unknown one; and what probes verify or contradict, on the real fixture rubric and repositories.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeDiscount, discountUnbackedAnswers, expiringWithin, listEvidence } from '../src/core/evidence.js';
import type { Assessment, Probe } from '../src/core/model.js';
import { scoreAssessment } from '../src/core/score.js';
import { verifyClaims, type ProbeResult } from '../src/core/verification.js';
import { loadAnswers } from '../src/io/load-answers.js';
import { loadRubric } from '../src/io/load-rubric.js';
import { openRepository, runProbe } from '../src/io/probe-repo.js';

const root = join(import.meta.dirname, '..');
const { rubric } = loadRubric(join(root, 'fixtures/rubrics/evidence-probes'));
const loaded = loadAnswers(join(root, 'fixtures/answers/evidence-team.yaml'), rubric);
const base = loaded.assessment;
const withAnswers = (answers: Assessment['answers'], stage = 'scale'): Assessment => ({ ...base, stage, answers });

describe('evidence in an answers file', () => {
  it('reads a list of dated, owned pieces next to the plain form', () => {
    expect(base.answers.monitoring?.evidenceItems).toEqual([
      { path: 'infra/checks/api.tf', owner: 'Dana', date: '2026-06-01', note: 'Checkly checks for the public API' },
    ]);
    expect(base.answers['response-cache']?.evidenceItems).toBeUndefined();
  });

  it('lists each piece with its age and state, and each answer a stage requires evidence for', () => {
    const entries = listEvidence(rubric, base, '2026-11-20');
    expect(entries.map((entry) => [entry.questionId, entry.state, entry.ageDays, entry.staleOn])).toEqual([
      // The question's own 90-day limit: 2026-06-01 + 91 days.
      ['monitoring', 'stale', 172, '2026-08-31'],
      // The rubric's 180-day limit.
      ['evals-gate', 'fresh', 36, '2027-04-14'],
      // From the "scale" stage on, an answer needs evidence: none given.
      ['response-cache', 'missing', undefined, undefined],
    ]);
  });

  it('requires nothing before the stage that requires it', () => {
    const early = withAnswers(base.answers, 'launch');
    expect(listEvidence(rubric, early, '2026-11-20').map((entry) => entry.state)).toEqual(['stale', 'fresh']);
  });

  it('counts a stale or missing answer as unknown, remembering the claim, the date and the owner', () => {
    const discounted = discountUnbackedAnswers(rubric, base, '2026-11-20');
    expect(discounted.answers.monitoring?.value).toEqual({ type: 'unknown' });
    expect(discounted.answers.monitoring?.discounted).toEqual({
      reason: 'stale',
      claimed: { type: 'choice', choices: ['in-code'] },
      since: '2026-08-31',
      owner: 'Dana',
    });
    expect(describeDiscount(discounted.answers.monitoring!.discounted!)).toBe('stale since 2026-08-31, owner Dana');
    expect(discounted.answers['evals-gate']?.value).toEqual({ type: 'choice', choices: ['yes'] });
    expect(describeDiscount(discounted.answers['response-cache']!.discounted!)).toBe(
      'evidence required at this stage is missing',
    );
    // The input is not changed.
    expect(base.answers.monitoring?.value.type).toBe('choice');
  });

  it('so the worst case falls to what an unknown answer allows, and the best case stays', () => {
    const claimed = scoreAssessment(rubric, base);
    const honest = scoreAssessment(rubric, discountUnbackedAnswers(rubric, base, '2026-11-20'));
    expect(claimed.steps[0]!.low).toBe(100);
    expect(honest.steps[0]!.low).toBeLessThan(50);
    expect(honest.steps[0]!.high).toBe(100);
  });

  it('keeps an answer whose evidence is fresh, and one with no age rule at all', () => {
    const fresh = discountUnbackedAnswers(rubric, base, '2026-06-15');
    expect(fresh.answers.monitoring?.value.type).toBe('choice');
  });

  it('lists what goes stale within a horizon, soonest first, and not what is already stale', () => {
    const entries = listEvidence(rubric, base, '2027-03-20');
    expect(expiringWithin(entries, '2027-03-20', 30).map((entry) => entry.questionId)).toEqual(['evals-gate']);
    expect(expiringWithin(entries, '2027-03-20', 10)).toEqual([]);
  });
});

describe('claims checked against a repository', () => {
  const run = (repo: string) => {
    const repository = openRepository(join(root, 'fixtures/repos', repo));
    const results = new Map<Probe, ProbeResult>();
    for (const step of rubric.steps) {
      for (const question of step.questions)
        for (const probe of question.probes ?? []) results.set(probe, runProbe(repository, probe));
    }
    return results;
  };

  it('verifies a claim where a probe finds it, with the file and line', () => {
    const verdicts = verifyClaims(rubric, base, run('monitoring-as-code'));
    expect(verdicts.find((verdict) => verdict.questionId === 'monitoring')).toMatchObject({
      state: 'verified',
      found: [{ file: 'infra/checks/api.tf', line: 1 }],
    });
  });

  it('contradicts a claim its probes look for everywhere and do not find', () => {
    const verdicts = verifyClaims(rubric, base, run('contradicting'));
    expect(verdicts.map((verdict) => [verdict.questionId, verdict.state])).toEqual([
      ['monitoring', 'contradicted'],
      ['evals-gate', 'contradicted'],
      ['response-cache', 'contradicted'],
    ]);
    expect(verdicts[0]!.notFound).toEqual(['Terraform check resource (Checkly or Datadog synthetics)']);
  });

  it('verifies through any of several probes, and leaves a claim no probe backs unchecked', () => {
    const verdicts = verifyClaims(rubric, base, run('dependencies'));
    expect(verdicts.find((verdict) => verdict.questionId === 'response-cache')?.state).toBe('verified');
    const console = withAnswers({ ...base.answers, monitoring: { value: { type: 'choice', choices: ['console'] } } });
    expect(
      verifyClaims(rubric, console, run('dependencies')).find((verdict) => verdict.questionId === 'monitoring'),
    ).toMatchObject({
      state: 'unchecked',
      reason: 'no probe backs this answer',
    });
  });

  it('does not call a claim contradicted when the repository could not be read in full', () => {
    const results = run('contradicting');
    for (const [probe, result] of results) results.set(probe, { ...result, incomplete: true });
    expect(verifyClaims(rubric, base, results).every((verdict) => verdict.state === 'unchecked')).toBe(true);
  });
});
