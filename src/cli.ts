// The commander program: each command's arguments and options are declared once below, and the options type each
// command receives is derived from that declaration (`@commander-js/extra-typings`). Actions stay thin: they
// lazy-import their command, so `check` never loads what only `assess` needs, and hand it the parsed options.
import { Command, CommanderError, InvalidArgumentError, Option } from '@commander-js/extra-typings';
import { CancelledError, EXIT, InputError, UsageError, formatProblem, type ExitCode } from './errors.js';
import { forgetFilesRead } from './io/files-read.js';
import { processIo, type Io } from './runtime.js';
import { guardWorkflowStreams, safeText } from './render/channels.js';
import {
  AUDIENCES,
  DIFF_FORMATS,
  EVIDENCE_FORMATS,
  MERGE_FORMATS,
  PORTFOLIO_FORMATS,
  REPORT_FORMATS,
} from './render/registry.js';
import { SCHEMA_KINDS } from './schema/kinds.js';
declare const SCALEPLAY_VERSION: string | undefined;

/** Parses `--min-score 60`-style values: an integer from 0 to 100. */
export function parseScore(value: string): number {
  const number = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !Number.isFinite(number) || number < 0 || number > 100) {
    throw new InvalidArgumentError('expected a score from 0 to 100.');
  }
  return number;
}

/** Parses `--expiring-within 30`: a whole number of days, 0 to 3650. */
export function parseDays(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || number > 3650)
    throw new InvalidArgumentError('expected a whole number of days (0-3650).');
  return number;
}

/** Collects `--min STEP=N` into a record. */
export function collectStepMinimum(
  value: string,
  previous: Record<string, number> | undefined,
): Record<string, number> {
  const match = /^([a-z0-9-]+)=(.+)$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError('expected STEP=N, e.g. --min reliability=50.');
  return { ...previous, [match[1]!]: parseScore(match[2]!) };
}

/** The program with its global options; every command is declared on it. */
type Program = Command<[], { color: boolean; verbose?: true; cache: boolean }>;
/** The options a declared command parses, e.g. `FlagsOf<typeof declareReport>`. */
type FlagsOf<Declare extends (program: Program) => { opts(): unknown }> = ReturnType<ReturnType<Declare>['opts']>;

const rubricOption = () => new Option('--rubric <dir>', 'a rubric folder of your own (default: the built-in playbook)');
const strictOption = () =>
  new Option('--strict', 'rubric drift (answers made with another rubric version) is an error');
const example = (text: string) => `\nExample:\n  ${text}\n`;
const verifyOption = () =>
  new Option('--verify <dir>', "check the answers' claims against the repository at DIR with the rubric's probes");

