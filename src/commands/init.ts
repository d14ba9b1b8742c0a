// `scaleplay init`: writes a complete answers template to fill by hand.
import { existsSync } from 'node:fs';
import { buildAnswersTemplate } from '../core/template.js';
import type { InitFlags } from '../cli.js';
import { EXIT, UsageError, type ExitCode } from '../errors.js';
import { writeFileAtomic } from '../io/write-file.js';
import { pathIn, type Io } from '../runtime.js';
import { suggestCommand } from './invocation.js';
import { participantFile, participantName } from './participant.js';
import { requireStage, rubricFor } from './shared.js';

/** Options of `scaleplay init`, as declared in src/cli.ts. */
export type InitOptions = InitFlags;

/** Writes the template; refuses to overwrite an existing file without --force. Returns the exit code. */
export function runInit(options: InitOptions, io: Io): ExitCode {
  const { rubric } = rubricFor(io, options.rubric);
  requireStage(rubric, options.stage);
  const participant = options.participant === undefined ? undefined : participantName(options.participant);
  const output = options.output ?? (participant === undefined ? 'answers.yaml' : participantFile(participant));
  if (output !== '-' && existsSync(pathIn(io, output)) && !options.force) {
    throw new UsageError(`${output} already exists: nothing was written. Use --force to replace it, or --output another path.`);
  }
  const text = buildAnswersTemplate(rubric, {
    ...(options.team !== undefined && { team: options.team }),
    ...(options.product !== undefined && { product: options.product }),
    ...(options.stage !== undefined && { stage: options.stage }),
    ...(participant !== undefined && { participant }),
    date: io.today(),
  });
  if (output === '-') {
    io.stdout.write(text);
    return EXIT.ok;
  }
  writeFileAtomic(output, text, io.cwd);
  const count = rubric.steps.reduce((sum, step) => sum + step.questions.length, 0);
  const next = suggestCommand(io.env, ['report', output, ...(options.rubric !== undefined ? ['--rubric', options.rubric] : [])]);
  io.stderr.write(`Wrote ${output}: ${count} questions in ${rubric.steps.length} steps to fill in.\nNext: edit it, then run: ${next}\n`);
  return EXIT.ok;
}
