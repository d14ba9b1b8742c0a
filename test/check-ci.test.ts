// check's CI outputs: JUnit XML, JSON, GitHub annotations and step summary, threshold severities and suggestions.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRubric } from '../src/io/load-rubric.js';
import { escapeData, escapeProperty } from '../src/render/check-annotations.js';
import { escapeXml, escapeXmlText } from '../src/render/junit.js';
import { repoPath, runBin, runCli, tempDir, V1_PLAYBOOK } from './helpers/cli.js';
import { findAll, parseXmlStrict } from './helpers/xml.js';

// These tests are about the gate's mechanics: they run against the frozen playbook 1.0.0 (fixtures/v1).
const cliV1 = (args: readonly string[], options?: Parameters<typeof runCli>[1]) =>
  runCli(args.includes('--rubric') ? args : [...args, '--rubric', V1_PLAYBOOK], options);
const binV1 = (args: readonly string[], options?: Parameters<typeof runBin>[1]) =>
  runBin(args.includes('--rubric') ? args : [...args, '--rubric', V1_PLAYBOOK], options);

const growth = repoPath('fixtures/v1/answers/growth-saas.yaml');
const mistral = repoPath('fixtures/v1/answers/mistral-2026.yaml');
const badChoice = repoPath('fixtures/v1/answers/bad-choice.yaml');
const { rubric } = loadRubric(V1_PLAYBOOK);
const criticalIds = rubric.steps.flatMap((step) =>
  step.questions.filter((question) => question.critical).map((question) => `${step.id}.${question.id}`),
);

/** Writes growth-saas.yaml with its thresholds section replaced. */
function growthWithThresholds(dir: string, thresholds: string): string {
  const text = readFileSync(growth, 'utf8').replace(/^thresholds:[\s\S]*$/m, thresholds);
  const file = join(dir, 'answers.yaml');
  writeFileSync(file, text);
  return file;
}

