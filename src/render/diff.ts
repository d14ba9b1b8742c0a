// Renders a comparison of two answers files (`scaleplay diff`): table for terminals, JSON for tools, Markdown for PRs.
import type { PlanProgress, QuestionChange, QuestionDiff, ReportDiff, StepDiff } from '../core/diff.js';
import type { PlanEntry } from '../core/model.js';
import { mdEscape, writeJson } from './channels.js';
import { safeText } from './channels.js';
import { planStatusText, wrap } from './text.js';
import type { Renderer } from './renderer.js';
import type { Theme } from './theme.js';

/** Version of the `diff --format json` shape; bump on breaking changes. */
export const DIFF_JSON_VERSION = 1;

/** What the diff renderers show: the diff and the two files' names as given. */
export interface DiffView {
  diff: ReportDiff;
  before: string;
  after: string;
}

/** The sections questions are listed in, in this order; unchanged questions are only counted. */
const SECTIONS: { change: QuestionChange; title: string; mark: string }[] = [
  { change: 'regressed', title: 'Regressed', mark: '▼' },
  { change: 'now-unknown', title: 'Now unknown or unanswered', mark: '?' },
  { change: 'improved', title: 'Improved', mark: '▲' },
  { change: 'now-known', title: 'Now answered', mark: '✓' },
  { change: 'changed', title: 'Changed, same score', mark: '~' },
  { change: 'new', title: 'New in the rubric (not in the older file)', mark: '+' },
  { change: 'gone', title: 'Gone from the rubric (answered in the older file)', mark: '−' },
];

/** `diff --format json`: a stable, versioned shape. */
export const renderDiffJson: Renderer<DiffView> = ({ diff, before, after }) =>
  writeJson({
    schemaVersion: DIFF_JSON_VERSION,
    generator: 'scaleplay',
    kind: 'diff',
    files: { before, after },
    ...diff,
  });

/** "3 regressed · 2 improved · 1 new · 30 unchanged" */
export function countsLine(diff: ReportDiff): string {
  const parts = SECTIONS.filter((section) => diff.counts[section.change] > 0).map(
    (section) => `${diff.counts[section.change]} ${label(section.change)}`,
  );
  parts.push(`${diff.counts.unchanged} unchanged`);
  return parts.join(' · ');
}

/** `diff --format table`. */
export const renderDiffTable: Renderer<DiffView> = (view, context) => {
  const { diff } = view;
  const { theme } = context;
  const width = Math.max(60, Math.min(context.width, 160));
  const lines: string[] = [];
  lines.push(theme.dim(`scaleplay diff · ${safeText(view.before)} → ${safeText(view.after)}`));
  lines.push(theme.dim(headline(diff, safeText)), '');
  const overall = diff.overall;
  lines.push(
    theme.bold(
      `Overall ${overall.before.score} → ${overall.after.score} (${signed(overall.delta)}) · level ${overall.before.levelName} → ${overall.after.levelName}`,
    ),
  );
  lines.push(countsLine(diff), '');
  lines.push(`  ${'step'.padEnd(16)} ${'before'.padStart(6)} ${'after'.padStart(6)}  change`);
  for (const step of diff.steps) lines.push(stepRow(step, theme));
  for (const section of SECTIONS) {
    const questions = questionsWith(diff, section.change);
    if (questions.length === 0) continue;
    lines.push('', theme.bold(section.title));
    for (const question of questions)
      lines.push(
        wrap(
          `  ${section.mark} ${question.stepId}.${question.questionId}: ${safeText(transition(question))}`,
          width,
          6,
        ),
      );
  }
  if (diff.plan && diff.plan.length > 0) {
    lines.push('', theme.bold(`Plan: ${planCounts(diff.plan)}`));
    for (const entry of diff.plan)
      lines.push(
        wrap(
          `  ${PLAN_MARKS[entry.change]} ${entry.stepId}.${entry.questionId}: ${safeText(planTransition(entry))}`,
          width,
          6,
        ),
      );
  }
  return `${lines.join('\n')}\n`;
};

