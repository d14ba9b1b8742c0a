// `scaleplay check FILE`: the CI gate. Exit 0 when every threshold holds, 1 when any falls short.
import type { Threshold, Thresholds } from '../core/model.js';
import { evaluateThresholds, type CheckResult, type ThresholdResult } from '../core/thresholds.js';
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { loadAndScore, printWarnings, themeFor } from './shared.js';
import type { Theme } from '../render/theme.js';
import { safeText } from '../render/safe-text.js';

export interface CheckOptions {
  file: string;
  rubric?: string;
  minScore?: number;
  /** Per-step minimums from `--min STEP=N`. */
  min?: Record<string, number>;
  /** Check the stage targets of this stage (instead of, or besides, numeric thresholds). */
  stage?: string;
  color?: boolean;
}

/** Checks the answers against thresholds from flags, else from the file, else the stage targets. */
export function runCheck(options: CheckOptions, io: Io): number {
  const { report, rubric, loaded } = loadAndScore(options.file, options.rubric, options.stage);
  printWarnings(io, loaded.warnings);
  for (const stepId of Object.keys(options.min ?? {})) {
    if (!rubric.steps.some((step) => step.id === stepId)) {
      throw new UsageError(`--min names unknown step "${stepId}" (expected one of: ${rubric.steps.map((step) => step.id).join(', ')})`);
    }
  }
  if (options.stage !== undefined && !rubric.stages.some((stage) => stage.id === options.stage)) {
    throw new UsageError(`--stage "${options.stage}" is not a stage of this rubric (expected one of: ${rubric.stages.map((stage) => stage.id).join(', ')})`);
  }
  const fromFlags = options.minScore !== undefined || options.min !== undefined || options.stage !== undefined;
  const error = (value: number): Threshold => ({ value, severity: 'error' });
  let thresholds: Thresholds;
  let stageTargets: boolean;
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
    thresholds = { steps: {} };
    stageTargets = true;
    source = `stage targets for ${report.stage}`;
  } else {
    throw new UsageError(`nothing to check in ${options.file}: it has no thresholds and no stage. Add a "thresholds:" section or "stage:", or pass --min-score N, --min STEP=N or --stage S.`);
  }
  const result = evaluateThresholds(report, { thresholds, stageTargets });
  if (result.results.length === 0) throw new UsageError(`nothing to check: the thresholds in ${options.file} are empty`);
  io.stdout.write(renderCheck(result, { theme: themeFor(io, 'stdout', options.color), file: options.file, source, open: report.overall.unknown + report.overall.unanswered }));
  return result.passed ? 0 : 1;
}

/** The check summary: one line per threshold, failures first, then the verdict. */
export function renderCheck(result: CheckResult, context: { theme: Theme; file: string; source: string; open: number }): string {
  const { theme } = context;
  const ordered = [...result.results].sort((a, b) => Number(a.passed) - Number(b.passed));
  const lines = [`scaleplay check · ${safeText(context.file)} · ${context.source}`];
  for (const item of ordered) lines.push(checkLine(item, theme));
  const failed = result.results.filter((item) => !item.passed && item.severity === 'error').length;
  const warned = result.results.filter((item) => !item.passed && item.severity === 'warn').length;
  if (context.open > 0) lines.push(theme.dim(`note: ${context.open} answer${context.open === 1 ? ' is' : 's are'} unknown or unanswered; scores count known answers, ranges show worst–best`));
  const warnText = warned > 0 ? `, ${warned} warning${warned === 1 ? '' : 's'}` : '';
  lines.push(
    result.passed
      ? theme.good(`PASS: ${result.results.length - warned} of ${result.results.length} thresholds met${warnText}`)
      : theme.bad(`FAIL: ${failed} of ${result.results.length} thresholds not met${warnText}`),
  );
  return `${lines.join('\n')}\n`;
}

function checkLine(item: ThresholdResult, theme: Theme): string {
  const mark = item.passed ? theme.good('✓') : item.severity === 'warn' ? theme.warn('!') : theme.bad('✗');
  const range = item.low !== item.high ? ` (range ${item.low}–${item.high})` : '';
  const label = `${item.kind === 'stage-target' ? 'target' : 'min'} ${item.id}`.padEnd(24);
  const need = item.requiredLevel ? `${item.requiredLevel} (≥ ${item.required})` : `≥ ${item.required}`;
  const verdict = item.passed ? `${item.actual} meets ${need}` : `${item.actual} is below ${need}${item.shortBy > 0 ? `, short by ${item.shortBy}` : ', capped by a critical item'}`;
  return `  ${mark} ${label} ${verdict}${range}${item.severity === 'warn' && !item.passed ? ' [warn]' : ''}`;
}
