// The terminal gap report: verdict first, then where (a table with a bar per step), then what to do (critical items,
// the cheapest path, the roadmap). Returns a string; fits `width` columns and reads the same without colour.
import { claimsForTerminal } from './claims.js';
import type { CheapestPath } from '../core/cheapest-path.js';
import type { Roadmap, RoadmapItem } from '../core/roadmap.js';
import { formatRange, formatScore } from '../core/display.js';
import type { DiscussItem, Gap, Report, StepResult } from '../core/score.js';
import { safeText } from './channels.js';
import { clamp, headerLine, pathSize, PHASE_TITLES, plural, stepPlanNote, summaryLine, truncate, verdictLine, visibleWidth, wrap, wrapAligned, wrapParts } from './text.js';

// Kept for imports written before the text module.
export { headerLine, pathSize, PHASE_TITLES, stepPlanNote, summaryLine, verdictLine, visibleWidth, wrap, wrapAligned, wrapParts } from './text.js';
import type { Renderer, ReportView } from './renderer.js';
import type { Theme } from './theme.js';

export interface TerminalOptions {
  theme: Theme;
  /** Terminal width in columns (80 when unknown). */
  width: number;
  /** The roadmap (and cheapest path) to show under the table. */
  roadmap?: Roadmap;
  /** A title to show first (from --title). */
  title?: string;
  /** How many "later" roadmap items to list (the rest are counted). */
  later?: number;
  /** The command that re-asks a step, for the hint under the answers to discuss. */
  settleCommand?: string;
}

/** The bar glyphs: score, range below the score, range above it, room to 100, target marker. */
export const BAR = { score: '█', lower: '▓', higher: '░', empty: '·', target: '┃' } as const;

/** `report --format table`. */
export const renderReportTable: Renderer<ReportView> = ({ report, roadmap, title, settleCommand, claims }, context) =>
  renderTerminalReport(report, {
    ...context,
    roadmap,
    ...(title !== undefined && { title }),
    ...(settleCommand !== undefined && { settleCommand }),
  }) + (claims ? claimsForTerminal(claims, report, context.theme, Math.max(40, Math.min(context.width, 160))) : '');

/** Renders the gap report for a terminal. */
export function renderTerminalReport(report: Report, options: TerminalOptions): string {
  const { theme } = options;
  const width = Math.max(40, Math.min(options.width, 160));
  const lines: string[] = [];
  if (options.title) lines.push(theme.bold(wrap(safeText(options.title), width, 0)));
  lines.push(theme.dim(wrapParts(headerLine(report), width, 2)), '');
  lines.push(theme.bold(wrapParts(verdictLine(report), width, 2)));
  lines.push(wrapParts(summaryLine(report), width, 2), '');
  lines.push(...stepTable(report, theme, width), '');
  lines.push(...groupLines(report, width));

  const critical = report.gaps.filter((gap) => gap.critical && (gap.kind === 'unknown' || report.steps.find((step) => step.id === gap.stepId)?.criticalUnmet.includes(gap.questionId)));
  const criticalShown = new Set<string>();
  const criticalLines: string[] = [];
  for (const gap of critical) {
    if (criticalShown.has(gap.questionId)) continue;
    criticalShown.add(gap.questionId);
    criticalLines.push(...criticalLine(report, gap, width, theme));
  }
  if (criticalLines.length > 0) lines.push(theme.bold('Critical, not met'), ...criticalLines, '');
  if (report.discuss) lines.push(...discussLines(report, report.discuss, width, theme, options.settleCommand), '');

  const path = options.roadmap?.path;
  if (path) lines.push(...pathLines(path, theme, width), '');
  if (options.roadmap) lines.push(...roadmapLines(options.roadmap, theme, width, options.later ?? 3));
  else if (report.gaps.length === 0) lines.push(theme.good('No open gaps: every applicable answer is at its best.'));
  else {
    // Callers without a roadmap get the ranked gaps, as before the roadmap existed.
    const actions = report.gaps.slice(0, 5);
    lines.push(theme.bold(`Next actions (${actions.length} of ${report.gaps.length}, biggest gap first)`));
    for (const [index, gap] of actions.entries()) {
      const tag = gap.kind === 'unknown' ? '?' : gap.critical ? '!' : ' ';
      const gain = gap.overallPoints > 0 ? ` (+${gap.overallPoints} overall)` : '';
      lines.push(wrap(`  ${String(index + 1).padStart(2)}. [${gap.action.effort}]${tag} ${safeText(gap.stepId)}: ${safeText(gap.action.text)}${gain}`, width, 10));
    }
  }
  while (lines.at(-1) === '') lines.pop();
  return `${lines.join('\n')}\n`;
}

