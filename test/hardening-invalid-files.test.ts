// Every file in fixtures/invalid/ (one problem each, named after it), through the built bin and in-process: exit 2,
// one located message saying what was found and what was expected, no stack trace, and the file byte-for-byte unchanged.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { fakeIo, ROOT, runBin, STACK_FRAME } from './helpers/cli.js';
import { fingerprint } from './helpers/fingerprint.js';

const FOLDER = 'fixtures/invalid';

/** file → where the problem is and a fragment of the message (what was found and/or what was expected). */
const CASES: Record<string, { at: string; message: string }> = {
  'alias-bomb.yaml': { at: '5:8', message: 'aliases expand this file far beyond its size' },
  'alias-cycle.yaml': { at: '5:10', message: 'alias *loop refers to a node that contains it' },
  'alias-undefined.yaml': { at: '6:13', message: 'alias *answer has no anchor &answer before it' },
  'binary-nul-bytes.yaml': { at: '6:14', message: 'not a text file: found a NUL byte' },
  'binary-png.yaml': { at: '3:1', message: 'not a text file: found a NUL byte' },
  'comments-only.yaml': { at: '1:1', message: 'file has no content (only comments)' },
  'duplicate-choice-in-list.yaml': { at: '6:23', message: 'a choice is listed twice for wedge.flywheel-metrics' },
  'duplicate-key-after-conversion.yaml': { at: '10:5', message: 'duplicate key "1" in the same mapping' },
  'duplicate-key-answer.yaml': { at: '7:5', message: 'duplicate key "agents" in the same mapping' },
  'duplicate-key-top-level.yaml': { at: '4:1', message: 'duplicate key "team" in the same mapping' },
  'empty.yaml': { at: '1:1', message: 'file is empty' },
  'expected-number.yaml': { at: '6:29', message: 'expected a number, found "most"' },
  'expected-yes-no.yaml': { at: '6:13', message: 'expected yes or no, found "maybe"' },
  'invalid-utf8.yaml': { at: '4:13', message: 'not valid UTF-8 text: found the bytes e9' },
  'key-constructor.yaml': { at: '6:5', message: 'key "constructor" is not allowed' },
  'key-proto.yaml': { at: '5:3', message: 'key "__proto__" is not allowed' },
  'malformed-bad-indentation.yaml': { at: '7:1', message: 'bad indentation' },
  'malformed-tab-indentation.yaml': { at: '6:1', message: 'found a tab used for indentation' },
  'malformed-unclosed-bracket.yaml': { at: '7:5', message: 'end with a ]' },
  'malformed-unquoted-colon.yaml': { at: '6:22', message: 'nested mappings are not allowed' },
  'missing-rubric.yaml': { at: '1:1', message: 'missing required field "rubric" (expected a mapping)' },
  'multiple-documents.yaml': { at: '7:1', message: 'a second YAML document' },
  'na-not-allowed.yaml': { at: '6:23', message: '"n/a" is not allowed for stack-climb.agents' },
  'na-without-reason.yaml': { at: '6:25', message: '"n/a" needs a reason' },
  'nesting-block-lists.yaml': { at: '5:129', message: 'nesting deeper than 64 levels' },
  'nesting-explicit-keys.yaml': { at: '5:129', message: 'nesting deeper than 64 levels' },
  'nesting-flow-brackets.yaml': { at: '4:74', message: 'nesting deeper than 64 levels' },
  'note-too-long.yaml': { at: '6:34', message: 'expected text of at most 4000 characters, found 4100' },
  'number-infinity.yaml': { at: '6:29', message: 'found .inf, which is infinite; expected a finite number' },
  'number-nan.yaml': { at: '6:29', message: 'found .nan, which is not a number; expected a finite number' },
  'number-negative.yaml': { at: '6:29', message: '-5 is out of range' },
  'number-out-of-range.yaml': { at: '6:29', message: '140 is out of range' },
  'number-overflows.yaml': { at: '6:29', message: 'found 1e400, which is infinite' },
  'number-too-large-to-be-exact.yaml': { at: '6:29', message: 'a number too large to be exact' },
  'overlong-utf8.yaml': { at: '4:10', message: 'not valid UTF-8 text: found the bytes c0 af' },
  'question-in-wrong-step.yaml': { at: '6:5', message: 'unknown question "agents" in step "reliability"' },
  'reason-without-na.yaml': { at: '6:28', message: '"reason" goes with "n/a" only' },
  'rubric-id-mismatch.yaml': { at: '1:15', message: 'answers are for rubric "other-playbook"' },
  'terminal-escapes-in-choice.yaml': {
    at: '5:22',
    message: 'unknown choice "maybe\\u001b[2J\\u001b]8;;https://evil.example/\\u0007x"',
  },
  'threshold-out-of-range.yaml': { at: '6:14', message: 'a threshold is between 0 and 100, found number 250' },
  'top-level-list.yaml': { at: '1:1', message: 'expected a mapping at the top level' },
  'top-level-text.yaml': { at: '1:1', message: 'expected a mapping at the top level' },
  'unknown-choice-in-list.yaml': { at: '6:23', message: 'unknown choice "telepathy"' },
  'unknown-choice.yaml': { at: '6:22', message: 'unknown choice "maybe"' },
  'unknown-field.yaml': { at: '4:1', message: 'unknown field "answer"' },
  'unknown-question.yaml': { at: '6:5', message: 'unknown question "agentss" in step "stack-climb"' },
  'unknown-stage.yaml': { at: '3:8', message: 'unknown stage "series-z"' },
  'unknown-step.yaml': { at: '5:3', message: 'unknown step "moat"' },
  'unknown-threshold-step.yaml': { at: '7:5', message: 'threshold for unknown step "moat"' },
  'utf16-text.yaml': { at: '1:1', message: 'file is UTF-16 text, not UTF-8' },
  'whitespace-only.yaml': { at: '1:1', message: 'file is empty' },
  'wrong-type-answers.yaml': { at: '4:10', message: 'expected a mapping, found number 42 at answers' },
  'wrong-type-rubric-version.yaml': {
    at: '1:42',
    message: 'expected text or a number, found a list at rubric.version',
  },
  'wrong-type-step.yaml': { at: '5:10', message: 'expected a mapping, found a list at answers.wedge' },
  'wrong-type-team.yaml': { at: '2:7', message: 'expected text, found a list at team' },
  'yaml-tag-binary.yaml': { at: '6:13', message: 'YAML tag !!binary is not supported' },
};

