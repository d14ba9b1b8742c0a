// The prompt adapter: the one module that imports @inquirer/prompts. It turns the flow's questions into inquirer prompts
// rendered on the given output (stderr, so stdout keeps only the report), and Ctrl-C into our CancelledError.
import { input, select, Separator } from '@inquirer/prompts';
import { CancelledError } from '../errors.js';
import { safeText } from '../render/channels.js';
import type { Theme } from '../render/theme.js';
import { isSeparator, type Ask, type AskItem } from './ask.js';
import { exclusiveCheckbox } from './checkbox-prompt.js';

/** Where the prompts read keys and draw, and how they look. */
export interface InquirerAskOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Aborting it (e.g. on SIGINT between prompts) cancels the open prompt, or the next one. */
  signal?: AbortSignal;
  theme: Theme;
  /** Rows a list shows at once. */
  pageSize?: number;
  /** Columns to fit the key hints in (80 by default). */
  width?: number;
}

/** Creates the `Ask` the flow uses in a real terminal. */
export function createInquirerAsk(options: InquirerAskOptions): Ask {
  const { theme } = options;
  const context = {
    input: options.input,
    output: options.output,
    // The flow prints its own one-line record of each answer, so the open prompt (and its header) is cleared when done.
    clearPromptOnDone: true,
    ...(options.signal && { signal: options.signal }),
  };
  const pageSize = options.pageSize ?? 12;

  const width = options.width ?? 80;
  // Hints are joined with " • " and broken between hints (never inside one) to fit the width.
  const keyHints = (keys: [string, string][]) => {
    const lines: string[][] = [[]];
    let used = 0;
    for (const [key, action] of keys) {
      const size = key.length + 1 + action.length;
      if (used > 0 && used + 3 + size > width) {
        lines.push([]);
        used = 0;
      }
      lines[lines.length - 1]!.push(`${theme.bold(key)} ${theme.dim(action)}`);
      used += (used > 0 ? 3 : 0) + size;
    }
    return lines.map((line) => line.join(theme.dim(' • '))).join('\n');
  };
  // `header` goes above the question; `keys` join the list prompts' help line, or (text prompts have none) sit above.
  const themeFor = (header: string | undefined, keys: [string, string][] = [], keysAbove = false) => ({
    prefix: {
      idle: [header, keysAbove && keys.length > 0 ? keyHints(keys) : undefined, theme.accent('?')]
        .filter(Boolean)
        .join('\n'),
      done: theme.good('✔'),
    },
    // inquirer colours these itself (node:util styleText); set them from our theme so --no-color means no colour.
    icon: { cursor: '❯', checked: theme.good('◉'), unchecked: '◯', disabledChecked: '◎', disabledUnchecked: '-' },
    spinner: { interval: 80, frames: ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] },
    style: {
      answer: (text: string) => theme.accent(text),
      message: (text: string) => theme.bold(text),
      error: (text: string) => theme.warn(`> ${text}`),
      defaultAnswer: (text: string) => theme.dim(`(${text})`),
      help: (text: string) => theme.dim(text),
      highlight: (text: string) => theme.accent(text),
      key: (text: string) => theme.accent(`<${text}>`),
      description: (text: string) => text,
      disabled: (text: string) => theme.dim(text),
      keysHelpTip: (base: [string, string][]) => keyHints([...base, ...keys]),
    },
  });

  return {
    async select(question) {
      return run(() =>
        select(
          {
            message: question.message,
            choices: toInquirerChoices(question.choices),
            ...(question.default !== undefined && { default: question.default }),
            pageSize,
            loop: true,
            theme: themeFor(question.header, question.keys),
          },
          context,
        ),
      );
    },
    async checkbox(question) {
      return run(() =>
        exclusiveCheckbox(
          {
            message: question.message,
            choices: toInquirerChoices(question.choices),
            pageSize,
            loop: true,
            // "?" moves to the "? Why it matters" entry, as in the single-choice lists.
            infoKey: '?',
            ...(question.validate && { validate: (values: unknown[]) => question.validate!(values as never) }),
            theme: themeFor(question.header, question.keys),
          },
          context,
        ),
      );
    },
    async input(question) {
      // Text pre-filled from the answers file (a reason, a note, the team) is shown terminal-clean, on one line; kept as
      // it is (Enter), it is given back exactly as the file has it.
      const shown = question.default === undefined ? undefined : safeText(question.default);
      const value = await run(() =>
        input(
          {
            message: question.message,
            ...(shown !== undefined && { default: shown }),
            ...(question.validate && { validate: question.validate }),
            theme: themeFor(question.header, question.keys, true),
          },
          context,
        ),
      );
      return shown !== undefined && value === shown ? question.default! : value;
    },
  };
}

function toInquirerChoices<T>(items: AskItem<T>[]) {
  return items.map((item) =>
    isSeparator(item)
      ? new Separator(item.separator)
      : {
          value: item.value,
          name: item.name,
          ...(item.description !== undefined && { description: item.description }),
          ...(item.checked !== undefined && { checked: item.checked }),
          ...(item.exclusive && { exclusive: true }),
          ...(item.info && { info: true }),
        },
  );
}

/** Runs a prompt; Ctrl-C (ExitPromptError) and an aborted signal (AbortPromptError) become CancelledError. */
async function run<T>(prompt: () => Promise<T>): Promise<T> {
  try {
    return await prompt();
  } catch (error) {
    const name = (error as { name?: unknown } | null)?.name;
    if (name === 'ExitPromptError' || name === 'AbortPromptError') throw new CancelledError();
    throw error;
  }
}
