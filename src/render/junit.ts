// JUnit XML for CI dashboards (`check --junit FILE`): a suite of steps (one test case for the overall score and one per
// step, failing when an error threshold on it fails or it regressed) and a suite of critical questions (failing when
// unmet or unknown while their step fails). Warnings (warn thresholds, critical items that gate nothing) are printed
// in <system-out> of a passing test case: JUnit has no warning state.
import { describeVerification } from '../core/verification.js';
import {
  describeCritical,
  describeRegression,
  describeThreshold,
  isFailure,
  isWarning,
  type CheckOutcome,
} from '../core/gate.js';
import type { ThresholdResult } from '../core/thresholds.js';
import { formatProblem, type Problem } from '../errors.js';
import { escapeXml, escapeXmlText } from './channels.js';

export { escapeXml, escapeXmlText } from './channels.js';

interface TestCase {
  classname: string;
  name: string;
  failures: { message: string; type: string }[];
  output: string[];
}

/** The check outcome as a JUnit XML document. */
export function renderJunit(outcome: CheckOutcome): string {
  const { report } = outcome;
  const stepCases: TestCase[] = [];
  const resultsFor = (id: string) => outcome.result.results.filter((result) => result.id === id);
  const overall: TestCase = {
    classname: 'scaleplay.steps',
    name: 'overall',
    failures: [],
    output: [
      `overall ${report.overall.score}/100 (${report.overall.levelName}), range ${report.overall.low}–${report.overall.high}`,
    ],
  };
  addThresholds(overall, resultsFor('overall'));
  stepCases.push(overall);
  for (const step of report.steps) {
    const testCase: TestCase = {
      classname: 'scaleplay.steps',
      name: step.id,
      failures: [],
      output: [
        step.applicable
          ? `${step.id} ${step.score}/100 (${step.levelName})${step.low !== step.high ? `, range ${step.low}–${step.high}` : ''}`
          : `${step.id}: not applicable`,
      ],
    };
    addThresholds(testCase, resultsFor(step.id));
    const regression = outcome.regression?.regressions.find((item) => item.id === step.id);
    if (regression) {
      const questions = regression.questions.map(
        (question) => `${question.questionId}: ${question.before.answerText} → ${question.after.answerText}`,
      );
      testCase.failures.push({ type: 'regression', message: describeRegression(regression, outcome.baseline) });
      testCase.output.push(...questions);
    }
    stepCases.push(testCase);
  }
  const criticalCases = outcome.critical.map((item): TestCase => {
    const text = describeCritical(item, outcome.metAt);
    const testCase: TestCase = {
      classname: `scaleplay.critical.${item.stepId}`,
      name: `${item.stepId}.${item.questionId}`,
      failures: [],
      output: [item.prompt],
    };
    if (item.gating)
      testCase.failures.push({ type: 'critical', message: `${text}; it is part of why the check fails` });
    else if (item.status === 'unmet' || item.status === 'unknown') testCase.output.push(`warning: ${text}`);
    else testCase.output.push(text);
    return testCase;
  });
  const claimCases = (outcome.claims?.verifications ?? []).map((item): TestCase => {
    const text = describeVerification(item);
    const testCase: TestCase = { classname: 'scaleplay.claims', name: item.questionId, failures: [], output: [] };
    if (item.state === 'contradicted' && outcome.claims?.severity === 'error')
      testCase.failures.push({ type: 'contradicted', message: text });
    else testCase.output.push(item.state === 'contradicted' ? `warning: ${text}` : text);
    return testCase;
  });
  const properties = {
    file: outcome.file,
    source: outcome.source,
    rubric: `${report.rubric.id}@${report.rubric.version}`,
    ...(report.team !== undefined && { team: report.team }),
    ...(report.stage !== undefined && { stage: report.stage }),
    ...(outcome.baseline !== undefined && { baseline: outcome.baseline }),
  };
  const suites = [
    suite('scaleplay.steps', stepCases, properties),
    suite('scaleplay.critical', criticalCases, properties),
  ];
  if (claimCases.length > 0) suites.push(suite('scaleplay.claims', claimCases, properties));
  return document('scaleplay check', suites);
}

/** A JUnit document for a check that could not run: one test case in error, listing the problems. */
export function renderJunitError(file: string, problems: readonly Problem[], message?: string): string {
  const text = [...(message !== undefined ? [message] : []), ...problems.map(formatProblem)].join('\n');
  const summary = message ?? `${problems.length} problem${problems.length === 1 ? '' : 's'} in the input`;
  const body = [
    `  <testsuite name="scaleplay.input" tests="1" failures="0" errors="1" skipped="0" time="0">`,
    `    <testcase classname="scaleplay.input" name="${escapeXml(file)}" time="0">`,
    `      <error message="${escapeXml(summary)}" type="invalid-input">${escapeXmlText(text)}</error>`,
    '    </testcase>',
    '  </testsuite>',
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="scaleplay check" tests="1" failures="0" errors="1" time="0">\n${body.join('\n')}\n</testsuites>\n`;
}

function addThresholds(testCase: TestCase, results: readonly ThresholdResult[]): void {
  for (const result of results) {
    if (isFailure(result))
      testCase.failures.push({
        type: result.kind === 'stage-target' ? 'stage-target' : 'threshold',
        message: describeThreshold(result),
      });
    else if (isWarning(result)) testCase.output.push(`warning: ${describeThreshold(result)}`);
    else testCase.output.push(describeThreshold(result));
  }
}

interface Suite {
  xml: string;
  tests: number;
  failures: number;
}

function suite(name: string, cases: TestCase[], properties: Record<string, string>): Suite {
  const failures = cases.filter((testCase) => testCase.failures.length > 0).length;
  const lines = [
    `  <testsuite name="${name}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="0">`,
    '    <properties>',
  ];
  for (const [key, value] of Object.entries(properties))
    lines.push(`      <property name="${escapeXml(key)}" value="${escapeXml(value)}"/>`);
  lines.push('    </properties>');
  for (const testCase of cases) {
    lines.push(
      `    <testcase classname="${escapeXml(testCase.classname)}" name="${escapeXml(testCase.name)}" file="${escapeXml(properties.file!)}" time="0">`,
    );
    // One <failure> per test case (the schema most dashboards use); several reasons are joined in its text.
    const [first, ...rest] = testCase.failures;
    if (first) {
      const message = testCase.failures.map((failure) => failure.message).join('; ');
      const type = rest.length > 0 ? 'multiple' : first.type;
      lines.push(
        `      <failure message="${escapeXml(message)}" type="${escapeXml(type)}">${escapeXmlText(testCase.failures.map((failure) => `${failure.type}: ${failure.message}`).join('\n'))}</failure>`,
      );
    }
    if (testCase.output.length > 0)
      lines.push(`      <system-out>${escapeXmlText(testCase.output.join('\n'))}</system-out>`);
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>');
  return { xml: lines.join('\n'), tests: cases.length, failures };
}

function document(name: string, suites: Suite[]): string {
  const tests = suites.reduce((sum, item) => sum + item.tests, 0);
  const failures = suites.reduce((sum, item) => sum + item.failures, 0);
  const body = suites.map((item) => item.xml).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${escapeXml(name)}" tests="${tests}" failures="${failures}" errors="0" time="0">\n${body}\n</testsuites>\n`;
}
