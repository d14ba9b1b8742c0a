// `scaleplay assess`: the interactive assessment. Refuses at once without a terminal; otherwise locks the answers file,
// runs the flow (saving after every answer), and prints the same gap report as `scaleplay report`.
import { defaultTargets } from '../core/cheapest-path.js';
import { buildRoadmap } from '../core/roadmap.js';
import { scoreAssessment } from '../core/score.js';
import { CancelledError, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { openAnswersFile, type AnswersFile, type ProfileField } from '../io/answers-writer.js';
import { participantFile, participantName } from './participant.js';
import { loadRubric } from '../io/load-rubric.js';
import { acquireSessionLock, lockPathFor } from '../io/session-lock.js';
import { runAssessmentFlow } from '../prompts/flow.js';
import { renderReport } from '../render/registry.js';
import { safeText, unguarded } from '../render/channels.js';
import { wrap } from '../render/terminal.js';
import { printDrift } from './drift-notes.js';
import { printWarnings, themeFor, requireStage } from './shared.js';

/** The options of `scaleplay assess`, as the CLI passes them. */
export interface AssessOptions {
  /** The answers file to create or continue (default answers.yaml). */
  output?: string;
  rubric?: string;
  /** Re-ask one step. */
  step?: string;
  team?: string;
  product?: string;
  stage?: string;
  notes?: boolean;
  color?: boolean;
  /** The date for a new file (today by default). */
  date?: string;
  /** Who answers, in a workshop: written as `participant:`; without --output the file is answers-NAME.yaml. */
  participant?: string;
}

/** Where answers go without --output: answers.yaml in the current folder. */
export const DEFAULT_ANSWERS_FILE = 'answers.yaml';

/** Runs the assessment; returns 0 when it is finished. Ctrl-C throws CancelledError (exit 130) saying how to resume. */
export async function runAssess(options: AssessOptions, io: Io): Promise<number> {
  // First, before loading anything: a prompt without a terminal would fail, or wait forever on a silent pipe.
  requireTerminal(io);
  const participant = options.participant === undefined ? undefined : participantName(options.participant);
  const file = options.output ?? (participant === undefined ? DEFAULT_ANSWERS_FILE : participantFile(participant));
  if (file === '-' || file.trim() === '') throw new UsageError('assess saves answers to a file: give --output a path, e.g. --output answers.yaml');
  for (const name of ['team', 'product'] as const) {
    if (options[name] !== undefined && options[name]!.trim() === '') throw new UsageError(`--${name} needs a name`);
  }
  const { rubric } = loadRubric(options.rubric);
  const stepIds = rubric.steps.map((step) => step.id);
  if (options.step !== undefined && !stepIds.includes(options.step)) {
    throw new UsageError(`--step "${options.step}" is not a step of this rubric (expected one of: ${stepIds.join(', ')})`);
  }
  requireStage(rubric, options.stage);

  const lock = acquireSessionLock(file);
  const controller = new AbortController();
  // Ctrl-C while no prompt is open (the terminal is not in raw mode then) cancels the next prompt the same way.
  const onInterrupt = () => controller.abort();
  process.on('SIGINT', onInterrupt);
  let store: AnswersFile | undefined;
  try {
    const print = (text: string) => io.stderr.write(text);
    const width = Math.max(40, Math.min(io.stderr.columns ?? 80, 100));
    const theme = themeFor(io, 'stderr', options.color);
    if (lock.tookOver) print(theme.dim(`Took over ${lockPathFor(file)}, left by a session that is no longer running (pid ${lock.tookOver.pid}).\n`));
    store = openAnswersFile(file, rubric, { date: options.date ?? new Date().toISOString().slice(0, 10), onSave: () => lock.touch() });
    printWarnings(io, store.warnings);
    printDrift(io, file, store.drift);
    const flags: Partial<Record<ProfileField, string>> = {
      ...(options.team !== undefined && options.team.trim() !== store.assessment.team && { team: options.team.trim() }),
      ...(options.product !== undefined && options.product.trim() !== store.assessment.product && { product: options.product.trim() }),
      ...(options.stage !== undefined && options.stage !== store.assessment.stage && { stage: options.stage }),
    };
    if (participant !== undefined && store.participant !== undefined && store.participant !== participant) {
      throw new UsageError(`${file} holds the answers of ${safeText(store.participant)}, not ${safeText(participant)}: nothing was changed. Give each participant a file of their own (--output), or leave out --participant to continue it.`);
    }
    if (participant !== undefined && store.participant !== participant) Object.assign(flags, { participant });
    if (Object.keys(flags).length > 0) store.setProfile(flags);

    const questions = rubric.steps.reduce((sum, step) => sum + step.questions.length, 0);
    print(`${theme.bold(`scaleplay assess · ${safeText(rubric.title)} v${safeText(rubric.version)}`)} ${theme.dim(`· ${questions} questions in ${rubric.steps.length} steps`)}\n`);
    print(
      theme.dim(
        `${wrap(`Each answer is saved to ${file} as you go. Enter keeps the answer shown (or "unknown"); ? shows why a question matters; Ctrl-C pauses, and the same command resumes.`, width, 0)}\n`,
      ),
    );

    // The prompt library is loaded here, after the terminal check, and by this command only.
    const { createInquirerAsk } = await import('../prompts/inquirer-ask.js');
    const ask = createInquirerAsk({ input: io.stdin, output: unguarded(io.stderr) as NodeJS.WritableStream, signal: controller.signal, theme, width });
    await runAssessmentFlow({
      rubric,
      store,
      ask,
      print,
      theme,
      width,
      ...(options.step !== undefined && { step: options.step }),
      notes: options.notes === true,
    });

    // The same report as `scaleplay report FILE`: the roadmap aims at the stage targets, else the file's thresholds.
    const report = scoreAssessment(rubric, store.assessment);
    const thresholds = store.assessment.thresholds;
    const view = { report, rubric, roadmap: buildRoadmap(rubric, report, defaultTargets(rubric, report, thresholds)) };
    print('\n');
    io.stdout.write(await renderReport(view, 'table', { theme: themeFor(io, 'stdout', options.color), width: io.stdout.columns ?? 80 }));
    const target = quoteArg(file);
    const withRubric = options.rubric !== undefined ? ` --rubric ${quoteArg(options.rubric)}` : '';
    print(
      `\n${theme.good('✔')} Answers saved in ${file}\n` +
        theme.dim(
          `  share:    scaleplay report ${target}${withRubric} --format html --output report.html\n` +
            `  gate CI:  scaleplay check ${target}${withRubric}\n` +
            `  revisit:  scaleplay assess --output ${target}${withRubric} --step <step>\n`,
        ),
    );
    return 0;
  } catch (error) {
    if (error instanceof CancelledError) throw new CancelledError(resumeMessage(file, options, store));
    throw error;
  } finally {
    process.off('SIGINT', onInterrupt);
    lock.release();
  }
}

/** Refuses to run without a terminal to ask in: stdin must be one, and so must stderr (where the prompts appear). */
export function requireTerminal(io: Io): void {
  const missing = !io.stdin.isTTY ? 'stdin' : !io.stderr.isTTY ? 'stderr' : undefined;
  if (!missing) return;
  throw new UsageError(
    `assess asks questions in a terminal, and ${missing} is not one (a pipe, a file or CI).\n` +
      '  Without a terminal: write a template with `scaleplay init --output answers.yaml`, fill it in,\n' +
      '  then run `scaleplay check answers.yaml` (or `scaleplay report answers.yaml`).',
  );
}

function resumeMessage(file: string, options: AssessOptions, store: AnswersFile | undefined): string {
  const rubric = options.rubric !== undefined ? ` --rubric ${quoteArg(options.rubric)}` : '';
  const command = `scaleplay assess --output ${quoteArg(file)}${rubric}`;
  if (!store?.saved) return `\nPaused before anything was saved.\nStart again with: ${command}`;
  const count = Object.keys(store.assessment.answers).length;
  if (count === 0) return `\nPaused before the first question; ${file} keeps the team, product and stage.\nResume with: ${command}`;
  return `\nPaused. ${count} answer${count === 1 ? ' is' : 's are'} saved in ${file}.\nResume with: ${command}`;
}

function quoteArg(text: string): string {
  return /^[\w./:@+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
