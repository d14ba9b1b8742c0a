// `scaleplay report FILE`: the gap report, the roadmap and the cheapest path, in the terminal, as JSON, Markdown or HTML.
import { readFileSync, statSync } from 'node:fs';
import { defaultTargets, stageTargets, thresholdTargets, type PathTargets } from '../core/cheapest-path.js';
import { buildRoadmap } from '../core/roadmap.js';
import { InputError, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { refuseInputAsOutput, writeFileAtomic } from '../io/write-file.js';
import { renderReport, type ReportFormat } from '../render/registry.js';
import { MAX_LOGO_BYTES, readLogoBytes, type Logo } from '../render/logo.js';
import { enforceStrict, printDrift } from './drift-notes.js';
import { loadAndScore, printWarnings, themeFor, requireStage } from './shared.js';

export const PATH_TARGETS = ['stage', 'thresholds'] as const;
export type PathTargetKind = (typeof PATH_TARGETS)[number];

/** Longest --title accepted (it is a heading, not a paragraph). */
export const MAX_TITLE_LENGTH = 200;

export interface ReportOptions {
  file: string;
  rubric?: string;
  format: ReportFormat;
  output?: string;
  stage?: string;
  color?: boolean;
  /** Rubric drift (answers made with another rubric version) is an error. */
  strict?: boolean;
  /** A heading for the report (HTML, Markdown, terminal; in JSON as `title`). */
  title?: string;
  /** The terminal report lists everything instead of what fits an 80×40 screen. */
  full?: boolean;
  /** A PNG, JPEG or SVG logo for the HTML report. */
  logo?: string;
  /** What the cheapest path aims at (default: the stage targets, else the file's thresholds). */
  target?: PathTargetKind;
}

/** Renders the report to stdout or, with `output`, to a file (atomically). Returns the exit code. */
export async function runReport(options: ReportOptions, io: Io): Promise<number> {
  if (options.logo !== undefined && options.format !== 'html') throw new UsageError('--logo is for the HTML report: add --format html.');
  if (options.full && options.format !== 'table') throw new UsageError(`--full is for the terminal report: the ${options.format} report always lists everything.`);
  refuseInputAsOutput([{ option: '--output', path: options.output }], [options.file, ...(options.logo === undefined ? [] : [options.logo])], io.cwd);
  const title = options.title?.trim();
  if (options.title !== undefined && !title) throw new UsageError('--title is empty.');
  if (title !== undefined && title.length > MAX_TITLE_LENGTH) throw new UsageError(`--title is longer than ${MAX_TITLE_LENGTH} characters.`);
  // Read the logo first: a bad logo should fail before any work is done.
  const logo = options.logo === undefined ? undefined : readLogo(options.logo);

  const { report, rubric, loaded } = loadAndScore(options.file, options.rubric, options.stage);
  enforceStrict(options.strict, options.file, loaded.drift);
  requireStage(rubric, options.stage);
  printWarnings(io, loaded.warnings);
  printDrift(io, options.file, loaded.drift);

  let targets: PathTargets | undefined;
  const thresholds = loaded.assessment.thresholds;
  if (options.target === 'stage') {
    targets = stageTargets(rubric, report);
    if (!targets) throw new UsageError(`--target stage needs a stage: ${options.file} has none; add "stage:" or pass --stage.`);
  } else if (options.target === 'thresholds') {
    if (!thresholds) throw new UsageError(`--target thresholds needs a "thresholds:" section in ${options.file}.`);
    targets = thresholdTargets(rubric, report, thresholds);
  } else {
    targets = defaultTargets(rubric, report, thresholds);
  }
  const roadmap = buildRoadmap(rubric, report, targets);

  const toFile = options.output !== undefined;
  const theme = themeFor(io, 'stdout', toFile ? false : options.color);
  const view = { report, rubric, roadmap, ...(title !== undefined && { title }), ...(logo && { logo }), ...(options.full && { full: true }) };
  const text = await renderReport(view, options.format, { theme, width: io.stdout.columns ?? 80 });
  if (toFile) {
    writeFileAtomic(options.output!, text);
    io.stderr.write(`Report written to ${options.output} (${options.format}).\n`);
  } else io.stdout.write(text);
  return 0;
}

/** Reads a logo file with the same care as any input: size first, then the type from its bytes. */
function readLogo(file: string): Logo {
  const fail = (message: string, hint?: string): never => {
    throw new InputError([{ file, message, ...(hint && { hint }) }]);
  };
  let size = 0;
  try {
    const stats = statSync(file);
    if (!stats.isFile()) fail('is not a file', 'Give the path of a PNG, JPEG or SVG image.');
    size = stats.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    fail(code === 'ENOENT' ? 'logo file not found' : `cannot read the logo (${code ?? 'error'})`);
  }
  if (size > MAX_LOGO_BYTES) fail(`the logo is too large (${size} bytes; the limit is ${MAX_LOGO_BYTES} bytes)`, 'Export a smaller PNG (a few hundred pixels wide is plenty).');
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return fail(`cannot read the logo (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const result = readLogoBytes(bytes);
  if (!result.ok) return fail(result.message, result.hint);
  return result.logo;
}
