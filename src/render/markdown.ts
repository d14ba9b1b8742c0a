// GitHub-flavoured Markdown: renders as a pull-request comment or a CI step summary ($GITHUB_STEP_SUMMARY).
// Verdict first, a table with a status per step, the critical items, the cheapest path and the roadmap (long lists
// folded in <details>). Every string from a file is escaped with mdEscape.
import { claimsForMarkdown } from './claims.js';
import type { CheapestPath, PathAction } from '../core/cheapest-path.js';
import type { PlanEntry } from '../core/model.js';
import type { Roadmap, RoadmapItem } from '../core/roadmap.js';
import type { QuestionResult, Report, StepResult } from '../core/score.js';
import { formatRange, formatScore } from '../core/display.js';
import type { TargetStatus } from '../core/levels.js';
import { mdEscape } from './channels.js';
import type { Renderer, ReportView } from './renderer.js';
import {
  PHASE_TITLES,
  headerLine,
  impactText,
  pathSize,
  planStatusText,
  stepPlanNote,
  summaryLine,
  verdictLine,
  searchBoundNote,
  targetPlanNote,
} from './text.js';

export { mdEscape } from './channels.js';

export interface MarkdownOptions {
  roadmap?: Roadmap;
  title?: string;
  /** How many items of a roadmap phase to show before folding the rest. */
  shown?: number;
  /** The team's plan (the answers file's `plan:`), by question id. */
  plan?: Record<string, PlanEntry>;
}

/** `report --format md`. */
export const renderReportMarkdown: Renderer<ReportView> = ({ report, roadmap, title, claims, plan }) =>
  renderMarkdownReport(report, { roadmap, ...(title !== undefined && { title }), ...(plan && { plan }) }) +
  (claims ? claimsForMarkdown(claims, report) : '');

/** Renders the gap report as Markdown. */
export function renderMarkdownReport(report: Report, options: MarkdownOptions = {}): string {
  const lines: string[] = [];
  const who = [report.team, report.product].filter(Boolean).join(' · ');
  const overallStatus = report.overall.status;
  const status =
    overallStatus === undefined
      ? ''
      : overallStatus === 'met'
        ? ' ✅'
        : overallStatus === 'undetermined'
          ? ' ❔'
          : ' ❌';
  lines.push(`## ${mdEscape(options.title ?? (who || report.rubric.title))}`, '');
  lines.push(`**${mdEscape(verdictLine(report))}**${status}  `, mdEscape(summaryLine(report)), '');
  lines.push(`<sub>${mdEscape(headerLine(report))}</sub>`, '');

  const hasRange = report.steps.some((step) => step.applicable && step.low !== step.high);
  lines.push(
    `| Step | Score |${hasRange ? ' Range |' : ''} Level | Target | Gap | Status |`,
    `|---|---:|${hasRange ? '---:|' : ''}---|---|---:|---|`,
  );
  for (const step of report.steps) {
    const range = hasRange
      ? ` ${step.applicable && step.low !== step.high ? formatRange(step.lowExact, step.highExact, report.display) : ''} |`
      : '';
    const gap = step.gap === undefined || !step.applicable ? '' : step.gap >= 0 ? `+${step.gap}` : `−${-step.gap}`;
    const flag = step.criticalUnmet.length + step.criticalUnknown.length > 0 ? ' ⚠️' : '';
    lines.push(
      `| ${mdEscape(step.title)} | ${step.applicable ? formatScore(step.scoreExact, report.display) : 'n/a'} |${range} ${mdEscape(step.levelName)}${flag} | ${mdEscape(step.targetName ?? '—')} | ${gap} | ${stepStatus(step)} |`,
    );
  }
  const legend = [
    hasRange && 'Range: worst–best case of the unknown answers',
    report.steps.some((step) => step.criticalUnmet.length + step.criticalUnknown.length > 0) &&
      '⚠️ a critical item is not met',
  ].filter(Boolean);
  if (legend.length > 0) lines.push('', `<sub>${legend.join(' · ')}</sub>`);
  if (report.groups) lines.push('', ...groupSection(report));

  const critical = report.steps.flatMap((step) =>
    step.questions
      .filter((question) => step.criticalUnmet.includes(question.id) || step.criticalUnknown.includes(question.id))
      .map((question) => ({ step, question })),
  );
  if (critical.length > 0) {
    lines.push('', '### Critical, not met', '');
    for (const { step, question } of critical)
      lines.push(
        `- ⚠️ **${mdEscape(step.title)}**: ${mdEscape(question.prompt)} (now: ${mdEscape(question.answerText)})`,
      );
  }
  if (report.discuss) lines.push('', ...discussSection(report));
  lines.push(...criteriaSection(report));

  const path = options.roadmap?.path;
  if (path) lines.push('', ...pathSection(path));
  if (options.roadmap) lines.push('', ...roadmapSection(options.roadmap, options.shown ?? 5, options.plan ?? {}));
  else if (report.gaps.length > 0) {
    // Callers without a roadmap (e.g. the check summary) get the ranked gaps, as before the roadmap existed.
    lines.push('', '### Next actions', '');
    for (const [index, gap] of report.gaps.slice(0, 10).entries()) {
      const impact = impactText({
        kind: 'improve',
        stepPoints: gap.stepPoints,
        overallPoints: gap.overallPoints,
        stepTitle: gap.stepId,
      });
      const gain = impact ? ` _(${mdEscape(impact)})_` : '';
      lines.push(
        `${index + 1}. \`${gap.action.effort}\`${gap.critical ? ' ⚠️' : ''} **${mdEscape(gap.stepId)}**: ${mdEscape(gap.action.text)}${gain}`,
      );
    }
  }
  if (options.plan && Object.keys(options.plan).length > 0) lines.push('', ...planSection(report, options.plan));
  if (path)
    lines.push(
      '',
      `<sub>Effort points: S = ${path.costs.S} (days), M = ${path.costs.M} (weeks), L = ${path.costs.L} (a quarter). ${searchBoundNote(path) ? `${searchBoundNote(path)} The path is re-scored by the scorer` : 'The cheapest path is exact and re-scored by the scorer'}; unknown answers are not guessed.</sub>`,
    );
  return `${lines.join('\n')}\n`;
}

