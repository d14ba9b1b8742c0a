// Rubric drift as `report`, `check`, `diff` and `merge` show it: notes on stderr, or an error (exit 2) with --strict.
import { summariseDrift, type RubricDrift } from '../core/drift.js';
import { formatProblem, InputError, type Problem } from '../errors.js';
import type { Io } from '../runtime.js';
import { safeText } from '../render/channels.js';
import { writeCapped } from './shared.js';

/** Prints the drift notes of one answers file to stderr, at most REPEAT_CAP of a kind unless `verbose`. */
export function printDrift(io: Io, file: string, drift: RubricDrift | undefined, verbose = false): void {
  if (!drift) return;
  io.stderr.write(`drift: ${safeText(file)}: ${safeText(summariseDrift(drift))}\n`);
  const lines = drift.notes.map((note) => ({
    kind: note.kind,
    text: safeText(formatProblem({ ...note.where, message: note.message })),
  }));
  writeCapped(io, 'drift: ', lines, verbose);
}

/** With --strict, drift is an error: throws an InputError listing it (exit 2). */
export function enforceStrict(strict: boolean | undefined, file: string, drift: RubricDrift | undefined): void {
  if (!strict || !drift) return;
  const problems: Problem[] = [
    {
      file,
      message: `--strict: ${summariseDrift(drift)}`,
      hint: 'Update the answers file to the rubric in use (run `scaleplay init` for a fresh template), or drop --strict.',
    },
    ...drift.notes.map((note) => ({ ...note.where, message: note.message })),
  ];
  throw new InputError(problems);
}