const declareReport = (program: Program) =>
  program
    .command('report')
    .description('print the gap report for an answers file')
    .argument('<file>', 'answers file (YAML)')
    .addOption(rubricOption())
    .addOption(new Option('-f, --format <format>', 'output format').choices(REPORT_FORMATS).default('table'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--stage <stage>', "score against another stage's targets than the file's")
    .addOption(strictOption())
    .addOption(
      new Option(
        '--target <kind>',
        "what the cheapest path aims at (default: stage targets, else the file's thresholds)",
      ).choices(['stage', 'thresholds'] as const),
    )
    .addOption(verifyOption())
    .option('--title <text>', 'a title for the report (e.g. the client and the workshop date)')
    .option('--full', 'the terminal report in full: every action, the cheapest path step by step, answers to discuss')
    .option('--logo <file>', 'a PNG, JPEG or plain SVG logo to embed in the HTML report')
    .addOption(
      new Option(
        '--audience <who>',
        'HTML: "client" for a deliverable (labels, no ids or commands, each participant\'s scores)',
      )
        .choices(AUDIENCES)
        .default('team' as const),
    )
    .option('--summary <file>', 'HTML: your executive summary and recommendations (Markdown), placed first')
    .option(
      '--firm <name>',
      'HTML: your firm, in the footer of every printed page (or firm: in report.yaml beside the answers)',
    )
    .option('--contact <text>', 'HTML: a contact line for the footer (or contact: in report.yaml)')
    .option(
      '--confidential [text]',
      'HTML: a confidentiality line for the footer, "Confidential" by default (or in report.yaml)',
    )
    .addHelpText(
      'after',
      example(
        'scaleplay report answers.yaml --format html --output report.html --title "Acme · scaling review" --logo logo.png',
      ),
    );
export type ReportFlags = FlagsOf<typeof declareReport>;

const declareCheck = (program: Program) =>
  program
    .command('check')
    .description(
      'exit 0 when the answers meet every threshold (unknown answers counted at their worst) and did not regress, ' +
        '1 when not',
    )
    .argument('<file>', 'answers file (YAML)')
    .addOption(rubricOption())
    .option('--min-score <n>', 'minimum overall score (0-100)', parseScore)
    .option('--min <step=n>', 'minimum score for a step or a step group; repeatable', collectStepMinimum)
    .option('--stage <stage>', 'require every step and the overall score to reach their targets for this stage')
    .option('--baseline <file>', "fail when any step's worst case scores lower than in this older answers file")
    .option(
      '--baseline-git <ref>',
      'like --baseline, reading the same file at a git revision (e.g. HEAD~1, origin/main)',
    )
    .option(
      '--allow-drop <points>',
      'points a step may drop against the baseline before failing (default 0)',
      parseScore,
    )
    .option('--junit <file>', 'also write JUnit XML for CI dashboards (on pass, fail and an invalid input file)')
    .option('--json <file>', 'also write the outcome as JSON (on pass, fail and an invalid input file)')
    .addOption(strictOption())
    .addOption(verifyOption())
    .addOption(
      new Option('--verify-severity <level>', 'error: a claim the repository contradicts fails the check')
        .choices(['warn', 'error'] as const)
        .default('warn' as const),
    )
    .addHelpText(
      'after',
      `${example('scaleplay check answers.yaml --junit scaleplay.xml --baseline-git origin/main')}\n` +
        'On GitHub Actions (GITHUB_ACTIONS=true) it also prints ::error/::warning annotations and appends a summary to ' +
        '$GITHUB_STEP_SUMMARY.\n',
    );
export type CheckFlags = FlagsOf<typeof declareCheck>;

const declareEvidence = (program: Program) =>
  program
    .command('evidence')
    .description('list the evidence behind an answers file: owner, age and state (fresh, stale, missing)')
    .argument('<file>', 'answers file (YAML)')
    .addOption(rubricOption())
    .addOption(new Option('-f, --format <format>', 'output format').choices(EVIDENCE_FORMATS).default('table'))
    .option(
      '--expiring-within <days>',
      'also list what goes stale within DAYS; exit 1 when anything is stale or missing already',
      parseDays,
    )
    .addHelpText('after', example('scaleplay evidence answers.yaml --expiring-within 30'));
export type EvidenceFlags = FlagsOf<typeof declareEvidence>;

const declareDiff = (program: Program) =>
  program
    .command('diff')
    .description('compare two answers files of a team: what improved, regressed, is new or gone')
    .argument('<old>', 'the older answers file (YAML)')
    .argument('<new>', 'the newer answers file (YAML)')
    .addOption(rubricOption())
    .addOption(new Option('-f, --format <format>', 'output format').choices(DIFF_FORMATS).default('table'))
    .option('--stage <stage>', "score both against this stage's targets (default: the newer file's stage)")
    .addOption(strictOption())
    .addHelpText('after', example('scaleplay diff answers-2026-q3.yaml answers.yaml --format md'));
export type DiffFlags = FlagsOf<typeof declareDiff>;

const declareMerge = (program: Program) =>
  program
    .command('merge')
    .description("merge a workshop's answers files about one team into a consensus, disagreements first")
    .argument('<files...>', "participants' answers files (YAML), two or more")
    .addOption(rubricOption())
    .option('-o, --output <file>', 'write the consensus answers file here ("-" for stdout)')
    .option('--force', 'replace an existing output file (never an input)')
    .addOption(new Option('-f, --format <format>', 'summary format').choices(MERGE_FORMATS).default('table'))
    .addHelpText('after', example('scaleplay merge alice.yaml bob.yaml carol.yaml --output consensus.yaml'));
export type MergeFlags = FlagsOf<typeof declareMerge>;

const declarePortfolio = (program: Program) =>
  program
    .command('portfolio')
    .description('compare many teams: overall and per-step scores, levels and percentiles across the set')
    .argument('<paths...>', 'folders of answers files (*.yaml, *.yml) and/or answers files')
    .addOption(rubricOption())
    .addOption(new Option('-f, --format <format>', 'output format').choices(PORTFOLIO_FORMATS).default('table'))
    .option('--stage <stage>', "score every team against this stage's targets instead of its own")
    .option('--sort <column>', 'sort by "overall" or a step id, highest first', 'overall')
    .addHelpText('after', example('scaleplay portfolio clients/ --format csv > portfolio.csv'));
export type PortfolioFlags = FlagsOf<typeof declarePortfolio>;

const declareInit = (program: Program) =>
  program
    .command('init')
    .description('write an answers template with every question, ready to fill by hand')
    .option(
      '-o, --output <file>',
      'where to write it ("-" for stdout; default answers.yaml, or answers-NAME.yaml with --participant)',
    )
    .addOption(rubricOption())
    .option('--participant <name>', 'who will answer, for a workshop: one file each, then `scaleplay merge`')
    .option('--team <name>', 'team name')
    .option('--product <name>', 'product name')
    .option('--stage <stage>', 'company stage (e.g. seed, series-a)')
    .option('--profile <answers>', 'the company profile, e.g. builds=api,sells=sales-led (rubrics with a profile)')
    .option('--force', 'replace an existing file')
    .addHelpText('after', example('scaleplay init --output answers.yaml --team Acme --stage seed'));
export type InitFlags = FlagsOf<typeof declareInit>;

const declareAssess = (program: Program) =>
  program
    .command('assess')
    .description('answer the playbook questions in the terminal, saving after each answer, then print the gap report')
    .option(
      '-o, --output <file>',
      'answers file to create or continue (default answers.yaml, or answers-NAME.yaml with --participant)',
    )
    .addOption(rubricOption())
    .option('--participant <name>', 'who is answering, for a workshop: one file each, then `scaleplay merge`')
    .option('--step <id>', 're-ask one step, with the current answers as defaults')
    .option('--team <name>', 'team name')
    .option('--product <name>', 'product name')
    .option('--stage <stage>', 'company stage (e.g. seed, series-a)')
    .option('--notes', 'ask for an optional note or evidence link after each answer')
    .addHelpText('after', example('scaleplay assess --output acme.yaml --team Acme --stage seed'));
export type AssessFlags = FlagsOf<typeof declareAssess>;

const declareRubric = (program: Program) =>
  program
    .command('rubric')
    .description('validate, show or test a rubric')
    .addHelpText('after', example('scaleplay rubric validate ./my-rubric && scaleplay rubric test ./my-rubric'));
type RubricProgram = ReturnType<typeof declareRubric>;

const declareRubricValidate = (rubric: RubricProgram) =>
  rubric
    .command('validate')
    .description(
      'check a rubric folder: every problem with file:line:col, and warnings for what is legal but probably wrong',
    )
    .argument('[dir]', 'rubric folder (default: the built-in playbook)')
    .option('--strict', 'exit 1 when there are warnings')
    .addHelpText('after', example('scaleplay rubric validate ./my-rubric --strict'));
export type RubricValidateFlags = ReturnType<ReturnType<typeof declareRubricValidate>['opts']>;

const declareRubricTest = (rubric: RubricProgram) =>
  rubric
    .command('test')
    .description("run a rubric's golden cases (DIR/tests/*.yaml) and show which scores and levels moved")
    .argument('<dir>', 'rubric folder with a tests/ folder')
    .option('--update', 'write the new values into the cases that moved (after a deliberate change)')
    .addHelpText('after', example('scaleplay rubric test ./my-rubric'));
export type RubricTestFlags = ReturnType<ReturnType<typeof declareRubricTest>['opts']>;

const declareRubricShow = (rubric: RubricProgram) =>
  rubric
    .command('show')
    .description("print a rubric's steps, questions, levels and stage targets")
    .addOption(rubricOption())
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json'] as const).default('text'))
    .addHelpText('after', example('scaleplay rubric show --format json'));
export type RubricShowFlags = ReturnType<ReturnType<typeof declareRubricShow>['opts']>;

const declareSchema = (program: Program) =>
  program
    .command('schema')
    .description('print the JSON Schema of the answers file (or of rubric files) for editors')
    .addOption(new Option('--kind <kind>', 'which file format').choices(SCHEMA_KINDS).default('answers'))
    .addHelpText('after', example('scaleplay schema > answers.schema.json'));
export type SchemaFlags = FlagsOf<typeof declareSchema>;

/** What every command gets besides its own options: --no-color given (undefined: decide from the stream),
 * --verbose (every warning and drift line, not only the first 10 of a kind) and --no-cache (no compiled-rubric cache). */
export interface CommonFlags {
  color?: boolean;
  verbose?: boolean;
  cache?: boolean;
}

function buildProgram(io: Io, setExit: (code: ExitCode) => void): Program {
  const program: Program = new Command('scaleplay')
    .description('Score an AI product team against the scaling playbook and print the gaps to close next.')
    .version(typeof SCALEPLAY_VERSION === 'string' ? SCALEPLAY_VERSION : '0.0.0-dev', '-v, --version')
    .option('--no-color', 'never colour the output (NO_COLOR is honoured too)')
    .option('--verbose', 'list every warning and drift line (else at most 10 of a kind)')
    .option('--no-cache', 'do not read or write the compiled-rubric cache (for --rubric DIR)')
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .exitOverride()
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  scaleplay assess                      answer the questions, get the gap report\n' +
        '  scaleplay report answers.yaml         the gap report for a filled-in answers file\n' +
        '  scaleplay check answers.yaml          the CI gate (exit 0 ok, 1 short, 2 invalid)\n',
    );
  const common = (command: { optsWithGlobals(): { color: boolean; verbose?: true; cache: boolean } }): CommonFlags => {
    const globals = command.optsWithGlobals();
    return {
      ...(globals.color === false && { color: false }),
      ...(globals.verbose && { verbose: true }),
      ...(globals.cache === false && { cache: false }),
    };
  };

  declareReport(program).action(async (file, flags, command) => {
    const { runReport } = await import('./commands/report.js');
    setExit(await runReport({ file, ...flags, ...common(command) }, io));
  });
  declareCheck(program).action(async (file, flags, command) => {
    const { runCheck } = await import('./commands/check.js');
    setExit(await runCheck({ file, ...flags, ...common(command) }, io));
  });
  declareEvidence(program).action(async (file, flags, command) => {
    const { runEvidence } = await import('./commands/evidence.js');
    setExit(await runEvidence({ file, ...flags, ...common(command) }, io));
  });
  declareDiff(program).action(async (before, after, flags, command) => {
    const { runDiff } = await import('./commands/diff.js');
    setExit(await runDiff({ before, after, ...flags, ...common(command) }, io));
  });
  declareMerge(program).action(async (files, flags, command) => {
    const { runMerge } = await import('./commands/merge.js');
    setExit(await runMerge({ files, ...flags, ...common(command) }, io));
  });
  declarePortfolio(program).action(async (inputs, flags, command) => {
    const { runPortfolio } = await import('./commands/portfolio.js');
    setExit(await runPortfolio({ inputs, ...flags, ...common(command) }, io));
  });
  declareInit(program).action(async (flags, command) => {
    const { runInit } = await import('./commands/init.js');
    setExit(runInit({ ...flags, ...common(command) }, io));
  });
  declareAssess(program).action(async (flags, command) => {
    const { runAssess } = await import('./commands/assess.js');
    setExit(await runAssess({ ...flags, ...common(command) }, io));
  });
  const rubric = declareRubric(program);
  declareRubricValidate(rubric).action(async (dir, flags, command) => {
    const { runRubricValidate } = await import('./commands/rubric.js');
    setExit(runRubricValidate({ dir, ...flags, ...common(command) }, io));
  });
  declareRubricTest(rubric).action(async (dir, flags, command) => {
    const { runRubricTest } = await import('./commands/rubric.js');
    setExit(runRubricTest({ dir, ...flags, ...common(command) }, io));
  });
  declareRubricShow(rubric).action(async (flags, command) => {
    const { runRubricShow } = await import('./commands/rubric.js');
    setExit(runRubricShow({ ...flags, ...common(command) }, io));
  });
  declareSchema(program).action(async (flags) => {
    const { runSchema } = await import('./commands/schema.js');
    setExit(runSchema(flags, io));
  });
  return program;
}

/** Runs the CLI with `argv` (as process.argv) and returns the exit code; never calls process.exit. */
export async function run(argv: readonly string[], given: Io = processIo()): Promise<ExitCode> {
  // Whatever file text the output holds, no line of it starts a GitHub workflow command (only annotations do).
  const io = guardWorkflowStreams(given);
  let exitCode: ExitCode = EXIT.ok;
  forgetFilesRead();
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    return reportError(error, io);
  }
}

