// Real inquirer prompts on @inquirer/testing's virtual screen: what the user sees for each kind of question and what
// each key does, through our adapter — and the whole command run in-process with Enter on every prompt.
import { screen } from '@inquirer/testing/vitest';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { run } from '../src/cli.js';
import { listQuestions, type Answer, type Question } from '../src/core/model.js';
import { CancelledError } from '../src/errors.js';
import { loadAnswers } from '../src/io/load-answers.js';
import { loadRubric } from '../src/io/load-rubric.js';
import { createInquirerAsk } from '../src/prompts/inquirer-ask.js';
import { askQuestion } from '../src/prompts/question-prompts.js';
import { plainTheme } from '../src/render/theme.js';
import { fakeIo, FIXTURES, ROOT, tempDir, V1_PLAYBOOK } from './helpers/cli.js';

// Our list with boxes is a prompt of its own (built on @inquirer/core): put it on the same virtual screen.
vi.mock('../src/prompts/checkbox-prompt.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/prompts/checkbox-prompt.js')>();
  const { wrapPrompt } = await import('@inquirer/testing/vitest');
  return { ...actual, exclusiveCheckbox: wrapPrompt(actual.exclusiveCheckbox) };
});

const { rubric } = loadRubric(V1_PLAYBOOK);
const question = (id: string): Question => listQuestions(rubric).find((candidate) => candidate.id === id)!;

/** Asks one question through the real adapter; its first screen is rendered at once (no `screen.next()` needed). */
function ask(id: string, current?: Answer) {
  const printed: string[] = [];
  const io = fakeIo({ tty: true, columns: 100, stderrColumns: 100, env: { NO_COLOR: '1' } });
  const adapter = createInquirerAsk({ input: io.stdin, output: process.stderr, theme: plainTheme });
  const answer = askQuestion(question(id), current, 'wedge · step 1 of 6 · question 2 of 8 · ████░░░░░░░░░░░░ 25%', {
    ask: adapter,
    print: (text) => void printed.push(text),
    theme: plainTheme,
    width: 80,
    notes: false,
  });
  return { answer, printed };
}

