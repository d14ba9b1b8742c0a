// `scaleplay init`: writes a complete answers template to fill by hand.
import { existsSync } from 'node:fs';
import { buildAnswersTemplate } from '../core/template.js';
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { requireStage } from './shared.js';
import { loadRubric } from '../io/load-rubric.js';
import { findRubricDir, rubricPathFor } from '../io/rubric-source.js';
import { writeFileAtomic } from '../io/write-file.js';

export interface InitOptions {
  output: string;
  rubric?: string;
  team?: string;
  product?: string;
  stage?: string;
  force?: boolean;
  /** The assessment date (today by default). */
  date?: string;
}

/** Writes the template; refuses to overwrite an existing file without --force. Returns the exit code. */
export function runInit(options: InitOptions, io: Io): number {
  const rubricDir = findRubricDir({ flag: options.rubric, env: io.env });
  const { rubric } = loadRubric(rubricDir);
  const rubricPath = rubricPathFor(options.output, rubricDir);
  requireStage(rubric, options.stage);
  if (options.output !== '-' && existsSync(options.output) && !options.force) {
    throw new UsageError(`${options.output} already exists: nothing was written. Use --force to replace it, or --output another path.`);
  }
  const text = buildAnswersTemplate(rubric, {
    ...(options.team !== undefined && { team: options.team }),
    ...(options.product !== undefined && { product: options.product }),
    ...(options.stage !== undefined && { stage: options.stage }),
    date: options.date ?? new Date().toISOString().slice(0, 10),
    ...(rubricPath !== undefined && { rubricPath }),
  });
  if (options.output === '-') {
    io.stdout.write(text);
    return 0;
  }
  writeFileAtomic(options.output, text);
  const count = rubric.steps.reduce((sum, step) => sum + step.questions.length, 0);
  io.stderr.write(`Wrote ${options.output}: ${count} questions in ${rubric.steps.length} steps to fill in.\nNext: edit it, then run: scaleplay report ${options.output}\n`);
  return 0;
}
