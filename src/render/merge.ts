// The workshop summary of `scaleplay merge`: who took part, what to discuss (most at stake first), and the consensus.
import type { MergeResult, QuestionSpread } from '../core/merge.js';
import { mdEscape, writeJson } from './channels.js';
import { safeText } from './channels.js';
import { wrap, wrapParts } from './text.js';
import type { Renderer } from './renderer.js';
import type { Theme } from './theme.js';

/** Version of the `merge --format json` shape; bump on breaking changes. */
export const MERGE_JSON_VERSION = 1;

/** What the merge summary shows: the merge, each participant's score and the consensus score. */
export interface MergeSummary {
  result: MergeResult;
  /** Each participant's own overall score, in participant order. */
  scores: { name: string; score: number; levelName: string }[];
  consensus: { score: number; low: number; high: number; levelName: string };
  /** Where the consensus file went, if written. */
  output?: string;
  /** The command that reports on the written consensus file, spelt the way the user started scaleplay. */
  reportCommand?: string;
}

/** `merge --format json`: a stable, versioned shape. */
export const renderMergeJson: Renderer<MergeSummary> = (summary) =>
  writeJson({
    schemaVersion: MERGE_JSON_VERSION,
    generator: 'scaleplay',
    kind: 'merge',
    ...summary.result,
    scores: summary.scores,
    consensusScore: summary.consensus,
    output: summary.output ?? null,
  });

/** `merge --format table`. */
export const renderMergeTable: Renderer<MergeSummary> = (summary, context) =>
  mergeTable(summary, context.theme, Math.max(60, Math.min(context.width, 160)));

/** "12 of 44 questions to discuss (2 ties, 1 wide spread) · 30 agreed · 2 unanswered by everyone" */
export function mergeCountsLine(result: MergeResult): string {
  const discuss = result.questions.filter((question) => question.discuss);
  const ties = discuss.filter((question) => question.tie).length;
  const wide = discuss.filter((question) => question.wide).length;
  const unanswered = result.questions.filter((question) => question.answered === 0).length;
  const agreed = result.questions.length - discuss.length - unanswered;
  const flags = [
    ties > 0 && `${ties} tie${ties === 1 ? '' : 's'}`,
    wide > 0 && `${wide} wide spread${wide === 1 ? '' : 's'}`,
  ].filter(Boolean);
  const parts = [
    `${discuss.length} of ${result.questions.length} questions to discuss${flags.length > 0 ? ` (${flags.join(', ')})` : ''}`,
    `${agreed} agreed`,
  ];
  if (unanswered > 0) parts.push(`${unanswered} unanswered by everyone`);
  return parts.join(' · ');
}

function mergeTable(summary: MergeSummary, theme: Theme, width: number): string {
  const { result } = summary;
  const lines: string[] = [];
  const who = result.participants.map((participant) => safeText(participant.shown)).join(', ');
  lines.push(
    theme.dim(
      wrap(
        `scaleplay merge · ${result.team ? `${safeText(result.team)} · ` : ''}${result.participants.length} participants: ${who}`,
        width,
        2,
      ),
    ),
  );
  lines.push(theme.bold(wrapParts(consensusLine(summary, safeText), width, 2)));
  lines.push(wrapParts(mergeCountsLine(result), width, 2), '');
  const discuss = result.questions.filter((question) => question.discuss);
  if (discuss.length === 0) lines.push(theme.good('Everyone agrees on every answered question.'));
  else {
    lines.push(theme.bold('To discuss (most at stake first)'));
    for (const [index, question] of discuss.entries()) {
      lines.push(
        wrap(
          `  ${String(index + 1).padStart(2)}. ${question.stepId}.${question.questionId}${question.critical ? ' (critical)' : ''}: ${safeText(tallyText(question))} → ${safeText(question.consensusText)}${flags(question)}`,
          width,
          8,
        ),
      );
      lines.push(theme.dim(wrap(`        ${safeText(question.prompt)}`, width, 8)));
      for (const vote of question.votes) {
        lines.push(
          theme.dim(
            wrap(
              `        ${safeText(vote.participant)}: ${safeText(vote.text)}${vote.note ? ` — ${safeText(vote.note)}` : ''}`,
              width,
              10,
            ),
          ),
        );
      }
    }
  }
  lines.push('');
  const next = summary.reportCommand ?? `scaleplay report ${summary.output}`;
  lines.push(
    summary.output
      ? `Consensus written to ${safeText(summary.output)}: ${safeText(next)}`
      : theme.dim('Add --output consensus.yaml to write the consensus answers file.'),
  );
  return `${lines.join('\n')}\n`;
}

/** `merge --format md`. */
export const renderMergeMarkdown: Renderer<MergeSummary> = (summary) => {
  const { result } = summary;
  const lines = [`## Workshop: ${mdEscape(consensusLine(summary, (text) => text))}`, ''];
  lines.push(
    `_${result.participants.map((participant) => mdEscape(participant.name)).join(', ')}${result.team ? ` · ${mdEscape(result.team)}` : ''}_`,
    '',
  );
  lines.push(mdEscape(mergeCountsLine(result)), '');
  const discuss = result.questions.filter((question) => question.discuss);
  if (discuss.length > 0) {
    lines.push('| # | question | answers | consensus | at stake |', '|---:|---|---|---|---:|');
    for (const [index, question] of discuss.entries()) {
      const name = `${question.critical ? '❗ ' : ''}**${mdEscape(`${question.stepId}.${question.questionId}`)}** ${mdEscape(question.prompt)}`;
      lines.push(
        `| ${index + 1} | ${name} | ${mdEscape(tallyText(question))} | ${mdEscape(question.consensusText)}${mdEscape(flags(question))} | ${question.pointsAtStake} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
};

function consensusLine(summary: MergeSummary, clean: (text: string) => string): string {
  const scores = summary.scores.map((item) => `${clean(item.name)} ${item.score}`).join(' · ');
  const range =
    summary.consensus.low !== summary.consensus.high
      ? ` (range ${summary.consensus.low}–${summary.consensus.high})`
      : '';
  return `Consensus overall ${summary.consensus.score}/100 · ${summary.consensus.levelName}${range} · participants: ${scores}`;
}

function tallyText(question: QuestionSpread): string {
  return question.tally.map((item) => `${item.label} ×${item.count}`).join(', ');
}

function flags(question: QuestionSpread): string {
  const list = [question.tie && 'tie', question.wide && 'wide spread'].filter(Boolean);
  return list.length > 0 ? `  [${list.join(', ')}]` : '';
}
