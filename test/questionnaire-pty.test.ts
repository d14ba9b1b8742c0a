// The questionnaire as a founder sees it in an 80×40 terminal (tmux, the BUILT bin): the progress line never goes
// backwards and names the step, not its id; a list with boxes never contradicts itself; and the report at the end of
// `assess` shows its verdict, table, critical items and first five actions on the last screen, without scrolling.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadAnswers } from '../src/io/load-answers.js';
import { loadRubric } from '../src/io/load-rubric.js';
import { BIN, tempDir, V1_PLAYBOOK } from './helpers/cli.js';
import { startTerminal, type Terminal } from './helpers/pty.js';

// The screen mechanics are checked on the frozen playbook 1.0.0 (fixtures/v1), like the other assess tests.
const { rubric } = loadRubric(V1_PLAYBOOK);
const terminals: Terminal[] = [];
const E2E_TIMEOUT = 240_000;
const READY = /ctrl\+c pause|Answers saved in|Paused/;
const PROGRESS = /^(.+) · step (\d) of 6 · question (\d+) of (up to )?(\d+) · [█░]+ (\d+)%$/m;

afterEach(() => {
  for (const terminal of terminals.splice(0)) terminal.kill();
});

function start(cwd: string, args: string[]): Terminal {
  // Empty npm_* variables: the printed commands read `scaleplay …` even when `npm test` started this run.
  // The rubric comes from SCALEPLAY_RUBRIC, so the closing hints stay as short as with the built-in playbook.
  const env = { npm_lifecycle_event: '', npm_command: '', SCALEPLAY_RUBRIC: V1_PLAYBOOK };
  const terminal = startTerminal([process.execPath, BIN, 'assess', ...args], { cwd, columns: 80, rows: 40, env });
  terminals.push(terminal);
  return terminal;
}

interface Progress {
  step: string;
  number: number;
  upTo: number;
  exact: boolean;
  percent: number;
}

function progressOn(screen: string): Progress | undefined {
  const found = PROGRESS.exec(screen);
  return found
    ? {
        step: found[1]!,
        number: Number(found[3]),
        upTo: Number(found[5]),
        exact: found[4] === undefined,
        percent: Number(found[6]),
      }
    : undefined;
}

/** Presses `keys` on question `number`, then waits for the next question (or the review) to be on screen. */
async function next(terminal: Terminal, number: number, ...keys: string[]): Promise<string> {
  terminal.press(...keys);
  return terminal.waitForScreen(
    (text) => READY.test(text) && ((progressOn(text)?.number ?? 0) > number || /\? Review your answers/.test(text)),
    `the question after number ${number}`,
  );
}