/** "Groups: Go to market 62 (55–70) Emerging, target Established: undetermined · …", or nothing without groups. */
function groupLines(report: Report, width: number): string[] {
  if (!report.groups) return [];
  const parts = report.groups.map((group) => {
    if (!group.applicable) return `${safeText(group.title)} n/a`;
    const range = group.low !== group.high ? ` (${formatRange(group.lowExact, group.highExact, report.display)})` : '';
    const target = group.targetName ? `, target ${safeText(group.targetName)}: ${group.status}` : '';
    return `${safeText(group.title)} ${formatScore(group.scoreExact, report.display)}${range} ${safeText(group.levelName)}${target}`;
  });
  return [wrapParts(`Groups: ${parts.join(' · ')}`, width, 2), ''];
}

// ── The step table ──────────────────────────────────────────────────────────────────────────────────────────────────

interface Column {
  head: string;
  width: number;
  align: 'left' | 'right';
  cell: (step: StepResult) => { text: string; paint?: (text: string) => string };
}

function stepTable(report: Report, theme: Theme, width: number): string[] {
  const hasRange = report.steps.some((step) => step.applicable && step.low !== step.high);
  const hasTargets = report.steps.some((step) => step.targetName !== undefined);
  const flag = (step: StepResult) => (step.criticalUnmet.length + step.criticalUnknown.length > 0 ? ' !' : '');
  const titleWidth = clamp(Math.max(4, ...report.steps.map((step) => safeText(step.title).length)), 8, 18);
  const levelWidth = Math.max(5, ...report.steps.map((step) => safeText(step.levelName).length + flag(step).length));
  const targetWidth = Math.max(6, ...report.steps.map((step) => safeText(step.targetName ?? '—').length));
  const rangeWidth = Math.max(5, ...report.steps.map((step) => rangeText(step, report).length));

  const columns: (Column & { optional?: number })[] = [
    { head: 'step', width: titleWidth, align: 'left', cell: (step) => ({ text: truncate(safeText(step.title), titleWidth) }) },
    { head: 'score', width: 5, align: 'right', cell: (step) => ({ text: step.applicable ? formatScore(step.scoreExact, report.display) : 'n/a' }) },
  ];
  if (hasRange) columns.push({ head: 'range', width: rangeWidth, align: 'right', optional: 2, cell: (step) => ({ text: rangeText(step, report), paint: theme.warn }) });
  columns.push({ head: 'level', width: levelWidth, align: 'left', optional: 1, cell: (step) => ({ text: `${safeText(step.levelName)}${flag(step)}`, ...(flag(step) && { paint: theme.bad }) }) });
  if (hasTargets) {
    columns.push({ head: 'target', width: targetWidth, align: 'left', cell: (step) => ({ text: safeText(step.targetName ?? '—') }) });
    columns.push({ head: 'gap', width: 4, align: 'right', cell: (step) => gapCell(step, theme) });
  }
  // Drop the level, then the range column if that makes room for a bar of at least 10 cells. When no bar fits anyway,
  // keep the range (what is uncertain matters more than the level name) and drop the bar instead.
  const used = () => columns.reduce((sum, column) => sum + column.width + 2, 0) + 1;
  const without = (...levels: number[]) => columns.filter((column) => !levels.includes(column.optional ?? 0));
  const widthOf = (set: Column[]) => set.reduce((sum, column) => sum + column.width + 2, 0) + 1;
  const choice = [columns, without(1), without(1, 2)].find((set) => width - widthOf(set) >= 10) ?? without(1);
  columns.splice(0, columns.length, ...choice);
  // Without the level column, the critical flag moves next to the step's title.
  if (!columns.some((column) => column.head === 'level') && report.steps.some((step) => flag(step))) {
    columns[0] = { ...columns[0]!, cell: (step) => ({ text: `${truncate(safeText(step.title), titleWidth - flag(step).length)}${flag(step)}` }) };
  }
  // Still too wide (a very narrow terminal): shorten the step titles, then the target names.
  for (const head of ['step', 'target']) {
    const column = columns.find((candidate) => candidate.head === head);
    const overflow = used() - width;
    if (!column || overflow <= 0) continue;
    const narrower = Math.max(head === 'step' ? 8 : 6, column.width - overflow);
    const cell = column.cell;
    const shorten = (text: string, suffix: string) => `${truncate(text.slice(0, text.length - suffix.length), narrower - suffix.length)}${suffix}`;
    columns[columns.indexOf(column)] = { ...column, width: narrower, cell: (step) => ({ ...cell(step), text: shorten(cell(step).text, head === 'step' ? flag(step) : '') }) };
  }
  const barWidth = Math.min(40, width - used());
  const showBar = barWidth >= 10;

  const pad = (text: string, column: Column) => (column.align === 'right' ? text.padStart(column.width) : text.padEnd(column.width));
  const barHead = hasTargets && barWidth >= 15 ? 'score vs target' : hasTargets ? 'vs target' : 'bar, 0–100';
  const head = columns.map((column) => pad(column.head, column)).join('  ') + (showBar ? `  ${barHead}` : '');
  const out = [` ${theme.dim(head)}`];
  for (const step of report.steps) {
    const cells = columns.map((column) => {
      const { text, paint } = column.cell(step);
      const padded = pad(text, column);
      return paint && text ? paint(padded) : padded;
    });
    out.push(` ${cells.join('  ')}${showBar ? `  ${bar(step, barWidth, theme)}` : ''}`.trimEnd());
  }
  if (showBar) {
    const legend = [`${BAR.score} score`];
    if (hasRange) legend.push(`${BAR.lower}${BAR.higher} could be lower/higher: unknown answers`);
    if (hasTargets) legend.push(`${BAR.target} target`);
    if (report.steps.some((step) => step.status === 'undetermined')) legend.push('?N target undetermined: N unknown answers decide it');
    if (report.steps.some((step) => flag(step))) legend.push('! critical item unmet');
    out.push(theme.dim(wrapParts(` ${legend.join(' · ')}`, width, 1)));
  } else if (report.steps.some((step) => flag(step))) out.push(theme.dim(' ! critical item unmet'));
  return out;
}