/**
 * The questions with what an assessor checks, the model's own ids and the chosen answers' criteria: only for rubrics
 * that give any (or a profile that leaves questions out), folded.
 */
function criteriaSection(report: Report): string[] {
  const detailed = (question: QuestionResult) =>
    question.criteria !== undefined ||
    question.externalId !== undefined ||
    question.chosen !== undefined ||
    question.applicability === 'not-for-profile';
  if (!report.steps.some((step) => step.externalId !== undefined || step.questions.some(detailed))) return [];
  const out = ['', '<details><summary>Questions, criteria and answers</summary>', ''];
  for (const step of report.steps) {
    out.push(
      `**${mdEscape(step.title)}**${step.externalId !== undefined ? ` (${mdEscape(step.externalId)})` : ''}`,
      '',
    );
    for (const question of step.questions) {
      const id = question.externalId !== undefined ? ` (${mdEscape(question.externalId)})` : '';
      out.push(`- ${mdEscape(question.prompt)}${id}: ${mdEscape(question.answerText)}`);
      for (const choice of question.chosen ?? []) {
        if (choice.description !== undefined)
          out.push(
            `  - _${mdEscape(choice.label)}${choice.externalId !== undefined ? ` (${mdEscape(choice.externalId)})` : ''}_: ${mdEscape(choice.description)}`,
          );
      }
      if (question.applicability !== 'not-for-profile')
        for (const criterion of question.criteria ?? []) out.push(`  - check: ${mdEscape(criterion)}`);
    }
    out.push('');
  }
  out.push('</details>');
  return out;
}

function discussSection(report: Report): string[] {
  const out = [
    '### To discuss (workshop)',
    '',
    'These answers are used for now, until the team settles them.',
    '',
    '| Question | To discuss | For now |',
    '|---|---|---|',
  ];
  for (const item of report.discuss ?? []) {
    const step = report.steps.find((candidate) => candidate.id === item.stepId);
    const critical = item.critical ? ' _(critical)_' : '';
    out.push(
      `| **${mdEscape(step?.title ?? item.stepId)}** · ${mdEscape(item.questionId)}${critical}: ${mdEscape(item.prompt)} | ${mdEscape(item.text)} | ${mdEscape(item.current)} |`,
    );
  }
  out.push(
    '',
    '<sub>Settle one by answering it again (`scaleplay assess --output FILE --step STEP`) or by deleting its `discuss:` line.</sub>',
  );
  return out;
}

