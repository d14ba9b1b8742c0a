// The terminal output of `scaleplay check`: one line per threshold (failures first), regressions, critical items that
// hold a failing step back, thresholds that could be raised, then the verdict. Reads without colour; the sentences are
// the ones every other output uses (src/core/gate.ts), wrapped to the width.
import {
  contradictedClaims,
  describeCritical,
  describeNoRegression,
  describeRegression,
  describeSuggestionScore,
  describeThreshold,
  isFailure,
  isWarning,
  type CheckOutcome,
} from '../core/gate.js';
import { summariseDrift } from '../core/drift.js';
import type { ThresholdResult } from '../core/thresholds.js';
import { describeVerification } from '../core/verification.js';
import { safeText } from './channels.js';
import { wrap, wrapAligned } from './text.js';
import type { Theme } from './theme.js';

/** Renders the check outcome for a terminal or a CI log, `width` columns wide (80 when unknown). */
export function renderCheckText(outcome: CheckOutcome, theme: Theme, width = 80): string {
  const { result, regression } = outcome;
  const header = [
    'scaleplay check',
    safeText(outcome.file),
    safeText(outcome.source),
    outcome.baseline && `baseline ${safeText(outcome.baseline)}`,
  ].filter(Boolean);
  const lines = [header.join(' · ')];
  const ordered = [...result.results].sort((a, b) => rank(a) - rank(b));
  const idWidth = Math.max(0, ...ordered.map((item) => item.id.length));
  for (const item of ordered) lines.push(thresholdLine(item, idWidth, theme, width));

  if (regression) {
    if (regression.regressions.length === 0) {
      lines.push(theme.good(wrap(`  ✓ ${describeNoRegression(regression, undefined)}`, width, 4)));
    } else {
      lines.push(theme.bold(`Regressions since ${safeText(outcome.baseline ?? 'the baseline')}:`));
      for (const step of regression.regressions) {
        lines.push(wrap(`  ${theme.bad('✗')} ${describeRegression(step, undefined)}`, width, 4));
        for (const question of step.questions) {
          const scores =
            question.before.score !== undefined
              ? ` (${round2(question.before.score)} → ${question.after.score !== undefined ? round2(question.after.score) : '?'})`
              : '';
          lines.push(
            `      ${question.questionId}: ${safeText(question.before.answerText)} → ${safeText(question.after.answerText)}${scores}`,
          );
        }
      }
    }
    if (regression.improved.length > 0) {
      const worst = regression.worstCase ? ' (worst case)' : '';
      lines.push(
        theme.dim(
          wrap(
            `  improved${worst}: ${regression.improved.map((step) => `${step.id} ${step.before} → ${step.after}`).join(', ')}`,
            width,
            4,
          ),
        ),
      );
    }
  }

  if (outcome.claims) {
    const contradicted = contradictedClaims(outcome);
    const verified = outcome.claims.verifications.filter((item) => item.state === 'verified').length;
    const fails = outcome.claims.severity === 'error';
    lines.push(
      theme.bold(
        `Claims checked against ${safeText(outcome.claims.dir)}: ${verified} verified, ${contradicted.length} contradicted`,
      ),
    );
    for (const item of contradicted) {
      const mark = fails ? theme.bad('✗') : theme.warn('!');
      lines.push(wrap(`  ${mark} ${safeText(describeVerification(item, stepOf(outcome, item.questionId)))}`, width, 4));
    }
  }
  const gating = outcome.critical.filter((item) => item.gating);
  if (gating.length > 0) {
    lines.push(theme.bold('Critical items holding a failing step back:'));
    for (const item of gating) lines.push(`  ${theme.bad('!')} ${safeText(describeCritical(item, outcome.metAt))}`);
  }
  if (outcome.suggestions.length > 0) {
    const list = outcome.suggestions
      .map((item) => `${item.id} ${item.current} → ${item.suggested} (${describeSuggestionScore(item)})`)
      .join(', ');
    lines.push(theme.accent(`hint: well above these thresholds, consider raising them: ${list}`));
  }
  const open = outcome.report.overall.unknown + outcome.report.overall.unanswered;
  if (open > 0) {
    const [them, their] = open === 1 ? ['it', 'its'] : ['them', 'their'];
    const note = `note: ${open} answer${open === 1 ? ' is' : 's are'} unknown or unanswered; the gate counts ${them} at ${their} worst: finding ${them} out can only help`;
    lines.push(theme.dim(wrap(note, width, 6)));
  }
  if (outcome.drift)
    lines.push(
      theme.warn(
        `note: rubric drift: ${safeText(summariseDrift(outcome.drift))} (listed on stderr; --strict makes drift an error)`,
      ),
    );
  lines.push(verdict(outcome, theme));
  return `${lines.join('\n')}\n`;
}

/** "PASS: 3 of 3 thresholds met" or "FAIL: 1 of 3 thresholds not met, 2 steps regressed, 1 warning". */
export function verdictText(outcome: CheckOutcome): string {
  const { results } = outcome.result;
  const failed = results.filter(isFailure).length;
  const warned = results.filter(isWarning).length;
  const regressed = outcome.regression?.regressions.length ?? 0;
  const parts: string[] = [];
  if (results.length > 0)
    parts.push(
      outcome.result.passed
        ? `${results.length - warned} of ${results.length} thresholds met`
        : `${failed} of ${results.length} thresholds not met`,
    );
  if (outcome.regression)
    parts.push(regressed > 0 ? `${regressed} step${regressed === 1 ? '' : 's'} regressed` : 'no regression');
  const contradicted = contradictedClaims(outcome).length;
  if (contradicted > 0)
    parts.push(
      `${contradicted} claim${contradicted === 1 ? '' : 's'} contradicted${outcome.claims?.severity === 'error' ? '' : ' [warn]'}`,
    );
  if (warned > 0) parts.push(`${warned} warning${warned === 1 ? '' : 's'}`);
  return `${outcome.passed ? 'PASS' : 'FAIL'}: ${parts.join(', ')}`;
}

function verdict(outcome: CheckOutcome, theme: Theme): string {
  const text = verdictText(outcome);
  return outcome.passed ? theme.good(text) : theme.bad(text);
}

function rank(item: ThresholdResult): number {
  return isFailure(item) ? 0 : isWarning(item) ? 1 : 2;
}

/** "  ✗ reliability 25 is below the minimum 28, short by 3", ids padded so the scores align, wrapped under the score. */
function thresholdLine(item: ThresholdResult, idWidth: number, theme: Theme, width: number): string {
  const mark = item.passed ? theme.good('✓') : item.severity === 'warn' ? theme.warn('!') : theme.bad('✗');
  const line = `  ${mark} ${describeThreshold(item, idWidth)}${isWarning(item) ? ' [warn]' : ''}`;
  return wrapAligned(line, width, 5 + idWidth);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The step a question belongs to, for "step.question" in messages. */
export function stepOf(outcome: Pick<CheckOutcome, 'report'>, questionId: string): string | undefined {
  return outcome.report.steps.find((step) => step.questions.some((question) => question.id === questionId))?.id;
}
