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
  if (rubric.groups && rubric.groups.length > 0) {
    out.push('', 'Step groups (the overall score is their weighted mean; a step in no group counts on its own):');
    for (const group of rubric.groups)
      out.push(`  ${group.id} (${safeText(group.title)}, weight ${group.weight}): ${group.steps.join(', ')}`);
  }
  out.push('', 'Stage targets:');
  for (const stage of rubric.stages) {
    const targets = [...rubric.steps, ...(rubric.groups ?? [])]
      .filter((unit) => stage.targets[unit.id] !== undefined)
      .map((unit) => `${unit.id} ${stage.targets[unit.id]}`)
      .join(', ');
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
        question.appliesTo &&
          `only for ${Object.entries(question.appliesTo)
            .map(([key, values]) => `${key} ${values.join('/')}`)
            .join(' and ')}`,
      ]
        .filter(Boolean)
        .join(', ');
      const { best } = scoreBounds(question);
      out.push(`   - ${question.id}: ${safeText(question.prompt)} [${flags}${best < 1 ? `, best ${best}` : ''}]`);
    }
    for (const group of step.bestOf ?? [])
      out.push(
        `   best of ${group.questions.join(', ')}: one score, the best of them, with weight ${group.weight} (${group.id}, ${safeText(group.title)}); their own weights are not used`,
      );
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