describe('check --junit', () => {
  it('writes well-formed JUnit with one test case per step and per critical question, failures saying by how much', async () => {
    const junit = join(tempDir(), 'scaleplay.xml');
    const result = await cliV1(['check', growth, '--junit', junit]);
    expect(result.code).toBe(1);
    const root = parseXmlStrict(readFileSync(junit, 'utf8'));
    expect(root.name).toBe('testsuites');
    const cases = findAll(root, 'testcase');
    expect(cases.map((testCase) => testCase.attributes.name)).toEqual([
      'overall',
      ...rubric.steps.map((step) => step.id),
      ...criticalIds,
    ]);
    const failing = cases.filter((testCase) => testCase.children.some((child) => child.name === 'failure'));
    expect(failing.map((testCase) => testCase.attributes.name)).toEqual([
      'reliability',
      'reliability.synthetic-checks',
    ]);
    const failure = failing[0]!.children.find((child) => child.name === 'failure')!;
    expect(failure.attributes.message).toBe('reliability 25 is below the minimum 60, short by 35');
    expect(failure.attributes.type).toBe('threshold');
    expect(root.attributes).toMatchObject({ tests: String(cases.length), failures: '2' });
    const suites = findAll(root, 'testsuite');
    expect(suites.map((suite) => [suite.attributes.name, suite.attributes.tests, suite.attributes.failures])).toEqual([
      ['scaleplay.steps', String(rubric.steps.length + 1), '1'],
      ['scaleplay.critical', String(criticalIds.length), '1'],
    ]);
  });

  it('writes a passing JUnit file when every threshold holds', async () => {
    const junit = join(tempDir(), 'scaleplay.xml');
    const result = await cliV1(['check', mistral, '--junit', junit]);
    expect(result.code).toBe(0);
    const root = parseXmlStrict(readFileSync(junit, 'utf8'));
    expect(root.attributes.failures).toBe('0');
    expect(findAll(root, 'failure')).toEqual([]);
  });

  it('escapes markup, quotes and ampersands from the answers file', async () => {
    const dir = tempDir();
    const hostile = `A<b>&"c'd ]]> 🚀`;
    const file = join(dir, 'answers.yaml');
    writeFileSync(
      file,
      readFileSync(growth, 'utf8').replace('team: Northwind Analytics', `team: ${JSON.stringify(hostile)}`),
    );
    const junit = join(dir, 'out.xml');
    expect((await cliV1(['check', file, '--junit', junit])).code).toBe(1);
    const root = parseXmlStrict(readFileSync(junit, 'utf8'));
    const team = findAll(root, 'property').find((property) => property.attributes.name === 'team');
    expect(team?.attributes.value).toBe(hostile);
  });

  it('writes a JUnit error and a JSON error when the answers file is invalid (exit 2)', async () => {
    const dir = tempDir();
    const [junit, json] = [join(dir, 'out.xml'), join(dir, 'out.json')];
    const result = await cliV1(['check', badChoice, '--junit', junit, '--json', json]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bad-choice.yaml:7:23: unknown choice "sometimes"');
    const root = parseXmlStrict(readFileSync(junit, 'utf8'));
    const error = findAll(root, 'error')[0]!;
    expect(error.attributes.type).toBe('invalid-input');
    expect(error.text).toContain('unknown choice "sometimes"');
    const parsed = JSON.parse(readFileSync(json, 'utf8'));
    expect(parsed).toMatchObject({ kind: 'check', passed: false, exitCode: 2 });
    expect(parsed.problems[0]).toMatchObject({ line: 7, col: 23 });
  });

  it('writes a JUnit error for a usage problem (nothing to check), and annotates it on GitHub', async () => {
    const dir = tempDir();
    const file = join(dir, 'answers.yaml');
    writeFileSync(
      file,
      readFileSync(growth, 'utf8')
        .replace(/^stage: .*\n/m, '')
        .replace(/^thresholds:[\s\S]*$/m, ''),
    );
    const junit = join(dir, 'out.xml');
    const result = await cliV1(['check', file, '--junit', junit], { env: { GITHUB_ACTIONS: 'true' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('nothing to check in');
    expect(findAll(parseXmlStrict(readFileSync(junit, 'utf8')), 'error')[0]!.attributes.message).toMatch(
      /^nothing to check in /,
    );
    expect(result.stdout).toMatch(
      /^::error file=.*answers\.yaml,title=scaleplay%3A invalid input::nothing to check in /m,
    );
  });

  it('adds a failure to write the JUnit file to the input problems (exit 2)', async () => {
    const junit = join(tempDir(), 'missing', 'out.xml');
    const result = await cliV1(['check', badChoice, '--junit', junit]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown choice "sometimes"');
    expect(result.stderr).toContain('cannot write: the folder');
    expect(result.stderr).toContain('scaleplay: 2 problems found');
  });

  it('exits 2 when the JUnit file cannot be written after a normal run', async () => {
    const result = await cliV1(['check', mistral, '--junit', join(tempDir(), 'missing', 'out.xml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot write: the folder');
  });

  it.each([
    ['a<b', 'a&lt;b'],
    ['"q" & \'a\'', '&quot;q&quot; &amp; &apos;a&apos;'],
    ['line\nbreak\ttab', 'line&#10;break&#9;tab'],
    ['bell\u0007 and \uffff gone', 'bell and  gone'],
    ['lone \ud800 surrogate', 'lone  surrogate'],
    ['emoji 🚀 kept', 'emoji 🚀 kept'],
  ])('escapeXml(%j) is %j', (input, expected) => {
    expect(escapeXml(input)).toBe(expected);
    expect(() => parseXmlStrict(`<a b="${escapeXml(input)}">${escapeXmlText(input)}</a>`)).not.toThrow();
  });
});

describe('check --json', () => {
  it.each([
    ['failing', growth, 1, false],
    ['passing', mistral, 0, true],
  ])('is written for a %s check', async (_label, file, code, passed) => {
    const json = join(tempDir(), 'check.json');
    const result = await cliV1(['check', file, '--json', json]);
    expect(result.code).toBe(code);
    const parsed = JSON.parse(readFileSync(json, 'utf8'));
    expect(parsed).toMatchObject({
      schemaVersion: 1,
      kind: 'check',
      passed,
      exitCode: code,
      regression: null,
      drift: null,
    });
    expect(parsed.steps).toHaveLength(rubric.steps.length);
    expect(parsed.thresholds.every((item: { status: string }) => ['pass', 'fail', 'warn'].includes(item.status))).toBe(
      true,
    );
  });
});

describe('GitHub Actions annotations', () => {
  it.each([
    ['unset', {}, false],
    ['false', { GITHUB_ACTIONS: 'false' }, false],
    ['"1"', { GITHUB_ACTIONS: '1' }, false],
    ['true', { GITHUB_ACTIONS: 'true' }, true],
  ])('with GITHUB_ACTIONS %s: annotations %s', async (_label, env, expected) => {
    const result = await cliV1(['check', growth], { env });
    expect(result.code).toBe(1);
    expect(/^::(error|warning|notice) /m.test(result.stdout)).toBe(expected);
  });

  it('point at the lines of the answers file', async () => {
    const result = await cliV1(['check', growth], { env: { GITHUB_ACTIONS: 'true' } });
    const lines = readFileSync(growth, 'utf8').split('\n');
    const annotations = result.stdout.split('\n').filter((line) => line.startsWith('::'));
    const at = (pattern: RegExp) => {
      const found = annotations.find((line) => pattern.test(line));
      expect(found, String(pattern)).toBeDefined();
      const match = /line=(\d+),col=(\d+)/.exec(found!)!;
      return lines[Number(match[1]) - 1]!.slice(Number(match[2]) - 1);
    };
    expect(at(/^::error .*::reliability 25 is below the minimum 60/)).toMatch(/^reliability:/);
    expect(at(/^::error .*critical question reliability\.synthetic-checks unmet/)).toMatch(/^synthetic-checks:/);
    expect(at(/^::warning .*critical question compute-plan\.margin-per-tier unmet/)).toMatch(/^margin-per-tier:/);
    expect(at(/^::notice .*consider raising it to 80/)).toMatch(/^wedge: 70/);
    for (const line of annotations)
      expect(line).toMatch(
        /^::(error|warning|notice) file=[^,]*fixtures\/v1\/answers\/growth-saas\.yaml,line=\d+,col=\d+,title=scaleplay%3A [^:]*::/,
      );
  });

  it('use a path relative to GITHUB_WORKSPACE', async () => {
    const result = await cliV1(['check', growth], { env: { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: repoPath() } });
    expect(result.stdout).toContain('::error file=fixtures/v1/answers/growth-saas.yaml,line=');
  });

  it('report invalid input as error annotations', async () => {
    const result = await cliV1(['check', badChoice], { env: { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: repoPath() } });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      '::error file=fixtures/v1/answers/bad-choice.yaml,line=7,col=23,title=scaleplay%3A invalid input::unknown choice "sometimes"',
    );
  });

  it.each([
    ['50%\nnext\r', '50%25%0Anext%0D', '50%25%0Anext%0D'],
    ['a: b, c', 'a: b, c', 'a%3A b%2C c'],
  ])('escape %j as data %j and as a property %j', (input, data, property) => {
    expect(escapeData(input)).toBe(data);
    expect(escapeProperty(input)).toBe(property);
  });
});

describe('GitHub step summary', () => {
  it('is appended to $GITHUB_STEP_SUMMARY, keeping what earlier steps wrote', async () => {
    const summary = join(tempDir(), 'summary.md');
    writeFileSync(summary, '# Earlier step\n');
    const env = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary };
    expect((await cliV1(['check', growth], { env })).code).toBe(1);
    expect((await cliV1(['check', mistral], { env })).code).toBe(0);
    const text = readFileSync(summary, 'utf8');
    expect(text.startsWith('# Earlier step\n## ❌ scaleplay check: FAIL')).toBe(true);
    expect(text).toContain('## ✅ scaleplay check: PASS');
    expect(text).toContain('| ❌ | min reliability ≥ 60 | 25 |');
    expect(text.match(/<details><summary>Gap report<\/summary>/g)).toHaveLength(2);
  });

  it('says why the check could not run when the input is invalid', async () => {
    const summary = join(tempDir(), 'summary.md');
    const result = await cliV1(['check', badChoice], { env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } });
    expect(result.code).toBe(2);
    const text = readFileSync(summary, 'utf8');
    expect(text).toMatch(/^## ⚠️ scaleplay check: could not run on .*bad-choice\.yaml\n/);
    expect(text).toContain(
      'bad-choice.yaml:7:23: unknown choice "sometimes" for reliability.synthetic-checks — Expected one of:',
    );
  });

  it('is not written outside GitHub Actions', async () => {
    const summary = join(tempDir(), 'summary.md');
    await cliV1(['check', growth], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(existsSync(summary)).toBe(false);
  });

  it('warns, without failing the gate differently, when the summary file cannot be written', async () => {
    const result = await cliV1(['check', mistral], {
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: join(tempDir(), 'missing', 'summary.md') },
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('warning: $GITHUB_STEP_SUMMARY: cannot append to the file (ENOENT)');
  });
});

describe('threshold severities and suggestions', () => {
  it('a warn threshold that fails is reported but does not fail the gate', async () => {
    const dir = tempDir();
    const file = growthWithThresholds(
      dir,
      'thresholds:\n  min_score: 55\n  steps:\n    reliability: { value: 60, severity: warn }\n',
    );
    const junit = join(dir, 'out.xml');
    const result = await cliV1(['check', file, '--junit', junit], { env: { GITHUB_ACTIONS: 'true' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('! reliability 25 is below the minimum 60, short by 35 [warn]');
    expect(result.stdout).toContain('PASS: 1 of 2 thresholds met, 1 warning');
    expect(result.stdout).toMatch(/^::warning file=.*::reliability 25 is below the minimum 60/m);
    expect(result.stdout).not.toMatch(/^::error /m);
    const root = parseXmlStrict(readFileSync(junit, 'utf8'));
    expect(findAll(root, 'failure')).toEqual([]);
    const reliability = findAll(root, 'testcase').find((testCase) => testCase.attributes.name === 'reliability')!;
    expect(reliability.children.find((child) => child.name === 'system-out')!.text).toContain(
      'warning: reliability 25 is below the minimum 60',
    );
  });

  it('an error threshold given as { value, severity: error } fails the gate', async () => {
    const file = growthWithThresholds(
      tempDir(),
      'thresholds:\n  steps:\n    reliability: { value: 60, severity: error }\n',
    );
    const result = await cliV1(['check', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('FAIL: 1 of 1 thresholds not met');
  });

  it('suggests raising thresholds the team clears by a wide margin', async () => {
    const result = await cliV1(['check', growth]);
    expect(result.stdout).toContain(
      'hint: well above these thresholds, consider raising them: wedge 70 → 80 (scores 85)',
    );
  });
});

describe('check end to end (built bin)', () => {
  it('on GitHub Actions: annotations on stdout, JUnit, JSON and summary written, exit 1', () => {
    const dir = tempDir();
    const [junit, json, summary] = [join(dir, 'j.xml'), join(dir, 'c.json'), join(dir, 'summary.md')];
    const result = binV1(['check', 'fixtures/v1/answers/growth-saas.yaml', '--junit', junit, '--json', json], {
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('FAIL: 1 of 3 thresholds not met');
    expect(result.stdout).toContain('::error file=fixtures/v1/answers/growth-saas.yaml,line=');
    expect(findAll(parseXmlStrict(readFileSync(junit, 'utf8')), 'failure')).toHaveLength(2);
    expect(JSON.parse(readFileSync(json, 'utf8')).passed).toBe(false);
    expect(readFileSync(summary, 'utf8')).toContain('scaleplay check: FAIL');
  });

  it('elsewhere: no annotations, exit 0 on a pass', () => {
    const result = binV1(['check', 'fixtures/v1/answers/mistral-2026.yaml']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).not.toContain('::');
    expect(result.stdout).toContain('PASS: 3 of 3 thresholds met');
  });

  it('invalid input: exit 2, the problem on stderr, nothing on stdout', () => {
    const result = binV1(['check', 'fixtures/v1/answers/bad-choice.yaml']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('fixtures/v1/answers/bad-choice.yaml:7:23: unknown choice "sometimes"');
  });
});
