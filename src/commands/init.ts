// `scaleplay init`: writes a complete answers template to fill by hand.
import { existsSync } from 'node:fs';
import type { Profile, Rubric } from '../core/model.js';
import { buildAnswersTemplate } from '../core/template.js';
import type { CommonFlags, InitFlags } from '../cli.js';
import { EXIT, UsageError, type ExitCode } from '../errors.js';
import { writeOutputs } from '../io/write-file.js';
import { pathIn, type Io } from '../runtime.js';
import { suggestCommand } from './invocation.js';
import { participantFile, participantName } from './participant.js';
import { requireStage, rubricDirFor, rubricFor } from './shared.js';
import { rubricPathFor } from '../io/rubric-source.js';
import { resolve } from 'node:path';

/** Options of `scaleplay init`, as declared in src/cli.ts. */
export type InitOptions = InitFlags & CommonFlags;

/** Writes the template; refuses to overwrite an existing file without --force. Returns the exit code. */
export function runInit(options: InitOptions, io: Io): ExitCode {
  const { rubric } = rubricFor(io, options.rubric, undefined, options);
  requireStage(rubric, options.stage);
  const profile = options.profile === undefined ? undefined : parseProfile(rubric, options.profile);
  const participant = options.participant === undefined ? undefined : participantName(options.participant);
  const output = options.output ?? (participant === undefined ? 'answers.yaml' : participantFile(participant));
  const rubricPath = rubricPathFor(resolve(io.cwd, output), rubricDirFor(io, options.rubric));
  if (output !== '-' && existsSync(pathIn(io, output)) && !options.force) {
    throw new UsageError(
      `${output} already exists: nothing was written. Use --force to replace it, or --output another path.`,
    );
  }
  const text = buildAnswersTemplate(rubric, {
    ...(options.team !== undefined && { team: options.team }),
    ...(options.product !== undefined && { product: options.product }),
    ...(options.stage !== undefined && { stage: options.stage }),
    ...(participant !== undefined && { participant }),
    ...(profile && { profile }),
    date: io.today(),
    ...(rubricPath !== undefined && output !== '-' && { rubricPath }),
  });
  if (output === '-') {
    io.stdout.write(text);
    return EXIT.ok;
  }
  writeOutputs([{ option: '--output', path: output, content: text }], io.cwd);
  const count = rubric.steps.reduce((sum, step) => sum + step.questions.length, 0);
  const next = suggestCommand(io.env, [
    'report',
    output,
    ...(options.rubric !== undefined ? ['--rubric', options.rubric] : []),
  ]);
  io.stderr.write(
    `Wrote ${output}: ${count} questions in ${rubric.steps.length} steps to fill in.\nNext: edit it, then run: ${next}\n`,
  );
  return EXIT.ok;
}

/** `--profile builds=api,sells=sales-led`, each key and answer checked against the rubric's profile questions. */
function parseProfile(rubric: Rubric, text: string): Profile {
  const questions = rubric.profile ?? [];
  if (questions.length === 0) throw new UsageError('--profile: this rubric has no profile questions.');
  const profile: Profile = {};
  for (const part of text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')) {
    const [key = '', value = ''] = part.split('=').map((item) => item.trim());
    const question = questions.find((candidate) => candidate.id === key);
    if (!question)
      throw new UsageError(
        `--profile: unknown profile question "${key}" (expected one of: ${questions.map((q) => q.id).join(', ')}).`,
      );
    if (!question.choices.some((choice) => choice.id === value)) {
      throw new UsageError(
        `--profile: unknown answer "${value}" for ${key} (expected one of: ${question.choices.map((choice) => choice.id).join(', ')}).`,
      );
    }
    profile[key] = value;
  }
  return profile;
}