const files = readdirSync(join(ROOT, FOLDER)).sort();
const table = files.map((name) => ({ name, path: `${FOLDER}/${name}`, ...CASES[name]! }));

/** The only control characters allowed in output are newlines. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe('fixtures/invalid', () => {
  it('every fixture has an expectation, and every expectation a fixture', () => {
    expect(files).toEqual(Object.keys(CASES).sort());
  });

  it.each(table)('$name → report exits 2 with one located message (built bin)', ({ path, at, message }) => {
    const before = fingerprint(join(ROOT, path));
    const result = runBin(['report', path]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]!.startsWith(`${path}:${at}: `), lines[0]).toBe(true);
    expect(lines[0]).toContain(message);
    expect(result.stderr.match(new RegExp(`^${path.replace(/[.]/g, '\\.')}:`, 'gm'))).toHaveLength(1);
    expect(lines[lines.length - 1]).toBe('scaleplay: 1 problem found; nothing was changed.');
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(result.stderr).not.toMatch(RAW_CONTROL);
    expect(fingerprint(join(ROOT, path))).toBe(before);
  });

  it.each(table)('$name → check exits 2 with the same message (in-process)', async ({ path, at, message }) => {
    const before = fingerprint(join(ROOT, path));
    const io = fakeIo({ env: { NO_COLOR: '1' }, columns: 100, stdin: 'ended' });
    expect(await run(['node', 'scaleplay', 'check', path, '--min-score', '50'], io)).toBe(2);
    expect(io.stdoutText()).toBe('');
    expect(io.stderrText()).toContain(`${path}:${at}: `);
    expect(io.stderrText()).toContain(message);
    expect(io.stderrText()).not.toMatch(STACK_FRAME);
    expect(fingerprint(join(ROOT, path))).toBe(before);
  });

  it.each([
    'check',
    'report --format json',
    'report --format md',
    'report --format html',
    'diff fixtures/answers/growth-saas.yaml',
    'merge fixtures/answers/growth-saas.yaml --output -',
    'check fixtures/answers/growth-saas.yaml --baseline',
  ])('a sample through the built bin with `%s` gives the same message', (command) => {
    for (const name of [
      'duplicate-key-answer.yaml',
      'nesting-explicit-keys.yaml',
      'number-nan.yaml',
      'invalid-utf8.yaml',
    ]) {
      const path = `${FOLDER}/${name}`;
      const args = command.split(' ');
      // The bad file goes last, or right after --output - (merge reads every file before writing anything).
      const result = runBin(args.includes('--output') ? [args[0]!, args[1]!, path, ...args.slice(2)] : [...args, path]);
      expect(result.code, name).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`${path}:${CASES[name]!.at}: ${CASES[name]!.message}`);
      expect(result.stderr).not.toMatch(STACK_FRAME);
    }
  });
});
