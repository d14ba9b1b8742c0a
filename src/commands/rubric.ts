// `scaleplay rubric validate [DIR]`, `scaleplay rubric show` and `scaleplay rubric test DIR`.
import { gatesOf, scoreBounds } from '../core/questions.js';
import { compareCase, type CaseCheck } from '../core/rubric-cases.js';
import { lintRubric, type LintFinding } from '../core/rubric-lint.js';
import { scoreAssessment } from '../core/score.js';
import { InputError, type Problem } from '../errors.js';
import type { Io } from '../io.js';
import { loadRubricCases, updateCaseFile, type RubricCase } from '../io/load-rubric-cases.js';
import { builtInRubricDir, loadRubric, type LoadedRubric } from '../io/load-rubric.js';
import { cleanMessage, problemAt } from '../io/yaml-file.js';
import { safeText } from '../render/safe-text.js';
import type { Theme } from '../render/theme.js';
import { printWarnings, themeFor } from './shared.js';

export interface RubricValidateOptions {
  dir?: string;
  /** Exit 1 when there are warnings (for a rubric's own CI). */
  strict?: boolean;
}

/** Validates a rubric folder: problems throw (exit 2, every one listed); warnings, lint included, are printed. */
export function runRubricValidate(options: RubricValidateOptions, io: Io): number {
  // Always the files, also for the built-in playbook (not its compiled copy): validating means reading them.
  const loaded = loadRubric(options.dir ?? builtInRubricDir());
  const { rubric, dir } = loaded;
  const findings = lintRubric(rubric);
  const warnings = [...loaded.warnings, ...findings.filter((finding) => finding.severity !== 'error').map((finding) => locateFinding(loaded, finding))];
  const errors = findings.filter((finding) => finding.severity === 'error').map((finding) => locateFinding(loaded, finding));
  printWarnings(io, warnings);
  // Targets no team can meet, or that contradict each other, make the rubric unusable for `check --stage`: fail (exit 2).
  if (errors.length > 0) throw new InputError(errors);
  const questions = rubric.steps.reduce((sum, step) => sum + step.questions.length, 0);
  io.stdout.write(
    `✓ ${safeText(dir)}: rubric ${rubric.id} v${safeText(rubric.version)} is valid · ${rubric.steps.length} steps · ${questions} questions · ` +
      `${rubric.stages.length} stages · ${warnings.length} warning${warnings.length === 1 ? '' : 's'}\n`,
  );
  if (options.strict && warnings.length > 0) {
    io.stderr.write(`scaleplay: --strict: ${warnings.length === 1 ? '1 warning counts' : `${warnings.length} warnings count`} as a failure.\n`);
    return 1;
  }
  return 0;
}

/** A lint finding located in the rubric's files. */
export function locateFinding(loaded: LoadedRubric, finding: LintFinding): Problem {
  const file = finding.at.file === 'manifest' ? loaded.files?.manifest : loaded.files?.steps[finding.at.stepId];
  return file ? problemAt(file, finding.at.path, finding.message, finding.hint) : { file: loaded.dir, message: cleanMessage(finding.message), ...(finding.hint && { hint: finding.hint }) };
}

