// The report formats and the renderer for each: `--format` choices come from REPORT_FORMATS.
import type { Rubric } from '../core/model.js';
import type { Roadmap } from '../core/roadmap.js';
import type { Report } from '../core/score.js';
import type { Logo } from './logo.js';
import type { ReportFormat } from './formats.js';
import type { Theme } from './theme.js';

export { REPORT_FORMATS, type ReportFormat } from './formats.js';

/** What every report shows: the scored report, its rubric, the roadmap, and the consultant's branding. */
export interface ReportView {
  report: Report;
  rubric: Rubric;
  roadmap: Roadmap;
  /** From --title (HTML, Markdown and terminal) and --logo (HTML only). */
  title?: string;
  logo?: Logo;
}

export interface RenderContext {
  theme: Theme;
  width: number;
  /** The table's hint for settling an answer to discuss: the `assess` command, spelt as the user started scaleplay. */
  settleCommand?: string;
}

/** Renders a report in one of REPORT_FORMATS; only that format's renderer is loaded (the HTML one is the largest). */
export async function renderReport(view: ReportView, format: ReportFormat, context: RenderContext): Promise<string> {
  const { report, rubric, roadmap, title, logo } = view;
  switch (format) {
    case 'table': {
      const { renderTerminalReport } = await import('./terminal.js');
      return renderTerminalReport(report, { ...context, roadmap, ...(title !== undefined && { title }) });
    }
    case 'json': {
      const { renderJsonReport } = await import('./json.js');
      return renderJsonReport(report, { roadmap, ...(title !== undefined && { title }) });
    }
    case 'md': {
      const { renderMarkdownReport } = await import('./markdown.js');
      return renderMarkdownReport(report, { roadmap, ...(title !== undefined && { title }) });
    }
    case 'html': {
      const { renderHtmlReport } = await import('./html.js');
      return renderHtmlReport(report, { rubric, roadmap, ...(title !== undefined && { title }), ...(logo && { logo }) });
    }
  }
}
