// `scaleplay rubric validate` over fixtures/rubrics: each broken rubric gives exit 2 and its problem(s) located at
// file:line:col (every problem at once, across files); each lint rubric is valid with exactly its warning; through the
// built bin, and in-process for every other command that reads a rubric.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { fakeIo, ROOT, runBin, STACK_FRAME } from './helpers/cli.js';
import { fingerprint } from './helpers/fingerprint.js';

const FOLDER = 'fixtures/rubrics';

/** Broken rubric → its problems (file inside the rubric, line:col, message fragment), in the order printed. */
const BROKEN: Record<string, Array<[string, string]>> = {
  'broken-bands-hole': [
    ['steps/deflection.yaml:41:17', 'the first band starts at 10, not at min (0): numbers 0 up to 10 have no band'],
  ],
  'broken-bands-overlap': [
    ['steps/deflection.yaml:43:17', 'band starts at 15, not above the band before it (20): the bands overlap'],
  ],
  'broken-binary-step': [['steps/quality.yaml:2:1', 'not a text file: found a NUL byte']],
  'broken-cap-unknown-level': [['rubric.yaml:12:8', 'unknown level "capped" for the critical cap']],
  'broken-condition-cycle': [
    ['steps/deflection.yaml:12:23', 'conditions form a cycle: knowledge-base → channels → knowledge-base'],
  ],
  'broken-condition-later': [
    [
      'steps/deflection.yaml:12:23',
      'condition on "deflection-rate", which comes later (fixtures/rubrics/broken-condition-later/steps/deflection.yaml:33:9)',
    ],
  ],
  'broken-condition-missing': [
    ['steps/deflection.yaml:39:23', 'condition on "channel", which is not a question of this rubric'],
  ],
  'broken-condition-self': [['steps/deflection.yaml:39:23', 'question "deflection-rate" has a condition on itself']],
  'broken-condition-unknown-choice': [['steps/deflection.yaml:39:44', 'unknown choice "fax" of "channels"']],
  'broken-duplicate-question': [
    [
      'steps/quality.yaml:10:9',
      'duplicate question id "channels" (also at fixtures/rubrics/broken-duplicate-question/steps/deflection.yaml:24:9)',
    ],
  ],
  'broken-duplicate-step': [['rubric.yaml:6:30', 'duplicate step id "deflection" (first at line 6)']],
  'broken-levels-hole': [
    [
      'rubric.yaml:9:36',
      'hole between level "early" (ends at 49) and level "ready" (starts at 55): scores 50–54 have no level',
    ],
  ],
  'broken-levels-not-from-zero': [
    ['rubric.yaml:8:36', 'the lowest level "early" starts at 5: scores 0–4 have no level'],
  ],
  'broken-levels-not-to-100': [
    ['rubric.yaml:10:47', 'the highest level "proven" ends at 95: scores 96–100 have no level'],
  ],
  'broken-levels-order': [['rubric.yaml:8:3', 'levels are not listed lowest first']],
  'broken-levels-overlap': [['rubric.yaml:9:36', 'level "ready" (45–79) overlaps level "early" (0–49)']],
  'broken-many-problems': [
    ['rubric.yaml:9:36', 'hole between level "early" (ends at 49) and level "ready" (starts at 55)'],
    ['rubric.yaml:18:44', 'stage "pilot" targets unknown level "great" for quality'],
    ['steps/deflection.yaml:19:16', 'a score is between 0 and 1, found number 5 at questions.0.choices.1.score'],
    [
      'steps/quality.yaml:8:11',
      'expected one of: single, multi, boolean, number, found text "yes-no" at questions.0.kind',
    ],
    // Found in the same run although another question of the file fails validation.
    ['steps/quality.yaml:11:23', 'condition on "nowhere", which is not a question of this rubric'],
  ],
  // Issue 16 item 7: every schema and semantic problem of a file in one run, and a hint for a comma that split a text.
  'broken-one-pass': [
    ['steps/quality.yaml:9:53', 'unknown field "log the errors" at questions.0.action'],
    ['steps/quality.yaml:25:67', 'expected one of: S, M, L, found text "large" at questions.2.choices.0.action.effort'],
    ['steps/quality.yaml:14:5', '"choices" does not belong on a boolean question'],
  ],
  'broken-nested-deep': [
    ['steps/deflection.yaml:3:129', 'nesting deeper than 64 levels'],
    ['steps/quality.yaml:3:129', 'nesting deeper than 64 levels'],
  ],
  'broken-no-manifest': [['', 'no rubric.yaml in this folder']],
  'broken-reserved-id': [['steps/quality.yaml:10:9', 'question id "constructor" is reserved']],
  'broken-score-out-of-range': [['steps/quality.yaml:22:16', 'a score is between 0 and 1, found number 1.5']],
  'broken-probes': [
    ['steps/only.yaml:11:39', 'the pattern repeats a group that holds a repetition or an alternation'],
    ['steps/only.yaml:12:17', 'the glob contains "." or ".." segments: a probe only looks inside the repository'],
    ['steps/only.yaml:13:17', 'the glob is absolute'],
    ['steps/only.yaml:14:41', '"maybe" is not a choice of bomb'],
    ['rubric.yaml:9:34', 'unknown stage "nowhere"'],
  ],
  'broken-stage-missing-target': [['rubric.yaml:22:14', 'stage "rollout" has no target for step "quality"']],
  'broken-stage-unknown-level': [
    ['rubric.yaml:22:44', 'stage "rollout" targets unknown level "excellent" for quality'],
  ],
  'broken-stage-unknown-step': [['rubric.yaml:22:52', 'stage "rollout" names unknown step "escalation"']],
  'broken-step-file-missing': [['rubric.yaml:6:30', 'no file for step "escalation"']],
  'broken-step-id-mismatch': [
    ['steps/quality.yaml:1:5', 'step id "qualities" does not match its file name (expected "quality")'],
  ],
  'broken-step-yaml': [['steps/quality.yaml:9:1', 'invalid YAML']],
  'broken-unknown-field': [['steps/quality.yaml:14:5', 'unknown field "allow-na" at questions.1']],
  'broken-wrong-type': [
    ['steps/quality.yaml:22:16', 'expected a number, found text "high" at questions.1.choices.1.score'],
  ],
};

