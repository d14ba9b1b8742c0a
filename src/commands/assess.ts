// `scaleplay assess`: the interactive assessment. Refuses at once without a terminal; otherwise locks the answers file,
// runs the flow (saving after every answer), and prints the same gap report as `scaleplay report`.
import { isatty } from 'node:tty';
import { defaultTargets } from '../core/cheapest-path.js';
import { buildRoadmap } from '../core/roadmap.js';
import { scoreAssessment } from '../core/score.js';
import type { AssessFlags, CommonFlags } from '../cli.js';
import { CancelledError, EXIT, UsageError, type ExitCode } from '../errors.js';
import { openAnswersFile, type AnswersFile, type ProfileField } from '../io/answers-writer.js';
import { participantFile, participantName } from './participant.js';
import { refuseReadFilesAsOutputs } from '../io/files-read.js';
import { acquireSessionLock, lockPathFor } from '../io/session-lock.js';
import { runAssessmentFlow } from '../prompts/flow.js';
import { renderReport } from '../render/registry.js';
import { safeText, unguarded } from '../render/channels.js';
import { wrap, wrapParts } from '../render/text.js';
import type { Io } from '../runtime.js';
import { placeholder, suggestCommand } from './invocation.js';
import { printAnswersNotes } from './open-answers.js';
import { requireStage, rubricDirFor, rubricFor, themeFor } from './shared.js';
import { rubricPathFor } from '../io/rubric-source.js';
import { resolve } from 'node:path';

/** Options of `scaleplay assess`, as declared in src/cli.ts (`output`: the answers file to create or continue). */
export type AssessOptions = AssessFlags & CommonFlags;

/** Where answers go without --output: answers.yaml in the current folder. */
export const DEFAULT_ANSWERS_FILE = 'answers.yaml';

