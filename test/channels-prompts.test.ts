// The terminal channel of `assess`: text pre-filled into a prompt from the answers file (a `reason:` or `note:`, the
// team, the product) is shown terminal-clean on one line through the real prompt adapter, and kept exactly when the
// user keeps it (Enter). The hostile payload is the one of channels-hostile.test.ts: OSC 52, a window title, clear
// screen, BEL, a C1 CSI, bidi overrides and a newline that would start a GitHub workflow command.
import { screen } from '@inquirer/testing/vitest';
import { describe, expect, it } from 'vitest';
import { createInquirerAsk } from '../src/prompts/inquirer-ask.js';
import { plainTheme } from '../src/render/theme.js';
import { fakeIo } from './helpers/cli.js';

const hostile = (field: string) =>
  `${field}\u001b]52;c;ZXZpbA==\u0007\u001b]0;pwned\u0007\u001b[2J\u0007\u009b31m\u202eevil\u2066` +
  '\n::stop-commands::tok';

describe('pre-filled prompts show file text clean', () => {
  it.each(['reason', 'note', 'evidence', 'team', 'product'])('%s', async (field) => {
    const io = fakeIo({ tty: true, columns: 100, stderrColumns: 100, env: { NO_COLOR: '1' } });
    const ask = createInquirerAsk({ input: io.stdin, output: process.stderr, theme: plainTheme });
    const answer = ask.input({ message: `Your ${field}`, default: hostile(field) });
    // The raw screen holds the prompt library's own cursor movements (CSI), and nothing of the payload's sequences.
    const raw = screen.getScreen({ raw: true });
    expect(raw).toContain(`${field}evil ::stop-commands::tok`);
    expect(raw).not.toMatch(/\u001b\](52|0);|\u001b\[2J|[\u0007\u009b\u202e\u2066]|\n\s*::stop-commands/);
    screen.keypress('enter');
    // Kept as it is: the file's text comes back exactly (nothing is lost or rewritten by showing it).
    await expect(answer).resolves.toBe(hostile(field));
  });

  it('typed text replaces the pre-filled text as usual', async () => {
    const io = fakeIo({ tty: true, columns: 100, stderrColumns: 100, env: { NO_COLOR: '1' } });
    const ask = createInquirerAsk({ input: io.stdin, output: process.stderr, theme: plainTheme });
    const answer = ask.input({ message: 'Your note', default: hostile('note') });
    screen.type('new note');
    screen.keypress('enter');
    await expect(answer).resolves.toBe('new note');
  });
});
