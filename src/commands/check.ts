// `scaleplay check FILE`: the CI gate. Exit 0 when every error threshold holds and nothing regressed, 1 when not.
// Besides the text on stdout it can write JUnit XML and JSON (on pass, on fail and on invalid input), print GitHub
// Actions annotations and append a step summary (only when GITHUB_ACTIONS=true).
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { buildCheckOutcome, type CheckOutcome } from '../core/gate.js';
import type { Threshold, Thresholds } from '../core/model.js';
import { findRegressions, type RegressionResult } from '../core/regression.js';
import { scoreAssessment } from '../core/score.js';
import { evaluateThresholds, suggestThresholds } from '../core/thresholds.js';
import type { CheckFlags, CommonFlags } from '../cli.js';
import { EXIT, InputError, UsageError, type ExitCode, type Problem } from '../errors.js';
import type { Io } from '../runtime.js';
import { appendToFile } from '../io/append-file.js';
import type { LoadedAnswers } from '../io/load-answers.js';
import { fileIdentity } from '../io/files-read.js';
import { refuseInputAsOutput, writeOutputs } from '../io/write-file.js';
import { locateKey, type PathSegment } from '../io/yaml-file.js';
import {
  buildAnnotations,
  problemAnnotations,
  renderAnnotations,
  type AnswersLocator,
} from '../render/check-annotations.js';
import { renderCheckErrorJson, renderCheckJson } from '../render/check-json.js';
import { renderCheckText } from '../render/check-text.js';
import { renderJunit, renderJunitError } from '../render/junit.js';
import { differentTeams, loadAndScore, openAnswersFiles, type AnswersSource, type Scored } from './open-answers.js';
import { themeFor } from './shared.js';
import { writeWorkflowCommands } from '../render/channels.js';

/** Options of `scaleplay check`, as declared in src/cli.ts. */
export type CheckOptions = CheckFlags & CommonFlags & { file: string };

/** Runs the gate; returns 0 (pass) or 1 (fail). Invalid input throws (exit 2) after writing the requested reports. */
export async function runCheck(options: CheckOptions, io: Io): Promise<ExitCode> {
  // Before anything else: an invalid input writes --junit/--json too, and must never do so over an input.
  refuseInputAsOutput(
    [
      { option: '--junit', path: options.junit },
      { option: '--json', path: options.json },
    ],
    [options.file, ...(options.baseline === undefined ? [] : [options.baseline])],
    io.cwd,
  );
  const onGitHub = io.env.GITHUB_ACTIONS === 'true';
  let evaluated: Evaluated;
  try {
    evaluated = await evaluate(options, io);
  } catch (error) {
    if (error instanceof InputError || error instanceof UsageError) await reportInvalid(error, options, io, onGitHub);
    throw error;
  }
  const { outcome, loaded, thresholdsFromFile } = evaluated;
  io.stdout.write(
    renderCheckText(
      outcome,
      themeFor(io, 'stdout', options.color),
      Math.max(60, Math.min(io.stdout.columns ?? 80, 160)),
    ),
  );
  writeReports(
    options,
    io,
    () => renderJunit(outcome),
    () => renderCheckJson(outcome),
  );
  if (onGitHub) {
    writeWorkflowCommands(
      io.stdout,
      renderAnnotations(
        buildAnnotations(outcome, annotationPath(options.file, io), locatorFor(loaded, thresholdsFromFile)),
      ),
    );
    // The summary renderer pulls in the Markdown report (and its table library): load it only on GitHub.
    const { renderCheckSummary } = await import('../render/check-summary.js');
    appendSummary(io, renderCheckSummary(outcome));
  }
  return outcome.passed ? EXIT.ok : EXIT.failed;
}

interface Evaluated {
  outcome: CheckOutcome;
  loaded: LoadedAnswers;
  /** The thresholds came from the answers file (annotations can point at them). */
  thresholdsFromFile: boolean;
}