/** Lint rubric → its one warning (file inside the rubric, line:col, message fragment). */
const LINT: Record<string, [string, string]> = {
  'lint-cap-no-effect': [
    'rubric.yaml:12:8',
    'the critical cap is the highest level ("proven"), so an unmet critical question never lowers a score',
  ],
  'lint-critical-never-met': [
    'steps/deflection.yaml:11:15',
    'critical question "knowledge-base" can never be met: its best answer scores 0.9, below met_at 1',
  ],
  'lint-dominant-question': ['steps/quality.yaml:9:13', 'question "answer-review" dominates step "quality"'],
  'lint-never-asked': [
    'steps/quality.yaml:15:11',
    'question "escalation" can never be asked: it needs "deflection-rate" to be at least 120, and "deflection-rate" goes up to 100',
  ],
  'lint-no-effect': [
    'steps/deflection.yaml:31:9',
    'question "deflection-rate" cannot change the score: every answer scores 0.5',
  ],
  'lint-same-score': [
    'steps/quality.yaml:22:16',
    'choice "on-request" of "escalation" scores the same as "hidden" (0)',
  ],
  'lint-stray-step-file': ['rubric.yaml:6:8', 'steps/escalation.yaml is not listed in steps, so it is ignored'],
  'lint-unreachable-level': [
    'rubric.yaml:10:5',
    'level "strong" (60–84) cannot be reached: no combination of answers puts a step or the overall score in it',
  ],
};

/** Targets no team can meet, or that contradict each other: `rubric validate` fails (exit 2), located; other commands still load the rubric. */
const TARGET_ERRORS: Record<string, [string, string]> = {
  'targets-unreachable': [
    'rubric.yaml:22:44',
    'stage "rollout" targets Proven (from 80) for quality, which can score at most 57 with every question answered',
  ],
  'targets-inconsistent': [
    'rubric.yaml:17:14',
    `stage "pilot": a team exactly at every step's target scores 16.7 overall (Early), below its overall target Ready (from 50)`,
  ],
};

const folders = readdirSync(join(ROOT, FOLDER)).sort();
const located = (rubric: string, where: string, message: string) =>
  `${FOLDER}/${rubric}${where ? `/${where}` : ''}: ${message}`;

