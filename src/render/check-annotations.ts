// GitHub Actions workflow commands (`::error file=…,line=…,col=…::message`) for `scaleplay check`, pointing at the
// answers file's lines: printed only when GITHUB_ACTIONS=true (the command decides; this only builds the text).
import { describeVerification } from '../core/verification.js';
import {
  contradictedClaims,
  describeCritical,
  describeRegression,
  describeSuggestionScore,
  describeThreshold,
  isFailure,
  isWarning,
  type CheckOutcome,
} from '../core/gate.js';
import type { Problem } from '../errors.js';
import { workflowData, workflowProperty } from './channels.js';

export { escapeData, escapeProperty } from './channels.js';

/** A 1-based line and column in the answers file. */
export interface Position {
  line: number;
  col: number;
}

/** Finds places in the answers file; undefined when the file has no such entry. */
export interface AnswersLocator {
  /** The key of a step's block under `answers:`. */
  step(stepId: string): Position | undefined;
  /** The answer to a question. */
  question(stepId: string, questionId: string): Position | undefined;
  /** The threshold's own line (`thresholds.min_score` for "overall"), when the thresholds came from the file. */
  threshold(id: string): Position | undefined;
}

/** GitHub's annotation levels. */
export type AnnotationLevel = 'error' | 'warning' | 'notice';

/** One GitHub annotation before it is rendered as a workflow command. */
export interface Annotation {
  level: AnnotationLevel;
  /** Path as GitHub expects it: relative to the repository root, with forward slashes. */
  file: string;
  position?: Position;
  title: string;
  message: string;
}

/** The annotations for a check outcome: failures as errors, warn thresholds and unmet critical items as warnings, suggestions as notices. */
export function buildAnnotations(outcome: CheckOutcome, file: string, locate: AnswersLocator): Annotation[] {
  const annotations: Annotation[] = [];
  const at = (position: Position | undefined) => (position ? { position } : {});
  const whereStep = (id: string) =>
    id === 'overall' ? locate.threshold('overall') : (locate.threshold(id) ?? locate.step(id));
  for (const result of outcome.result.results) {
    if (result.passed) continue;
    const level = isFailure(result) ? 'error' : isWarning(result) ? 'warning' : undefined;
    if (!level) continue;
    // Point at the step's answers (what has to change) rather than at the threshold, unless the threshold is all there is;
    // the overall stage target has no line of its own (it comes from the stage).
    const overallPosition = result.kind === 'overall' ? locate.threshold('overall') : undefined;
    const position =
      result.id === 'overall' ? overallPosition : (locate.step(result.id) ?? locate.threshold(result.id));
    annotations.push({
      level,
      file,
      ...at(position),
      title: `scaleplay: ${result.id} below ${result.kind === 'stage-target' ? 'target' : 'threshold'}`,
      message: describeThreshold(result),
    });
  }
  for (const regression of outcome.regression?.regressions ?? []) {
    annotations.push({
      level: 'error',
      file,
      ...at(locate.step(regression.id)),
      title: `scaleplay: ${regression.id} regressed`,
      message: describeRegression(regression, outcome.baseline),
    });
    for (const question of regression.questions) {
      annotations.push({
        level: 'error',
        file,
        ...at(locate.question(question.stepId, question.questionId) ?? locate.step(question.stepId)),
        title: `scaleplay: ${question.stepId}.${question.questionId} regressed`,
        message: `was: ${question.before.answerText}; now: ${question.after.answerText}`,
      });
    }
  }
  for (const item of outcome.critical) {
    if (item.status !== 'unmet' && item.status !== 'unknown') continue;
    annotations.push({
      level: item.gating ? 'error' : 'warning',
      file,
      ...at(locate.question(item.stepId, item.questionId) ?? locate.step(item.stepId)),
      title: `scaleplay: critical ${item.stepId}.${item.questionId}`,
      message: `${describeCritical(item, outcome.metAt)} — ${item.prompt}`,
    });
  }
  for (const item of contradictedClaims(outcome)) {
    const stepId =
      outcome.report.steps.find((step) => step.questions.some((question) => question.id === item.questionId))?.id ?? '';
    annotations.push({
      level: outcome.claims?.severity === 'error' ? 'error' : 'warning',
      file,
      ...at(locate.question(stepId, item.questionId) ?? locate.step(stepId)),
      title: `scaleplay: claim ${stepId}.${item.questionId} contradicted`,
      message: describeVerification(item),
    });
  }
  for (const note of outcome.drift?.notes ?? []) {
    const position = note.where.line !== undefined ? { line: note.where.line, col: note.where.col ?? 1 } : undefined;
    annotations.push({
      level: 'warning',
      file,
      ...at(position),
      title: 'scaleplay: rubric drift',
      message: note.message,
    });
  }
  for (const suggestion of outcome.suggestions) {
    annotations.push({
      level: 'notice',
      file,
      ...at(whereStep(suggestion.id)),
      title: `scaleplay: raise ${suggestion.id} threshold?`,
      message: `${suggestion.id} ${describeSuggestionScore(suggestion)}, well above its threshold ${suggestion.current}: consider raising it to ${suggestion.suggested}`,
    });
  }
  return annotations;
}

/** Annotations for problems that stopped the check (invalid input). */
export function problemAnnotations(problems: readonly Problem[], fileFor: (file: string) => string): Annotation[] {
  return problems.map((problem) => ({
    level: 'error',
    file: fileFor(problem.file),
    ...(problem.line !== undefined && { position: { line: problem.line, col: problem.col ?? 1 } }),
    title: 'scaleplay: invalid input',
    message: problem.hint ? `${problem.message} (${problem.hint})` : problem.message,
  }));
}

/** Renders annotations as workflow commands, one a line. */
export function renderAnnotations(annotations: readonly Annotation[]): string {
  return annotations
    .map((item) => {
      const properties = [`file=${workflowProperty(item.file)}`];
      if (item.position) properties.push(`line=${item.position.line}`, `col=${item.position.col}`);
      properties.push(`title=${workflowProperty(item.title)}`);
      return `::${item.level} ${properties.join(',')}::${workflowData(item.message)}\n`;
    })
    .join('');
}