describe('question prompts on a real (virtual) screen', () => {
  it('a single-choice question shows the header, the choices, Unknown (highlighted) and "? Why it matters"', async () => {
    const { answer } = ask('open-weights');
    const shown = screen.getScreen();
    expect(shown).toContain(
      'wedge · step 1 of 6 · question 2 of 8 · ████░░░░░░░░░░░░ 25%\n? Do you release model weights, and under what licence?',
    );
    expect(shown).toMatch(/ {2}No weights released\n[\s\S]*❯ Unknown\n {2}Not applicable\n {2}\? Why it matters/);
    expect(shown).toContain('↑↓ navigate • ⏎ select • ? why it matters • ctrl+c pause');
    expect(shown).not.toContain('Why it matters:');

    // "?" jumps to "? Why it matters" and shows the reason under the list.
    screen.type('?');
    expect(screen.getScreen()).toMatch(
      /❯ \? Why it matters\n\nWhy it matters: In Mistral.s flywheel "acquisition: open weights/,
    );
    // Down wraps to the first choice; Enter picks it.
    screen.keypress('down');
    screen.keypress('enter');
    await expect(answer).resolves.toEqual({ value: { type: 'choice', choices: ['closed'] } });
  });

  it('Enter on "? Why it matters" prints the reason and asks again', async () => {
    const { answer, printed } = ask('has-api', { value: { type: 'choice', choices: ['no'] } });
    expect(screen.getScreen()).toMatch(/❯ No/);
    // Up from the first choice wraps to the last entry.
    screen.keypress('up');
    screen.keypress('up');
    expect(screen.getScreen()).toMatch(/❯ \? Why it matters/);
    screen.keypress('enter');
    await screen.next();
    expect(printed.join('')).toContain('Why it matters: ');
    // Asked again, back on the current answer.
    expect(screen.getScreen()).toMatch(/❯ No/);
    screen.keypress('enter');
    await expect(answer).resolves.toEqual({ value: { type: 'choice', choices: ['no'] } });
  });

  it('a multi-choice question starts with Unknown ticked; ticking a choice answers it', async () => {
    const { answer } = ask('activation-aids');
    expect(screen.getScreen()).toMatch(/❯◯ A quick-start[\s\S]*◯ None of these\n ◉ Unknown\n {3}\? Why it matters/);
    expect(screen.getScreen()).toContain('↑↓ navigate • space select • ⏎ submit • ? why it matters • ctrl+c pause');
    screen.keypress('space');
    screen.keypress('down');
    screen.keypress('down');
    screen.keypress('space');
    screen.keypress('enter');
    await expect(answer).resolves.toEqual({ value: { type: 'choice', choices: ['quick-start', 'sdks'] } });
  });

  it('a list with boxes never contradicts itself: a choice clears Unknown; None, Unknown clear the rest', async () => {
    const { answer } = ask('flywheel-metrics');
    const ticked = () => [...screen.getScreen().matchAll(/◉ (.+)/g)].map((found) => found[1]!.trim());
    expect(ticked()).toEqual(['Unknown']);
    screen.keypress('space'); // Acquisition
    expect(ticked()).toEqual(['Acquisition (e.g. weekly sign-ups, downloads, new API keys)']);
    screen.keypress('down');
    screen.keypress('space'); // Activation
    expect(ticked()).toHaveLength(2);
    for (let index = 0; index < 3; index++) screen.keypress('down');
    screen.keypress('space'); // None of these: the two choices go
    expect(ticked()).toEqual(['None of these']);
    screen.keypress('down');
    screen.keypress('space'); // Unknown: None goes
    expect(ticked()).toEqual(['Unknown']);
    screen.keypress('down');
    screen.keypress('space'); // "? Why it matters" is never ticked: it shows the reason under the list
    expect(ticked()).toEqual(['Unknown']);
    expect(screen.getScreen()).toMatch(/❯ {2}\? Why it matters\n\nWhy it matters: /);
    screen.keypress('3'); // the third entry: Retention, by its number: Unknown goes
    expect(ticked()).toEqual(['Retention (e.g. accounts still calling you after 4 and 12 weeks)']);
    screen.keypress('enter');
    await expect(answer).resolves.toEqual({ value: { type: 'choice', choices: ['retention'] } });
  });

  it('"None of these" alone saves an empty list; "?" goes to "? Why it matters"', async () => {
    const { answer } = ask('activation-aids', { value: { type: 'choice', choices: ['sdks'] } });
    expect(screen.getScreen()).toMatch(/◉ Official SDKs/);
    screen.type('?');
    expect(screen.getScreen()).toMatch(/❯ {2}\? Why it matters/);
    screen.keypress('up');
    screen.keypress('up');
    screen.keypress('space'); // None of these
    expect(screen.getScreen()).not.toMatch(/◉ Official SDKs/);
    screen.keypress('enter');
    await expect(answer).resolves.toEqual({ value: { type: 'choice', choices: [] } });
  });

  it('a number question shows its range and keys, refuses text, and takes a number', async () => {
    const { answer } = ask('time-to-first-call');
    expect(screen.getScreen()).toContain(
      'u unknown • ? why it matters • ctrl+c pause\n? What is the median time, in minutes, from sign-up to a first successful API',
    );
    expect(screen.getScreen()).toMatch(/\(0–10080 minutes\) \(unknown\)$/);
    screen.type('soon');
    screen.keypress('enter');
    await screen.next();
    expect(screen.getScreen()).toContain('> Type a number from 0 to 10080 (minutes), or u for unknown.');
    for (let index = 0; index < 4; index++) screen.keypress('backspace');
    screen.type('45');
    screen.keypress('enter');
    await expect(answer).resolves.toEqual({ value: { type: 'number', value: 45 } });
  });

  it('Enter on an unanswered number question gives unknown', async () => {
    const { answer } = ask('time-to-first-call');
    screen.keypress('enter');
    await expect(answer).resolves.toEqual({ value: { type: 'unknown' } });
  });

  it('"Not applicable" asks for a reason and will not take an empty one', async () => {
    const { answer } = ask('open-weights');
    screen.keypress('down');
    screen.keypress('enter');
    await screen.next();
    expect(screen.getScreen()).toContain('? Why does it not apply to you? (a short reason, kept in the file)');
    screen.keypress('enter');
    await screen.next();
    expect(screen.getScreen()).toContain('> Give a reason: it tells readers of the report why this was left out.');
    screen.type('We prompt a hosted model');
    screen.keypress('enter');
    await expect(answer).resolves.toEqual({ value: { type: 'na', reason: 'We prompt a hosted model' } });
  });

  it('Ctrl-C becomes our CancelledError', async () => {
    const { answer } = ask('release-cadence');
    screen.keypress({ name: 'c', ctrl: true });
    await expect(answer).rejects.toBeInstanceOf(CancelledError);
  });
});

