// The JSON report: a stable, versioned shape (documented in the README). Bump JSON_SCHEMA_VERSION on breaking changes.
import type { Report } from '../core/score.js';

export const JSON_SCHEMA_VERSION = 1;

/** Renders the report as pretty JSON with a `schemaVersion` field first. */
export function renderJsonReport(report: Report): string {
  const steps = report.steps.map(({ questions, ...step }) => ({
    ...step,
    questions: questions.map(({ answer, ...question }) => ({
      ...question,
      ...(answer?.note !== undefined && { note: answer.note }),
      ...(answer?.evidence !== undefined && { evidence: answer.evidence }),
      ...(answer?.value.type === 'na' && { reason: answer.value.reason }),
    })),
  }));
  // JSON.stringify leaves DEL, C1 controls (e.g. U+009B, a one-byte CSI), line separators and bidi overrides raw: escape them too.
  return `${JSON.stringify({ schemaVersion: JSON_SCHEMA_VERSION, generator: 'scaleplay', ...report, steps }, null, 2).replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}
