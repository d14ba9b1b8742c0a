// The terminal gap report: verdict first, then where (a table with a bar per step), then what to do (critical items,
// the cheapest path, the roadmap). Returns a string; fits `width` columns and reads the same without colour.
import { claimsForTerminal } from './claims.js';
import type { CheapestPath } from '../core/cheapest-path.js';
import { groupNearDuplicates, type Roadmap, type RoadmapItem } from '../core/roadmap.js';
import { formatRange, formatScore } from '../core/display.js';
import type { DiscussItem, Gap, Report, StepResult } from '../core/score.js';
import { safeText } from './channels.js';
import {
  clamp,
  headerLine,
  impactText,
  pathSize,
  PHASE_TITLES,
  plural,
  searchBoundNote,
  stepPlanNote,
  targetPlanNote,
  summaryLine,
  truncate,
  verdictLine,
  visibleWidth,
  wrap,
  wrapAligned,
  wrapParts,
} from './text.js';

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
  /**
   * Everything (--full): every critical item, the answers to discuss, the cheapest path step by step and the whole
   * roadmap. Without it the report fits an 80×40 terminal: verdict, table, critical items and the first five actions.
   */
  full?: boolean;
  /** The command that re-asks a step, for the hint under the answers to discuss. */
  settleCommand?: string;
}

/**
 * The default (not --full) report: how many actions and critical items it lists, and the lines it aims to fit in (an
 * 80×40 screen less the blank line, the four lines of hints and the prompt that `assess` prints after it).
 */
export const SHORT_REPORT = { actions: 5, critical: 3, lines: 34 } as const;

/** The bar glyphs: score, range below the score, range above it, room to 100, target marker. */
export const BAR = { score: '█', lower: '▓', higher: '░', empty: '·', target: '┃' } as const;

