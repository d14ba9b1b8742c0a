// The JSON written by `check --json FILE`, on pass, on fail and on invalid input: a stable, versioned shape for CI
// tooling (documented in docs/ci.md). Bump CHECK_JSON_VERSION on breaking changes.
import { describeCritical, describeRegression, describeThreshold, type CheckOutcome } from '../core/gate.js';
import { describeVerification } from '../core/verification.js';
import type { Problem } from '../errors.js';
import { writeJson } from './channels.js';

/** Version of the `check --json` shape. */
export const CHECK_JSON_VERSION = 1;

/** The check outcome as pretty JSON. */
export function renderCheckJson(outcome: CheckOutcome): string {
  const { report, regression } = outcome;
  const steps = report.steps.map(({ questions: _questions, counts: _counts, ...step }) => step);
  return stringify({
    schemaVersion: CHECK_JSON_VERSION,
    generator: 'scaleplay',
    kind: 'check',
    file: outcome.file,
    passed: outcome.passed,
    exitCode: outcome.passed ? 0 : 1,
    source: outcome.source,
    baseline: outcome.baseline ?? null,
    rubric: report.rubric,
    team: report.team ?? null,
    product: report.product ?? null,
    stage: report.stage ?? null,
    date: report.date ?? null,
    overall: report.overall,
    steps,
    // Each threshold, regression and critical item carries the sentence the other outputs print for it (`message`).
    thresholds: outcome.result.results.map((result) => ({
      status: result.passed ? 'pass' : result.severity === 'warn' ? 'warn' : 'fail',
      ...result,
      message: describeThreshold(result),
    })),
    regression: regression
      ? {
          passed: regression.passed,
          allowedDrop: regression.allowedDrop,
          overall: regression.overall,
          worstCase: regression.worstCase,
          regressions: regression.regressions.map((step) => ({
            ...step,
            message: describeRegression(step, outcome.baseline),
          })),
          improved: regression.improved,
        }
      : null,
    critical: outcome.critical.map((item) => ({ ...item, message: describeCritical(item, outcome.metAt) })),
    suggestions: outcome.suggestions,
    drift: outcome.drift ?? null,
    claims: outcome.claims
      ? {
          ...outcome.claims,
          verifications: outcome.claims.verifications.map((item) => ({ ...item, message: describeVerification(item) })),
        }
      : null,
    problems: [],
  });
}

/** The JSON for a check that could not run (exit 2): the problems found. */
export function renderCheckErrorJson(file: string, problems: readonly Problem[], message?: string): string {
  return stringify({
    schemaVersion: CHECK_JSON_VERSION,
    generator: 'scaleplay',
    kind: 'check',
    file,
    passed: false,
    exitCode: 2,
    ...(message !== undefined && { error: message }),
    problems,
  });
}

function stringify(value: unknown): string {
  return writeJson(value);
}
