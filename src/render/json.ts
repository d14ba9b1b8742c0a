// The JSON report: a stable, versioned shape (documented in docs/reports.md). Bump JSON_SCHEMA_VERSION on breaking
// changes; adding fields (like `roadmap`, `title`, `discuss` and `plan`) is not one.
import type { PlanEntry } from '../core/model.js';
import type { Roadmap } from '../core/roadmap.js';
import type { Report } from '../core/score.js';
import { writeJson } from './channels.js';
import type { Renderer, ReportView } from './renderer.js';

export const JSON_SCHEMA_VERSION = 1;

/** `report --format json`. */
export const renderReportJson: Renderer<ReportView> = ({ report, roadmap, title, plan }) =>
  renderJsonReport(report, { roadmap, ...(title !== undefined && { title }), ...(plan && { plan }) });

/** Renders the report as pretty JSON with a `schemaVersion` field first, and the roadmap (with the cheapest path) last. */
export function renderJsonReport(
  report: Report,
  options: { roadmap?: Roadmap; title?: string; plan?: Record<string, PlanEntry> } = {},
): string {
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
  // The team's plan (the file's `plan:`), one entry per question in playbook order.
  const order = report.steps.flatMap((step) => step.questions.map((question) => question.id));
  const plan = options.plan && order.flatMap((id) => (options.plan![id] ? [options.plan![id]!] : []));
  return writeJson({
    schemaVersion: JSON_SCHEMA_VERSION,
    generator: 'scaleplay',
    ...(options.title !== undefined && { title: options.title }),
    ...report,
    steps,
    ...(plan && { plan }),
    ...(roadmap && { roadmap }),
  });
}
