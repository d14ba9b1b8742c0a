// The Markdown that `check` appends to $GITHUB_STEP_SUMMARY on GitHub Actions: the verdict, the thresholds, regressions,
// critical items and suggestions, then the full gap report folded in a <details> block.
import {
  describeCritical,
  describeNoRegression,
  describeRegression,
  describeSuggestionScore,
  describeThreshold,
  isFailure,
  isWarning,
  thresholdName,
  type CheckOutcome,
} from '../core/gate.js';
import { summariseDrift } from '../core/drift.js';
import { formatProblem, type Problem } from '../errors.js';
import { mdEscape, renderMarkdownReport } from './markdown.js';
import { verdictText } from './check-text.js';

/** Renders the step summary for one check run. */
export function renderCheckSummary(outcome: CheckOutcome): string {
  const lines: string[] = [];
  const team = outcome.report.team ? ` · ${mdEscape(outcome.report.team)}` : '';
  lines.push(`## ${outcome.passed ? '✅' : '❌'} scaleplay check: ${mdEscape(verdictText(outcome))}`, '');
  lines.push(
    `_${mdEscape(outcome.file)}${team} · ${mdEscape(outcome.source)}${outcome.baseline ? ` · baseline ${mdEscape(outcome.baseline)}` : ''}_`,
    '',
  );
  if (outcome.result.results.length > 0) {
    lines.push('| | threshold | worst case | result |', '|---|---|---:|---|');
    for (const result of outcome.result.results) {
      const mark = isFailure(result) ? '❌' : isWarning(result) ? '⚠️' : '✅';
      lines.push(
        `| ${mark} | ${mdEscape(thresholdName(result))} | ${result.actual} | ${mdEscape(describeThreshold(result))} |`,
      );
    }
    lines.push('');
  }
  const regression = outcome.regression;
  if (regression) {
    if (regression.regressions.length === 0)
      lines.push(`${mdEscape(capitalise(describeNoRegression(regression, outcome.baseline)))}.`, '');
    else {
      lines.push(`### Regressions since ${mdEscape(outcome.baseline ?? 'the baseline')}`, '');
      for (const step of regression.regressions) {
        lines.push(`- ${mdEscape(describeRegression(step, undefined))}`);
        for (const question of step.questions)
          lines.push(
            `  - ${mdEscape(question.questionId)}: ${mdEscape(question.before.answerText)} → ${mdEscape(question.after.answerText)}`,
          );
      }
      lines.push('');
    }
  }
  const gating = outcome.critical.filter((item) => item.gating);
  if (gating.length > 0) {
    lines.push('### Critical items holding a failing step back', '');
    for (const item of gating) lines.push(`- ${mdEscape(describeCritical(item, outcome.metAt))}`);
    lines.push('');
  }
  if (outcome.suggestions.length > 0) {
    lines.push('### Thresholds that could be raised', '');
    for (const item of outcome.suggestions)
      lines.push(
        `- ${mdEscape(item.id)}: ${describeSuggestionScore(item)}, threshold ${item.current} → consider ${item.suggested}`,
      );
    lines.push('');
  }
  if (outcome.drift) {
    lines.push('### Rubric drift', '', mdEscape(summariseDrift(outcome.drift)), '');
    for (const note of outcome.drift.notes) lines.push(`- ${mdEscape(note.message)}`);
    lines.push('');
  }
  lines.push(
    '<details><summary>Gap report</summary>',
    '',
    renderMarkdownReport(outcome.report).trimEnd(),
    '',
    '</details>',
    '',
  );
  return `${lines.join('\n')}\n`;
}

/** The step summary for a check that could not run (exit 2): what is wrong with the input. */
export function renderCheckErrorSummary(file: string, problems: readonly Problem[], message?: string): string {
  const lines = [`## ⚠️ scaleplay check: could not run on ${mdEscape(file)}`, ''];
  if (message !== undefined) lines.push(mdEscape(message), '');
  for (const problem of problems) lines.push(`- ${mdEscape(formatProblem(problem).replace(/\n\s*/g, ' — '))}`);
  return `${lines.join('\n')}\n\n`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