/** Runs the assessment; returns 0 when it is finished. Ctrl-C throws CancelledError (exit 130) saying how to resume. */
export async function runAssess(options: AssessOptions, io: Io): Promise<ExitCode> {
  // First, before loading anything: a prompt without a terminal would fail, or wait forever on a silent pipe.
  requireTerminal(io);
  const participant = options.participant === undefined ? undefined : participantName(options.participant);
  const file = options.output ?? (participant === undefined ? DEFAULT_ANSWERS_FILE : participantFile(participant));
  if (file === '-' || file.trim() === '')
    throw new UsageError('assess saves answers to a file: give --output a path, e.g. --output answers.yaml');
  for (const name of ['team', 'product'] as const) {
    if (options[name] !== undefined && options[name]!.trim() === '') throw new UsageError(`--${name} needs a name`);
  }
  const { rubric } = rubricFor(io, options.rubric, file, options);
  const rubricPath = rubricPathFor(resolve(io.cwd, file), rubricDirFor(io, options.rubric, file));
  const stepIds = rubric.steps.map((step) => step.id);
  if (options.step !== undefined && !stepIds.includes(options.step)) {
    throw new UsageError(
      `--step "${options.step}" is not a step of this rubric (expected one of: ${stepIds.join(', ')})`,
    );
  }
  requireStage(rubric, options.stage);
  // The answers file is edited in place; it must not be one of the rubric's files. (It was read already if it exists:
  // it may record where its rubric is.)
  refuseReadFilesAsOutputs([{ option: '--output', path: file }], { cwd: io.cwd, except: file });

  const lock = acquireSessionLock(file, { cwd: io.cwd });
  const controller = new AbortController();
  // Ctrl-C while no prompt is open (the terminal is not in raw mode then) cancels the next prompt the same way; SIGTERM
  // and SIGHUP (a closed terminal, `kill`, a CI timeout) do the same, so the prompt restores the terminal, every saved
  // answer stays, the lock is released and the resume line is printed; the exit code then names the signal.
  let stoppedBy: NodeJS.Signals | undefined;
  const stopListening = STOP_SIGNALS.map((signal) =>
    io.onSignal(signal, () => {
      stoppedBy ??= signal;
      controller.abort();
    }),
  );
  // A closed terminal makes reading fail (EIO) as it sends SIGHUP: that is the signal's business, not a crash.
  const restoreInput = tolerateClosedTerminal(io.stdin, () => {
    stoppedBy ??= 'SIGHUP';
    controller.abort();
  });
  let store: AnswersFile | undefined;
  try {
    const print = (text: string) => io.stderr.write(text);
    const width = Math.max(40, Math.min(io.stderr.columns ?? 80, 100));
    const theme = themeFor(io, 'stderr', options.color);
    if (lock.tookOver)
      print(
        theme.dim(
          `Took over ${lockPathFor(file)}, left by a session that is no longer running (pid ${lock.tookOver.pid}).\n`,
        ),
      );
    store = openAnswersFile(file, rubric, {
      date: io.today(),
      onSave: () => lock.touch(),
      cwd: io.cwd,
      ...(rubricPath !== undefined && { rubricPath }),
    });
    printAnswersNotes(io, file, store, options.verbose);
    const flags: Partial<Record<ProfileField, string>> = {
      ...(options.team !== undefined && options.team.trim() !== store.assessment.team && { team: options.team.trim() }),
      ...(options.product !== undefined &&
        options.product.trim() !== store.assessment.product && { product: options.product.trim() }),
      ...(options.stage !== undefined && options.stage !== store.assessment.stage && { stage: options.stage }),
    };
    if (participant !== undefined && store.participant !== undefined && store.participant !== participant) {
      throw new UsageError(
        `${file} holds the answers of ${safeText(store.participant)}, not ${safeText(participant)}: nothing was changed. ` +
          'Give each participant a file of their own (--output), or leave out --participant to continue it.',
      );
    }
    if (participant !== undefined && store.participant !== participant) Object.assign(flags, { participant });
    if (Object.keys(flags).length > 0) store.setProfile(flags);

    // How many questions there are depends on the answers (and the profile): the flow says it once they are known.
    const title = theme.bold(`scaleplay assess · ${safeText(rubric.title)} v${safeText(rubric.version)}`);
    print(`${title} ${theme.dim(`· ${rubric.steps.length} steps`)}\n`);
    print(
      theme.dim(
        `${wrap(`Each answer is saved to ${file} as you go. Enter keeps the answer shown (or "unknown"); ? shows why a question matters; Ctrl-C pauses, and the same command resumes.`, width, 0)}\n`,
      ),
    );

    // The prompt library is loaded here, after the terminal check, and by this command only.
    const { createInquirerAsk } = await import('../prompts/inquirer-ask.js');
    const ask = createInquirerAsk({
      input: io.stdin,
      output: unguarded(io.stderr) as NodeJS.WritableStream,
      signal: controller.signal,
      theme,
      width,
    });
    await runAssessmentFlow({
      rubric,
      store,
      ask,
      print,
      theme,
      width,
      ...(options.step !== undefined && { step: options.step }),
      notes: options.notes === true,
      today: io.today(),
    });

    // The same report as `scaleplay report FILE`: the roadmap aims at the stage targets, else the file's thresholds.
    const report = scoreAssessment(rubric, store.assessment);
    const thresholds = store.assessment.thresholds;
    const view = { report, rubric, roadmap: buildRoadmap(rubric, report, defaultTargets(rubric, report, thresholds)) };
    print('\n');
    io.stdout.write(
      await renderReport(view, 'table', {
        theme: themeFor(io, 'stdout', options.color),
        width: io.stdout.columns ?? 80,
      }),
    );
    // The report's verdict stays on an 80×40 screen above these four lines.
    const rubricArgs = options.rubric !== undefined ? ['--rubric', options.rubric] : [];
    const full = suggestCommand(io.env, ['report', file, ...rubricArgs, '--full']);
    const saved = wrapParts(`✔ Answers saved in ${file} · in full: ${full}`, width, 4).replace('✔', theme.good('✔'));
    print(`\n${saved}\n${theme.dim(closingHints(io.env, file, options.rubric))}`);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CancelledError) {
      // A closed terminal ends the prompt (end of input) before the SIGHUP it sends is handled: a hangup all the same.
      if (!terminalStillThere(io.stdin)) stoppedBy ??= 'SIGHUP';
      throw new CancelledError(resumeMessage(io.env, file, options, store), exitCodeFor(stoppedBy));
    }
    throw error;
  } finally {
    for (const stop of stopListening) stop();
    restoreInput();
    lock.release();
    // The terminal was closed (SIGHUP and the end of input): no one can read a resume line, and Node's own exit would
    // fail restoring the vanished terminal (an assertion that aborts). With every answer saved and the lock released,
    // end by the signal itself, as Unix programs do; the shell reports 129.
    if (stoppedBy === 'SIGHUP' && !terminalStillThere(io.stdin)) {
      process.removeAllListeners('SIGHUP');
      process.kill(process.pid, 'SIGHUP');
    }
  }
}