describe('fixtures/rubrics', () => {
  it('every rubric fixture has an expectation', () => {
    expect(folders).toEqual(
      [
        ...Object.keys(BROKEN),
        ...Object.keys(LINT),
        ...Object.keys(TARGET_ERRORS),
        'evidence-probes',
        'valid-custom',
        'valid-grouped',
      ].sort(),
    );
  });

  it.each(Object.entries(TARGET_ERRORS))(
    '%s → rubric validate exits 2 with the located error; report still scores with it',
    async (name, [where, message]) => {
      const dir = `${FOLDER}/${name}`;
      const before = fingerprint(join(ROOT, dir));
      const result = runBin(['rubric', 'validate', dir]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.split('\n').filter((line) => line.startsWith(dir))).toEqual([located(name, where, message)]);
      expect(result.stderr).toContain('scaleplay: 1 problem found; nothing was changed.');
      expect(result.stderr).not.toMatch(STACK_FRAME);
      expect(fingerprint(join(ROOT, dir))).toBe(before);
      const io = fakeIo({ env: { NO_COLOR: '1' }, stdin: 'ended' });
      expect(
        await run(
          [
            'node',
            'scaleplay',
            'report',
            '--rubric',
            dir,
            'fixtures/rubrics/valid-custom/tests/answers/strong-team.yaml',
          ],
          io,
        ),
      ).toBe(0);
    },
  );

  it.each(Object.entries(BROKEN))(
    '%s → rubric validate exits 2 with every problem located (built bin)',
    (name, problems) => {
      const dir = `${FOLDER}/${name}`;
      const before = fingerprint(join(ROOT, dir));
      const result = runBin(['rubric', 'validate', dir]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      const printed = result.stderr.split('\n').filter((line) => line.startsWith(`${dir}`));
      expect(printed).toHaveLength(problems.length);
      for (const [index, [where, message]] of problems.entries())
        expect(printed[index]).toContain(located(name, where, message));
      expect(result.stderr).toContain(
        `scaleplay: ${problems.length} problem${problems.length === 1 ? '' : 's'} found; nothing was changed.`,
      );
      expect(result.stderr).not.toMatch(STACK_FRAME);
      expect(fingerprint(join(ROOT, dir))).toBe(before);
    },
  );

  it.each(Object.keys(BROKEN))(
    '%s → rubric show, init --rubric, report --rubric and check --rubric exit 2 too (in-process)',
    async (name) => {
      const dir = `${FOLDER}/${name}`;
      const [firstWhere, firstMessage] = BROKEN[name]![0]!;
      for (const args of [
        ['rubric', 'show', '--rubric', dir],
        ['init', '--rubric', dir, '--output', '-'],
        ['report', '--rubric', dir, 'fixtures/rubrics/valid-custom/tests/answers/strong-team.yaml'],
        ['check', '--rubric', dir, 'fixtures/rubrics/valid-custom/tests/answers/strong-team.yaml', '--min-score', '1'],
      ]) {
        const io = fakeIo({ env: { NO_COLOR: '1' }, columns: 100, stdin: 'ended' });
        expect(await run(['node', 'scaleplay', ...args], io), args.join(' ')).toBe(2);
        expect(io.stdoutText()).toBe('');
        expect(io.stderrText()).toContain(located(name, firstWhere, firstMessage));
      }
    },
  );

  it('hints to quote a text that an unquoted comma split inside { … }', () => {
    const result = runBin(['rubric', 'validate', `${FOLDER}/broken-one-pass`]);
    expect(result.stderr).toContain(
      'unknown field "log the errors" at questions.0.action\n  A comma inside { … } separates fields: if "log the errors" belongs to the text of "text", quote it: text: "…, log the errors".',
    );
  });

  it.each(['broken-many-problems', 'broken-nested-deep', 'broken-binary-step', 'broken-condition-cycle'])(
    '%s → rubric show, init --rubric and report --rubric exit 2 through the built bin too, changing nothing',
    (name) => {
      const dir = `${FOLDER}/${name}`;
      const before = fingerprint(join(ROOT, dir));
      for (const args of [
        ['rubric', 'show', '--rubric', dir],
        ['init', '--rubric', dir, '--output', '-'],
        ['report', '--rubric', dir, 'fixtures/rubrics/valid-custom/tests/answers/strong-team.yaml'],
      ]) {
        const result = runBin(args);
        expect(result.code, args.join(' ')).toBe(2);
        expect(result.stdout).toBe('');
        for (const [where, message] of BROKEN[name]!) expect(result.stderr).toContain(located(name, where, message));
        expect(result.stderr).not.toMatch(STACK_FRAME);
      }
      expect(fingerprint(join(ROOT, dir))).toBe(before);
    },
  );

  it.each(Object.entries(LINT))('%s → valid, with exactly its warning located', (name, [where, message]) => {
    const result = runBin(['rubric', 'validate', `${FOLDER}/${name}`]);
    expect(result.code, result.stderr).toBe(0);
    const warnings = result.stderr.split('\n').filter((line) => line.startsWith('warning: '));
    expect(warnings).toEqual([expect.stringContaining(`warning: ${located(name, where, message)}`)]);
    expect(result.stdout).toContain('is valid');
    expect(result.stdout).toContain('1 warning');
  });

  it.each(Object.keys(LINT))('%s → --strict turns the warning into exit 1', async (name) => {
    const io = fakeIo({ env: { NO_COLOR: '1' }, columns: 100, stdin: 'ended' });
    expect(await run(['node', 'scaleplay', 'rubric', 'validate', `${FOLDER}/${name}`, '--strict'], io)).toBe(1);
    expect(io.stderrText()).toContain('--strict: 1 warning counts as a failure');
  });

  // The built-in playbook 2.0.0 passes the consistent-targets rule that 1.0.0 failed (issue 10).
  it.each([
    { name: 'the built-in playbook', args: [] },
    { name: 'the valid custom rubric', args: [`${FOLDER}/valid-custom`] },
  ])('$name is valid with no warnings, even with --strict', async ({ args }) => {
    const io = fakeIo({ env: { NO_COLOR: '1' }, columns: 100, stdin: 'ended' });
    expect(await run(['node', 'scaleplay', 'rubric', 'validate', ...args, '--strict'], io)).toBe(0);
    expect(io.stderrText()).toBe('');
    expect(io.stdoutText()).toMatch(/is valid · \d+ steps · \d+ questions · \d+ stages · 0 warnings\n$/);
  });

  it('rubric show prints the valid custom rubric as text and as JSON (in-process)', async () => {
    const text = fakeIo({ env: { NO_COLOR: '1' }, columns: 100, stdin: 'ended' });
    expect(await run(['node', 'scaleplay', 'rubric', 'show', '--rubric', `${FOLDER}/valid-custom`], text)).toBe(0);
    expect(text.stdoutText()).toContain('Support copilot readiness (support-copilot v0.3.0)');
    expect(text.stdoutText()).toContain('Levels: Early 0–49 · Ready 50–79 · Proven 80–100');
    expect(text.stdoutText()).toContain(
      '   - deflection-rate: What share of conversations ends without a person? [number, weight 1, when channels]',
    );
    const json = fakeIo({ env: { NO_COLOR: '1' }, columns: 100, stdin: 'ended' });
    expect(
      await run(
        ['node', 'scaleplay', 'rubric', 'show', '--rubric', `${FOLDER}/valid-custom`, '--format', 'json'],
        json,
      ),
    ).toBe(0);
    const rubric = JSON.parse(json.stdoutText());
    expect(rubric.steps.map((step: { id: string }) => step.id)).toEqual(['deflection', 'quality']);
  });

  it('rubric show names best_of groups, profile-only questions, step groups and their targets', async () => {
    const builtIn = fakeIo({ env: { NO_COLOR: '1' }, columns: 100, stdin: 'ended' });
    expect(await run(['node', 'scaleplay', 'rubric', 'show'], builtIn)).toBe(0);
    expect(builtIn.stdoutText()).toContain(
      '   best of open-weights, api-tier, in-product-path: one score, the best of them, with weight 2 (wedge-route, ' +
        'Route to first integration); their own weights are not used\n',
    );
    expect(builtIn.stdoutText()).toContain('[single, weight 1, only for builds own-models/api]');
    expect(builtIn.stdoutText()).not.toContain('Step groups');
    // valid-custom with its two steps in one group, which has targets of its own.
    const dir = `${FOLDER}/valid-grouped`;
    const grouped = fakeIo({ env: { NO_COLOR: '1' }, columns: 100, stdin: 'ended' });
    expect(await run(['node', 'scaleplay', 'rubric', 'show', '--rubric', dir], grouped)).toBe(0);
    expect(grouped.stdoutText()).toContain('  service (Service, weight 2): deflection, quality\n');
    expect(grouped.stdoutText()).toContain(
      '  pilot        overall early; deflection early, quality ready, service ready\n',
    );
  });
});
