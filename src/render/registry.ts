// The output formats of every command and the renderer behind each, in one place. The `--format` choices are the keys
// of these tables, so a choice without a renderer cannot exist; every renderer has the one signature of ./renderer.ts.
// Renderers are loaded on use: a command loads only the renderer its format asks for (the HTML one is the largest).
import type { DiffView } from './diff.js';
import type { EvidenceView } from './evidence.js';
import type { MergeSummary } from './merge.js';
import type { PortfolioView } from './portfolio.js';
import type { RenderContext, Renderer, ReportView } from './renderer.js';

export type { Audience, RenderContext, Renderer, ReportView } from './renderer.js';
export { AUDIENCES } from './renderer.js';

/** Loads one renderer. */
type Loader<T> = () => Promise<Renderer<T>>;

const REPORT_RENDERERS = {
  table: async () => (await import('./terminal.js')).renderReportTable,
  json: async () => (await import('./json.js')).renderReportJson,
  md: async () => (await import('./markdown.js')).renderReportMarkdown,
  html: async () => (await import('./html.js')).renderReportHtml,
} satisfies Record<string, Loader<ReportView>>;

const DIFF_RENDERERS = {
  table: async () => (await import('./diff.js')).renderDiffTable,
  json: async () => (await import('./diff.js')).renderDiffJson,
  md: async () => (await import('./diff.js')).renderDiffMarkdown,
} satisfies Record<string, Loader<DiffView>>;

const MERGE_RENDERERS = {
  table: async () => (await import('./merge.js')).renderMergeTable,
  json: async () => (await import('./merge.js')).renderMergeJson,
  md: async () => (await import('./merge.js')).renderMergeMarkdown,
} satisfies Record<string, Loader<MergeSummary>>;

const PORTFOLIO_RENDERERS = {
  table: async () => (await import('./portfolio.js')).renderPortfolioTable,
  json: async () => (await import('./portfolio.js')).renderPortfolioJson,
  csv: async () => (await import('./portfolio.js')).renderPortfolioCsv,
} satisfies Record<string, Loader<PortfolioView>>;

const EVIDENCE_RENDERERS = {
  table: async () => (await import('./evidence.js')).renderEvidenceTable,
  json: async () => (await import('./evidence.js')).renderEvidenceJson,
  md: async () => (await import('./evidence.js')).renderEvidenceMarkdown,
} satisfies Record<string, Loader<EvidenceView>>;

/** The format names of a table of renderers, in their order (the first is the default). */
function formatsOf<T extends object>(renderers: T): readonly (keyof T & string)[] {
  return Object.freeze(Object.keys(renderers)) as readonly (keyof T & string)[];
}

/** `report --format` choices. */
export const REPORT_FORMATS = formatsOf(REPORT_RENDERERS);
export type ReportFormat = (typeof REPORT_FORMATS)[number];
/** `diff --format` choices. */
export const DIFF_FORMATS = formatsOf(DIFF_RENDERERS);
export type DiffFormat = (typeof DIFF_FORMATS)[number];
/** `merge --format` choices. */
export const MERGE_FORMATS = formatsOf(MERGE_RENDERERS);
export type MergeFormat = (typeof MERGE_FORMATS)[number];
/** `portfolio --format` choices. */
export const PORTFOLIO_FORMATS = formatsOf(PORTFOLIO_RENDERERS);
export type PortfolioFormat = (typeof PORTFOLIO_FORMATS)[number];

/** `evidence --format` choices. */
export const EVIDENCE_FORMATS = formatsOf(EVIDENCE_RENDERERS);
export type EvidenceFormat = (typeof EVIDENCE_FORMATS)[number];

/** Renders a report in one of REPORT_FORMATS, loading only that format's renderer. */
export async function renderReport(view: ReportView, format: ReportFormat, context: RenderContext): Promise<string> {
  return (await REPORT_RENDERERS[format]())(view, context);
}

/** Renders a comparison of two answers files in one of DIFF_FORMATS. */
export async function renderDiff(view: DiffView, format: DiffFormat, context: RenderContext): Promise<string> {
  return (await DIFF_RENDERERS[format]())(view, context);
}

/** Renders a workshop merge summary in one of MERGE_FORMATS. */
export async function renderMerge(summary: MergeSummary, format: MergeFormat, context: RenderContext): Promise<string> {
  return (await MERGE_RENDERERS[format]())(summary, context);
}

/** Renders a portfolio in one of PORTFOLIO_FORMATS. */
export async function renderPortfolio(
  view: PortfolioView,
  format: PortfolioFormat,
  context: RenderContext,
): Promise<string> {
  return (await PORTFOLIO_RENDERERS[format]())(view, context);
}

/** Renders the evidence listing in one of EVIDENCE_FORMATS. */
export async function renderEvidence(
  view: EvidenceView,
  format: EvidenceFormat,
  context: RenderContext,
): Promise<string> {
  return (await EVIDENCE_RENDERERS[format]())(view, context);
}
