// `scaleplay rubric show` and `rubric validate`: a rubric's steps, questions, levels and stage targets as text (the
// JSON goes through writeJson), and the one-line verdict of a validation.
import type { Rubric } from '../core/model.js';
import { gatesOf, scoreBounds } from '../core/questions.js';
import { safeText } from './channels.js';

/** The rubric as text: title, levels, the critical cap, stage targets, then each step and its questions. */
export function renderRubricText(rubric: Rubric): string {
  const out: string[] = [`${safeText(rubric.title)} (${rubric.id} v${safeText(rubric.version)})`];
  if (rubric.description) out.push(safeText(rubric.description));
  out.push(
    '',
    `Levels: ${rubric.levels.map((level) => `${safeText(level.name)} ${level.min}–${level.max}`).join(' · ')}`,
  );
  const capName = rubric.levels.find((level) => level.id === rubric.critical.cap)?.name ?? rubric.critical.cap;
  out.push(
    `An unmet critical question (answer scoring below ${rubric.critical.metAt}) caps its step at ${safeText(capName)}.`,
  );
  out.push('', 'Stage targets:');
  for (const stage of rubric.stages) {
    const targets = rubric.steps.map((step) => `${step.id} ${stage.targets[step.id]}`).join(', ');
    out.push(`  ${stage.id.padEnd(12)} overall ${stage.overall}; ${targets}`);
  }
  for (const [index, step] of rubric.steps.entries()) {
    out.push(
      '',
      `${index + 1}. ${safeText(step.title)} (${step.id}, weight ${step.weight})`,
      `   ${safeText(step.summary)}`,
    );
    for (const question of step.questions) {
      const flags = [
        question.kind,
        `weight ${question.weight}`,
        question.critical && 'critical',
        question.allowNa && 'n/a allowed',
        question.when && `when ${gatesOf(question.when).join(', ')}`,
      ]
        .filter(Boolean)
        .join(', ');
      const { best } = scoreBounds(question);
      out.push(`   - ${question.id}: ${safeText(question.prompt)} [${flags}${best < 1 ? `, best ${best}` : ''}]`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** "✓ DIR: rubric ID vX is valid · 6 steps · 44 questions · 5 stages · 0 warnings" */
export function renderRubricValid(rubric: Rubric, dir: string, warnings: number): string {
  const questions = rubric.steps.reduce((sum, step) => sum + step.questions.length, 0);
  return (
    `✓ ${safeText(dir)}: rubric ${rubric.id} v${safeText(rubric.version)} is valid · ${rubric.steps.length} steps · ${questions} questions · ` +
    `${rubric.stages.length} stages · ${warnings} warning${warnings === 1 ? '' : 's'}\n`
  );
}
