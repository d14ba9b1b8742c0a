// `scaleplay check FILE`: the CI gate. Exit 0 when every error threshold holds and nothing regressed, 1 when not.
// Besides the text on stdout it can write JUnit XML and JSON (on pass, on fail and on invalid input), print GitHub
// Actions annotations and append a step summary (only when GITHUB_ACTIONS=true).
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { buildCheckOutcome, type CheckOutcome } from '../core/gate.js';
import type { Rubric, Threshold, Thresholds } from '../core/model.js';
import { findRegressions, type RegressionResult } from '../core/regression.js';
import { scoreAssessment } from '../core/score.js';
import { evaluateThresholds, suggestThresholds } from '../core/thresholds.js';
import { InputError, UsageError, type Problem } from '../errors.js';
import type { Io } from '../io.js';
import { appendToFile } from '../io/append-file.js';
import { loadAnswers, resolveAnswers, type LoadedAnswers } from '../io/load-answers.js';
import { refuseInputAsOutput, writeFileAtomic } from '../io/write-file.js';
import { locateKey, type PathSegment } from '../io/yaml-file.js';
import { buildAnnotations, problemAnnotations, renderAnnotations, type AnswersLocator } from '../render/check-annotations.js';
import { renderCheckErrorJson, renderCheckJson } from '../render/check-json.js';
import { renderCheckText } from '../render/check-text.js';
import { renderJunit, renderJunitError } from '../render/junit.js';
import { safeText } from '../render/safe-text.js';
import { enforceStrict, printDrift } from './drift-notes.js';
import { loadAndScore, printWarnings, themeFor, requireStage } from './shared.js';

/** Options of `scaleplay check`, as the CLI passes them. */
export interface CheckOptions {
  file: string;
  rubric?: string;
  minScore?: number;
  /** Per-step minimums from `--min STEP=N`. */
  min?: Record<string, number>;
  /** Check the stage targets of this stage (instead of, or besides, numeric thresholds). */
  stage?: string;
  /** Write JUnit XML here. */
  junit?: string;
  /** Write the outcome as JSON here. */
  json?: string;
  /** Fail when a step scores lower than in this older answers file. */
  baseline?: string;
  /** Like `baseline`, reading the same file at this git revision. */
  baselineGit?: string;
  /** Points a step may drop against the baseline before the gate fails. */
  allowDrop?: number;
  /** Rubric drift is an error (exit 2). */
  strict?: boolean;
  color?: boolean;
}

