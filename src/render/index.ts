// The report formats and the renderer for each: `--format` choices come from REPORT_FORMATS.
import type { Report } from '../core/score.js';
import { renderJsonReport } from './json.js';
import { renderMarkdownReport } from './markdown.js';
import { renderTerminalReport } from './terminal.js';
import type { Theme } from './theme.js';
import type { ReportFormat } from './formats.js';

export { REPORT_FORMATS, type ReportFormat } from './formats.js';

export interface RenderContext {
  theme: Theme;
  width: number;
}

/** Renders a report in one of REPORT_FORMATS. */
export function renderReport(report: Report, format: ReportFormat, context: RenderContext): string {
  switch (format) {
    case 'table':
      return renderTerminalReport(report, context);
    case 'json':
      return renderJsonReport(report);
    case 'md':
      return renderMarkdownReport(report);
  }
}
