// The commander program: registers commands, turns options into typed requests, maps errors to exit codes.
// Each action lazy-imports its command so `check` never loads what only `assess` needs.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CancelledError, EXIT, InputError, UsageError, formatProblem } from './errors.js';
import { processIo, type Io } from './io.js';
import { REPORT_FORMATS } from './render/formats.js';
import { DIFF_FORMATS, MERGE_FORMATS, PORTFOLIO_FORMATS } from './render/team-formats.js';
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

/** Collects `--min STEP=N` into a record. */
export function collectStepMinimum(value: string, previous: Record<string, number> | undefined): Record<string, number> {
  const match = /^([a-z0-9-]+)=(.+)$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError('expected STEP=N, e.g. --min reliability=50.');
  return { ...previous, [match[1]!]: parseScore(match[2]!) };
}

function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('scaleplay')
    .description('Score an AI product team against the scaling playbook and print the gaps to close next.')
    .version(typeof SCALEPLAY_VERSION === 'string' ? SCALEPLAY_VERSION : '0.0.0-dev', '-v, --version')
    .option('--no-color', 'never colour the output (NO_COLOR is honoured too)')
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .exitOverride()
    .addHelpText('after', '\nExamples:\n  scaleplay assess                      answer the questions, get the gap report\n  scaleplay report answers.yaml         the gap report for a filled-in answers file\n  scaleplay check answers.yaml          the CI gate (exit 0 ok, 1 short, 2 invalid)\n');
  const color = (command: Command) => (command.optsWithGlobals().color === false ? false : undefined);
  const rubricOption = () => new Option('--rubric <dir>', 'a rubric folder of your own (default: the built-in playbook)');
  const example = (text: string) => `\nExample:\n  ${text}\n`;

  program
    .command('report')
    .description('print the gap report for an answers file')
    .argument('<file>', 'answers file (YAML)')
    .addOption(rubricOption())
    .addOption(new Option('-f, --format <format>', 'output format').choices(REPORT_FORMATS).default('table'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--stage <stage>', "score against another stage's targets than the file's")
    .option('--strict', 'rubric drift (answers made with another rubric version) is an error')
    .addOption(new Option('--target <kind>', 'what the cheapest path aims at (default: stage targets, else the file\'s thresholds)').choices(['stage', 'thresholds'] as const))
    .option('--title <text>', 'a title for the report (e.g. the client and the workshop date)')
    .option('--logo <file>', 'a PNG, JPEG or plain SVG logo to embed in the HTML report')
    .addHelpText('after', example('scaleplay report answers.yaml --format html --output report.html --title "Acme · scaling review" --logo logo.png'))
    .action(async (file: string, options, command: Command) => {
      const { runReport } = await import('./commands/report.js');
      setExit(await runReport({ file, ...options, color: color(command) }, io));
    });

  program
    .command('check')
    .description('exit 0 when the answers meet every threshold (unknown answers counted at their worst) and did not regress, 1 when not')
    .argument('<file>', 'answers file (YAML)')
    .addOption(rubricOption())
    .option('--min-score <n>', 'minimum overall score (0-100)', parseScore)
    .option('--min <step=n>', 'minimum score for a step or a step group; repeatable', collectStepMinimum)
    .option('--stage <stage>', 'require every step and the overall score to reach their targets for this stage')
    .option('--baseline <file>', 'fail when any step\'s worst case scores lower than in this older answers file')
    .option('--baseline-git <ref>', 'like --baseline, reading the same file at a git revision (e.g. HEAD~1, origin/main)')
    .option('--allow-drop <points>', 'points a step may drop against the baseline before failing (default 0)', parseScore)
    .option('--junit <file>', 'also write JUnit XML for CI dashboards (on pass, fail and an invalid input file)')
    .option('--json <file>', 'also write the outcome as JSON (on pass, fail and an invalid input file)')
    .option('--strict', 'rubric drift (answers made with another rubric version) is an error')
    .addHelpText(
      'after',
      `${example('scaleplay check answers.yaml --junit scaleplay.xml --baseline-git origin/main')}\nOn GitHub Actions (GITHUB_ACTIONS=true) it also prints ::error/::warning annotations and appends a summary to $GITHUB_STEP_SUMMARY.\n`,
    )
    .action(async (file: string, options, command: Command) => {
      const { runCheck } = await import('./commands/check.js');
      setExit(await runCheck({ file, ...options, color: color(command) }, io));
    });

  program
    .command('diff')
    .description('compare two answers files of a team: what improved, regressed, is new or gone')
    .argument('<old>', 'the older answers file (YAML)')
    .argument('<new>', 'the newer answers file (YAML)')
    .addOption(rubricOption())
    .addOption(new Option('-f, --format <format>', 'output format').choices(DIFF_FORMATS).default('table'))
    .option('--stage <stage>', "score both against this stage's targets (default: the newer file's stage)")
    .option('--strict', 'rubric drift (answers made with another rubric version) is an error')
    .addHelpText('after', example('scaleplay diff answers-2026-q3.yaml answers.yaml --format md'))
    .action(async (before: string, after: string, options, command: Command) => {
      const { runDiff } = await import('./commands/diff.js');
      setExit(runDiff({ before, after, ...options, color: color(command) }, io));
    });

  program
    .command('merge')
    .description("merge a workshop's answers files about one team into a consensus, disagreements first")
    .argument('<files...>', "participants' answers files (YAML), two or more")
    .addOption(rubricOption())
    .option('-o, --output <file>', 'write the consensus answers file here ("-" for stdout)')
    .option('--force', 'replace an existing output file (never an input)')
    .addOption(new Option('-f, --format <format>', 'summary format').choices(MERGE_FORMATS).default('table'))
    .addHelpText('after', example('scaleplay merge alice.yaml bob.yaml carol.yaml --output consensus.yaml'))
    .action(async (files: string[], options, command: Command) => {
      const { runMerge } = await import('./commands/merge.js');
      setExit(runMerge({ files, ...options, color: color(command) }, io));
    });

  program
    .command('portfolio')
    .description('compare many teams: overall and per-step scores, levels and percentiles across the set')
    .argument('<paths...>', 'folders of answers files (*.yaml, *.yml) and/or answers files')
    .addOption(rubricOption())
    .addOption(new Option('-f, --format <format>', 'output format').choices(PORTFOLIO_FORMATS).default('table'))
    .option('--stage <stage>', "score every team against this stage's targets instead of its own")
    .option('--sort <column>', 'sort by "overall" or a step id, highest first', 'overall')
    .addHelpText('after', example('scaleplay portfolio clients/ --format csv > portfolio.csv'))
    .action(async (paths: string[], options, command: Command) => {
      const { runPortfolio } = await import('./commands/portfolio.js');
      setExit(runPortfolio({ inputs: paths, ...options, color: color(command) }, io));
    });

  program
    .command('init')
    .description('write an answers template with every question, ready to fill by hand')
    .option('-o, --output <file>', 'where to write it ("-" for stdout)', 'answers.yaml')
    .addOption(rubricOption())
    .option('--team <name>', 'team name')
    .option('--product <name>', 'product name')
    .option('--stage <stage>', 'company stage (e.g. seed, series-a)')
    .option('--force', 'replace an existing file')
    .addHelpText('after', example('scaleplay init --output answers.yaml --team Acme --stage seed'))
    .action(async (options) => {
      const { runInit } = await import('./commands/init.js');
      setExit(runInit(options, io));
    });

  program
    .command('assess')
    .description('answer the playbook questions in the terminal, saving after each answer, then print the gap report')
    .option('-o, --output <file>', 'answers file to create or continue', 'answers.yaml')
    .addOption(rubricOption())
    .option('--step <id>', 're-ask one step, with the current answers as defaults')
    .option('--team <name>', 'team name')
    .option('--product <name>', 'product name')
    .option('--stage <stage>', 'company stage (e.g. seed, series-a)')
    .option('--notes', 'ask for an optional note or evidence link after each answer')
    .addHelpText('after', example('scaleplay assess --output acme.yaml --team Acme --stage seed'))
    .action(async (options, command: Command) => {
      const { runAssess } = await import('./commands/assess.js');
      setExit(await runAssess({ ...options, color: color(command) }, io));
    });

  const rubric = program
    .command('rubric')
    .description('validate, show or test a rubric')
    .addHelpText('after', example('scaleplay rubric validate ./my-rubric && scaleplay rubric test ./my-rubric'));
  rubric
    .command('validate')
    .description('check a rubric folder: every problem with file:line:col, and warnings for what is legal but probably wrong')
    .argument('[dir]', 'rubric folder (default: the built-in playbook)')
    .option('--strict', 'exit 1 when there are warnings')
    .addHelpText('after', example('scaleplay rubric validate ./my-rubric --strict'))
    .action(async (dir: string | undefined, options: { strict?: boolean }) => {
      const { runRubricValidate } = await import('./commands/rubric.js');
      setExit(runRubricValidate({ ...(dir !== undefined && { dir }), ...(options.strict && { strict: true }) }, io));
    });
  rubric
    .command('test')
    .description("run a rubric's golden cases (DIR/tests/*.yaml) and show which scores and levels moved")
    .argument('<dir>', 'rubric folder with a tests/ folder')
    .option('--update', 'write the new values into the cases that moved (after a deliberate change)')
    .addHelpText('after', example('scaleplay rubric test ./my-rubric'))
    .action(async (dir: string, options: { update?: boolean }, command: Command) => {
      const { runRubricTest } = await import('./commands/rubric.js');
      setExit(runRubricTest({ dir, ...(options.update && { update: true }), color: color(command) }, io));
    });
  rubric
    .command('show')
    .description("print a rubric's steps, questions, levels and stage targets")
    .addOption(rubricOption())
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json'] as const).default('text'))
    .addHelpText('after', example('scaleplay rubric show --format json'))
    .action(async (options) => {
      const { runRubricShow } = await import('./commands/rubric.js');
      setExit(runRubricShow({ ...(options.rubric && { dir: options.rubric }), format: options.format }, io));
    });

  program
    .command('schema')
    .description('print the JSON Schema of the answers file (or of rubric files) for editors')
    .addOption(new Option('--kind <kind>', 'which file format').choices(SCHEMA_KINDS).default('answers'))
    .addHelpText('after', example('scaleplay schema > answers.schema.json'))
    .action(async (options) => {
      const { runSchema } = await import('./commands/schema.js');
      setExit(runSchema(options, io));
    });

  return program;
}

/** Runs the CLI with `argv` (as process.argv) and returns the exit code; never calls process.exit. */
export async function run(argv: readonly string[], io: Io = processIo()): Promise<number> {
  let exitCode: number = EXIT.ok;
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
export function reportError(error: unknown, io: Io): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message. Asked-for help and --version exit 0; help shown because no command
    // was given (`scaleplay`, `scaleplay rubric`) is a usage error.
    return error.exitCode === 0 ? EXIT.ok : EXIT.invalid;
  }
  if (error instanceof InputError) {
    for (const problem of error.problems) io.stderr.write(`${formatProblem(problem)}\n`);
    const count = error.problems.length;
    io.stderr.write(`scaleplay: ${count} problem${count === 1 ? '' : 's'} found; nothing was changed.\n`);
    return EXIT.invalid;
  }
  if (error instanceof UsageError) {
    io.stderr.write(`scaleplay: ${error.message}\n`);
    return EXIT.invalid;
  }
  if (error instanceof CancelledError) {
    io.stderr.write(`${error.message}\n`);
    return EXIT.cancelled;
  }
  // A bug: say so plainly, with the stack, so it can be reported.
  io.stderr.write(`scaleplay: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\nPlease report this with the command you ran.\n`);
  return EXIT.invalid;
}
