// GitHub-flavoured Markdown: renders as a pull-request comment or a CI step summary.
import type { Report } from '../core/score.js';
import { headerLine, summaryLine, verdictLine } from './terminal.js';

/** Escapes text for a Markdown table cell or line. */
export function mdEscape(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
    .replace(/([\\`*_{}[\]()#+!|<>~])/g, '\\$1');
}

/** Renders the gap report as Markdown. */
export function renderMarkdownReport(report: Report, options: { actions?: number } = {}): string {
  const lines: string[] = [];
  lines.push(`## ${mdEscape(verdictLine(report))}`, '');
  lines.push(`_${mdEscape(headerLine(report))}_`, '');
  lines.push(mdEscape(summaryLine(report)), '');
  lines.push('| step | score | level | target | gap | status |', '|---|---:|---|---|---:|---|');
  for (const step of report.steps) {
    const status = !step.applicable ? 'not applicable' : step.meetsTarget === undefined ? '—' : step.meetsTarget ? '✅ on target' : '❌ below target';
    const range = step.low !== step.high ? ` (${step.low}–${step.high})` : '';
    const gap = step.gap === undefined ? '' : step.gap >= 0 ? `+${step.gap}` : `−${-step.gap}`;
    const flag = step.criticalUnmet.length + step.criticalUnknown.length > 0 ? ' ⚠️' : '';
    lines.push(`| ${mdEscape(step.title)} | ${step.score}${range} | ${mdEscape(step.levelName)}${flag} | ${mdEscape(step.targetName ?? '—')} | ${gap} | ${status} |`);
  }
  const critical = report.gaps.filter((gap) => gap.critical);
  if (critical.length > 0) {
    lines.push('', '### Critical, not met', '');
    for (const gap of critical) lines.push(`- **${gap.stepId}.${gap.questionId}**: ${mdEscape(gap.prompt)} (now: ${mdEscape(gap.current)})`);
  }
  const actions = report.gaps.slice(0, options.actions ?? 10);
  if (actions.length > 0) {
    lines.push('', '### Next actions', '');
    for (const [index, gap] of actions.entries()) {
      const gain = gap.overallPoints > 0 ? ` _(+${gap.overallPoints} overall)_` : '';
      lines.push(`${index + 1}. **[${gap.action.effort}] ${gap.stepId}**: ${mdEscape(gap.action.text)}${gain}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