/** Runs the gate; returns 0 (pass) or 1 (fail). Invalid input throws (exit 2) after writing the requested reports. */
export async function runCheck(options: CheckOptions, io: Io): Promise<number> {
  // Before anything else: an invalid input writes --junit/--json too, and must never do so over an input.
  refuseInputAsOutput(
    [{ option: '--junit', path: options.junit }, { option: '--json', path: options.json }],
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
  io.stdout.write(renderCheckText(outcome, themeFor(io, 'stdout', options.color), Math.max(60, Math.min(io.stdout.columns ?? 80, 160))));
  writeReports(options, renderJunit(outcome), renderCheckJson(outcome));
  if (onGitHub) {
    io.stdout.write(renderAnnotations(buildAnnotations(outcome, annotationPath(options.file, io), locatorFor(loaded, thresholdsFromFile))));
    // The summary renderer pulls in the Markdown report (and its table library): load it only on GitHub.
    const { renderCheckSummary } = await import('../render/check-summary.js');
    appendSummary(io, renderCheckSummary(outcome));
  }
  return outcome.passed ? 0 : 1;
}

interface Evaluated {
  outcome: CheckOutcome;
  loaded: LoadedAnswers;
  /** The thresholds came from the answers file (annotations can point at them). */
  thresholdsFromFile: boolean;
}

async function evaluate(options: CheckOptions, io: Io): Promise<Evaluated> {
  if (options.baseline !== undefined && options.baselineGit !== undefined) throw new UsageError('use --baseline FILE or --baseline-git REF, not both');
  if (options.allowDrop !== undefined && options.baseline === undefined && options.baselineGit === undefined) {
    throw new UsageError('--allow-drop needs --baseline FILE or --baseline-git REF');
  }
  const { report, rubric, loaded } = loadAndScore(options.file, options.rubric, options.stage);
  enforceStrict(options.strict, options.file, loaded.drift);
  printWarnings(io, loaded.warnings);
  printDrift(io, options.file, loaded.drift);
  // --min names a step or a step group.
  const minIds = [...rubric.steps.map((step) => step.id), ...(rubric.groups ?? []).map((group) => group.id)];
  for (const stepId of Object.keys(options.min ?? {})) {
    if (!minIds.includes(stepId)) {
      throw new UsageError(`--min names unknown ${rubric.groups ? 'step or group' : 'step'} "${stepId}" (expected one of: ${minIds.join(', ')})`);
    }
  }
  requireStage(rubric, options.stage);
  const hasBaseline = options.baseline !== undefined || options.baselineGit !== undefined;
  const fromFlags = options.minScore !== undefined || options.min !== undefined || options.stage !== undefined;
  const error = (value: number): Threshold => ({ value, severity: 'error' });
  let thresholds: Thresholds = { steps: {} };
  let stageTargets = false;
  let source: string;
  if (fromFlags) {
    thresholds = {
      ...(options.minScore !== undefined && { minScore: error(options.minScore) }),
      steps: Object.fromEntries(Object.entries(options.min ?? {}).map(([id, value]) => [id, error(value)])),
    };
    stageTargets = options.stage !== undefined;
    source = 'command-line flags';
  } else if (loaded.assessment.thresholds) {
    thresholds = loaded.assessment.thresholds;
    stageTargets = thresholds.stageTargets === true;
    source = `thresholds in ${options.file}`;
  } else if (report.stage) {
    stageTargets = true;
    source = `stage targets for ${report.stage}`;
  } else if (hasBaseline) {
    source = 'regression gate only';
  } else {
    throw new UsageError(`nothing to check in ${options.file}: it has no thresholds and no stage. Add a "thresholds:" section or "stage:", or pass --min-score N, --min STEP=N, --stage S or --baseline OLD.yaml.`);
  }
  const result = evaluateThresholds(report, { thresholds, stageTargets, levels: rubric.levels });
  if (result.results.length === 0 && !hasBaseline) throw new UsageError(`nothing to check: the thresholds in ${options.file} are empty`);

  let regression: RegressionResult | undefined;
  let baselineLabel: string | undefined;
  if (hasBaseline) {
    const baseline = await loadBaseline(options, rubric, io);
    baselineLabel = baseline.yaml.file;
    enforceStrict(options.strict, baselineLabel, baseline.drift);
    printWarnings(io, baseline.warnings);
    printDrift(io, baselineLabel, baseline.drift);
    const [before, after] = [baseline.assessment.team, loaded.assessment.team];
    if (before !== undefined && after !== undefined && before.trim().toLowerCase() !== after.trim().toLowerCase()) {
      io.stderr.write(`warning: the baseline is about team "${safeText(before)}", the answers about "${safeText(after)}"\n`);
    }
    const stage = report.stage;
    const baselineReport = scoreAssessment(rubric, baseline.assessment, stage === undefined ? {} : { stage });
    regression = findRegressions(baselineReport, report, {
      ...(options.allowDrop !== undefined && { allowedDrop: options.allowDrop }),
      drift: { ...(baseline.drift && { before: baseline.drift }), ...(loaded.drift && { after: loaded.drift }) },
    });
  }
  const outcome = buildCheckOutcome({
    file: options.file,
    source,
    ...(baselineLabel !== undefined && { baseline: baselineLabel }),
    report,
    result,
    ...(regression && { regression }),
    suggestions: suggestThresholds(result.results),
    ...(loaded.drift && { drift: loaded.drift }),
    metAt: rubric.critical.metAt,
  });
  return { outcome, loaded, thresholdsFromFile: !fromFlags && loaded.assessment.thresholds !== undefined };
}

async function loadBaseline(options: CheckOptions, rubric: Rubric, io: Io): Promise<LoadedAnswers> {
  if (options.baseline !== undefined) {
    if (resolve(io.cwd, options.baseline) === resolve(io.cwd, options.file)) {
      throw new UsageError(`--baseline is the answers file itself (${options.baseline}): give an older copy, or use --baseline-git REF`);
    }
    return loadAnswers(options.baseline, rubric);
  }
  const { readYamlAtRevision } = await import('../io/git-show.js');
  return resolveAnswers(await readYamlAtRevision(options.file, options.baselineGit!, { cwd: io.cwd, env: io.env }), rubric);
}

/** Writes the JUnit and JSON files the user asked for. */
function writeReports(options: CheckOptions, junit: string, json: string): void {
  if (options.junit !== undefined) writeFileAtomic(options.junit, junit);
  if (options.json !== undefined) writeFileAtomic(options.json, json);
}

/** On invalid input (exit 2): still write the requested reports and annotations, saying what is wrong. */
async function reportInvalid(error: InputError | UsageError, options: CheckOptions, io: Io, onGitHub: boolean): Promise<void> {
  const problems: Problem[] = error instanceof InputError ? error.problems : [];
  const message = error instanceof UsageError ? error.message : undefined;
  try {
    writeReports(options, renderJunitError(options.file, problems, message), renderCheckErrorJson(options.file, problems, message));
  } catch (writeError) {
    if (!(writeError instanceof InputError)) throw writeError;
    if (error instanceof InputError) error.problems.push(...writeError.problems);
    else io.stderr.write(`warning: ${writeError.message}\n`);
  }
  if (onGitHub) {
    const fileFor = (file: string) => annotationPath(file, io);
    const annotations = problems.length > 0 ? problemAnnotations(problems, fileFor) : problemAnnotations([{ file: options.file, message: message ?? 'invalid input' }], fileFor);
    io.stdout.write(renderAnnotations(annotations));
    const { renderCheckErrorSummary } = await import('../render/check-summary.js');
    appendSummary(io, renderCheckErrorSummary(options.file, problems, message));
  }
}

/** Appends the step summary when GitHub gives a file for it; a failure to write is a warning, never a failed gate. */
function appendSummary(io: Io, markdown: string): void {
  const file = io.env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  try {
    appendToFile(file, markdown);
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
    question: (stepId, questionId) => (has(['answers', stepId, questionId]) ? locateKey(yaml, ['answers', stepId, questionId]) : undefined),
    threshold: (id) => {
      if (!thresholdsFromFile) return undefined;
      const path = id === 'overall' ? ['thresholds', 'min_score'] : ['thresholds', 'steps', id];
      return has(path) ? locateKey(yaml, path) : undefined;
    },
  };
}
