// `scaleplay report FILE`: the gap report in the terminal, as JSON or as Markdown.
import type { Io } from '../io.js';
import { writeFileAtomic } from '../io/write-file.js';
import { renderReport, type ReportFormat } from '../render/index.js';
import { enforceStrict, printDrift } from './drift-notes.js';
import { loadAndScore, printWarnings, themeFor } from './shared.js';

export interface ReportOptions {
  file: string;
  rubric?: string;
  format: ReportFormat;
  output?: string;
  stage?: string;
  color?: boolean;
  /** Rubric drift (answers made with another rubric version) is an error. */
  strict?: boolean;
}

/** Renders the report to stdout or, with `output`, to a file (atomically). Returns the exit code. */
export function runReport(options: ReportOptions, io: Io): number {
  const { report, loaded } = loadAndScore(options.file, options.rubric, options.stage);
  enforceStrict(options.strict, options.file, loaded.drift);
  printWarnings(io, loaded.warnings);
  printDrift(io, options.file, loaded.drift);
  const toFile = options.output !== undefined;
  const theme = themeFor(io, 'stdout', toFile ? false : options.color);
  const text = renderReport(report, options.format, { theme, width: io.stdout.columns ?? 80 });
  if (toFile) {
    writeFileAtomic(options.output!, text);
    io.stderr.write(`Report written to ${options.output} (${options.format}).\n`);
  } else io.stdout.write(text);
  return 0;
}
