// Claims checked against a repository: which answers the rubric's probes verify, which they contradict, and which they
// cannot check. Pure: the probes' outcomes come in (src/io/probe-repo.ts runs them), verdicts go out.
import type { Assessment, Probe, Question, Rubric } from './model.js';
import { listQuestions } from './model.js';

/** Where a probe found what it looked for. */
export interface ProbeHit {
  file: string;
  line?: number;
  text?: string;
}

/** The outcome of one probe. */
export interface ProbeResult {
  probe: Probe;
  hits: ProbeHit[];
  /** A budget ran out or a file could not be read before anything was found: "nothing found" proves nothing. */
  incomplete: boolean;
}

export type VerificationState = 'verified' | 'contradicted' | 'unchecked';

/** What the probes say about one answer. */
export interface Verification {
  questionId: string;
  state: VerificationState;
  /** The claimed choice ids the rubric has probes for. */
  claims: string[];
  /** What was found, for a verified claim. */
  found: ProbeHit[];
  /** What each probe looked for and did not find, for a contradicted claim. */
  notFound: string[];
  /** Why a claim could not be checked (no probe backs it, or the repository could not be read in full). */
  reason?: string;
}

/** `--verify DIR`: the claims the repository's probes checked. */
export interface ClaimsChecked {
  dir: string;
  /** `check` only: error makes a contradicted claim fail the check; warn (the default) reports it. */
  severity?: 'warn' | 'error';
  verifications: Verification[];
  /** What the probes could not read. */
  skipped: string[];
}

/**
 * The choice ids an answer claims (boolean answers are `yes`/`no`), also when the claim was set aside for stale
 * evidence; empty for numbers, unknown and n/a.
 */
export function claimedChoices(assessment: Assessment, question: Question): string[] {
  const answer = assessment.answers[question.id];
  const value = answer?.discounted?.claimed ?? answer?.value;
  return value?.type === 'choice' ? value.choices : [];
}

/** The probes that could check this answer: those backing a claimed choice. */
export function probesForClaim(question: Question, claims: readonly string[]): Probe[] {
  return (question.probes ?? []).filter((probe) => probe.backs.some((id) => claims.includes(id)));
}

/** A probe in words, e.g. `a file matching infra/**\/*.tf containing "checkly_check"`. */
export function describeProbe(probe: Probe): string {
  if (probe.label) return probe.label;
  switch (probe.kind) {
    case 'glob':
      return `file matching ${probe.glob}`;
    case 'content':
      return `file matching ${probe.glob} that contains /${probe.contains}/`;
    case 'key':
      return `${probe.key}${probe.equals === undefined ? '' : ` = ${String(probe.equals)}`} in any file matching ${probe.glob}`;
    case 'dependency':
      return `dependency on ${probe.dependency}`;
  }
}

/**
 * The verdict on every answered question that has probes: verified when every claimed choice with probes has a probe
 * that found something; contradicted when a claimed choice's probes all looked everywhere and found nothing; else
 * unchecked (with the reason).
 */
export function verifyClaims(
  rubric: Rubric,
  assessment: Assessment,
  results: ReadonlyMap<Probe, ProbeResult>,
): Verification[] {
  const verdicts: Verification[] = [];
  for (const question of listQuestions(rubric)) {
    if (!question.probes?.length) continue;
    const claims = claimedChoices(assessment, question);
    if (claims.length === 0) continue;
    const backed = claims.filter((claim) => question.probes!.some((probe) => probe.backs.includes(claim)));
    const base = { questionId: question.id, claims: backed };
    if (backed.length === 0) {
      verdicts.push({ ...base, state: 'unchecked', found: [], notFound: [], reason: 'no probe backs this answer' });
      continue;
    }
    const found: ProbeHit[] = [];
    const notFound: string[] = [];
    let contradicted = false;
    let incomplete = false;
    for (const claim of backed) {
      const outcomes = question
        .probes!.filter((probe) => probe.backs.includes(claim))
        .map((probe) => results.get(probe));
      const hits = outcomes.flatMap((outcome) => outcome?.hits ?? []);
      if (hits.length > 0) found.push(...hits);
      else if (outcomes.some((outcome) => outcome === undefined || outcome.incomplete)) incomplete = true;
      else {
        contradicted = true;
        notFound.push(...outcomes.map((outcome) => describeProbe(outcome!.probe)));
      }
    }
    if (contradicted) verdicts.push({ ...base, state: 'contradicted', found, notFound });
    else if (incomplete) {
      verdicts.push({
        ...base,
        state: 'unchecked',
        found,
        notFound,
        reason: 'the repository could not be read in full',
      });
    } else verdicts.push({ ...base, state: 'verified', found, notFound });
  }
  return verdicts;
}

/** The one sentence every output uses for a checked claim, e.g. `reliability.monitoring (in-code) is contradicted: …`. */
export function describeVerification(verification: Verification, stepId?: string): string {
  const id = stepId === undefined ? verification.questionId : `${stepId}.${verification.questionId}`;
  const claim = `${id} (${verification.claims.join(', ') || 'answer'})`;
  const where = (hit: ProbeHit) => (hit.line === undefined ? hit.file : `${hit.file}:${hit.line}`);
  switch (verification.state) {
    case 'verified':
      return `${claim} is verified: found in ${verification.found.slice(0, 3).map(where).join(', ')}`;
    case 'contradicted':
      return `${claim} is contradicted: the repository has no ${verification.notFound.join(', and no ')}`;
    case 'unchecked':
      return `${claim} is not checked: ${verification.reason ?? 'no probe applies'}`;
  }
}