function rangeText(step: StepResult, report: Report): string {
  return step.applicable && step.low !== step.high ? formatRange(step.lowExact, step.highExact, report.display) : '';
}

function gapCell(step: StepResult, theme: Theme): { text: string; paint?: (text: string) => string } {
  if (step.gap === undefined || !step.applicable) return { text: '' };
  // The status: met (even in the worst case), undetermined (unknown answers decide: "?N"), or below.
  if (step.status === 'met') return { text: '✓', paint: theme.good };
  if (step.status === 'undetermined') return { text: `?${step.undecidedBy ?? ''}`, paint: theme.warn };
  // Below target in level (e.g. capped by a critical item) even if the raw band was reached.
  return { text: step.gap < 0 ? `−${-step.gap}` : '!', paint: theme.bad };
}

/**
 * A bar of `width` cells: █ up to the score, ▓ from the worst case up to the score and ░ from the score up to the best
 * case (unknown answers), · to 100, and ┃ where the target level starts. Reads without colour.
 */
export function bar(step: StepResult, width: number, theme?: Theme): string {
  if (!step.applicable) return '';
  const cell = (value: number) => Math.round((clamp(value, 0, 100) / 100) * width);
  const low = cell(step.low);
  const score = cell(step.score);
  const high = cell(step.high);
  const target = step.targetScore !== undefined && step.targetScore > 0 ? Math.min(width - 1, cell(step.targetScore)) : -1;
  const glyphs: string[] = [];
  for (let index = 0; index < width; index++) {
    if (index === target) glyphs.push(BAR.target);
    else if (index < Math.min(low, score)) glyphs.push(BAR.score);
    else if (index < score) glyphs.push(BAR.lower);
    else if (index < high) glyphs.push(BAR.higher);
    else glyphs.push(BAR.empty);
  }
  if (!theme?.color) return glyphs.join('');
  // Colour runs of the same glyph: the score green on target and red below it, the range yellow, the rest dim.
  const paint = (glyph: string) =>
    glyph === BAR.score ? (step.meetsTarget === false ? theme.bad : theme.good) : glyph === BAR.target ? theme.bold : glyph === BAR.empty ? theme.dim : theme.warn;
  return glyphs
    .join('')
    .replace(new RegExp(`([${BAR.score}]+|[${BAR.lower}]+|[${BAR.higher}]+|[${BAR.empty}]+|${BAR.target})`, 'g'), (run) => paint(run[0]!)(run));
}