/** `report --format table`. */
export const renderReportTable: Renderer<ReportView> = (
  { report, roadmap, title, settleCommand, claims, full },
  context,
) =>
  renderTerminalReport(report, {
    ...context,
    roadmap,
    ...(title !== undefined && { title }),
    ...(settleCommand !== undefined && { settleCommand }),
    ...(full && { full }),
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

  const full = options.full === true;
  const critical = criticalItems(report);
  const criticalBlock = (each: 1 | 2 | 'all') => {
    if (critical.length === 0) return [];
    const shown = full ? critical : critical.slice(0, SHORT_REPORT.critical);
    const block = [theme.bold('Critical, not met')];
    for (const gap of shown) block.push(...criticalLine(report, gap, width, each, theme));
    const more = critical.length - shown.length;
    if (more > 0) block.push(theme.dim(`  … and ${plural(more, 'more critical item')}`));
    return [...block, ''];
  };
  const top = lines.length;
  lines.push(...criticalBlock(full ? 'all' : critical.length <= 2 ? 2 : 1));
  const criticalEnd = lines.length;
  if (full && report.discuss) {
    lines.push(...discussLines(report, report.discuss, width, theme, options.settleCommand), '');
  }

  const roadmap = options.roadmap;
  if (roadmap && full) {
    if (roadmap.path) lines.push(...pathLines(roadmap.path, theme, width), '');
    lines.push(...roadmapLines(roadmap, theme, width));
  } else if (roadmap) lines.push(...nextActions(report, roadmap, critical.length, theme, width));
  else if (report.gaps.length === 0) lines.push(theme.good('No open gaps: every applicable answer is at its best.'));
  else {
    // Callers without a roadmap get the ranked gaps, as before the roadmap existed.
    const actions = report.gaps.slice(0, 5);
    lines.push(theme.bold(`Next actions (${actions.length} of ${report.gaps.length}, biggest gap first)`));
    for (const [index, gap] of actions.entries()) {
      const tag = gap.kind === 'unknown' ? '?' : gap.critical ? '!' : ' ';
      const gain = gap.overallPoints > 0 ? ` (+${gap.overallPoints} overall)` : '';
      lines.push(
        wrap(
          `  ${String(index + 1).padStart(2)}. [${gap.action.effort}]${tag} ${safeText(gap.stepId)}: ${safeText(gap.action.text)}${gain}`,
          width,
          10,
        ),
      );
    }
  }
  while (lines.at(-1) === '') lines.pop();
  // Over the short report's budget: one line per critical item (the header's extra lines do not count).
  const count = (parts: readonly string[]) => parts.join('\n').split('\n').length;
  const headerLines = count(lines.slice(0, lines.indexOf('')));
  const over = count(lines) - Math.max(0, headerLines - 2) > SHORT_REPORT.lines;
  if (!full && critical.length > 0 && critical.length <= 2 && over) {
    lines.splice(top, criticalEnd - top, ...criticalBlock(1));
  }
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
    {
      head: 'step',
      width: titleWidth,
      align: 'left',
      cell: (step) => ({ text: truncate(safeText(step.title), titleWidth) }),
    },
    {
      head: 'score',
      width: 5,
      align: 'right',
      cell: (step) => ({ text: step.applicable ? formatScore(step.scoreExact, report.display) : 'n/a' }),
    },
  ];
  if (hasRange)
    columns.push({
      head: 'range',
      width: rangeWidth,
      align: 'right',
      optional: 2,
      cell: (step) => ({ text: rangeText(step, report), paint: theme.warn }),
    });
  columns.push({
    head: 'level',
    width: levelWidth,
    align: 'left',
    optional: 1,
    cell: (step) => ({ text: `${safeText(step.levelName)}${flag(step)}`, ...(flag(step) && { paint: theme.bad }) }),
  });
  if (hasTargets) {
    columns.push({
      head: 'target',
      width: targetWidth,
      align: 'left',
      cell: (step) => ({ text: safeText(step.targetName ?? '—') }),
    });
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
    columns[0] = {
      ...columns[0]!,
      cell: (step) => ({ text: `${truncate(safeText(step.title), titleWidth - flag(step).length)}${flag(step)}` }),
    };
  }
  // Still too wide (a very narrow terminal): shorten the step titles, then the target names.
  for (const head of ['step', 'target']) {
    const column = columns.find((candidate) => candidate.head === head);
    const overflow = used() - width;
    if (!column || overflow <= 0) continue;
    const narrower = Math.max(head === 'step' ? 8 : 6, column.width - overflow);
    const cell = column.cell;
    const shorten = (text: string, suffix: string) =>
      `${truncate(text.slice(0, text.length - suffix.length), narrower - suffix.length)}${suffix}`;
    columns[columns.indexOf(column)] = {
      ...column,
      width: narrower,
      cell: (step) => ({ ...cell(step), text: shorten(cell(step).text, head === 'step' ? flag(step) : '') }),
    };
  }
  const barWidth = Math.min(40, width - used());
  const showBar = barWidth >= 10;

  const pad = (text: string, column: Column) =>
    column.align === 'right' ? text.padStart(column.width) : text.padEnd(column.width);
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
    if (hasRange) legend.push(`${BAR.lower}${BAR.higher} range while answers are unknown`);
    if (hasTargets) legend.push(`${BAR.target} target`);
    if (report.steps.some((step) => step.status === 'undetermined'))
      legend.push('?N target undetermined: N unknown answers decide it');
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
  const target =
    step.targetScore !== undefined && step.targetScore > 0 ? Math.min(width - 1, cell(step.targetScore)) : -1;
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
    glyph === BAR.score
      ? step.meetsTarget === false
        ? theme.bad
        : theme.good
      : glyph === BAR.target
        ? theme.bold
        : glyph === BAR.empty
          ? theme.dim
          : theme.warn;
  return glyphs
    .join('')
    .replace(
      new RegExp(`([${BAR.score}]+|[${BAR.lower}]+|[${BAR.higher}]+|[${BAR.empty}]+|${BAR.target})`, 'g'),
      (run) => paint(run[0]!)(run),
    );
}

