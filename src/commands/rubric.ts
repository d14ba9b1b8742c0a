// `scaleplay rubric validate [DIR]`, `scaleplay rubric show` and `scaleplay rubric test DIR`.
import type { CommonFlags, RubricShowFlags, RubricTestFlags, RubricValidateFlags } from '../cli.js';
import { compareCase, type CaseCheck } from '../core/rubric-cases.js';
import { lintRubric, type LintFinding } from '../core/rubric-lint.js';
import { scoreAssessment } from '../core/score.js';
import { EXIT, InputError, type ExitCode, type Problem } from '../errors.js';
import { refuseReadFilesAsOutputs } from '../io/files-read.js';
import { loadRubricCases, updateCaseFile, type RubricCase } from '../io/load-rubric-cases.js';
import { builtInRubricDir, type LoadedRubric } from '../io/load-rubric.js';
import { cleanMessage, problemAt } from '../io/yaml-file.js';
import { writeJson } from '../render/channels.js';
import { renderRubricText, renderRubricValid } from '../render/rubric-show.js';
import { movedCases, renderRubricTest, type RubricTestVerdict } from '../render/rubric-test.js';
import type { Io } from '../runtime.js';
import { suggestCommand } from './invocation.js';
import { printWarnings, rubricFor, themeFor } from './shared.js';

/** Options of `scaleplay rubric validate`, as declared in src/cli.ts. */
export type RubricValidateOptions = RubricValidateFlags & CommonFlags & { dir?: string | undefined };

/** Validates a rubric folder: problems throw (exit 2, every one listed); warnings, lint included, are printed. */
export function runRubricValidate(options: RubricValidateOptions, io: Io): ExitCode {
  // Always the files, also for the built-in playbook (not its compiled copy): validating means reading them. Files
  // validated before, byte for byte, come from the compiled-rubric cache with their located lint findings.
  const given = options.dir ?? builtInRubricDir();
  let loaded = rubricFor(io, given, undefined, options);
  let lint = loaded.cachedLint;
  if (!lint) {
    const { cache } = loaded;
    // A cache entry written by another command has no lint yet: the files are parsed to locate the findings.
    if (!loaded.files) loaded = rubricFor(io, given, undefined, { cache: false });
    const located = loaded;
    const findings = lintRubric(located.rubric);
    const locate = (severity: 'error' | 'other') =>
      findings
        .filter((finding) => (finding.severity === 'error') === (severity === 'error'))
        .map((finding) => locateFinding(located, finding));
    lint = { warnings: locate('other'), errors: locate('error') };
    cache?.write({ rubric: located.rubric, warnings: located.warnings, lint });
  }
  const { rubric, dir } = loaded;
  const warnings = [...loaded.warnings, ...lint.warnings];
  printWarnings(io, warnings, options.verbose);
  // Targets no team can meet, or that contradict each other, make the rubric unusable for `check --stage`: fail (exit
  // 2).
  if (lint.errors.length > 0) throw new InputError(lint.errors);
  io.stdout.write(renderRubricValid(rubric, dir, warnings.length));
  if (options.strict && warnings.length > 0) {
    io.stderr.write(
      `scaleplay: --strict: ${warnings.length === 1 ? '1 warning counts' : `${warnings.length} warnings count`} as a failure.\n`,
    );
    return EXIT.failed;
  }
  return EXIT.ok;
}

/** A lint finding located in the rubric's files. */
export function locateFinding(loaded: LoadedRubric, finding: LintFinding): Problem {
  const file = finding.at.file === 'manifest' ? loaded.files?.manifest : loaded.files?.steps[finding.at.stepId];
  return file
    ? problemAt(file, finding.at.path, finding.message, finding.hint)
    : { file: loaded.dir, message: cleanMessage(finding.message), ...(finding.hint && { hint: finding.hint }) };
}

/** Options of `scaleplay rubric show`, as declared in src/cli.ts. */
export type RubricShowOptions = RubricShowFlags & CommonFlags;

/** Prints a rubric's steps, questions and stage targets (text or JSON). */
export function runRubricShow(options: RubricShowOptions, io: Io): ExitCode {
  const { rubric } = rubricFor(io, options.rubric, undefined, options);
  io.stdout.write(options.format === 'json' ? writeJson(rubric) : renderRubricText(rubric));
  return EXIT.ok;
}

/** Options of `scaleplay rubric test`, as declared in src/cli.ts. */
export type RubricTestOptions = RubricTestFlags & CommonFlags & { dir: string };

/**
 * Runs the golden cases in DIR/tests: exit 0 when every expectation holds, 1 when a value moved, 2 when the rubric or a
 * case is invalid (the valid cases still run and are reported first). With `update`, moved values are written back.
 */
export function runRubricTest(options: RubricTestOptions, io: Io): ExitCode {
  const loaded = rubricFor(io, options.dir, undefined, options);
  const { rubric } = loaded;
  printWarnings(io, loaded.warnings, options.verbose);
  const { cases, invalid, problems } = loadRubricCases(options.dir, rubric, io.cwd);
  const ran = cases.map((testCase) => {
    const report = scoreAssessment(
      rubric,
      testCase.answers.assessment,
      testCase.stage === undefined ? {} : { stage: testCase.stage },
    );
    return { testCase, checks: compareCase(report, testCase.expect) };
  });
  const results = ran.map(({ testCase, checks }) => ({
    name: testCase.name,
    description: testCase.description,
    file: testCase.file.file,
    checks,
  }));
  const moved = movedCases(results).length;
  const verdict: RubricTestVerdict =
    problems.length > 0 ? 'invalid' : moved === 0 ? 'pass' : options.update ? 'updated' : 'fail';
  if (verdict === 'updated') {
    // A case file is rewritten in place; it must not also be another file the run read (a rubric or answers file).
    for (const { testCase } of ran.filter(({ checks }) => checks.some((check) => !check.passed))) {
      refuseReadFilesAsOutputs([{ option: '--update', path: testCase.file.file }], {
        cwd: io.cwd,
        except: testCase.file.file,
      });
    }
    for (const { testCase, checks } of ran) if (checks.some((check) => !check.passed)) updateCase(testCase, checks, io);
  }
  const updateCommand = suggestCommand(io.env, ['rubric', 'test', options.dir, '--update']);
  const run = { rubric, dir: options.dir, updateCommand, results, invalid, verdict };
  io.stdout.write(renderRubricTest(run, themeFor(io, 'stdout', options.color)));
  if (verdict === 'invalid') throw new InputError(problems);
  return verdict === 'fail' ? EXIT.failed : EXIT.ok;
}

/** Writes the actual values into a case file's failing expectations, keeping its comments and layout. */
function updateCase(testCase: RubricCase, checks: CaseCheck[], io: Io): void {
  const values = checks.flatMap((check) =>
    check.passed || check.actual === undefined
      ? []
      : [
          {
            target: check.target,
            field: check.field === 'meetsTarget' ? 'meets_target' : check.field,
            value: check.actual,
          },
        ],
  );
  updateCaseFile(testCase, values, io.cwd);
}
