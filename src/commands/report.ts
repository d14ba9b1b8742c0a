// `scaleplay report FILE`: the gap report, the roadmap and the cheapest path, in the terminal, as JSON, Markdown or HTML.
import { closeSync, fstatSync, openSync, readFileSync, statSync } from 'node:fs';
import { defaultTargets, stageTargets, thresholdTargets, type PathTargets } from '../core/cheapest-path.js';
import { buildRoadmap } from '../core/roadmap.js';
import type { CommonFlags, ReportFlags } from '../cli.js';
import { EXIT, InputError, UsageError, type ExitCode } from '../errors.js';
import { pathIn, type Io } from '../runtime.js';
import { dirname, join } from 'node:path';
import { scoreParticipants } from '../core/workshop.js';
import {
  footerFrom,
  loadReportSettings,
  MAX_FOOTER_TEXT,
  REPORT_SETTINGS_FILE,
  type ReportFooter,
} from '../io/report-settings.js';
import { readTextFile } from '../io/yaml-file.js';
import { noteFileRead } from '../io/files-read.js';
import { refuseInputAsOutput, writeOutputs } from '../io/write-file.js';
import { renderReport, type ReportView } from '../render/registry.js';
import { MAX_LOGO_BYTES, readLogoBytes, type Logo } from '../render/logo.js';
import { placeholder, suggestCommand } from './invocation.js';
import { loadAndScore } from './open-answers.js';
import { themeFor } from './shared.js';

/** Longest --title accepted (it is a heading, not a paragraph). */
export const MAX_TITLE_LENGTH = 200;

/** Options of `scaleplay report`, as declared in src/cli.ts. */
export type ReportOptions = ReportFlags & CommonFlags & { file: string };

/** Largest --summary file accepted (an executive summary is a page or two). */
export const MAX_SUMMARY_BYTES = 64 * 1024;

/** Renders the report to stdout or, with `output`, to a file (atomically). Returns the exit code. */
export async function runReport(options: ReportOptions, io: Io): Promise<ExitCode> {
  const htmlOnly = [
    options.logo !== undefined && '--logo',
    options.audience === 'client' && '--audience client',
    options.summary !== undefined && '--summary',
    options.firm !== undefined && '--firm',
    options.contact !== undefined && '--contact',
    options.confidential !== undefined && '--confidential',
  ].filter((name): name is string => typeof name === 'string');
  if (htmlOnly.length > 0 && options.format !== 'html') {
    throw new UsageError(`${htmlOnly[0]} is for the HTML report: add --format html.`);
  }
  if (options.full && options.format !== 'table') {
    throw new UsageError(`--full is for the terminal report: the ${options.format} report always lists everything.`);
  }
  const html = options.format === 'html';
  const settingsFile = html ? join(dirname(options.file), REPORT_SETTINGS_FILE) : undefined;
  const inputs = [options.file, options.logo, options.summary, settingsFile].filter(
    (path): path is string => path !== undefined,
  );
  refuseInputAsOutput([{ option: '--output', path: options.output }], inputs, io.cwd);
  const footer = html ? { ...loadReportSettings(options.file, io.cwd).footer, ...footerOptions(options) } : undefined;
  const summary = options.summary === undefined ? undefined : readSummary(options.summary, io);
  const title = options.title?.trim();
  if (options.title !== undefined && !title) throw new UsageError('--title is empty.');
  if (title !== undefined && title.length > MAX_TITLE_LENGTH)
    throw new UsageError(`--title is longer than ${MAX_TITLE_LENGTH} characters.`);
  // Read the logo first: a bad logo should fail before any work is done.
  const logo = options.logo === undefined ? undefined : readLogo(options.logo, io);

  const { report, rubric, loaded } = loadAndScore(io, options);

  let targets: PathTargets | undefined;
  const thresholds = loaded.assessment.thresholds;
  if (options.target === 'stage') {
    targets = stageTargets(rubric, report);
    if (!targets)
      throw new UsageError(`--target stage needs a stage: ${options.file} has none; add "stage:" or pass --stage.`);
  } else if (options.target === 'thresholds') {
    if (!thresholds) throw new UsageError(`--target thresholds needs a "thresholds:" section in ${options.file}.`);
    targets = thresholdTargets(rubric, report, thresholds);
  } else {
    targets = defaultTargets(rubric, report, thresholds);
  }
  const roadmap = buildRoadmap(rubric, report, targets);
  const claims =
    options.verify === undefined
      ? undefined
      : // The probe runner is loaded only when --verify asks for it.
        (await import('../io/verify-repo.js')).verifyRepository(options.verify, rubric, loaded.assessment, io.cwd);

  const toFile = options.output !== undefined;
  const theme = themeFor(io, 'stdout', toFile ? false : options.color);
  const rubricArgs = options.rubric !== undefined ? ['--rubric', options.rubric] : [];
  const settleCommand = suggestCommand(io.env, [
    'assess',
    '--output',
    options.file,
    ...rubricArgs,
    '--step',
    placeholder('step'),
  ]);
  const workshop = html ? scoreParticipants(rubric, loaded.assessment, options.stage) : undefined;
  const plan = loaded.assessment.plan;
  const view: ReportView = {
    report,
    rubric,
    roadmap,
    settleCommand,
    ...(title !== undefined && { title }),
    ...(logo && { logo }),
    ...(options.full && { full: true }),
    ...(claims && { claims }),
    audience: options.audience,
    ...(summary !== undefined && { summary }),
    ...(footer && Object.keys(footer).length > 0 && { footer }),
    ...(workshop && { workshop }),
    ...(plan && { plan }),
  };
  const text = await renderReport(view, options.format, { theme, width: io.stdout.columns ?? 80 });
  if (toFile) {
    writeOutputs([{ option: '--output', path: options.output!, content: text }], io.cwd);
    io.stderr.write(`Report written to ${options.output} (${options.format}).\n`);
  } else io.stdout.write(text);
  return EXIT.ok;
}