// ── Critical items ──────────────────────────────────────────────────────────────────────────────────────────────────

/** The critical items not met (an unknown answer counts), each question once, in the order of the gaps. */
function criticalItems(report: Report): Gap[] {
  const seen = new Set<string>();
  return report.gaps.filter((gap) => {
    const step = report.steps.find((candidate) => candidate.id === gap.stepId);
    const unmet = gap.critical && (gap.kind === 'unknown' || step?.criticalUnmet.includes(gap.questionId));
    if (!unmet || seen.has(gap.questionId)) return false;
    seen.add(gap.questionId);
    return true;
  });
}

/**
 * "! Reliability: Are model endpoints… → now: unknown" in `lines` lines at most (1 or 2; 2 means the whole text in
 * --full); the short report gives each item one line when there are three to show.
 */
function criticalLine(report: Report, gap: Gap, width: number, lines: 1 | 2 | 'all', theme: Theme): string[] {
  const step = report.steps.find((candidate) => candidate.id === gap.stepId)!;
  const head = `  ${theme.bad('!')} ${safeText(step.title)}: `;
  const now = ` → now: ${safeText(gap.current)}`;
  // In full, or where a line is too narrow to cut anything: the whole text.
  if (lines === 'all' || width < 70) return [wrap(`${head}${safeText(gap.prompt)}${now}`, width, 4)];
  if (lines === 2) return [fitLines(head, safeText(gap.prompt), now, width, 4, 2)];
  // One line: the answer keeps up to half the room left after the step's title, the question the rest.
  const room = width - visibleWidth(head) - ' → now: '.length;
  const prompt = safeText(gap.prompt);
  const answer = cutWords(safeText(gap.current), Math.max(Math.floor(room / 2), room - [...prompt].length));
  return [`${head}${cutWords(prompt, room - [...answer].length)} → now: ${answer}`];
}

