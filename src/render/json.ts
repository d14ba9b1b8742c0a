// The JSON report: a stable, versioned shape (documented in docs/reports.md). Bump JSON_SCHEMA_VERSION on breaking
// changes; adding fields (like `roadmap`, `title`, `discuss` and `plan`) is not one.
import type { PlanEntry } from '../core/model.js';
import type { Roadmap } from '../core/roadmap.js';
import type { Report } from '../core/score.js';
import type { ClaimsChecked, Verification } from '../core/verification.js';
import { writeJson } from './channels.js';
import type { Renderer, ReportView } from './renderer.js';

export const JSON_SCHEMA_VERSION = 1;

/** `report --format json`. */
export const renderReportJson: Renderer<ReportView> = ({ report, roadmap, title, claims, plan }) =>
  renderJsonReport(report, {
    roadmap,
    ...(title !== undefined && { title }),
    ...(claims && { claims }),
    ...(plan && { plan }),
  });

/** Renders the report as pretty JSON with a `schemaVersion` field first, and the roadmap (with the cheapest path) last. */
export function renderJsonReport(
  report: Report,
  options: { roadmap?: Roadmap; title?: string; claims?: ClaimsChecked; plan?: Record<string, PlanEntry> } = {},
): string {
  const verifications = new Map(
    options.claims?.verifications.map((verification) => [verification.questionId, verification]),
  );
  const steps = report.steps.map(({ questions, ...step }) => ({
    ...step,
    questions: questions.map(({ answer, ...question }) => ({
      ...question,
      ...(answer?.note !== undefined && { note: answer.note }),
      ...(answer?.evidence !== undefined && { evidence: answer.evidence }),
      ...(answer?.evidenceItems !== undefined && { evidence: answer.evidenceItems }),
      ...(answer?.discounted !== undefined && { discounted: answer.discounted }),
      ...(verifications.has(question.id) && { verification: verificationJson(verifications.get(question.id)!) }),
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
    ...(options.claims && { verification: { dir: options.claims.dir, skipped: options.claims.skipped } }),
  });
}

/** A question's `verification` in JSON: verified, contradicted or unchecked, with what was found or looked for. */
function verificationJson({ questionId: _id, ...verification }: Verification) {
  return verification;
}