async function evaluate(options: CheckOptions, io: Io): Promise<Evaluated> {
  if (options.baseline !== undefined && options.baselineGit !== undefined)
    throw new UsageError('use --baseline FILE or --baseline-git REF, not both');
  if (options.allowDrop !== undefined && options.baseline === undefined && options.baselineGit === undefined) {
    throw new UsageError('--allow-drop needs --baseline FILE or --baseline-git REF');
  }
  const { report, rubric, loaded } = loadAndScore(io, options);
  // --min names a step or a step group.
  const minIds = [...rubric.steps.map((step) => step.id), ...(rubric.groups ?? []).map((group) => group.id)];
  for (const stepId of Object.keys(options.min ?? {})) {
    if (!minIds.includes(stepId)) {
      throw new UsageError(
        `--min names unknown ${rubric.groups ? 'step or group' : 'step'} "${stepId}" (expected one of: ${minIds.join(', ')})`,
      );
    }
  }
  const hasBaseline = options.baseline !== undefined || options.baselineGit !== undefined;
  const { thresholds, stageTargets, source, fromFlags } = chooseThresholds(options, loaded, report.stage, hasBaseline);
  const result = evaluateThresholds(report, { thresholds, stageTargets, levels: rubric.levels });
  if (result.results.length === 0 && !hasBaseline)
    throw new UsageError(`nothing to check: the thresholds in ${options.file} are empty`);

  const compared = hasBaseline ? await compareWithBaseline(options, io, { rubric, loaded, report }) : undefined;
  const claims =
    options.verify === undefined
      ? undefined
      : // The probe runner is loaded only when --verify asks for it.
        (await import('../io/verify-repo.js')).verifyRepository(options.verify, rubric, loaded.assessment, io.cwd);
  const outcome = buildCheckOutcome({
    file: options.file,
    source,
    ...(compared && { baseline: compared.label }),
    report,
    result,
    ...(compared && { regression: compared.regression }),
    suggestions: suggestThresholds(result.results),
    ...(loaded.drift && { drift: loaded.drift }),
    metAt: rubric.critical.metAt,
    ...(claims && { claims: { ...claims, severity: options.verifySeverity } }),
  });
  return { outcome, loaded, thresholdsFromFile: !fromFlags && loaded.assessment.thresholds !== undefined };
}

/** What to check and why: the flags, else the file's thresholds, else its stage's targets, else only the baseline. */
function chooseThresholds(
  options: CheckOptions,
  loaded: LoadedAnswers,
  stage: string | undefined,
  hasBaseline: boolean,
) {
  const fromFlags = options.minScore !== undefined || options.min !== undefined || options.stage !== undefined;
  const error = (value: number): Threshold => ({ value, severity: 'error' });
  const fromFile = loaded.assessment.thresholds;
  if (fromFlags) {
    const thresholds: Thresholds = {
      ...(options.minScore !== undefined && { minScore: error(options.minScore) }),
      steps: Object.fromEntries(Object.entries(options.min ?? {}).map(([id, value]) => [id, error(value)])),
    };
    return { thresholds, stageTargets: options.stage !== undefined, source: 'command-line flags', fromFlags };
  }
  if (fromFile)
    return {
      thresholds: fromFile,
      stageTargets: fromFile.stageTargets === true,
      source: `thresholds in ${options.file}`,
      fromFlags,
    };
  const none: Thresholds = { steps: {} };
  if (stage) return { thresholds: none, stageTargets: true, source: `stage targets for ${stage}`, fromFlags };
  if (hasBaseline) return { thresholds: none, stageTargets: false, source: 'regression gate only', fromFlags };
  throw new UsageError(
    `nothing to check in ${options.file}: it has no thresholds and no stage. Add a "thresholds:" section or "stage:", ` +
      'or pass --min-score N, --min STEP=N, --stage S or --baseline OLD.yaml.',
  );
}

/** Opens the baseline (its warnings printed, --strict applied) and finds what regressed since it. */
async function compareWithBaseline(
  options: CheckOptions,
  io: Io,
  { rubric, loaded, report }: Scored,
): Promise<{ label: string; regression: RegressionResult }> {
  const [opened] = openAnswersFiles(io, rubric, [await baselineSource(options, io)], {
    strict: options.strict,
    verbose: options.verbose,
  });
  const baseline = opened!.answers;
  const teams = differentTeams(opened!, { file: options.file, answers: loaded });
  if (teams) io.stderr.write(`warning: the baseline is about team "${teams[0]}", the answers about "${teams[1]}"\n`);
  const stage = report.stage;
  const baselineReport = scoreAssessment(rubric, baseline.assessment, stage === undefined ? {} : { stage });
  const regression = findRegressions(baselineReport, report, {
    ...(options.allowDrop !== undefined && { allowedDrop: options.allowDrop }),
    drift: { ...(baseline.drift && { before: baseline.drift }), ...(loaded.drift && { after: loaded.drift }) },
  });
  return { label: opened!.file, regression };
}

