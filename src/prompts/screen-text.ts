// The text the assessment shows around its prompts: progress header, step intro, "why it matters", the record of each
// answer. Pure functions returning strings; they read well without colour and within the given width.
import type { Answer, Question, Step } from '../core/model.js';
import { describeAnswer } from '../core/questions.js';
import { safeText } from '../render/safe-text.js';
import { wrap } from '../render/terminal.js';
import type { Theme } from '../render/theme.js';

/** Where the user is in the assessment. */
export interface Progress {
  stepId: string;
  /** 1-based. */
  stepIndex: number;
  stepCount: number;
  /** 1-based position among the step's applicable questions. */
  questionIndex: number;
  questionCount: number;
  /** Applicable questions answered so far, and how many apply in all. */
  answered: number;
  applicable: number;
}

/** A bar of `cells` cells filled to `fraction` (0..1), readable without colour. */
export function progressBar(fraction: number, cells = 16): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * cells);
  return '█'.repeat(filled) + '░'.repeat(cells - filled);
}

/** "reliability · step 4 of 6 · question 3 of 8 · ██████████░░░░░░ 52%" (the bar is left out when it does not fit). */
export function progressHeader(progress: Progress, theme: Theme, width: number): string {
  const fraction = progress.applicable > 0 ? progress.answered / progress.applicable : 1;
  const percent = `${Math.floor(fraction * 100)}%`;
  const where = `${progress.stepId} · step ${progress.stepIndex} of ${progress.stepCount} · question ${progress.questionIndex} of ${progress.questionCount}`;
  const bar = progressBar(fraction);
  const full = `${where} · ${bar} ${percent}`;
  if (full.length <= width) return `${theme.dim(`${where} · `)}${theme.accent(bar)} ${theme.dim(percent)}`;
  return theme.dim(`${where} · ${percent}`);
}

/** The banner that opens a step: a rule with its number and title, then its summary. */
export function stepIntro(step: Step, index: number, count: number, theme: Theme, width: number): string {
  const title = ` Step ${index} of ${count} · ${safeText(step.title)} `;
  const rule = `──${title}${'─'.repeat(Math.max(2, width - title.length - 2))}`;
  return `\n${theme.bold(rule)}\n${theme.dim(wrap(`  ${safeText(step.summary)}`, width, 2))}\n\n`;
}

/** "Why it matters: …", wrapped, for the description under a list and for printing. */
export function whyText(question: Question, width: number): string {
  const why = wrap(`Why it matters: ${safeText(question.why)}`, width, 2);
  if (!question.criteria) return why;
  const criteria = question.criteria.map((criterion) => wrap(`  - ${safeText(criterion)}`, width, 4));
  return [why, 'What to check:', ...criteria].join('\n');
}

/** The record left on screen once a question is answered: "✔ prompt · answer" (and the note, if any). */
export function answerRecord(question: Question, answer: Answer, theme: Theme, width: number): string {
  const text = safeText(describeAnswer(question, answer));
  // Wrap the plain text, then colour: escape codes would count as characters.
  const record = wrap(`✔ ${safeText(question.prompt)} · ${text}`, width, 4).replace('✔', theme.good('✔'));
  const lines = [record];
  if (answer.note) lines.push(theme.dim(wrap(`    note: ${safeText(answer.note)}`, width, 10)));
  if (answer.evidence) lines.push(theme.dim(wrap(`    evidence: ${safeText(answer.evidence)}`, width, 14)));
  return `${lines.join('\n')}\n`;
}

/** Cuts `text` to `max` characters with an ellipsis. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(1, max - 1)).join('')}…`;
}
