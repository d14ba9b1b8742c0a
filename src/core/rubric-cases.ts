// Golden cases for a rubric: expected scores and levels for an answers file, compared with what the rubric now gives.
// Pure: a scored report and the expectations in, one result per expected value out.
import type { Report } from './score.js';

/** What a golden case expects of the overall score or of one step. Every field is optional. */
export interface Expectation {
  score?: number;
  level?: string;
  low?: number;
  high?: number;
  meetsTarget?: boolean;
}

export interface CaseExpectations {
  overall?: Expectation;
  steps: Record<string, Expectation>;
}

export const EXPECTATION_FIELDS = ['score', 'level', 'low', 'high', 'meetsTarget'] as const;
export type ExpectationField = (typeof EXPECTATION_FIELDS)[number];

/** One expected value against the actual one. */
export interface CaseCheck {
  /** "overall" or a step id. */
  target: string;
  field: ExpectationField;
  expected: number | string | boolean;
  actual: number | string | boolean | undefined;
  passed: boolean;
}

/** Compares a report with a case's expectations, overall first, then steps in playbook order. */
export function compareCase(report: Report, expect: CaseExpectations): CaseCheck[] {
  const checks: CaseCheck[] = [];
  const compare = (
    target: string,
    expectation: Expectation | undefined,
    actual: Record<ExpectationField, number | string | boolean | undefined>,
  ) => {
    if (!expectation) return;
    for (const field of EXPECTATION_FIELDS) {
      const expected = expectation[field];
      if (expected === undefined) continue;
      checks.push({ target, field, expected, actual: actual[field], passed: actual[field] === expected });
    }
  };
  const { overall } = report;
  compare('overall', expect.overall, {
    score: overall.score,
    level: overall.level,
    low: overall.low,
    high: overall.high,
    meetsTarget: overall.meetsTarget,
  });
  for (const step of report.steps) {
    compare(step.id, expect.steps[step.id], {
      score: step.score,
      level: step.level,
      low: step.low,
      high: step.high,
      meetsTarget: step.meetsTarget,
    });
  }
  return checks;
}