/** The baseline: the file given with --baseline, or the answers file as committed at --baseline-git. */
async function baselineSource(options: CheckOptions, io: Io): Promise<AnswersSource> {
  if (options.baseline !== undefined) {
    if (fileIdentity(options.baseline, io.cwd) === fileIdentity(options.file, io.cwd)) {
      throw new UsageError(
        `--baseline is the answers file itself (${options.baseline}): give an older copy, or use --baseline-git REF`,
      );
    }
    return options.baseline;
  }
  const { readYamlAtRevision } = await import('../io/git-show.js');
  return readYamlAtRevision(options.file, options.baselineGit!, { cwd: io.cwd, env: io.env });
}

/** Writes the JUnit and JSON files the user asked for (rendered only then). */
function writeReports(options: CheckOptions, io: Io, junit: () => string, json: () => string): void {
  // Neither is written when one of them is a file the command read.
  writeOutputs(
    [
      ...(options.junit === undefined ? [] : [{ option: '--junit', path: options.junit, content: junit() }]),
      ...(options.json === undefined ? [] : [{ option: '--json', path: options.json, content: json() }]),
    ],
    io.cwd,
  );
}

/** On invalid input (exit 2): still write the requested reports and annotations, saying what is wrong. */
async function reportInvalid(
  error: InputError | UsageError,
  options: CheckOptions,
  io: Io,
  onGitHub: boolean,
): Promise<void> {
  const problems: Problem[] = error instanceof InputError ? error.problems : [];
  const message = error instanceof UsageError ? error.message : undefined;
  try {
    writeReports(
      options,
      io,
      () => renderJunitError(options.file, problems, message),
      () => renderCheckErrorJson(options.file, problems, message),
    );
  } catch (writeError) {
    if (writeError instanceof UsageError) io.stderr.write(`scaleplay: ${writeError.message}\n`);
    else if (!(writeError instanceof InputError)) throw writeError;
    else if (error instanceof InputError) error.problems.push(...writeError.problems);
    else io.stderr.write(`warning: ${writeError.message}\n`);
  }
  if (onGitHub) {
    const fileFor = (file: string) => annotationPath(file, io);
    const annotations =
      problems.length > 0
        ? problemAnnotations(problems, fileFor)
        : problemAnnotations([{ file: options.file, message: message ?? 'invalid input' }], fileFor);
    writeWorkflowCommands(io.stdout, renderAnnotations(annotations));
    const { renderCheckErrorSummary } = await import('../render/check-summary.js');
    appendSummary(io, renderCheckErrorSummary(options.file, problems, message));
  }
}

/** Appends the step summary when GitHub gives a file for it; a failure to write is a warning, never a failed gate. */
function appendSummary(io: Io, markdown: string): void {
  const file = io.env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  try {
    appendToFile(file, markdown, io.cwd);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    io.stderr.write(`warning: $GITHUB_STEP_SUMMARY: ${error.problems[0]?.message ?? error.message}\n`);
  }
}

/** The path GitHub expects in annotations: relative to the workspace (the repository root), with forward slashes. */
function annotationPath(file: string, io: Io): string {
  const root = io.env.GITHUB_WORKSPACE || io.cwd;
  const relativePath = relative(root, resolve(io.cwd, file));
  const inside = relativePath !== '' && !relativePath.startsWith('..') && !isAbsolute(relativePath);
  return (inside ? relativePath : file).split(sep).join('/');
}

function locatorFor(loaded: LoadedAnswers, thresholdsFromFile: boolean): AnswersLocator {
  const { yaml } = loaded;
  const has = (path: PathSegment[]) => yaml.doc.hasIn(path);
  return {
    step: (stepId) => (has(['answers', stepId]) ? locateKey(yaml, ['answers', stepId]) : undefined),
    question: (stepId, questionId) =>
      has(['answers', stepId, questionId]) ? locateKey(yaml, ['answers', stepId, questionId]) : undefined,
    threshold: (id) => {
      if (!thresholdsFromFile) return undefined;
      const path = id === 'overall' ? ['thresholds', 'min_score'] : ['thresholds', 'steps', id];
      return has(path) ? locateKey(yaml, path) : undefined;
    },
  };
}
