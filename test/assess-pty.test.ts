// End-to-end runs of the BUILT bin in a real pseudo-terminal (tmux): keystrokes in, screens and files out.
// tmux is required: these tests fail (not skip) without it. CI installs it with `apt-get install -y tmux`.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadAnswers } from '../src/io/load-answers.js';
import { loadRubric } from '../src/io/load-rubric.js';
import { BIN, FIXTURES, spawnBin, tempDir, V1_PLAYBOOK } from './helpers/cli.js';
import { startTerminal, type Terminal } from './helpers/pty.js';

const { rubric } = loadRubric(V1_PLAYBOOK);
const terminals: Terminal[] = [];
const E2E_TIMEOUT = 180_000;
/** Every question and review prompt ends with this key hint; the last screen says where the answers were saved. */
const READY = /ctrl\+c pause|Answers saved in|Paused/;

function start(cwd: string, args: string[], columns = 100): Terminal {
  // Empty npm_* variables: the printed commands read `scaleplay …` even when `npm test` started this run (tmux keeps its env).
  const terminal = startTerminal([process.execPath, BIN, 'assess', '--rubric', V1_PLAYBOOK, ...args], {
    cwd,
    columns,
    rows: 40,
    env: { npm_lifecycle_event: '', npm_command: '' },
  });
  terminals.push(terminal);
  return terminal;
}

/** Presses Enter on each prompt (waiting for each to appear) until `done` shows; returns how many Enters it took. */
async function pressEnterUntil(terminal: Terminal, done: RegExp, limit = 80): Promise<number> {
  await terminal.waitFor(READY);
  let screen = terminal.screen(0);
  for (let count = 0; count < limit; count++) {
    if (done.test(terminal.screen(400))) return count;
    terminal.press('Enter');
    screen = await terminal.waitForChange(screen, READY);
  }
  throw new Error(`still not done after ${limit} Enters:\n${terminal.screen()}`);
}

/**
 * Waits for the prompt asking `text`, presses `keys`, then waits until that prompt is gone and the next one (`next`) is
 * on screen — keys pressed earlier could reach a prompt that has just been answered, and be lost.
 */
async function answer(terminal: Terminal, text: string, keys: string[], next: RegExp = READY): Promise<void> {
  const asked = `? ${text}`;
  await terminal.waitFor(asked);
  terminal.press(...keys);
  await terminal.waitForScreen(
    (screen) => !screen.includes(asked) && next.test(screen),
    `"${asked}" to be answered and ${next} to show`,
  );
}

function json(cwd: string, file: string) {
  return JSON.parse(
    execFileSync(process.execPath, [BIN, 'report', file, '--format', 'json', '--rubric', V1_PLAYBOOK], {
      cwd,
      encoding: 'utf8',
    }),
  );
}

afterEach(() => {
  for (const terminal of terminals.splice(0)) terminal.kill();
});