describe('scaleplay assess in-process, on the virtual screen', () => {
  /** Presses Enter on each prompt until the command returns; returns its exit code and how many Enters it took. */
  async function enterThrough(args: string[], cwd: string) {
    const io = fakeIo({ tty: true, columns: 100, stderrColumns: 100, env: { NO_COLOR: '1' }, cwd });
    let finished = false;
    const done = run(['node', 'scaleplay', 'assess', '--rubric', V1_PLAYBOOK, ...args], io).finally(
      () => (finished = true),
    );
    await Promise.race([screen.next(), done]);
    let enters = 0;
    while (!finished && enters < 100) {
      screen.keypress('enter');
      enters++;
      await Promise.race([screen.next(), done]);
    }
    return { code: await done, enters, stdout: io.stdoutText(), stderr: io.stderrText() };
  }

  it('Enter on every prompt completes the assessment, saves a valid file and prints the report to stdout', async () => {
    const dir = tempDir();
    const file = join(dir, 'acme.yaml');
    const result = await enterThrough(
      ['--output', file, '--team', 'Acme', '--product', 'Widget', '--stage', 'growth'],
      dir,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^scaleplay · Acme · Widget · stage: growth/);
    // Every answer unknown: the target is neither met nor missed for sure.
    expect(result.stdout).toMatch(
      /Overall 0\/100 · level Ad hoc ·\s+target for growth: Established \(undetermined: \d+ unknown answers decide it\)/,
    );
    expect(result.stderr).toContain('scaleplay assess · AI platform scaling playbook v1.0.0 · 6 steps');
    expect(result.stderr).toContain('Up to 43 questions in 6 steps: some are asked only after certain answers.');
    expect(result.stderr).toContain('Review · 32 of 32 questions answered');
    expect(result.stderr).toContain(`✔ Answers saved in ${file}`);
    const { assessment } = loadAnswers(file, rubric);
    // 32 questions apply when everything is unknown, plus the review's Finish.
    expect(Object.keys(assessment.answers)).toHaveLength(32);
    expect(result.enters).toBe(33);
    expect(existsSync(`${file}.lock`)).toBe(false);
    expect(readFileSync(file, 'utf8')).toContain('# scaleplay answers: AI platform scaling playbook v1.0.0');
  });

  it('a relative --output is saved in io.cwd (lock included), with io.today() as its date', async () => {
    const dir = tempDir();
    const args = ['assess', '--output', 'acme.yaml', '--team', 'Acme', '--product', 'Widget', '--stage', 'growth'];
    const io = fakeIo({
      tty: true,
      columns: 100,
      stderrColumns: 100,
      env: { NO_COLOR: '1' },
      cwd: dir,
      today: '2031-02-03',
    });
    let finished = false;
    const done = run(['node', 'scaleplay', ...args], io).finally(() => (finished = true));
    await Promise.race([screen.next(), done]);
    while (!finished) {
      // The lock sits next to the answers file in io.cwd while the session runs.
      expect(existsSync(join(dir, 'acme.yaml.lock'))).toBe(true);
      screen.keypress('enter');
      await Promise.race([screen.next(), done]);
    }
    expect(await done).toBe(0);
    expect(io.stderrText()).toContain('✔ Answers saved in acme.yaml');
    expect(readFileSync(join(dir, 'acme.yaml'), 'utf8')).toMatch(/^date: 2031-02-03$/m);
    expect(existsSync(join(dir, 'acme.yaml.lock'))).toBe(false);
    expect(existsSync(join(ROOT, 'acme.yaml'))).toBe(false);
  });

  it('Ctrl-C exits 130 and says how to resume; --step then re-asks just that step', async () => {
    const dir = tempDir();
    const file = join(dir, 'answers.yaml');
    const io = fakeIo({ tty: true, columns: 100, stderrColumns: 100, env: { NO_COLOR: '1' }, cwd: dir });
    const first = run(
      ['node', 'scaleplay', 'assess', '--rubric', V1_PLAYBOOK, '--output', file, '--team', 'Acme', '--stage', 'seed'],
      io,
    );
    await screen.next();
    screen.keypress('enter');
    await screen.next();
    screen.keypress({ name: 'c', ctrl: true });
    expect(await first).toBe(130);
    expect(io.stderrText()).toContain(
      `Paused. 1 answer is saved in ${file}.\nResume with: scaleplay assess --output ${file}`,
    );

    const again = await enterThrough(['--output', file, '--step', 'compute-plan'], dir);
    expect(again.code).toBe(0);
    const answers = loadAnswers(file, rubric).assessment.answers;
    const computePlan = rubric.steps
      .find((step) => step.id === 'compute-plan')!
      .questions.map((candidate) => candidate.id);
    expect(Object.keys(answers).sort()).toEqual(['production-integration', ...computePlan].sort());
    expect(again.enters).toBe(computePlan.length + 1);
  });

  it('prints the same report as `scaleplay report` on the saved file', async () => {
    const dir = tempDir();
    const file = join(dir, 'answers.yaml');
    copyFileSync(join(FIXTURES, 'v1', 'answers', 'growth-saas.yaml'), file);
    const assessed = await enterThrough(['--output', file], dir);
    expect(assessed.code, assessed.stderr).toBe(0);
    expect(assessed.enters).toBe(1); // everything answered: straight to the review, Enter finishes
    const io = fakeIo({ tty: true, columns: 100, stderrColumns: 100, env: { NO_COLOR: '1' }, cwd: dir });
    expect(await run(['node', 'scaleplay', 'report', '--rubric', V1_PLAYBOOK, file], io)).toBe(0);
    expect(assessed.stdout).toBe(io.stdoutText());
  });

  it('on a file made with an older rubric: shows the drift, asks only the new question, leaves the old answers alone', async () => {
    const dir = tempDir();
    const file = join(dir, 'northwind.yaml');
    copyFileSync(join(FIXTURES, 'drift', 'northwind-0.9.yaml'), file);
    const before = readFileSync(file, 'utf8');
    const result = await enterThrough(['--output', file], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/drift: .*northwind\.yaml: /);
    expect(result.stderr).toContain(
      '✔ Do you link churn and downgrades of production accounts to reliability incidents? · unknown',
    );
    expect(result.enters).toBe(2); // the new question, then Finish
    const after = readFileSync(file, 'utf8');
    expect(after).toContain('on-call-rotation');
    // Besides the new answer, only the rubric line changes: it remembers the custom rubric (the frozen 1.0.0) by path.
    const changed = after.split('\n').filter((line) => !before.split('\n').includes(line));
    expect(changed).toEqual([
      expect.stringMatching(/^rubric: \{.*path: .*fixtures\/v1\/playbook\}$/),
      '    production-churn: unknown',
    ]);
  });

  it.each([
    ['at the first prompt of a new file', [], 'Paused before anything was saved.', 'Start again with'],
    ['after the team, before any question', ['--team', 'Acme'], 'Paused before the first question; ', 'Resume with'],
  ])('Ctrl-C %s says what is kept', async (_name, flags, message, next) => {
    const dir = tempDir();
    const file = join(dir, 'answers.yaml');
    const io = fakeIo({ tty: true, columns: 100, stderrColumns: 100, env: { NO_COLOR: '1' }, cwd: dir });
    const done = run(['node', 'scaleplay', 'assess', '--rubric', V1_PLAYBOOK, '--output', file, ...flags], io);
    await screen.next();
    screen.keypress({ name: 'c', ctrl: true });
    expect(await done).toBe(130);
    expect(io.stderrText()).toContain(message);
    expect(io.stderrText()).toContain(`${next}: scaleplay assess --output ${file}`);
    expect(existsSync(file)).toBe(flags.length > 0);
  });

  it('Ctrl-C between two prompts (SIGINT) keeps the answer just given and exits 130', async () => {
    const dir = tempDir();
    const file = join(dir, 'answers.yaml');
    const io = fakeIo({ tty: true, columns: 100, stderrColumns: 100, env: { NO_COLOR: '1' }, cwd: dir });
    const done = run(
      ['node', 'scaleplay', 'assess', '--rubric', V1_PLAYBOOK, '--output', file, '--team', 'Acme', '--stage', 'seed'],
      io,
    );
    await screen.next();
    screen.keypress('down'); // Unknown → "? Why it matters" → wraps to the first choice
    screen.keypress('down');
    screen.keypress('enter');
    io.emitSignal('SIGINT');
    expect(await done).toBe(130);
    expect(io.stderrText()).toContain('Paused. 1 answer is saved');
    expect(loadAnswers(file, rubric).assessment.answers).toEqual({
      'production-integration': { value: { type: 'choice', choices: ['demo-only'] } },
    });
    expect(io.signalListeners('SIGINT')).toBe(0);
  });

  it("runs a consultant's own rubric with --rubric, and says so when pausing", async () => {
    const dir = tempDir();
    const rubricDir = join(dir, 'my-rubric');
    mkdirSync(join(rubricDir, 'steps'), { recursive: true });
    writeFileSync(
      join(rubricDir, 'rubric.yaml'),
      [
        'id: workshop',
        'version: 2',
        'title: Workshop rubric',
        'steps: [basics]',
        'levels:',
        '  - { id: low, name: Low, min: 0, max: 49 }',
        '  - { id: high, name: High, min: 50, max: 100 }',
        'critical: { cap: low, met_at: 0.5 }',
        'stages:',
        '  - { id: any, name: Any, overall: high, targets: { basics: high } }',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(rubricDir, 'steps', 'basics.yaml'),
      [
        'id: basics',
        'title: Basics',
        'summary: The basics.',
        'questions:',
        '  - { id: docs, prompt: Do you have docs?, why: Docs help., kind: boolean, action: { text: Write docs., effort: S } }',
        '  - { id: users, prompt: How many users?, why: Users matter., kind: number, min: 0, max: 1000, bands: [{ from: 0, score: 0 }, { from: 10, score: 1 }] }',
        '',
      ].join('\n'),
    );
    const file = join(dir, 'workshop.yaml');
    const io = fakeIo({ tty: true, columns: 100, stderrColumns: 100, env: { NO_COLOR: '1' }, cwd: dir });
    const first = run(
      ['node', 'scaleplay', 'assess', '--rubric', rubricDir, '--output', file, '--team', 'Acme', '--stage', 'any'],
      io,
    );
    await screen.next();
    expect(screen.getScreen()).toContain('Basics · step 1 of 1 · question 1 of 2 · ');
    screen.keypress({ name: 'c', ctrl: true });
    expect(await first).toBe(130);
    expect(io.stderrText()).toContain(`Resume with: scaleplay assess --output ${file} --rubric ${rubricDir}`);

    const second = await enterThrough(['--rubric', rubricDir, '--output', file], dir);
    expect(second.code).toBe(0);
    expect(second.enters).toBe(3);
    // A custom rubric is recorded, relative to the answers file, so later commands find it without --rubric.
    expect(readFileSync(file, 'utf8')).toContain('rubric: { id: workshop, version: "2", path: "my-rubric" }');
  });

  it.each([
    [['--step', 'nope'], /--step "nope" is not a step of this rubric \(expected one of: wedge, stack-climb/],
    [['--stage', 'unicorn'], /--stage "unicorn" is not a stage of this rubric/],
    [['--team', ' '], /--team needs a name/],
    [['--output', '-'], /give --output a path/],
  ])('refuses bad flags %j with exit 2 before asking anything', async (args, message) => {
    const dir = tempDir();
    const io = fakeIo({ tty: true, columns: 100, stderrColumns: 100, env: { NO_COLOR: '1' }, cwd: dir });
    expect(
      await run(['node', 'scaleplay', 'assess', '--rubric', V1_PLAYBOOK, '--output', join(dir, 'a.yaml'), ...args], io),
    ).toBe(2);
    expect(io.stderrText()).toMatch(message);
    expect(io.stdoutText()).toBe('');
    expect(existsSync(join(dir, 'a.yaml'))).toBe(false);
  });

  it.each([
    ['stdin', { stdin: false, stderr: true }],
    ['stderr', { stdin: true, stderr: false }],
  ])('refuses to run when %s is not a terminal (exit 2, pointing to init and check)', async (name, tty) => {
    const dir = tempDir();
    const io = fakeIo({ tty: true, columns: 100, stderrColumns: 100, env: { NO_COLOR: '1' }, cwd: dir });
    Object.assign(io.stdin, { isTTY: tty.stdin });
    io.stderr.isTTY = tty.stderr;
    expect(
      await run(['node', 'scaleplay', 'assess', '--rubric', V1_PLAYBOOK, '--output', join(dir, 'a.yaml')], io),
    ).toBe(2);
    expect(io.stderrText()).toContain(`assess asks questions in a terminal, and ${name} is not one`);
    expect(io.stderrText()).toContain('scaleplay init --output answers.yaml');
    expect(io.stdoutText()).toBe('');
  });
});
