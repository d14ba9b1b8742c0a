// `scaleplay init`: writes a complete answers template to fill by hand.
import { existsSync } from 'node:fs';
import { buildAnswersTemplate } from '../core/template.js';
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { requireStage } from './shared.js';
import { loadRubric } from '../io/load-rubric.js';
import { writeFileAtomic } from '../io/write-file.js';
import { participantFile, participantName } from './participant.js';

export interface InitOptions {
  /** Default answers.yaml, or answers-NAME.yaml with --participant. */
  output?: string;
  /** Who will answer, in a workshop: written as `participant:`. */
  participant?: string;
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
  const { rubric } = loadRubric(options.rubric);
  requireStage(rubric, options.stage);
  const participant = options.participant === undefined ? undefined : participantName(options.participant);
  const output = options.output ?? (participant === undefined ? 'answers.yaml' : participantFile(participant));
  if (output !== '-' && existsSync(output) && !options.force) {
    throw new UsageError(`${output} already exists: nothing was written. Use --force to replace it, or --output another path.`);
  }
  const text = buildAnswersTemplate(rubric, {
    ...(options.team !== undefined && { team: options.team }),
    ...(options.product !== undefined && { product: options.product }),
    ...(options.stage !== undefined && { stage: options.stage }),
    ...(participant !== undefined && { participant }),
    date: options.date ?? new Date().toISOString().slice(0, 10),
  });
  if (output === '-') {
    io.stdout.write(text);
    return 0;
  }
  writeFileAtomic(output, text);
  const count = rubric.steps.reduce((sum, step) => sum + step.questions.length, 0);
  io.stderr.write(`Wrote ${output}: ${count} questions in ${rubric.steps.length} steps to fill in.\nNext: edit it, then run: scaleplay report ${output}\n`);
  return 0;
}