describe('the questionnaire in an 80×40 terminal', () => {
  it(
    'counts what is asked now (the number rises by one, "up to" only shrinks); the report ends on one screen',
    async () => {
      const cwd = tempDir();
      const terminal = start(cwd, ['--team', 'Acme', '--stage', 'seed']);
      let screen = await terminal.waitFor(PROGRESS);
      // The banner and the first progress line agree.
      expect(screen.replace(/\s+/g, ' ')).toContain(
        'Up to 43 questions in 6 steps: some are asked only after certain answers.',
      );
      expect(progressOn(screen)).toEqual({ step: 'Wedge', number: 1, upTo: 43, exact: false, percent: 0 });
      screen = await next(terminal, 1, '4', 'Enter'); // production
      screen = await next(terminal, 2, '2', 'Enter'); // no public API: its questions leave the count
      const seen: Progress[] = [
        { step: 'Wedge', number: 1, upTo: 43, exact: false, percent: 0 },
        { step: 'Wedge', number: 2, upTo: 43, exact: false, percent: 2 },
      ];
      while (!/\? Review your answers/.test(screen)) {
        const now = progressOn(screen);
        if (!now) throw new Error(`no progress line on:\n${screen}`);
        seen.push(now);
        screen = await next(terminal, now.number, 'Enter');
      }
      expect(seen[2]!.upTo).toBeLessThan(43);
      for (const [index, now] of seen.entries()) {
        expect(now.number, JSON.stringify(now)).toBe(index + 1);
        if (index === 0) continue;
        expect(now.upTo).toBeLessThanOrEqual(seen[index - 1]!.upTo);
        expect(now.percent).toBeGreaterThanOrEqual(seen[index - 1]!.percent);
      }
      expect(seen.at(-1)).toMatchObject({ number: seen.length, upTo: seen.length, exact: true });
      // Steps by title, never an id; the review agrees with the count.
      expect(new Set(seen.map((now) => now.step))).toEqual(new Set(rubric.steps.map((step) => step.title)));
      expect(screen.replace(/\s+/g, ' ')).toContain(`Review · ${seen.length} of ${seen.length} questions answered`);

      terminal.press('Enter');
      expect(await terminal.waitForExit()).toBe(0);
      // The last screen, as the founder sees it without scrolling: verdict, table, critical items, five actions.
      const last = terminal.screen(0);
      const lines = last.split('\n');
      const at = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
      expect(at(/^Overall \d+\/100 · level /)).toBeGreaterThanOrEqual(0);
      for (const step of rubric.steps)
        expect(at(new RegExp(`^ ${step.title} +\\d`)), step.title).toBeGreaterThan(at(/^Overall/));
      expect(at(/^Critical, not met/)).toBeGreaterThan(at(/^ Compute plan/));
      for (const rank of [1, 2, 3, 4, 5])
        expect(at(new RegExp(`^ +${rank}\\. \\[[SML]\\]`)), `action ${rank}`).toBeGreaterThan(at(/^Next actions/));
      expect(at(/Answers saved in answers\.yaml/)).toBeGreaterThan(at(/^ +5\. /));
      expect(last).not.toMatch(/\b[a-z]+(-[a-z]+)+\.[a-z]+(-[a-z]+)+\b/);
    },
    E2E_TIMEOUT,
  );

  it(
    'a list with boxes: a choice clears Unknown, "None of these" clears the choices, and the file gets an empty list',
    async () => {
      const cwd = tempDir();
      const terminal = start(cwd, ['--team', 'Acme', '--stage', 'seed']);
      await terminal.waitFor(PROGRESS);
      await next(terminal, 1, '4', 'Enter'); // production
      await next(terminal, 2, '2', 'Enter'); // no public API
      let screen = await next(terminal, 3, 'Enter'); // open weights: unknown
      expect(screen).toContain('? Which of these does a newcomer get on day one?');
      const ticked = (text: string) => [...text.matchAll(/◉ (.+)/g)].map((found) => found[1]!.trim());
      expect(ticked(screen)).toEqual(['Unknown']);

      terminal.press('Space'); // the first choice
      screen = await terminal.waitForScreen(
        (text) => ticked(text).length === 1 && !ticked(text).includes('Unknown'),
        'Unknown to clear',
      );
      expect(ticked(screen)[0]).toMatch(/^A quick-start/);
      terminal.press('Down', 'Down', 'Space'); // the third choice, too
      screen = await terminal.waitForScreen((text) => ticked(text).length === 2, 'two choices ticked');
      terminal.press('Down', 'Down', 'Space'); // None of these
      screen = await terminal.waitForScreen((text) => ticked(text).join() === 'None of these', '"None of these" alone');
      terminal.press('Down', 'Space'); // Unknown: None goes
      screen = await terminal.waitForScreen((text) => ticked(text).join() === 'Unknown', 'Unknown alone');
      terminal.press('Up', 'Space'); // None of these again
      screen = await terminal.waitForScreen(
        (text) => ticked(text).join() === 'None of these',
        '"None of these" alone again',
      );
      await next(terminal, 4, 'Enter');
      terminal.press('C-c');
      expect(await terminal.waitForExit()).toBe(130);
      const answers = loadAnswers(join(cwd, 'answers.yaml'), rubric).assessment.answers;
      expect(answers['activation-aids']!.value).toEqual({ type: 'choice', choices: [] });
      expect(readFileSync(join(cwd, 'answers.yaml'), 'utf8')).toMatch(/activation-aids: \[\]/);
    },
    E2E_TIMEOUT,
  );
});
