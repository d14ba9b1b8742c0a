// Text shared by every renderer: the phrases each format shows (header, verdict, summary, path size, phase titles),
// wrapping to a width, and small word helpers. File text in the phrases is cleaned for the terminal (see ./channels.ts);
// formats with markup escape the phrase on top.
import type { CheapestPath, OverallPlan, StepPlan } from '../core/cheapest-path.js';
import { formatRange, formatScore, scaleSuffix } from '../core/display.js';
import type { TargetStatus } from '../core/levels.js';
import type { Report } from '../core/score.js';
import { safeText } from './channels.js';

// ── Phrases ─────────────────────────────────────────────────────────────────────────────────────────────────────────

/** "scaleplay · Team · Product · stage: x · Rubric v1 · date" */
export function headerLine(report: Report): string {
  const who = [report.team, report.product]
    .filter(Boolean)
    .map((text) => safeText(text!))
    .join(' · ');
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
  const target = overall.targetName
    ? ` · target for ${safeText(report.stage ?? '')}: ${safeText(overall.targetName)}${statusNote(overall)}`
    : '';
  const score = `${formatScore(overall.scoreExact, report.display)}${scaleSuffix(report.display)}`;
  return `Overall ${score} · level ${safeText(overall.levelName)}${target}`;
}

/** " (met)", " (undetermined: 3 unknown answers decide it)" or "" (below), after a target. */
export function statusNote(scores: { status?: TargetStatus; undecidedBy?: number }): string {
  if (scores.status === 'met') return ' (met)';
  if (scores.status !== 'undetermined') return '';
  const count = scores.undecidedBy ?? 0;
  return ` (undetermined: ${plural(count, 'unknown answer')} decide${count === 1 ? 's' : ''} it)`;
}

/** The steps whose target status is this: below (even their best case misses the target), undetermined or met. */
export function countStatus(report: Report, status: TargetStatus): number {
  return report.steps.filter((step) => step.status === status).length;
}

/** "3 of 6 steps below target · 2 critical items unmet · 4 unknown (score could be 49–61)" */
export function summaryLine(report: Report): string {
  const { overall } = report;
  const criticalUnmet = report.steps.reduce(
    (sum, step) => sum + step.criticalUnmet.length + step.criticalUnknown.length,
    0,
  );
  const open = overall.unknown + overall.unanswered;
  const parts = [
    report.stage
      ? `${countStatus(report, 'below')} of ${report.steps.length} steps below target`
      : 'no stage set: add `stage:` for targets',
    `${criticalUnmet} critical item${criticalUnmet === 1 ? '' : 's'} unmet`,
  ];
  if (open > 0) {
    const what = [
      overall.unknown > 0 && `${overall.unknown} unknown`,
      overall.unanswered > 0 && `${overall.unanswered} unanswered`,
    ]
      .filter(Boolean)
      .join(', ');
    parts.push(`${what} (score could be ${formatRange(overall.lowExact, overall.highExact, report.display)})`);
  }
  const undetermined = countStatus(report, 'undetermined');
  if (undetermined > 0) parts.push(`${plural(undetermined, 'step')} undetermined`);
  if (report.discuss) parts.push(`${plural(report.discuss.length, 'answer')} to discuss`);
  return parts.join(' · ');
}

/** "18 actions · 33 effort points (12 S, 7 M)" */
export function pathSize(path: CheapestPath): string {
  const counts = (['S', 'M', 'L'] as const)
    .filter((effort) => path.effortCounts[effort] > 0)
    .map((effort) => `${path.effortCounts[effort]} ${effort}`);
  return `${plural(path.actions.length, 'action')} · ${plural(path.cost, 'effort point')}${counts.length > 0 ? ` (${counts.join(', ')})` : ''}`;
}

