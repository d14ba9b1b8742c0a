// `--verify DIR`: runs the rubric's probes for every claim an answers file makes, against the repository at DIR, and
// returns the core's verdicts (src/core/verification.ts) with what could not be read.
import { resolve } from 'node:path';
import type { Assessment, Probe, Rubric } from '../core/model.js';
import { listQuestions } from '../core/model.js';
import {
  claimedChoices,
  probesForClaim,
  verifyClaims,
  type ClaimsChecked,
  type ProbeResult,
} from '../core/verification.js';
import { DEFAULT_PROBE_BUDGET, openRepository, runProbe, type ProbeBudget } from './probe-repo.js';
import { checkFolder } from './yaml-file.js';

/** Checks the claims of `assessment` against the repository at `dir` (probes run only for claimed choices). */
export function verifyRepository(
  dir: string,
  rubric: Rubric,
  assessment: Assessment,
  cwd = '.',
  budget: ProbeBudget = DEFAULT_PROBE_BUDGET,
): ClaimsChecked {
  checkFolder(dir, 'repository folder', cwd);
  const wanted: Probe[] = [];
  for (const question of listQuestions(rubric)) {
    if (question.probes?.length) wanted.push(...probesForClaim(question, claimedChoices(assessment, question)));
  }
  if (wanted.length === 0) return { dir, verifications: verifyClaims(rubric, assessment, new Map()), skipped: [] };
  const repository = openRepository(resolve(cwd, dir), budget);
  const results = new Map<Probe, ProbeResult>();
  for (const probe of wanted) results.set(probe, runProbe(repository, probe, budget));
  return { dir, verifications: verifyClaims(rubric, assessment, results), skipped: [...new Set(repository.skipped)] };
}