describe('scaleplay assess in a real terminal', () => {
  it(
    'completes a whole assessment with Enter on every prompt when team, product and stage are flags',
    async () => {
      const cwd = tempDir();
      const terminal = start(cwd, ['--team', 'Acme', '--product', 'Widget', '--stage', 'seed']);
      const enters = await pressEnterUntil(terminal, /Answers saved in answers\.yaml/);
      expect(await terminal.waitForExit()).toBe(0);
      const screen = terminal.screen(400);
      expect(screen).toContain('Overall 0/100');
      expect(screen).toMatch(/scaleplay · Acme · Widget · stage: seed/);
      // One Enter per applicable question (conditions unmet stay skipped) plus one to finish the review.
      const report = json(cwd, 'answers.yaml');
      expect(report.overall.unanswered).toBe(0);
      expect(enters).toBe(report.overall.unknown + 1);
      expect(existsSync(join(cwd, 'answers.yaml.lock'))).toBe(false);
      // The saved file validates: check runs (exit 1 = targets not met, not 2 = invalid) and report works.
      const check = await spawnBin(['check', 'answers.yaml', '--rubric', V1_PLAYBOOK], { cwd });
      expect(check.code).toBe(1);
      expect(check.stderr).toBe('');
    },
    E2E_TIMEOUT,
  );

  it(
    'records real choices typed as keys: digits, arrows, space, a number, n/a with a reason, why it matters, and a review edit',
    async () => {
      const cwd = tempDir();
      // Mistral's answers with the wedge step emptied: the session asks the eight wedge questions only.
      const fixture = readFileSync(join(FIXTURES, 'v1', 'answers', 'mistral-2026.yaml'), 'utf8');
      const start_ = fixture.indexOf('  wedge:\n');
      const end = fixture.indexOf('  stack-climb:\n');
      writeFileSync(join(cwd, 'mistral.yaml'), `${fixture.slice(0, start_)}  wedge: ~\n${fixture.slice(end)}`);
      const terminal = start(cwd, ['--output', 'mistral.yaml'], 80);

      await answer(terminal, 'How do people use your product today?', ['4', 'Enter']);
      await answer(terminal, 'Do you offer a public API', ['Up', 'Up', 'Enter']);
      await answer(terminal, 'Do you release model weights', ['Down', 'Enter'], /\? Why does it not apply to you\?/);
      terminal.type('We fine-tune a hosted model');
      terminal.press('Enter');
      // "?" jumps to "? Why it matters" and shows the text under the list, without leaving the question.
      let screen = await terminal.waitFor(/\? Can a developer make real API calls/);
      terminal.type('?');
      screen = await terminal.waitForChange(screen, /Why it matters: /);
      expect(screen).toMatch(/❯ \? Why it matters/);
      // Backspace clears the "?" typed (the list's type-to-find), so the digit picks the 4th choice.
      terminal.press('BSpace', '4', 'Enter');
      screen = await terminal.waitFor(/\? What is the median time/);
      terminal.type('abc');
      terminal.press('Enter');
      await terminal.waitFor('Type a number from 0 to 10080 (minutes), or u for unknown.');
      terminal.press('BSpace', 'BSpace', 'BSpace');
      terminal.type('7');
      terminal.press('Enter');
      await answer(terminal, 'Which of these does a newcomer get on day one?', ['Space', 'Down', 'Space', 'Enter']);
      await answer(terminal, 'Which flywheel stages', ['Down', 'Down', 'Down', 'Down', 'Space', 'Enter']);
      // Enter on "? Why it matters" prints the text and asks again.
      await terminal.waitFor('? How often do users get');
      terminal.press('?', 'Enter');
      await terminal.waitFor(/Why it matters: [\s\S]*\? How often do users get/);
      terminal.press('3', 'Enter');

      // The review: Wedge → "Do you offer a public API" → No; the API questions stop applying; back; finish.
      await answer(terminal, 'Review your answers', ['Down', 'Enter']);
      await answer(terminal, 'Wedge: which answer', ['Down', 'Down', 'Enter']);
      await answer(terminal, 'Do you offer a public API', ['Down', 'Enter']);
      screen = await terminal.waitFor(/\? Wedge: which answer/);
      // In the list (not the record above it), the API questions are gone.
      expect(screen.slice(screen.lastIndexOf('? Wedge: which answer'))).not.toMatch(
        /Can a developer make real API calls/,
      );
      expect(screen.slice(screen.lastIndexOf('? Wedge: which answer'))).toMatch(
        /Do you offer a public API or a downloadable model\? · No/,
      );
      terminal.press('1', 'Enter');
      await answer(terminal, 'Review your answers', ['Enter']);
      expect(await terminal.waitForExit()).toBe(0);
      expect(terminal.screen(400)).toContain('Answers saved in mistral.yaml');

      const saved = readFileSync(join(cwd, 'mistral.yaml'), 'utf8');
      expect(saved.startsWith('# scaleplay answers — Mistral AI in early 2026')).toBe(true);
      const { assessment } = loadAnswers(join(cwd, 'mistral.yaml'), rubric);
      const wedge = Object.fromEntries(
        rubric.steps[0]!.questions.map((question) => [question.id, assessment.answers[question.id]?.value]),
      );
      expect(wedge).toEqual({
        'production-integration': { type: 'choice', choices: ['production'] },
        'has-api': { type: 'choice', choices: ['no'] },
        'open-weights': { type: 'na', reason: 'We fine-tune a hosted model' },
        'free-api-tier': { type: 'choice', choices: ['free-tier'] },
        'time-to-first-call': { type: 'number', value: 7 },
        'activation-aids': { type: 'choice', choices: ['quick-start', 'hosted-endpoint'] },
        'flywheel-metrics': { type: 'choice', choices: [] },
        'release-cadence': { type: 'choice', choices: ['monthly'] },
      });
      // Other steps are untouched, notes included.
      expect(assessment.answers['stack-position']).toEqual({
        value: { type: 'choice', choices: ['workflow'] },
        note: 'Models → API → Le Chat → agents, connectors and enterprise controls.',
      });
    },
    E2E_TIMEOUT,
  );

  it(
    'Ctrl-C half way exits 130 with the answers kept and says how to resume; running again continues and finishes',
    async () => {
      const cwd = tempDir();
      const first = start(cwd, ['--team', 'Acme', '--stage', 'series-a']);
      await answer(first, 'How do people use your product today?', ['4', 'Enter']);
      await answer(first, 'Do you offer a public API', ['Up', 'Up', 'Enter']);
      let screen = first.screen(0);
      for (let count = 0; count < 8; count++) {
        first.press('Enter');
        screen = await first.waitForChange(screen, READY);
      }
      first.press('C-c');
      expect(await first.waitForExit()).toBe(130);
      expect(first.screen(400)).toMatch(
        /Paused\. 10 answers are saved in answers\.yaml\.\s+Resume with: scaleplay assess --output answers\.yaml/,
      );
      expect(existsSync(join(cwd, 'answers.yaml.lock'))).toBe(false);
      const saved = loadAnswers(join(cwd, 'answers.yaml'), rubric).assessment;
      expect(Object.keys(saved.answers)).toHaveLength(10);
      expect(saved.answers['production-integration']!.value).toEqual({ type: 'choice', choices: ['production'] });
      expect(saved.answers['has-api']!.value).toEqual({ type: 'choice', choices: ['yes'] });

      const second = start(cwd, ['--output', 'answers.yaml']);
      await second.waitFor(/Resuming: 10 of up to \d+ questions answered; continuing at Stack climb: /);
      expect(second.screen()).not.toContain('stack-climb.agents');
      await pressEnterUntil(second, /Answers saved in answers\.yaml/);
      expect(await second.waitForExit()).toBe(0);
      const report = json(cwd, 'answers.yaml');
      expect(report.overall.unanswered).toBe(0);
      expect(report.team).toBe('Acme');
      expect(loadAnswers(join(cwd, 'answers.yaml'), rubric).assessment.answers['has-api']!.value).toEqual({
        type: 'choice',
        choices: ['yes'],
      });
    },
    E2E_TIMEOUT,
  );

  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)(
    '%s to the process half way: cursor shown again, answers kept, lock released, resume line, exit %d',
    async (signal, code) => {
      const cwd = tempDir();
      const terminal = startTerminal(
        [process.execPath, BIN, 'assess', '--rubric', V1_PLAYBOOK, '--team', 'Acme', '--stage', 'series-a'],
        { cwd, columns: 100, rows: 40, hold: true, env: { npm_lifecycle_event: '', npm_command: '' } },
      );
      terminals.push(terminal);
      await answer(terminal, 'How do people use your product today?', ['4', 'Enter']);
      await answer(terminal, 'Do you offer a public API', ['Up', 'Up', 'Enter'], /\? Do you release model weights/);
      // The open prompt hides the cursor; the signal must not leave it hidden.
      expect(terminal.cursorVisible()).toBe(false);
      const { pid } = JSON.parse(readFileSync(join(cwd, 'answers.yaml.lock'), 'utf8')) as { pid: number };
      process.kill(pid, signal);
      expect(await terminal.waitForExit()).toBe(code);
      expect(terminal.screen(400)).toMatch(
        /Paused\. 2 answers are saved in answers\.yaml\.\s+Resume with: scaleplay assess --output answers\.yaml/,
      );
      expect(terminal.cursorVisible()).toBe(true);
      expect(existsSync(join(cwd, 'answers.yaml.lock'))).toBe(false);
      const saved = loadAnswers(join(cwd, 'answers.yaml'), rubric).assessment;
      expect(saved.answers['production-integration']!.value).toEqual({ type: 'choice', choices: ['production'] });
      expect(saved.answers['has-api']!.value).toEqual({ type: 'choice', choices: ['yes'] });
      expect(Object.keys(saved.answers)).toHaveLength(2);
    },
    E2E_TIMEOUT,
  );

  it(
    'closing the terminal half way (a real hangup): answers kept, lock released, the process ends by SIGHUP',
    async () => {
      const cwd = tempDir();
      const terminal = start(cwd, ['--team', 'Acme', '--stage', 'series-a']);
      await answer(terminal, 'How do people use your product today?', ['4', 'Enter']);
      const lock = join(cwd, 'answers.yaml.lock');
      const { pid } = JSON.parse(readFileSync(lock, 'utf8')) as { pid: number };
      terminal.kill();
      // Running, and not a zombie waiting to be reaped (its shell died with the terminal).
      const alive = () => {
        try {
          return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
        } catch {
          return false;
        }
      };
      // A loaded 2-core machine may take a while to deliver the hangup and let the process clean up: poll, generously.
      const deadline = Date.now() + 90_000;
      while ((alive() || existsSync(lock)) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(alive()).toBe(false);
      expect(existsSync(lock)).toBe(false);
      expect(
        loadAnswers(join(cwd, 'answers.yaml'), rubric).assessment.answers['production-integration']!.value,
      ).toEqual({ type: 'choice', choices: ['production'] });
    },
    E2E_TIMEOUT,
  );

  it.each([
    ['--no-color', ['--no-color'], false],
    ['colour on a terminal', [], true],
  ])(
    '%s: the prompts are plain text, or styled',
    async (_name, flags, styled) => {
      const cwd = tempDir();
      const terminal = startTerminal(
        [process.execPath, BIN, 'assess', '--rubric', V1_PLAYBOOK, ...flags, '--team', 'Acme', '--stage', 'seed'],
        { cwd, columns: 100, rows: 40, env: { NO_COLOR: undefined } },
      );
      terminals.push(terminal);
      // Three single-choice questions, then a list with boxes (inquirer colours its ticked box itself).
      for (const text of ['How do people use', 'Do you offer a public API', 'Do you release model weights'])
        await answer(terminal, text, ['Enter']);
      await terminal.waitFor('? Which of these does a newcomer get on day one?');
      expect(terminal.screen(0)).toContain('◉ Unknown');
      // eslint-disable-next-line no-control-regex
      expect(/\u001b\[[0-9;]*m/.test(terminal.styledScreen())).toBe(styled);
    },
    E2E_TIMEOUT,
  );

  it(
    'refuses a second session on the same file (exit 2), and takes over the lock of a session that was killed',
    async () => {
      const cwd = tempDir();
      const first = start(cwd, ['--team', 'Acme', '--stage', 'seed']);
      await first.waitFor(/\? How do people use your product today\?/);
      const second = start(cwd, ['--team', 'Acme', '--stage', 'seed']);
      expect(await second.waitForExit()).toBe(2);
      expect(second.screen()).toMatch(/answers\.yaml is open in another `scaleplay assess` session \(pid \d+/);

      // Kill the first session hard: no cleanup runs, the lock stays with a dead pid.
      const { pid } = JSON.parse(readFileSync(join(cwd, 'answers.yaml.lock'), 'utf8')) as { pid: number };
      process.kill(pid, 'SIGKILL');
      await first.waitForExit();
      expect(existsSync(join(cwd, 'answers.yaml.lock'))).toBe(true);
      const third = start(cwd, []);
      await third.waitFor(`Took over answers.yaml.lock, left by a session that is no longer running (pid ${pid})`);
      await third.waitFor(/\? How do people use your product today\?/);
      third.press('C-c');
      expect(await third.waitForExit()).toBe(130);
    },
    E2E_TIMEOUT,
  );
});

describe('scaleplay assess without a terminal', () => {
  it.each([
    ['stdin is /dev/null', 'null'],
    ['stdin is an open pipe that never sends anything', 'silent-pipe'],
  ] as const)('exits 2 at once when %s, pointing to init and check', async (_name, stdin) => {
    const cwd = tempDir();
    const result = await spawnBin(['assess', '--rubric', V1_PLAYBOOK, '--team', 'Acme'], {
      cwd,
      stdin,
      timeoutMs: 20_000,
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^scaleplay: assess asks questions in a terminal, and stdin is not one/);
    expect(result.stderr).toContain('scaleplay init --output answers.yaml');
    expect(result.stderr).toContain('scaleplay check answers.yaml');
    expect(existsSync(join(cwd, 'answers.yaml'))).toBe(false);
    expect(existsSync(join(cwd, 'answers.yaml.lock'))).toBe(false);
  });
});
