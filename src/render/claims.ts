// `--verify DIR` in every report format: each claim the rubric's probes checked, marked ✓ (verified: where it was
// found), ✗ (contradicted: what was looked for) or ? (not checked, and why). One list, rendered per channel.
import type { Report } from '../core/score.js';
import { describeVerification, type ClaimsChecked, type Verification } from '../core/verification.js';
import { escapeHtml, mdEscape, safeText } from './channels.js';
import { wrap } from './text.js';
import type { Theme } from './theme.js';

const MARKS = { verified: '✓', contradicted: '✗', unchecked: '?' } as const;

/** One line of the claims list: the mark, the question, the claim and what the probes found. */
export interface ClaimLine {
  verification: Verification;
  mark: string;
  question: string;
  detail: string;
}

/** The claims list in the report's question order, contradicted claims first. */
export function claimLines(claims: ClaimsChecked, report: Report): ClaimLine[] {
  const prompts = new Map(
    report.steps.flatMap((step) =>
      step.questions.map((question) => [question.id, `${step.title}: ${question.prompt}`]),
    ),
  );
  const order = { contradicted: 0, verified: 1, unchecked: 2 } as const;
  return [...claims.verifications]
    .sort((a, b) => order[a.state] - order[b.state])
    .map((verification) => ({
      verification,
      mark: MARKS[verification.state],
      question: prompts.get(verification.questionId) ?? verification.questionId,
      detail: detailOf(verification),
    }));
}

function detailOf(verification: Verification): string {
  // The core sentence without the question id the list already shows.
  return describeVerification(verification).replace(/^.*? is /, '');
}

function heading(claims: ClaimsChecked, lines: readonly ClaimLine[]): string {
  const count = (state: Verification['state']) => lines.filter((line) => line.verification.state === state).length;
  return `Claims checked against ${claims.dir}: ${count('verified')} verified, ${count('contradicted')} contradicted, ${count('unchecked')} not checked`;
}

/** The claims section for a terminal. */
export function claimsForTerminal(claims: ClaimsChecked, report: Report, theme: Theme, width: number): string {
  const lines = claimLines(claims, report);
  const out = ['', theme.bold(wrap(safeText(heading(claims, lines)), width, 0))];
  for (const line of lines) {
    const text = wrap(`  ${line.mark} ${safeText(line.question)} — ${safeText(line.detail)}`, width, 4);
    out.push(line.verification.state === 'contradicted' ? theme.bad(text) : text);
  }
  for (const note of claims.skipped.slice(0, 5)) out.push(theme.dim(wrap(`  not read: ${safeText(note)}`, width, 4)));
  return `${out.join('\n')}\n`;
}

/** The claims section in Markdown. */
export function claimsForMarkdown(claims: ClaimsChecked, report: Report): string {
  const lines = claimLines(claims, report);
  const out = ['', `### ${mdEscape(heading(claims, lines))}`, ''];
  for (const line of lines) out.push(`- ${line.mark} ${mdEscape(line.question)} — ${mdEscape(line.detail)}`);
  return `${out.join('\n')}\n`;
}

/** The claims section in HTML. */
export function claimsForHtml(claims: ClaimsChecked, report: Report): string {
  const lines = claimLines(claims, report);
  const items = lines
    .map(
      (line) =>
        `<li class="claim ${line.verification.state}"><span class="mark" aria-hidden="true">${line.mark}</span> ${escapeHtml(line.question)} — ${escapeHtml(line.detail)}</li>`,
    )
    .join('\n');
  return `<section class="claims" id="claims">
<h2>${escapeHtml(heading(claims, lines))}</h2>
<ul>
${items}
</ul>
</section>`;
}
