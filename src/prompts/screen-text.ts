// The text the assessment shows around its prompts: progress header, step intro, "why it matters", the record of each
// answer. Pure functions returning strings; they read well without colour and within the given width.
import type { Answer, Question, Step } from '../core/model.js';
import { describeAnswer } from '../core/questions.js';
import { safeText } from '../render/channels.js';
import { wrap } from '../render/text.js';
import type { Theme } from '../render/theme.js';

/** Where the user is in the assessment. */
export interface Progress {
  /** The step's title, as the step banner shows it. */
  stepTitle: string;
  /** 1-based. */
  stepIndex: number;
  stepCount: number;
  /** Where this question stands, e.g. "question 12 of up to 40" or "changing an answer". */
  position: string;
  /** How far along (0..1), for the bar; left out when there is no count to show (e.g. while changing one answer). */
  fraction?: number;
}

/** How much of the assessment is done: answers given, and how many questions may be asked in all. */
export interface Tally {
  /** Questions that apply and have an answer (unknown included). */
  answered: number;
  /** answered + the questions still to ask, counting those that depend on answers not given yet. */
  upTo: number;
  /** True when no question still to ask depends on an answer not given yet (the count is exact, not "up to"). */
  exact: boolean;
}

/** "40 questions" or "up to 40 questions". */
export function questionCount(tally: Tally, noun = 'question'): string {
  return `${tally.exact ? '' : 'up to '}${tally.upTo} ${noun}${tally.upTo === 1 ? '' : 's'}`;
}

/** "question 12 of up to 40": the question asked next is the one after those answered. */
export function questionPosition(tally: Tally): string {
  return `question ${Math.min(tally.answered + 1, tally.upTo)} of ${tally.exact ? '' : 'up to '}${tally.upTo}`;
}

/** A bar of `cells` cells filled to `fraction` (0..1), readable without colour. */
export function progressBar(fraction: number, cells = 16): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * cells);
  return '█'.repeat(filled) + '░'.repeat(cells - filled);
}

/** "Reliability · step 4 of 6 · question 12 of up to 40 · ████░░░░░░░░░░░░ 27%" (the bar goes when it does not fit). */
export function progressHeader(progress: Progress, theme: Theme, width: number): string {
  const step = `step ${progress.stepIndex} of ${progress.stepCount}`;
  const where = `${safeText(progress.stepTitle)} · ${step} · ${progress.position}`;
  if (progress.fraction === undefined) return theme.dim(where);
  const percent = `${Math.floor(Math.min(1, Math.max(0, progress.fraction)) * 100)}%`;
  const bar = progressBar(progress.fraction);
  if (`${where} · ${bar} ${percent}`.length <= width) {
    return `${theme.dim(`${where} · `)}${theme.accent(bar)} ${theme.dim(percent)}`;
  }
  if (`${where} · ${percent}`.length <= width) return theme.dim(`${where} · ${percent}`);
  return theme.dim(wrap(`${where} · ${percent}`, width, 2));
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