function stepStatus(step: StepResult): string {
  if (!step.applicable) return 'not applicable';
  return statusText(step);
}

/** The target status: met even in the worst case, undetermined (unknown answers decide it), or below. */
function statusText(scores: { status?: TargetStatus; undecidedBy?: number }): string {
  if (scores.status === undefined) return '—';
  if (scores.status === 'undetermined') {
    const count = scores.undecidedBy ?? 0;
    return `❔ undetermined (${count} unknown decide${count === 1 ? 's' : ''})`;
  }
  return scores.status === 'met' ? '✅ on target' : '❌ below target';
}

function groupSection(report: Report): string[] {
  const out = [
    '### Groups',
    '',
    '| Group | Steps | Score | Range | Level | Target | Status |',
    '|---|---|---:|---:|---|---|---|',
  ];
  for (const group of report.groups ?? []) {
    const steps = group.steps
      .map((id) => mdEscape(report.steps.find((step) => step.id === id)?.title ?? id))
      .join(', ');
    const score = group.applicable ? formatScore(group.scoreExact, report.display) : 'n/a';
    const range =
      group.applicable && group.low !== group.high ? formatRange(group.lowExact, group.highExact, report.display) : '';
    out.push(
      `| ${mdEscape(group.title)} | ${steps} | ${score} | ${range} | ${mdEscape(group.levelName)} | ${mdEscape(group.targetName ?? '—')} | ${group.applicable ? statusText(group) : 'not applicable'} |`,
    );
  }
  return out;
}

function pathSection(path: CheapestPath): string[] {
  const what = mdEscape(path.targets.description);
  const out: string[] = [];
  if (path.status === 'at-target')
    return [`### Cheapest path to ${what}`, '', 'Nothing to do: every target is met. ✅'];
  const verdict =
    path.status === 'unreachable'
      ? 'not every target can be reached ❌'
      : path.status === 'find-out-first'
        ? 'find unknown answers out first ⚠️'
        : mdEscape(pathSize(path));
  out.push(`### Cheapest path to ${what}: ${verdict}`, '');
  out.push('| Step | Now | After | Target | Actions | Effort pts | Note |', '|---|---:|---:|---|---:|---:|---|');
  for (const plan of path.steps) {
    if (plan.status === 'not-applicable' || plan.status === 'no-target') continue;
    const target = plan.target ? `${mdEscape(plan.target.label)} (${plan.target.score})` : '—';
    out.push(
      `| ${mdEscape(plan.title)} | ${plan.score} | **${plan.reached}** | ${target} | ${plan.actions.length} | ${plan.cost} | ${mdEscape(stepPlanNote(plan))} |`,
    );
  }
  for (const group of path.groups ?? [])
    out.push(
      `| **${mdEscape(group.title)}** (group) | ${group.score} | **${group.reached}** | ${mdEscape(group.target.label)} (${group.target.score}) | | | ${targetPlanNote(group)} |`,
    );
  if (path.overall.target) {
    const note =
      path.overall.status === 'unreachable'
        ? `cannot be reached: the best is ${path.overall.best}`
        : path.overall.status === 'at-target'
          ? 'met already'
          : 'met on the way';
    out.push(
      `| **Overall** | ${path.overall.score} | **${path.overall.reached}** | ${mdEscape(path.overall.target.label)} (${path.overall.target.score}) | | | ${note} |`,
    );
  }
  const withActions = path.steps.filter((plan) => plan.actions.length > 0);
  if (withActions.length > 0) {
    out.push(
      '',
      `<details><summary>The ${path.actions.length} action${path.actions.length === 1 ? '' : 's'}, step by step</summary>`,
      '',
    );
    for (const plan of withActions) {
      out.push(
        `**${mdEscape(plan.title)}** (${plan.score} → ${plan.reached}${plan.status === 'unreachable' ? ', the closest possible' : ''})`,
        '',
      );
      for (const [index, action] of plan.actions.entries()) out.push(`${index + 1}. ${pathAction(action)}`);
      out.push('');
    }
    out.push('</details>');
  }
  const findOut = path.steps.reduce((sum, plan) => sum + plan.findOut.length, 0);
  if (findOut > 0)
    out.push(
      '',
      `_${findOut} unknown answer${findOut === 1 ? '' : 's'} could still decide a target: find ${findOut === 1 ? 'it' : 'them'} out first (see the roadmap)._`,
    );
  return out;
}