/** Prints an error the way users should see it and returns its exit code. */
export function reportError(error: unknown, io: Io): ExitCode {
  if (error instanceof CommanderError) {
    // Commander has already printed its message. Asked-for help and --version exit 0; help shown because no command
    // was given (`scaleplay`, `scaleplay rubric`) is a usage error.
    return error.exitCode === 0 ? EXIT.ok : EXIT.invalid;
  }
  if (error instanceof InputError) {
    // Problems quote file names and file text: terminal-clean, keeping the line break before a hint.
    for (const problem of error.problems) io.stderr.write(`${safeText(formatProblem(problem), true)}\n`);
    const count = error.problems.length;
    io.stderr.write(`scaleplay: ${count} problem${count === 1 ? '' : 's'} found; nothing was changed.\n`);
    return EXIT.invalid;
  }
  if (error instanceof UsageError) {
    io.stderr.write(`scaleplay: ${safeText(error.message, true)}\n`);
    return EXIT.invalid;
  }
  if (error instanceof CancelledError) {
    io.stderr.write(`${error.message}\n`);
    return error.exitCode;
  }
  // A bug: say so plainly, with the stack, so it can be reported.
  io.stderr.write(
    `scaleplay: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\nPlease report this with the command you ran.\n`,
  );
  return EXIT.invalid;
}
