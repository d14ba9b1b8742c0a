// `scaleplay rubric validate [DIR]` and `scaleplay rubric show`.
import { scoreBounds } from '../core/questions.js';
import type { Io } from '../io.js';
import { loadRubric } from '../io/load-rubric.js';
import { safeText } from '../render/safe-text.js';
import { printWarnings } from './shared.js';

/** Validates a rubric folder; problems throw (exit 2), warnings are printed. Returns the exit code. */
export function runRubricValidate(options: { dir?: string }, io: Io): number {
  const { rubric, dir, warnings } = loadRubric(options.dir);
  printWarnings(io, warnings);
  const questions = rubric.steps.reduce((sum, step) => sum + step.questions.length, 0);
  io.stdout.write(
    `✓ ${dir}: rubric ${rubric.id} v${rubric.version} is valid · ${rubric.steps.length} steps · ${questions} questions · ` +
      `${rubric.stages.length} stages · ${warnings.length} warning${warnings.length === 1 ? '' : 's'}\n`,
  );
  return 0;
}

/** Prints a rubric's steps, questions and stage targets (text or JSON). */
export function runRubricShow(options: { dir?: string; format: 'text' | 'json' }, io: Io): number {
  const { rubric } = loadRubric(options.dir);
  if (options.format === 'json') {
    io.stdout.write(`${JSON.stringify(rubric, null, 2)}\n`);
    return 0;
  }
  const out: string[] = [`${safeText(rubric.title)} (${rubric.id} v${rubric.version})`];
  if (rubric.description) out.push(safeText(rubric.description));
  out.push('', `Levels: ${rubric.levels.map((level) => `${safeText(level.name)} ${level.min}–${level.max}`).join(' · ')}`);
  const capName = rubric.levels.find((level) => level.id === rubric.critical.cap)?.name ?? rubric.critical.cap;
  out.push(`An unmet critical question (answer scoring below ${rubric.critical.metAt}) caps its step at ${safeText(capName)}.`);
  out.push('', 'Stage targets:');
  for (const stage of rubric.stages) {
    out.push(`  ${stage.id.padEnd(12)} overall ${stage.overall}; ${rubric.steps.map((step) => `${step.id} ${stage.targets[step.id]}`).join(', ')}`);
  }
  for (const [index, step] of rubric.steps.entries()) {
    out.push('', `${index + 1}. ${safeText(step.title)} (${step.id}, weight ${step.weight})`, `   ${safeText(step.summary)}`);
    for (const question of step.questions) {
      const flags = [question.kind, `weight ${question.weight}`, question.critical && 'critical', question.allowNa && 'n/a allowed', question.when && `when ${question.when.question}`]
        .filter(Boolean)
        .join(', ');
      const { best } = scoreBounds(question);
      out.push(`   - ${question.id}: ${safeText(question.prompt)} [${flags}${best < 1 ? `, best ${best}` : ''}]`);
    }
  }
  io.stdout.write(`${out.join('\n')}\n`);
  return 0;
}
