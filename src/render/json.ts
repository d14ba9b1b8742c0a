// The JSON report: a stable, versioned shape (documented in docs/reports.md). Bump JSON_SCHEMA_VERSION on breaking
// changes; adding fields (like `roadmap`, `title` and `discuss`) is not one.
import type { Roadmap } from '../core/roadmap.js';
import type { Report } from '../core/score.js';

export const JSON_SCHEMA_VERSION = 1;

/** Renders the report as pretty JSON with a `schemaVersion` field first, and the roadmap (with the cheapest path) last. */
export function renderJsonReport(report: Report, options: { roadmap?: Roadmap; title?: string } = {}): string {
  const steps = report.steps.map(({ questions, ...step }) => ({
    ...step,
    questions: questions.map(({ answer, ...question }) => ({
      ...question,
      ...(answer?.note !== undefined && { note: answer.note }),
      ...(answer?.evidence !== undefined && { evidence: answer.evidence }),
      ...(answer?.discuss !== undefined && { discuss: answer.discuss }),
      ...(answer?.value.type === 'na' && { reason: answer.value.reason }),
    })),
  }));
  const roadmap = options.roadmap && {
    now: options.roadmap.now,
    next: options.roadmap.next,
    later: options.roadmap.later,
    ...(options.roadmap.path && { cheapestPath: options.roadmap.path }),
  };
  const json = JSON.stringify({ schemaVersion: JSON_SCHEMA_VERSION, generator: 'scaleplay', ...(options.title !== undefined && { title: options.title }), ...report, steps, ...(roadmap && { roadmap }) }, null, 2);
  // JSON.stringify leaves DEL, C1 controls (e.g. U+009B, a one-byte CSI), line separators and bidi overrides raw: escape
  // them too, so the JSON is safe to print in a terminal and still holds the exact text.
  return `${json.replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}