/** The footer options given on the command line (each wins over report.yaml). */
function footerOptions(options: ReportOptions): ReportFooter {
  const check = (name: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    const text = value.trim();
    if (!text) throw new UsageError(`${name} is empty.`);
    if (text.length > MAX_FOOTER_TEXT) {
      throw new UsageError(`${name} is longer than ${MAX_FOOTER_TEXT} characters (it is one line of a footer).`);
    }
    return text;
  };
  const firm = check('--firm', options.firm);
  const contact = check('--contact', options.contact);
  const given = options.confidential;
  const confidential = typeof given === 'string' ? check('--confidential', given) : given;
  return footerFrom({
    ...(firm && { firm }),
    ...(contact && { contact }),
    ...(confidential !== undefined && { confidential }),
  });
}

/** Reads the --summary Markdown file: text, UTF-8, at most MAX_SUMMARY_BYTES. */
function readSummary(file: string, io: Io): string {
  const text = readTextFile(file, io.cwd);
  if (Buffer.byteLength(text) > MAX_SUMMARY_BYTES) {
    const message = `the summary is too long (over ${MAX_SUMMARY_BYTES / 1024} kB)`;
    throw new InputError([{ file, message, hint: 'An executive summary is a page or two: link to longer documents.' }]);
  }
  if (!text.trim()) {
    const hint = 'Write the executive summary in Markdown, or leave out --summary.';
    throw new InputError([{ file, message: 'the summary file is empty', hint }]);
  }
  return text;
}

/** Reads a logo file with the same care as any input: size first, then the type from its bytes. */
function readLogo(file: string, io: Io): Logo {
  const path = pathIn(io, file);
  const fail = (message: string, hint?: string): never => {
    throw new InputError([{ file, message, ...(hint && { hint }) }]);
  };
  let size = 0;
  try {
    const stats = statSync(path);
    if (!stats.isFile()) fail('is not a file', 'Give the path of a PNG, JPEG or SVG image.');
    size = stats.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    fail(code === 'ENOENT' ? 'logo file not found' : `cannot read the logo (${code ?? 'error'})`);
  }
  if (size > MAX_LOGO_BYTES)
    fail(
      `the logo is too large (${size} bytes; the limit is ${MAX_LOGO_BYTES} bytes)`,
      'Export a smaller PNG (a few hundred pixels wide is plenty).',
    );
  let bytes: Buffer;
  try {
    const fd = openSync(path, 'r');
    try {
      noteFileRead(file, path, fstatSync(fd));
      bytes = readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return fail(`cannot read the logo (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const result = readLogoBytes(bytes);
  if (!result.ok) return fail(result.message, result.hint);
  return result.logo;
}