/** One line on a step's plan: what happens to it and why (the critical items it must meet by id, or as `nameCritical` says). */
/** How a group's or the overall target fares on the path: "met already", "met on the way" or why not. */
export function targetPlanNote(plan: OverallPlan): string {
  return plan.status === 'unreachable'
    ? `cannot be reached: the best is ${plan.best}`
    : plan.status === 'at-target'
      ? 'met already'
      : 'met on the way';
}

/** What a bounded cheapest path did not weigh (the rubric was too large to weigh every plan), or undefined. */
export function searchBoundNote(path: CheapestPath): string | undefined {
  if (path.searchBound === undefined) return undefined;
  return `The rubric is too large to weigh every plan: only plans of up to ${plural(path.searchBound, 'effort point')} a step were weighed, so a cheaper mix may exist and a step shown out of reach may be reachable with more effort.`;
}

export function stepPlanNote(plan: StepPlan, nameCritical?: (ids: readonly string[]) => string): string {
  const unknown =
    plan.findOut.length > 0 ? ` · ${plural(plan.findOut.length, 'answer')} still unknown could move it` : '';
  const named = nameCritical
    ? nameCritical(plan.criticalRequired)
    : plan.criticalRequired.map((id) => safeText(id)).join(', ');
  const critical = plan.criticalRequired.length > 0 ? ` · must meet ${named}` : '';
  switch (plan.status) {
    case 'unreachable':
      return `cannot reach it: the best the rubric's actions get is ${plan.best} (${plural(plan.cost, 'effort point')})`;
    case 'find-out-first':
      return `find out ${plural(plan.findOut.length, 'unknown answer')} first: on the known answers the best is ${plan.best}`;
    case 'planned':
      return `${plural(plan.actions.length, 'action')}, ${plural(plan.cost, 'effort point')}${plan.forGroup !== undefined ? ` (for the ${safeText(plan.forGroup)} target)` : plan.forOverall ? ' (for the overall target)' : ''}${critical}${unknown}`;
    case 'at-target':
      return `on target${unknown}`;
    default:
      return '';
  }
}

/** Phase headings, shared by every format. */
export const PHASE_TITLES = {
  now: { title: 'Now', blurb: 'blockers, answers to find out, quick wins' },
  next: { title: 'Next', blurb: 'the rest of the path to target' },
  later: { title: 'Later', blurb: 'beyond the targets' },
} as const;

// ── Wrapping and words ───────────────────────────────────────────────────────────────────────────────────────────────────

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

/** Cuts `text` to `width` characters with an ellipsis. */
export function truncate(text: string, width: number): string {
  return [...text].length <= width ? text : `${[...text].slice(0, width - 1).join('')}…`;
}

/** `value` held between `low` and `high`. */
export function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** "1 action", "3 actions". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * What an action is worth, with its unit and rounded to what matters: "+12 points on Reliability", "+3 points on
 * Wedge" (the overall gain only from two whole points, as smaller is noise), "under 1 point on Wedge"; a find-out reads "up to ±8
 * points on Reliability". Empty when the action moves no score (e.g. a step held down by a critical item).
 */
export function impactText(item: {
  kind: 'improve' | 'find-out';
  stepPoints: number;
  overallPoints: number;
  stepTitle: string;
}): string {
  const points = (value: number) => `${value} point${value === 1 ? '' : 's'}`;
  const step = Math.round(item.stepPoints);
  if (item.kind === 'find-out')
    return item.stepPoints > 0 ? `up to ±${points(Math.max(1, step))} on ${item.stepTitle}` : '';
  if (item.stepPoints <= 0) return '';
  const overall = Math.round(item.overallPoints);
  const onStep = step >= 1 ? `+${points(step)} on ${item.stepTitle}` : `under 1 point on ${item.stepTitle}`;
  return overall >= 2 ? `${onStep}, +${overall} overall` : onStep;
}

/** A plan status in words. */
export function planStatusText(status: 'todo' | 'doing' | 'done'): string {
  return status === 'todo' ? 'To do' : status === 'doing' ? 'In progress' : 'Done';
}