// ── Critical items ──────────────────────────────────────────────────────────────────────────────────────────────────

function criticalLine(report: Report, gap: Gap, width: number, theme: Theme): string[] {
  const step = report.steps.find((candidate) => candidate.id === gap.stepId)!;
  const head = `  ${theme.bad('!')} ${safeText(step.title)} · ${safeText(gap.questionId)}: `;
  return [wrap(`${head}${safeText(gap.prompt)}`, width, 6), wrap(`      now: ${safeText(gap.current)}`, width, 11)];
}

// ── Answers to discuss ──────────────────────────────────────────────────────────────────────────────────────────────

/** How to settle an answer to discuss (under the terminal list). */
function discussHint(settleCommand = 'scaleplay assess --output FILE --step STEP'): string {
  return `Settle one by answering it again (${safeText(settleCommand)}) or by deleting its "discuss:" line.`;
}

function discussLines(
  report: Report,
  items: readonly DiscussItem[],
  width: number,
  theme: Theme,
  settleCommand?: string,
): string[] {
  const title = 'To discuss (workshop)';
  const blurb = `${plural(items.length, 'answer')} used for now, until settled`;
  const out = [visibleWidth(`${title} · ${blurb}`) <= width ? `${theme.bold(title)}${theme.dim(` · ${blurb}`)}` : `${theme.bold(title)}\n${theme.dim(wrap(`  ${blurb}`, width, 2))}`];
  for (const item of items) {
    const step = report.steps.find((candidate) => candidate.id === item.stepId);
    const head = `  ${theme.warn('?')} ${safeText(step?.title ?? item.stepId)} · ${safeText(item.questionId)}${item.critical ? ' (critical)' : ''}: `;
    out.push(wrap(`${head}${safeText(item.prompt)}`, width, 6), wrap(`      ${safeText(item.text)} · for now: ${safeText(item.current)}`, width, 8));
  }
  out.push(theme.dim(wrap(`  ${discussHint(settleCommand)}`, width, 2)));
  return out;
}

// ── The cheapest path ──────────────────────────────────────────────────────────────────────────────────────────────

