// `scaleplay evidence FILE`: every piece of evidence behind an answers file, with its owner, age and state; with
// --expiring-within DAYS, what goes stale before then, and exit 1 when anything is stale or missing already (so a
// scheduled CI job can open the review).
import type { CommonFlags, EvidenceFlags } from '../cli.js';
import { expiringWithin, listEvidence } from '../core/evidence.js';
import { EXIT, type ExitCode } from '../errors.js';
import { renderEvidence } from '../render/registry.js';
import type { Io } from '../runtime.js';
import { openAnswers } from './open-answers.js';
import { rubricFor, themeFor } from './shared.js';

/** Options of `scaleplay evidence`, as declared in src/cli.ts. */
export type EvidenceOptions = EvidenceFlags & CommonFlags & { file: string };

/** Prints the evidence listing; exit 1 under --expiring-within when a piece is stale or missing. */
export async function runEvidence(options: EvidenceOptions, io: Io): Promise<ExitCode> {
  const { rubric } = rubricFor(io, options.rubric, undefined, options);
  const loaded = openAnswers(io, rubric, options.file, { asClaimed: true, verbose: options.verbose });
  const today = io.today();
  const entries = listEvidence(rubric, loaded.assessment, today);
  const days = options.expiringWithin;
  const view = {
    file: options.file,
    today,
    entries,
    ...(days !== undefined && { expiring: { days, entries: expiringWithin(entries, today, days) } }),
  };
  const theme = themeFor(io, 'stdout', options.color);
  io.stdout.write(await renderEvidence(view, options.format, { theme, width: io.stdout.columns ?? 80 }));
  const overdue = entries.some((entry) => entry.state === 'stale' || entry.state === 'missing');
  return days !== undefined && overdue ? EXIT.failed : EXIT.ok;
}
