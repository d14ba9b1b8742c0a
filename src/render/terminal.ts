// The terminal gap report: verdict first, then where (a table per step), then what to do. Returns a string.
import Table from 'cli-table3';
import type { Gap, Report, StepResult } from '../core/score.js';
import { safeText } from './safe-text.js';
import type { Theme } from './theme.js';

export interface TerminalOptions {
  theme: Theme;
  /** Terminal width in columns (80 when unknown). */
  width: number;
  /** How many next actions to list. */
  actions?: number;
}

/** Renders the gap report for a terminal. */
export function renderTerminalReport(report: Report, options: TerminalOptions): string {
  const { theme } = options;
  const width = Math.max(60, Math.min(options.width, 160));
  const lines: string[] = [];
  lines.push(theme.dim(headerLine(report)), '');
  lines.push(theme.bold(verdictLine(report)));
  lines.push(summaryLine(report), '');
  lines.push(stepTable(report, theme, width), '');

  const critical = report.gaps.filter((gap) => gap.critical);
  if (critical.length > 0) {
    lines.push(theme.bold('Critical, not met'));
    for (const gap of critical) lines.push(wrap(`  ! ${gap.stepId}.${gap.questionId}  ${safeText(gap.prompt)} (now: ${safeText(gap.current)})`, width, 6));
    lines.push('');
  }
  const actions = report.gaps.slice(0, options.actions ?? 5);
  if (actions.length === 0) {
    lines.push(theme.good('No open gaps: every applicable answer is at its best.'));
  } else {
    lines.push(theme.bold(`Next actions (${actions.length} of ${report.gaps.length}, biggest gap first)`));
    for (const [index, gap] of actions.entries()) lines.push(wrap(actionLine(index + 1, gap), width, 10));
  }
  return `${lines.join('\n')}\n`;
}

/** "scaleplay · Team Product · stage: x · Rubric v1 · date" */
export function headerLine(report: Report): string {
  const who = [report.team, report.product].filter(Boolean).map((text) => safeText(text!)).join(' · ');
  return [
    'scaleplay',
    who || undefined,
    report.stage ? `stage: ${report.stage}` : 'no stage',
    `${safeText(report.rubric.title)} v${safeText(report.rubric.version)}`,
    report.date ? safeText(report.date) : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** "Overall 54/100 · level Emerging · target for series-a: Established" */
export function verdictLine(report: Report): string {
  const { overall } = report;
  const target = overall.targetName ? ` · target for ${report.stage}: ${overall.targetName}${overall.meetsTarget ? ' (met)' : ''}` : '';
  return `Overall ${overall.score}/100 · level ${overall.levelName}${target}`;
}

/** "3 of 6 steps below target · 2 critical items unmet · 4 answers unknown (score could be 49–61)" */
export function summaryLine(report: Report): string {
  const { overall } = report;
  const criticalUnmet = report.steps.reduce((sum, step) => sum + step.criticalUnmet.length + step.criticalUnknown.length, 0);
  const open = overall.unknown + overall.unanswered;
  const parts = [
    report.stage ? `${overall.stepsBelowTarget} of ${report.steps.length} steps below target` : 'no stage set: add `stage:` for targets',
    `${criticalUnmet} critical item${criticalUnmet === 1 ? '' : 's'} unmet`,
  ];
  if (open > 0) {
    const what = [overall.unknown > 0 && `${overall.unknown} unknown`, overall.unanswered > 0 && `${overall.unanswered} unanswered`].filter(Boolean).join(', ');
    parts.push(`${what} (score could be ${overall.low}–${overall.high})`);
  }
  return parts.join(' · ');
}

function stepTable(report: Report, theme: Theme, width: number): string {
  // Column widths include one space of padding each side; columns are separated by one space and have no outer border.
  const fixed = [16, 7, 15, 13, 6];
  const barWidth = Math.max(10, Math.min(40, width - fixed.reduce((a, b) => a + b, 0) - fixed.length - 3));
  const table = new Table({
    head: ['step', 'score', 'level', 'target', 'gap', 'score vs target'],
    colWidths: [...fixed, barWidth + 2],
    colAligns: ['left', 'right', 'left', 'left', 'right', 'left'],
    style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
    chars: { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: ' ' },
  });
  for (const step of report.steps) {
    table.push([
      safeText(step.title),
      step.applicable ? scoreCell(step) : 'n/a',
      `${step.levelName}${step.criticalUnmet.length + step.criticalUnknown.length > 0 ? ' !' : ''}`,
      step.targetName ?? '—',
      gapCell(step, theme),
      bar(step, barWidth),
    ]);
  }
  return table.toString();
}

function scoreCell(step: StepResult): string {
  return step.low !== step.high ? `${step.score}~` : String(step.score);
}

function gapCell(step: StepResult, theme: Theme): string {
  if (step.gap === undefined || !step.applicable) return '';
  if (step.meetsTarget) return theme.good('✓');
  // Below target in level (e.g. capped by a critical item) even if the raw band was reached.
  return theme.bad(step.gap < 0 ? `−${-step.gap}` : '!');
}

/** A bar of `width` cells: filled to the score, with `|` where the target starts. Reads without colour. */
export function bar(step: StepResult, width: number): string {
  const filled = Math.round((step.score / 100) * width);
  const targetAt = step.targetScore === undefined ? -1 : Math.min(width - 1, Math.round((step.targetScore / 100) * width));
  let out = '';
  for (let cell = 0; cell < width; cell++) {
    if (cell === targetAt && cell >= filled) out += '|';
    else out += cell < filled ? '█' : '·';
  }
  return out;
}

function actionLine(rank: number, gap: Gap): string {
  const gain = gap.overallPoints > 0 ? ` (+${gap.overallPoints} overall)` : '';
  const tag = gap.kind === 'unknown' ? '?' : gap.critical ? '!' : ' ';
  return `  ${String(rank).padStart(2)}. [${gap.action.effort}]${tag}${gap.stepId.padEnd(15)} ${safeText(gap.action.text)}${gain}`;
}

/** Wraps a line to `width`, keeping its leading spaces and indenting continuation lines by `indent`. */
export function wrap(text: string, width: number, indent: number): string {
  const lead = /^ */.exec(text)![0];
  const lines: string[] = [];
  let current = lead;
  for (const word of text.trim().split(/ +/)) {
    const blank = current.trim() === '';
    if (!blank && current.length + 1 + word.length > width) {
      lines.push(current);
      current = ' '.repeat(indent) + word;
    } else current = blank ? current + word : `${current} ${word}`;
  }
  lines.push(current);
  return lines.join('\n');
}