function pathLines(path: CheapestPath, theme: Theme, width: number): string[] {
  const out: string[] = [];
  const what = safeText(path.targets.description);
  if (path.status === 'at-target') {
    out.push(theme.good(wrap(`Cheapest path to ${what}: nothing to do, every target is met.`, width, 2)));
    return out;
  }
  const verdict =
    path.status === 'unreachable'
      ? theme.bad('not every target can be reached')
      : path.status === 'find-out-first'
        ? theme.warn('find unknown answers out first')
        : pathSize(path);
  out.push(theme.bold(wrap(`Cheapest path to ${what}: ${verdict}`, width, 2)));
  const shown = path.steps.filter((plan) => plan.status !== 'at-target' && plan.status !== 'no-target' && plan.status !== 'not-applicable');
  const titleWidth = clamp(Math.max(7, ...shown.map((plan) => safeText(plan.title).length)), 7, 16);
  // Continuation lines hang under the note, unless that leaves too little room on a narrow terminal.
  const hang = width - (titleWidth + 13) >= 50 ? titleWidth + 13 : 6;
  for (const plan of shown) {
    const arrow = `${String(plan.score).padStart(3)} → ${String(plan.reached).padEnd(3)}`;
    const target = plan.target ? `${safeText(plan.target.label)} (${plan.target.score})` : '';
    const note = stepPlanNote(plan);
    const paint = plan.status === 'unreachable' ? theme.bad : plan.status === 'find-out-first' ? theme.warn : (text: string) => text;
    out.push(wrapAligned(`  ${truncate(safeText(plan.title), titleWidth).padEnd(titleWidth)} ${arrow} ${target}: ${paint(note)}`, width, hang));
  }
  const overall = path.overall;
  if (overall.target) {
    const state =
      overall.status === 'unreachable'
        ? theme.bad(`cannot reach it: the best is ${overall.best}`)
        : overall.status === 'at-target'
          ? 'met already'
          : 'met on the way';
    out.push(wrapAligned(`  ${'Overall'.padEnd(titleWidth)} ${String(overall.score).padStart(3)} → ${String(overall.reached).padEnd(3)} ${safeText(overall.target.label)} (${overall.target.score}): ${state}`, width, hang));
  }
  const onTarget = path.steps.filter((plan) => plan.status === 'at-target').length;
  const notes = [`effort points: S = ${path.costs.S}, M = ${path.costs.M}, L = ${path.costs.L}`];
  if (onTarget > 0) notes.push(`${plural(onTarget, 'step')} already on target`);
  if (path.assumedWorst.length > 0) notes.push(`${plural(path.assumedWorst.length, 'unknown critical answer')} budgeted from the worst case`);
  if (!path.verified) notes.push('some actions change which questions apply: re-run after acting');
  out.push(theme.dim(wrap(`  ${notes.join(' · ')}`, width, 2)));
  return out;
}

// ── The roadmap ─────────────────────────────────────────────────────────────────────────────────────────────────────

function roadmapLines(roadmap: Roadmap, theme: Theme, width: number, laterShown: number): string[] {
  const total = roadmap.now.length + roadmap.next.length + roadmap.later.length;
  if (total === 0) return [theme.good('No open gaps: every applicable answer is at its best.')];
  const out = [theme.bold('Roadmap')];
  let rank = 0;
  for (const phase of ['now', 'next', 'later'] as const) {
    const items = roadmap[phase];
    if (items.length === 0) continue;
    const { title, blurb } = PHASE_TITLES[phase];
    const limit = phase === 'later' ? laterShown : phase === 'next' ? 10 : Infinity;
    out.push(wrap(` ${theme.bold(title)}: ${roadmap.path || phase !== 'next' ? blurb : 'quick wins and answers to find out'} (${items.length})`, width, 3));
    const findOuts = items.filter((item) => item.kind === 'find-out' && !item.critical);
    const grouped = findOuts.length > 3;
    const listed = items.filter((item) => !(grouped && findOuts.includes(item)));
    for (const item of listed.slice(0, limit)) out.push(wrapAligned(itemLine(++rank, item, theme), width, 12));
    if (grouped) out.push(wrap(`  ${String(++rank).padStart(2)}. [S]? Find out ${findOuts.length} unknown answers: ${groupByStep(findOuts)}`, width, 12));
    const hidden = listed.length - Math.min(limit, listed.length);
    rank += hidden;
    if (hidden > 0) out.push(theme.dim(wrap(`      … and ${hidden} more (the HTML, Markdown and JSON reports list them all)`, width, 8)));
  }
  return out;
}

function itemLine(rank: number, item: RoadmapItem, theme: Theme): string {
  const tag = item.critical ? '!' : item.kind === 'find-out' ? '?' : ' ';
  const gain = item.overallPoints > 0 && item.kind !== 'find-out' ? theme.dim(` (+${item.overallPoints} overall)`) : '';
  const text = item.kind === 'find-out' ? `Find out: ${safeText(item.prompt)}` : safeText(item.action.text);
  return `  ${String(rank).padStart(2)}. [${item.effort}]${item.critical ? theme.bad(tag) : tag} ${safeText(item.stepTitle)}: ${text}${gain}`;
}

function groupByStep(items: readonly RoadmapItem[]): string {
  const byStep = new Map<string, string[]>();
  for (const item of items) byStep.set(item.stepTitle, [...(byStep.get(item.stepTitle) ?? []), item.questionId]);
  return [...byStep].map(([title, ids]) => `${safeText(title)} (${ids.map((id) => safeText(id)).join(', ')})`).join('; ');
}