/** `diff --format md`. */
export const renderDiffMarkdown: Renderer<DiffView> = (view) => {
  const { diff } = view;
  const overall = diff.overall;
  const lines = [
    `## scaleplay diff: overall ${overall.before.score} → ${overall.after.score} (${signed(overall.delta)})`,
    '',
  ];
  lines.push(`_${mdEscape(view.before)} → ${mdEscape(view.after)} · ${mdEscape(headline(diff, (text) => text))}_`, '');
  lines.push(mdEscape(countsLine(diff)), '');
  lines.push('| step | before | after | change | level |', '|---|---:|---:|---:|---|');
  for (const step of diff.steps) {
    const arrow = step.change === 'improved' ? ' ▲' : step.change === 'regressed' ? ' ▼' : '';
    const before = step.before.applicable ? String(step.before.score) : 'n/a';
    const after = step.after.applicable ? String(step.after.score) : 'n/a';
    const level =
      step.before.level === step.after.level
        ? mdEscape(step.after.levelName)
        : `${mdEscape(step.before.levelName)} → ${mdEscape(step.after.levelName)}`;
    lines.push(`| ${mdEscape(step.title)} | ${before} | ${after} | ${signed(step.delta)}${arrow} | ${level} |`);
  }
  for (const section of SECTIONS) {
    const questions = questionsWith(diff, section.change);
    if (questions.length === 0) continue;
    lines.push('', `### ${section.title}`, '');
    for (const question of questions)
      lines.push(`- **${mdEscape(`${question.stepId}.${question.questionId}`)}**: ${mdEscape(transition(question))}`);
  }
  if (diff.plan && diff.plan.length > 0) {
    lines.push('', '### Plan', '', mdEscape(planCounts(diff.plan)), '');
    for (const entry of diff.plan)
      lines.push(
        `- ${PLAN_MARKS[entry.change]} **${mdEscape(`${entry.stepId}.${entry.questionId}`)}**: ${mdEscape(planTransition(entry))}`,
      );
  }
  return `${lines.join('\n')}\n`;
};

function headline(diff: ReportDiff, clean: (text: string) => string): string {
  const side = (info: ReportDiff['before']) =>
    [info.team && clean(info.team), info.date && clean(info.date), `rubric v${clean(info.rubricVersion)}`]
      .filter(Boolean)
      .join(', ');
  return `${side(diff.before)} → ${side(diff.after)}`;
}

function stepRow(step: StepDiff, theme: Theme): string {
  const before = step.before.applicable ? String(step.before.score) : 'n/a';
  const after = step.after.applicable ? String(step.after.score) : 'n/a';
  const change =
    step.change === 'improved'
      ? theme.good(`${signed(step.delta)} ▲`)
      : step.change === 'regressed'
        ? theme.bad(`${signed(step.delta)} ▼`)
        : theme.dim('=');
  const level = step.before.level !== step.after.level ? `  ${step.before.levelName} → ${step.after.levelName}` : '';
  return `  ${step.id.padEnd(16)} ${before.padStart(6)} ${after.padStart(6)}  ${change}${level}`;
}

function questionsWith(diff: ReportDiff, change: QuestionChange): QuestionDiff[] {
  return [...diff.steps.flatMap((step) => step.questions), ...diff.gone].filter(
    (question) => question.change === change,
  );
}

function transition(question: QuestionDiff): string {
  if (question.change === 'new') return `${question.prompt ?? ''} (now: ${question.after.answerText})`;
  if (question.change === 'gone') return question.before.answerText;
  const score = (side: QuestionDiff['before']) =>
    side.score !== undefined ? ` (${Math.round(side.score * 100) / 100})` : '';
  return `${question.before.answerText}${score(question.before)} → ${question.after.answerText}${score(question.after)}`;
}

const PLAN_MARKS: Record<PlanProgress['change'], string> = {
  added: '+',
  dropped: '−',
  advanced: '▲',
  reopened: '▼',
  updated: '~',
  unchanged: '=',
};

/** "2 done · 1 in progress · 1 to do · 1 overdue" for the newer file's plan. */
export function planCounts(plan: readonly PlanProgress[]): string {
  const current = plan.flatMap((entry) => (entry.after ? [entry.after] : []));
  const count = (status: PlanEntry['status']) => current.filter((entry) => entry.status === status).length;
  const moved = plan.filter((entry) => entry.change === 'advanced').length;
  const overdue = plan.filter((entry) => entry.overdue).length;
  return [
    `${count('done')} done`,
    `${count('doing')} in progress`,
    `${count('todo')} to do`,
    moved > 0 && `${moved} moved forward`,
    overdue > 0 && `${overdue} overdue`,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** "To do → Done · Dana · due 2027-01-31 · answer improved" */
function planTransition(entry: PlanProgress): string {
  const state = (side: PlanEntry | undefined) => (side ? planStatusText(side.status) : 'not in the plan');
  const status =
    entry.before?.status === entry.after?.status && entry.after
      ? state(entry.after)
      : `${state(entry.before)} → ${state(entry.after)}`;
  const who = entry.after ?? entry.before!;
  const owner =
    entry.before?.owner !== undefined && entry.after?.owner !== undefined && entry.before.owner !== entry.after.owner
      ? `${entry.before.owner} → ${entry.after.owner}`
      : who.owner;
  const due =
    entry.before?.due !== undefined && entry.after?.due !== undefined && entry.before.due !== entry.after.due
      ? `due ${entry.before.due} → ${entry.after.due}`
      : who.due && `due ${who.due}`;
  const answer = entry.answer && entry.answer !== 'unchanged' ? `answer ${label(entry.answer)}` : 'answer unchanged';
  return [status, owner, due, entry.overdue && 'overdue', answer].filter(Boolean).join(' · ');
}

function label(change: QuestionChange): string {
  return change.replace('-', ' ');
}

function signed(value: number): string {
  return value > 0 ? `+${value}` : value < 0 ? `−${-value}` : '±0';
}