/** `text` cut at a word (an ellipsis marks the cut) to at most `max` characters; a long first word is cut inside. */
function cutWords(text: string, max: number): string {
  const characters = [...text];
  if (characters.length <= max) return text;
  const words = text.split(' ');
  let kept = '';
  for (const word of words) {
    const next = kept === '' ? word : `${kept} ${word}`;
    if ([...next].length + 1 > max) break;
    kept = next;
  }
  return kept === '' ? `${characters.slice(0, Math.max(0, max - 1)).join('')}…` : `${kept.replace(/[,;:.]$/, '')}…`;
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
  const out = [
    visibleWidth(`${title} · ${blurb}`) <= width
      ? `${theme.bold(title)}${theme.dim(` · ${blurb}`)}`
      : `${theme.bold(title)}\n${theme.dim(wrap(`  ${blurb}`, width, 2))}`,
  ];
  for (const item of items) {
    const step = report.steps.find((candidate) => candidate.id === item.stepId);
    const head = `  ${theme.warn('?')} ${safeText(step?.title ?? item.stepId)}${item.critical ? ' (critical)' : ''}: `;
    out.push(
      wrap(`${head}${safeText(item.prompt)}`, width, 6),
      wrap(`      ${safeText(item.text)} · for now: ${safeText(item.current)}`, width, 8),
    );
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
  const shown = path.steps.filter(
    (plan) => plan.status !== 'at-target' && plan.status !== 'no-target' && plan.status !== 'not-applicable',
  );
  const groups = (path.groups ?? []).filter((plan) => plan.status !== 'at-target');
  const titleWidth = clamp(
    Math.max(
      7,
      ...shown.map((plan) => safeText(plan.title).length),
      ...groups.map((plan) => safeText(plan.title).length + 8),
    ),
    7,
    groups.length > 0 ? 24 : 16,
  );
  // Continuation lines hang under the note, unless that leaves too little room on a narrow terminal.
  const hang = width - (titleWidth + 13) >= 50 ? titleWidth + 13 : 6;
  for (const plan of shown) {
    const arrow = `${String(plan.score).padStart(3)} → ${String(plan.reached).padEnd(3)}`;
    const target = plan.target ? `${safeText(plan.target.label)} (${plan.target.score})` : '';
    // The critical questions by count, not by id (they are listed above, by their wording).
    const required = plan.criticalRequired.map((id) => safeText(id)).join(', ');
    const count = plural(plan.criticalRequired.length, 'critical item');
    const note =
      required === '' ? stepPlanNote(plan) : stepPlanNote(plan).replace(`must meet ${required}`, `must meet ${count}`);
    const paint =
      plan.status === 'unreachable'
        ? theme.bad
        : plan.status === 'find-out-first'
          ? theme.warn
          : (text: string) => text;
    out.push(
      wrapAligned(
        `  ${truncate(safeText(plan.title), titleWidth).padEnd(titleWidth)} ${arrow} ${target}: ${paint(note)}`,
        width,
        hang,
      ),
    );
  }
  // Step groups whose target is not met yet: the mean of their steps, as the overall line below.
  for (const group of groups) {
    const state = group.status === 'unreachable' ? theme.bad(targetPlanNote(group)) : targetPlanNote(group);
    out.push(
      wrapAligned(
        `  ${truncate(`${safeText(group.title)} (group)`, titleWidth).padEnd(titleWidth)} ${String(group.score).padStart(3)} → ${String(group.reached).padEnd(3)} ${safeText(group.target.label)} (${group.target.score}): ${state}`,
        width,
        hang,
      ),
    );
  }
  const overall = path.overall;
  if (overall.target) {
    const state =
      overall.status === 'unreachable'
        ? theme.bad(`cannot reach it: the best is ${overall.best}`)
        : overall.status === 'at-target'
          ? 'met already'
          : 'met on the way';
    out.push(
      wrapAligned(
        `  ${'Overall'.padEnd(titleWidth)} ${String(overall.score).padStart(3)} → ${String(overall.reached).padEnd(3)} ${safeText(overall.target.label)} (${overall.target.score}): ${state}`,
        width,
        hang,
      ),
    );
  }
  const onTarget = path.steps.filter((plan) => plan.status === 'at-target').length;
  const notes = [`effort points: S = ${path.costs.S}, M = ${path.costs.M}, L = ${path.costs.L}`];
  if (onTarget > 0) notes.push(`${plural(onTarget, 'step')} already on target`);
  if (path.assumedWorst.length > 0)
    notes.push(`${plural(path.assumedWorst.length, 'unknown critical answer')} budgeted from the worst case`);
  if (!path.verified) notes.push('some actions change which questions apply: re-run after acting');
  out.push(theme.dim(wrap(`  ${notes.join(' · ')}`, width, 2)));
  const bound = searchBoundNote(path);
  if (bound) out.push(theme.warn(wrap(`  ${bound}`, width, 2)));
  return out;
}

// ── The roadmap ─────────────────────────────────────────────────────────────────────────────────────────────────────

/** The whole roadmap (--full): every phase, every item, near-duplicates gathered under their first item. */
function roadmapLines(roadmap: Roadmap, theme: Theme, width: number): string[] {
  const total = roadmap.now.length + roadmap.next.length + roadmap.later.length;
  if (total === 0) return [theme.good('No open gaps: every applicable answer is at its best.')];
  const out = [theme.bold('Roadmap')];
  let rank = 0;
  for (const phase of ['now', 'next', 'later'] as const) {
    const items = roadmap[phase];
    if (items.length === 0) continue;
    const { title, blurb } = PHASE_TITLES[phase];
    const about =
      !roadmap.path && phase === 'next'
        ? 'quick wins and answers to find out'
        : roadmap.path && phase === 'later'
          ? `${blurb}, and steps already on target`
          : blurb;
    out.push(wrap(` ${theme.bold(title)}: ${about} (${items.length})`, width, 3));
    for (const entry of roadmapEntries(items, true)) out.push(...entryLines(++rank, entry, theme, width, true));
  }
  return out;
}

/** One numbered line of the roadmap: a group of near-duplicate actions, or the unknown answers to find out. */
type Entry = { kind: 'actions'; items: RoadmapItem[] } | { kind: 'find-outs'; items: RoadmapItem[] };

/** A phase's items as entries: near-duplicates grouped, and (more than three of them) the plain find-outs as one. */
function roadmapEntries(items: readonly RoadmapItem[], gatherFindOuts: boolean): Entry[] {
  const findOuts = items.filter((item) => item.kind === 'find-out' && !item.critical);
  const gathered = gatherFindOuts && findOuts.length > 3;
  const entries: Entry[] = [];
  let findOutsPlaced = false;
  for (const group of groupNearDuplicates(items)) {
    if (gathered && findOuts.includes(group[0]!)) {
      if (!findOutsPlaced) entries.push({ kind: 'find-outs', items: findOuts });
      findOutsPlaced = true;
    } else entries.push({ kind: 'actions', items: group });
  }
  // Find-outs gathered after the actions of their phase, as one task.
  if (!gathered) return entries;
  const actions = entries.filter((entry) => entry.kind === 'actions');
  return [...actions, ...entries.filter((entry) => entry.kind === 'find-outs')];
}

function entryLines(rank: number, entry: Entry, theme: Theme, width: number, full: boolean): string[] {
  const number = `  ${String(rank).padStart(2)}. `;
  if (entry.kind === 'find-outs') {
    const head = `${number}[S]? Find out ${plural(entry.items.length, 'unknown answer')}: ${countByStep(entry.items)}`;
    const lines = [wrap(head, width, 12)];
    if (!full) return lines;
    for (const item of entry.items) {
      lines.push(wrap(`${' '.repeat(12)}${safeText(item.stepTitle)}: ${safeText(item.prompt)}`, width, 14));
    }
    return lines;
  }
  const [lead, ...rest] = entry.items as [RoadmapItem, ...RoadmapItem[]];
  if (!full) {
    // Two lines at most (three on a narrow terminal), so five actions fit on one screen; --full gives the whole text.
    const sameQuestion = rest.every((item) => item.questionId === lead.questionId);
    const efforts = rest.map((item) => item.effort).join(', ');
    const others = ` · also for ${plural(rest.length, 'other question')}`;
    const more = rest.length === 0 ? '' : sameQuestion ? ` · then ${rest.length} more (${efforts})` : others;
    const tag = lead.critical ? theme.bad('!') : lead.kind === 'find-out' ? '?' : ' ';
    const body = lead.kind === 'find-out' ? `Find out: ${safeText(lead.prompt)}` : safeText(lead.action.text);
    const impact = lead.kind === 'find-out' ? '' : impactText(lead);
    const gain = impact === '' ? '' : ` (${impact})`;
    const head = `${number}[${lead.effort}]${tag} ${safeText(lead.stepTitle)}: `;
    return [fitLines(head, body, theme.dim(`${gain}${more}`), width, 12, width < 70 ? 3 : 2)];
  }
  const lines = [wrapAligned(`${number}${itemText(lead, theme)}`, width, 12)];
  for (const item of rest) {
    const where = item.stepId === lead.stepId ? '' : `${safeText(item.stepTitle)}: `;
    const also = item.questionId === lead.questionId ? 'then' : 'also';
    lines.push(wrapAligned(`${' '.repeat(12)}${also} [${item.effort}] ${where}${itemBody(item, theme)}`, width, 14));
  }
  return lines;
}

/**
 * `head` + `body` + `tail` wrapped in at most `maxLines` lines (continuations indented by `indent`): words are taken
 * off the end of `body` (an ellipsis marks the cut) until it fits; `head` and `tail` are kept whole.
 */
export function fitLines(head: string, body: string, tail: string, width: number, indent: number, maxLines: number) {
  const words = body.split(' ');
  for (let count = words.length; count > 0; count--) {
    const text =
      count === words.length
        ? body
        : `${words
            .slice(0, count)
            .join(' ')
            .replace(/[,;:.]$/, '')}…`;
    const wrapped = wrapAligned(`${head}${text}${tail}`, width, indent);
    if (wrapped.split('\n').length <= maxLines) return wrapped;
  }
  return wrapAligned(`${head}…${tail}`, width, indent);
}

/** "[S]! Compute plan: Split last month's inference cost… (+6 points on Compute plan)" */
function itemText(item: RoadmapItem, theme: Theme): string {
  const tag = item.critical ? theme.bad('!') : item.kind === 'find-out' ? '?' : ' ';
  return `[${item.effort}]${tag} ${safeText(item.stepTitle)}: ${itemBody(item, theme)}`;
}

function itemBody(item: RoadmapItem, theme: Theme): string {
  const impact = item.kind === 'find-out' ? '' : impactText(item);
  const gain = impact === '' ? '' : theme.dim(` (${impact})`);
  return `${item.kind === 'find-out' ? `Find out: ${safeText(item.prompt)}` : safeText(item.action.text)}${gain}`;
}

/** "Wedge 4, Partnerships 3" */
function countByStep(items: readonly RoadmapItem[]): string {
  const byStep = new Map<string, number>();
  for (const item of items) byStep.set(item.stepTitle, (byStep.get(item.stepTitle) ?? 0) + 1);
  return [...byStep].map(([title, count]) => `${safeText(title)} ${count}`).join(', ');
}

/**
 * The default report's to-do list: the first five entries of the roadmap (targets first), under one line saying what
 * the cheapest path costs, and a last line saying what --full adds.
 */
function nextActions(report: Report, roadmap: Roadmap, criticalCount: number, theme: Theme, width: number): string[] {
  const entries = (['now', 'next', 'later'] as const).flatMap((phase) =>
    roadmapEntries(roadmap[phase], true).map((entry) => ({ phase, entry })),
  );
  if (entries.length === 0) return [theme.good('No open gaps: every applicable answer is at its best.')];
  const path = roadmap.path;
  const aim = !path
    ? 'biggest gain for the effort first'
    : path.status === 'at-target'
      ? 'every target is met: beyond the targets'
      : path.status === 'unreachable'
        ? `toward ${safeText(path.targets.description)}: not every target can be reached`
        : path.status === 'find-out-first'
          ? `toward ${safeText(path.targets.description)}: find unknown answers out first`
          : `cheapest path to ${safeText(path.targets.description)}: ${pathSize(path)}`;
  const out = [theme.bold(wrap(`Next actions · ${aim}`, width, 2))];
  const shown = entries.slice(0, SHORT_REPORT.actions);
  for (const [index, { phase, entry }] of shown.entries()) {
    // What serves no target comes last, under a line that says so (unless nothing serves a target).
    if (phase === 'later' && index > 0 && shown[index - 1]!.phase !== 'later') {
      const later = path ? 'steps on target or beyond the targets' : PHASE_TITLES.later.blurb;
      out.push(theme.dim(wrap(`  Later: ${later}`, width, 4)));
    }
    out.push(...entryLines(index + 1, entry, theme, width, false));
  }
  const total = roadmap.now.length + roadmap.next.length + roadmap.later.length;
  const listed = shown.reduce((sum, { entry }) => sum + entry.items.length, 0);
  const more = [
    total > listed && plural(total - listed, 'more action'),
    path && path.status !== 'at-target' && 'the cheapest path step by step',
    criticalCount > SHORT_REPORT.critical && 'every critical item',
    report.discuss && `${plural(report.discuss.length, 'answer')} to discuss`,
  ].filter(Boolean);
  if (more.length > 0) out.push(theme.dim(wrap(`  --full adds ${joinAnd(more as string[])}.`, width, 4)));
  return out;
}

function joinAnd(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}