/** Prints a rubric's steps, questions and stage targets (text or JSON). */
export function runRubricShow(options: { dir?: string; format: 'text' | 'json' }, io: Io): number {
  const { rubric } = loadRubric(options.dir);
  if (options.format === 'json') {
    // Rubric text is cleaned on load; DEL, C1 and line separators are escaped here as well, as in the JSON report.
    io.stdout.write(`${JSON.stringify(rubric, null, 2).replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`);
    return 0;
  }
  const out: string[] = [`${safeText(rubric.title)} (${rubric.id} v${safeText(rubric.version)})`];
  if (rubric.description) out.push(safeText(rubric.description));
  out.push('', `Levels: ${rubric.levels.map((level) => `${safeText(level.name)} ${level.min}–${level.max}`).join(' · ')}`);
  const capName = rubric.levels.find((level) => level.id === rubric.critical.cap)?.name ?? rubric.critical.cap;
  out.push(`An unmet critical question (answer scoring below ${rubric.critical.metAt}) caps its step at ${safeText(capName)}.`);
  out.push('', 'Stage targets:');
  for (const stage of rubric.stages) {
    out.push(`  ${stage.id.padEnd(12)} overall ${stage.overall}; ${rubric.steps.map((step) => `${step.id} ${stage.targets[step.id]}`).join(', ')}`);
  }
  for (const [index, step] of rubric.steps.entries()) {
    out.push('', `${index + 1}. ${safeText(step.title)} (${step.id}, weight ${step.weight})`, `   ${safeText(step.summary)}`);
    for (const question of step.questions) {
      const flags = [question.kind, `weight ${question.weight}`, question.critical && 'critical', question.allowNa && 'n/a allowed', question.when && `when ${gatesOf(question.when).join(', ')}`]
        .filter(Boolean)
        .join(', ');
      const { best } = scoreBounds(question);
      out.push(`   - ${question.id}: ${safeText(question.prompt)} [${flags}${best < 1 ? `, best ${best}` : ''}]`);
    }
  }
  io.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

export interface RubricTestOptions {
  dir: string;
  /** Write the actual values into the failing cases' expectations (after a deliberate rubric change). */
  update?: boolean;
  color?: boolean;
}

/**
 * Runs the golden cases in DIR/tests: exit 0 when every expectation holds, 1 when a value moved, 2 when the rubric or a
 * case is invalid (the valid cases still run and are reported first). With `update`, moved values are written back.
 */
export function runRubricTest(options: RubricTestOptions, io: Io): number {
  const loaded = loadRubric(options.dir);
  const { rubric } = loaded;
  printWarnings(io, loaded.warnings);
  const { cases, invalid, problems } = loadRubricCases(options.dir, rubric);
  const theme = themeFor(io, 'stdout', options.color);
  const results = cases.map((testCase) => {
    const report = scoreAssessment(rubric, testCase.answers.assessment, testCase.stage === undefined ? {} : { stage: testCase.stage });
    return { testCase, checks: compareCase(report, testCase.expect) };
  });
  const total = results.length + invalid.length;
  const lines = [`scaleplay rubric test · ${rubric.id} v${safeText(rubric.version)} · ${total} case${total === 1 ? '' : 's'}`, ''];
  const nameWidth = Math.max(8, ...results.map(({ testCase }) => testCase.name.length));
  for (const { testCase, checks } of results) {
    const failed = checks.filter((check) => !check.passed);
    const mark = failed.length === 0 ? theme.good('✓') : theme.bad('✗');
    const summary = failed.length === 0 ? `${checks.length} check${checks.length === 1 ? '' : 's'} hold` : `${failed.length} of ${checks.length} moved`;
    const description = testCase.description ? `  ${theme.dim(safeText(testCase.description))}` : '';
    lines.push(`${mark} ${safeText(testCase.name).padEnd(nameWidth)}  ${summary}${description}`);
    for (const check of failed) lines.push(`    ${describeMove(check, rubric.levels, theme)}`);
  }
  const failedCases = results.filter(({ checks }) => checks.some((check) => !check.passed));
  lines.push('');
  for (const name of invalid) lines.push(`${theme.bad('!')} ${safeText(name.replace(/\.ya?ml$/, '')).padEnd(nameWidth)}  cannot run (see below)`);
  if (problems.length > 0) {
    lines.push('', theme.bad(`INVALID: ${invalid.length} case${invalid.length === 1 ? '' : 's'} cannot run${failedCases.length > 0 ? `; ${failedCases.length} of the others moved` : ''}. Nothing was updated.`));
    io.stdout.write(`${lines.join('\n')}\n`);
    throw new InputError(problems);
  }
  if (failedCases.length === 0) {
    lines.push(theme.good(results.length === 1 ? 'PASS: the 1 case holds.' : `PASS: all ${results.length} cases hold.`));
    io.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  }
  if (options.update) {
    for (const { testCase, checks } of failedCases) updateCase(testCase, checks);
    lines.push(theme.warn(`UPDATED: ${failedCases.length === 1 ? '1 case file now expects' : `${failedCases.length} case files now expect`} the new values: ${failedCases.map(({ testCase }) => safeText(testCase.file.file)).join(', ')}.`));
    io.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  }
  lines.push(theme.bad(`FAIL: ${failedCases.length} of ${results.length} case${results.length === 1 ? '' : 's'} moved.`));
  lines.push(`If the change is intended, accept the new values with: scaleplay rubric test ${safeText(options.dir)} --update`);
  io.stdout.write(`${lines.join('\n')}\n`);
  return 1;
}

/** "quality level   proven → ready (down 1 level)", "overall score   92 → 88 (−4)". */
function describeMove(check: CaseCheck, levels: readonly { id: string }[], theme: Theme): string {
  const label = `${check.target} ${check.field === 'meetsTarget' ? 'meets_target' : check.field}`.padEnd(28);
  const actual = check.actual === undefined ? 'nothing (no stage target)' : String(check.actual);
  let delta = '';
  if (typeof check.expected === 'number' && typeof check.actual === 'number') {
    const moved = check.actual - check.expected;
    delta = ` (${moved > 0 ? '+' : '−'}${Math.abs(moved)})`;
  } else if (check.field === 'level' && typeof check.actual === 'string') {
    const by = levels.findIndex((level) => level.id === check.actual) - levels.findIndex((level) => level.id === check.expected);
    delta = ` (${by > 0 ? 'up' : 'down'} ${Math.abs(by)} level${Math.abs(by) === 1 ? '' : 's'})`;
  }
  return `${label} expected ${String(check.expected)}, got ${theme.bold(actual)}${delta}`;
}

/** Writes the actual values into a case file's failing expectations, keeping its comments and layout. */
function updateCase(testCase: RubricCase, checks: CaseCheck[]): void {
  const values = checks.flatMap((check) =>
    check.passed || check.actual === undefined ? [] : [{ target: check.target, field: check.field === 'meetsTarget' ? 'meets_target' : check.field, value: check.actual }],
  );
  updateCaseFile(testCase, values);
}
