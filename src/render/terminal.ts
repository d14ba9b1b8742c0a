// The terminal gap report: verdict first, then where (a table with a bar per step), then what to do (critical items,
// the cheapest path, the roadmap). Returns a string; fits `width` columns and reads the same without colour.
import type { CheapestPath, StepPlan } from '../core/cheapest-path.js';
import type { Roadmap, RoadmapItem } from '../core/roadmap.js';
import { formatRange, formatScore, scaleSuffix } from '../core/display.js';
import type { TargetStatus } from '../core/levels.js';
import type { DiscussItem, Gap, Report, StepResult } from '../core/score.js';
import { safeText } from './safe-text.js';
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
}

/** The bar glyphs: score, range below the score, range above it, room to 100, target marker. */
export const BAR = { score: '█', lower: '▓', higher: '░', empty: '·', target: '┃' } as const;

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
  if (report.discuss) lines.push(...discussLines(report, report.discuss, width, theme), '');

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

/** "scaleplay · Team · Product · stage: x · Rubric v1 · date" */
export function headerLine(report: Report): string {
  const who = [report.team, report.product].filter(Boolean).map((text) => safeText(text!)).join(' · ');
  return [
    'scaleplay',
    who || undefined,
    report.stage ? `stage: ${safeText(report.stage)}` : 'no stage',
    `${safeText(report.rubric.title)} v${safeText(report.rubric.version)}`,
    report.date ? safeText(report.date) : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** "Overall 54/100 · level Emerging · target for series-a: Established" */
export function verdictLine(report: Report): string {
  const { overall } = report;
  const target = overall.targetName ? ` · target for ${safeText(report.stage ?? '')}: ${safeText(overall.targetName)}${statusNote(overall)}` : '';
  return `Overall ${formatScore(overall.scoreExact, report.display)}${scaleSuffix(report.display)} · level ${safeText(overall.levelName)}${target}`;
}

/** " (met)", " (undetermined: 3 unknown answers decide it)" or "" (below), after a target. */
export function statusNote(scores: { status?: TargetStatus; undecidedBy?: number }): string {
  if (scores.status === 'met') return ' (met)';
  if (scores.status === 'undetermined') return ` (undetermined: ${plural(scores.undecidedBy ?? 0, 'unknown answer')} decide${scores.undecidedBy === 1 ? 's' : ''} it)`;
  return '';
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

/** The steps whose target status is this: below (even their best case misses the target), undetermined or met. */
export function countStatus(report: Report, status: TargetStatus): number {
  return report.steps.filter((step) => step.status === status).length;
}

/** "3 of 6 steps below target · 2 critical items unmet · 4 unknown (score could be 49–61)" */
export function summaryLine(report: Report): string {
  const { overall } = report;
  const criticalUnmet = report.steps.reduce((sum, step) => sum + step.criticalUnmet.length + step.criticalUnknown.length, 0);
  const open = overall.unknown + overall.unanswered;
  const parts = [
    report.stage ? `${countStatus(report, 'below')} of ${report.steps.length} steps below target` : 'no stage set: add `stage:` for targets',
    `${criticalUnmet} critical item${criticalUnmet === 1 ? '' : 's'} unmet`,
  ];
  if (open > 0) {
    const what = [overall.unknown > 0 && `${overall.unknown} unknown`, overall.unanswered > 0 && `${overall.unanswered} unanswered`].filter(Boolean).join(', ');
    parts.push(`${what} (score could be ${formatRange(overall.lowExact, overall.highExact, report.display)})`);
  }
  const undetermined = countStatus(report, 'undetermined');
  if (undetermined > 0) parts.push(`${plural(undetermined, 'step')} undetermined`);
  if (report.discuss) parts.push(`${plural(report.discuss.length, 'answer')} to discuss`);
  return parts.join(' · ');
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
const DISCUSS_HINT = 'Settle one by answering it again (scaleplay assess --output FILE --step STEP) or by deleting its "discuss:" line.';

function discussLines(report: Report, items: readonly DiscussItem[], width: number, theme: Theme): string[] {
  const title = 'To discuss (workshop)';
  const blurb = `${plural(items.length, 'answer')} used for now, until settled`;
  const out = [visibleWidth(`${title} · ${blurb}`) <= width ? `${theme.bold(title)}${theme.dim(` · ${blurb}`)}` : `${theme.bold(title)}\n${theme.dim(wrap(`  ${blurb}`, width, 2))}`];
  for (const item of items) {
    const step = report.steps.find((candidate) => candidate.id === item.stepId);
    const head = `  ${theme.warn('?')} ${safeText(step?.title ?? item.stepId)} · ${safeText(item.questionId)}${item.critical ? ' (critical)' : ''}: `;
    out.push(wrap(`${head}${safeText(item.prompt)}`, width, 6), wrap(`      ${safeText(item.text)} · for now: ${safeText(item.current)}`, width, 8));
  }
  out.push(theme.dim(wrap(`  ${DISCUSS_HINT}`, width, 2)));
  return out;
}

// ── The cheapest path ──────────────────────────────────────────────────────────────────────────────────────────────

/** "18 actions · 33 effort points (12 S, 7 M)" */
export function pathSize(path: CheapestPath): string {
  const counts = (['S', 'M', 'L'] as const).filter((effort) => path.effortCounts[effort] > 0).map((effort) => `${path.effortCounts[effort]} ${effort}`);
  return `${plural(path.actions.length, 'action')} · ${plural(path.cost, 'effort point')}${counts.length > 0 ? ` (${counts.join(', ')})` : ''}`;
}

/** One line on a step's plan: what happens to it and why. */
export function stepPlanNote(plan: StepPlan): string {
  const unknown = plan.findOut.length > 0 ? ` · ${plural(plan.findOut.length, 'answer')} still unknown could move it` : '';
  const critical = plan.criticalRequired.length > 0 ? ` · must meet ${plan.criticalRequired.map((id) => safeText(id)).join(', ')}` : '';
  switch (plan.status) {
    case 'unreachable':
      return `cannot reach it: the best the rubric's actions get is ${plan.best} (${plural(plan.cost, 'effort point')})`;
    case 'find-out-first':
      return `find out ${plural(plan.findOut.length, 'unknown answer')} first: on the known answers the best is ${plan.best}`;
    case 'planned':
      return `${plural(plan.actions.length, 'action')}, ${plural(plan.cost, 'effort point')}${plan.forOverall ? ' (for the overall target)' : ''}${critical}${unknown}`;
    case 'at-target':
      return `on target${unknown}`;
    default:
      return '';
  }
}

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

/** Phase headings, shared by every format. */
export const PHASE_TITLES = {
  now: { title: 'Now', blurb: 'blockers, answers to find out, quick wins' },
  next: { title: 'Next', blurb: 'the rest of the path to target' },
  later: { title: 'Later', blurb: 'beyond the targets' },
} as const;

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

// ── Text helpers ────────────────────────────────────────────────────────────────────────────────────────────────────

/** Wraps a line to `width` visible columns, keeping its leading spaces and indenting continuation lines by `indent`. */
export function wrap(text: string, width: number, indent: number): string {
  const lead = /^ */.exec(text)![0];
  return wrapAligned(lead + text.slice(lead.length).replace(/ +/g, ' '), width, indent);
}

/** Like `wrap`, but keeps the runs of spaces inside the line (for text aligned in columns). */
export function wrapAligned(text: string, width: number, indent: number): string {
  const lead = /^ */.exec(text)![0];
  // Words and the runs of spaces between them alternate: even indexes are words, odd ones spaces.
  const tokens = text.slice(lead.length).split(/( +)/);
  const lines: string[] = [];
  let current = lead;
  let currentWidth = lead.length;
  let atStart = true;
  for (let index = 0; index < tokens.length; index += 2) {
    const word = tokens[index]!;
    if (word === '') continue;
    const space = index > 0 ? tokens[index - 1]! : '';
    // A word longer than a whole line (a URL, hostile text) is cut into pieces that fit.
    if (visibleWidth(word) > width - indent && !word.includes('\u001b')) {
      const pieces = chunk(word, Math.max(1, width - indent));
      tokens.splice(index, 1, ...pieces.flatMap((piece, at) => (at === 0 ? [piece] : ['', piece])));
      index -= 2;
      continue;
    }
    const wordWidth = visibleWidth(word);
    if (!atStart && currentWidth + space.length + wordWidth > width) {
      lines.push(current);
      current = ' '.repeat(indent) + word;
      currentWidth = indent + wordWidth;
    } else {
      current += atStart ? word : space + word;
      currentWidth += (atStart ? 0 : space.length) + wordWidth;
    }
    atStart = false;
  }
  lines.push(current);
  return lines.join('\n');
}

/** Wraps a "part · part · part" line between its parts where it can (a part longer than a line is word-wrapped). */
export function wrapParts(text: string, width: number, indent: number, separator = ' · '): string {
  const parts = text.split(separator);
  const lines: string[] = [];
  let current = '';
  for (const part of parts) {
    const candidate = current === '' ? part : `${current}${separator}${part}`;
    const prefix = lines.length === 0 ? '' : ' '.repeat(indent);
    if (current !== '' && visibleWidth(prefix + candidate) > width) {
      lines.push(prefix + current + separator.trimEnd());
      current = part;
    } else current = candidate;
  }
  lines.push((lines.length === 0 ? '' : ' '.repeat(indent)) + current);
  return lines.map((line) => (visibleWidth(line) > width ? wrap(line, width, indent) : line)).join('\n');
}

/** Columns a string takes, ignoring colour escapes. */
export function visibleWidth(text: string): number {
  // eslint-disable-next-line no-control-regex
  return [...text.replace(/\u001b\[[0-9;]*m/g, '')].length;
}

function chunk(text: string, size: number): string[] {
  const characters = [...text];
  const pieces: string[] = [];
  for (let at = 0; at < characters.length; at += size) pieces.push(characters.slice(at, at + size).join(''));
  return pieces;
}

function truncate(text: string, width: number): string {
  return [...text].length <= width ? text : `${[...text].slice(0, width - 1).join('')}…`;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