/**
 * A terminal that was closed fails with EIO: reading from it, and leaving raw mode (Node's setRawMode). stdin reports
 * that as an 'error' event, which the prompt library's readline re-emits where nobody listens, and Node aborts before
 * the lock is released. For the session, an EIO error on stdin goes to `onClosed` instead (a hangup); other errors are
 * left alone. Returns what puts stdin back as it was.
 */
function tolerateClosedTerminal(stdin: Io['stdin'], onClosed: () => void): () => void {
  const emit = stdin.emit;
  stdin.emit = function (this: typeof stdin, event: string | symbol, ...args: unknown[]) {
    if (event === 'error' && (args[0] as NodeJS.ErrnoException | undefined)?.code === 'EIO') {
      onClosed();
      return true;
    }
    return emit.call(this, event, ...args);
  } as typeof stdin.emit;
  return () => {
    stdin.emit = emit;
  };
}

/** Whether stdin is still a working terminal (after a hangup, isatty fails on it). */
function terminalStillThere(stdin: Io['stdin']): boolean {
  const fd = (stdin as { fd?: unknown }).fd;
  return typeof fd !== 'number' || isatty(fd);
}

/** The signals that pause an assessment the way Ctrl-C does. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** 130 for Ctrl-C, 128 + the signal number for SIGTERM (143) and SIGHUP (129), as a shell reports them. */
function exitCodeFor(signal: NodeJS.Signals | undefined): ExitCode {
  if (signal === 'SIGTERM') return EXIT.terminated;
  if (signal === 'SIGHUP') return EXIT.hangup;
  return EXIT.cancelled;
}

/** Refuses to run without a terminal to ask in: stdin must be one, and so must stderr (where the prompts appear). */
export function requireTerminal(io: Io): void {
  const missing = !io.stdin.isTTY ? 'stdin' : !io.stderr.isTTY ? 'stderr' : undefined;
  if (!missing) return;
  const command = (...args: string[]) => `\`${suggestCommand(io.env, args)}\``;
  throw new UsageError(
    `assess asks questions in a terminal, and ${missing} is not one (a pipe, a file or CI).\n` +
      `  Without a terminal: write a template with ${command('init', '--output', 'answers.yaml')}, fill it in,\n` +
      `  then run ${command('check', 'answers.yaml')} (or ${command('report', 'answers.yaml')}).`,
  );
}

/** The commands printed after a finished assessment: share the report, gate CI on it, revisit a step. */
export function closingHints(env: NodeJS.ProcessEnv, file: string, rubricDir: string | undefined): string {
  const rubric = rubricDir !== undefined ? ['--rubric', rubricDir] : [];
  return (
    `  share:    ${suggestCommand(env, ['report', file, ...rubric, '--format', 'html', '--output', 'report.html'])}\n` +
    `  gate CI:  ${suggestCommand(env, ['check', file, ...rubric])}\n` +
    `  revisit:  ${suggestCommand(env, ['assess', '--output', file, ...rubric, '--step', placeholder('step')])}\n`
  );
}

/** What Ctrl-C prints: what was saved, and the command that resumes (the same file and rubric). */
export function resumeMessage(
  env: NodeJS.ProcessEnv,
  file: string,
  options: Pick<AssessOptions, 'rubric'>,
  store: Pick<AnswersFile, 'saved' | 'assessment'> | undefined,
): string {
  const rubric = options.rubric !== undefined ? ['--rubric', options.rubric] : [];
  const command = suggestCommand(env, ['assess', '--output', file, ...rubric]);
  if (!store?.saved) return `\nPaused before anything was saved.\nStart again with: ${command}`;
  const count = Object.keys(store.assessment.answers).length;
  if (count === 0)
    return `\nPaused before the first question; ${file} keeps the team, product and stage.\nResume with: ${command}`;
  return `\nPaused. ${count} answer${count === 1 ? ' is' : 's are'} saved in ${file}.\nResume with: ${command}`;
}