function pathAction(action: PathAction): string {
  const what = action.kind === 'find-out' ? `Find out: ${mdEscape(action.prompt)}` : mdEscape(action.action.text);
  const change =
    action.kind === 'find-out' ? 'planned from the worst answer' : `${mdEscape(action.from)} → ${mdEscape(action.to)}`;
  return `\`${action.action.effort}\`${action.critical ? ' ⚠️' : ''} ${what} <sub>${change}</sub>`;
}

function roadmapSection(roadmap: Roadmap, shown: number, plan: Record<string, PlanEntry>): string[] {
  const out = ['### Roadmap'];
  if (roadmap.now.length + roadmap.next.length + roadmap.later.length === 0)
    return [...out, '', 'No open gaps: every applicable answer is at its best. ✅'];
  let offset = 0;
  for (const phase of ['now', 'next', 'later'] as const) {
    const items = roadmap[phase];
    if (items.length === 0) continue;
    const first = offset;
    offset += items.length;
    const { title, blurb } = PHASE_TITLES[phase];
    const description = !roadmap.path && phase === 'next' ? 'quick wins and answers to find out' : blurb;
    out.push('', `**${title}**: ${description} (${items.length})`, '');
    const visible = phase === 'later' ? 0 : shown;
    for (const [index, item] of items.slice(0, visible).entries())
      out.push(`${first + index + 1}. ${roadmapItem(item, plan)}`);
    if (items.length > visible) {
      out.push(
        '',
        `<details><summary>${visible === 0 ? `All ${items.length}` : `${items.length - visible} more`}</summary>`,
        '',
      );
      for (const [index, item] of items.slice(visible).entries())
        out.push(`${first + visible + index + 1}. ${roadmapItem(item, plan)}`);
      out.push('', '</details>');
    }
  }
  return out;
}

function roadmapItem(item: RoadmapItem, plan: Record<string, PlanEntry>): string {
  const what = item.kind === 'find-out' ? `Find out: ${mdEscape(item.prompt)}` : mdEscape(item.action.text);
  const impact = item.kind === 'find-out' ? '' : impactText(item);
  const entry = item.rung === 1 ? plan[item.questionId] : undefined;
  return `\`${item.effort}\`${item.critical ? ' ⚠️' : ''} **${mdEscape(item.stepTitle)}**: ${what}${impact ? ` _(${mdEscape(impact)})_` : ''}${entry ? ` · ${mdEscape(planText(entry))}` : ''}`;
}

/** "In progress · Dana · due 2027-01-31" */
function planText(entry: PlanEntry): string {
  return [planStatusText(entry.status), entry.owner ?? 'no owner yet', entry.due && `due ${entry.due}`]
    .filter(Boolean)
    .join(' · ');
}

function planSection(report: Report, plan: Record<string, PlanEntry>): string[] {
  const out = ["### The team's plan", '', '| Action on | Owner | Due | Status |', '|---|---|---|---|'];
  for (const step of report.steps) {
    for (const question of step.questions) {
      const entry = plan[question.id];
      if (!entry) continue;
      const overdue =
        entry.status !== 'done' && entry.due !== undefined && report.date !== undefined && entry.due < report.date;
      out.push(
        `| **${mdEscape(step.title)}**: ${mdEscape(question.prompt)} | ${mdEscape(entry.owner ?? '—')} | ${entry.due ?? ''} | ${planStatusText(entry.status)}${overdue ? ' (overdue)' : ''} |`,
      );
    }
  }
  return out;
}
