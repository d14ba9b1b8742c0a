// A list with boxes that cannot contradict itself: ticking an "exclusive" entry (Unknown, Not applicable, None of
// these) unticks every other entry, and ticking any other entry unticks the exclusive ones. An "info" entry ("? Why it
// matters") is never ticked: highlighting it shows its text under the list. Built on @inquirer/core like inquirer's
// own checkbox (same keys, look and theme), which has no hook to change other boxes when one is ticked.
import {
  createPrompt,
  isDownKey,
  isEnterKey,
  isNumberKey,
  isSpaceKey,
  isUpKey,
  makeTheme,
  Separator,
  useKeypress,
  usePagination,
  usePrefix,
  useState,
  type Status,
} from '@inquirer/core';

/** One entry of the list. */
export interface BoxChoice<T> {
  value: T;
  name: string;
  description?: string;
  checked?: boolean;
  /** Ticking it unticks every other entry; ticking another entry unticks it. */
  exclusive?: boolean;
  /** Never ticked: only shows its description when highlighted (e.g. "? Why it matters"). */
  info?: boolean;
}

export interface BoxConfig<T> {
  message: string;
  choices: readonly (BoxChoice<T> | Separator)[];
  pageSize?: number;
  loop?: boolean;
  /** A key that moves to the first info entry (e.g. "?"). */
  infoKey?: string;
  validate?: (values: T[]) => true | string | Promise<true | string>;
  theme?: unknown;
}

interface BoxTheme {
  icon: { checked: string; unchecked: string; cursor: string };
  style: {
    answer: (text: string) => string;
    message: (text: string, status: Status) => string;
    error: (text: string) => string;
    highlight: (text: string) => string;
    description: (text: string) => string;
    keysHelpTip: (keys: [string, string][]) => string | undefined;
  };
  keybindings: readonly ('emacs' | 'vim')[];
}

const defaultTheme = {
  icon: { checked: '◉', unchecked: '◯', cursor: '❯' },
  style: {
    keysHelpTip: (keys: [string, string][]) => keys.map(([key, action]) => `${key} ${action}`).join(' • '),
  },
};

type Item<T> = (BoxChoice<T> & { checked: boolean }) | Separator;

const isChoice = <T>(item: Item<T>): item is BoxChoice<T> & { checked: boolean } => !Separator.isSeparator(item);

/** The boxes after ticking or unticking entry `index`: a tick on one side of the exclusive line clears the other. */
export function toggleBox<T>(items: readonly Item<T>[], index: number): Item<T>[] {
  const target = items[index];
  if (!target || !isChoice(target) || target.info) return [...items];
  const checking = !target.checked;
  return items.map((item, at) => {
    if (!isChoice(item)) return item;
    if (at === index) return { ...item, checked: checking };
    if (!checking || item.info) return item;
    // Ticking an exclusive entry clears every other one; ticking an ordinary one clears the exclusive ones.
    return target.exclusive || item.exclusive ? { ...item, checked: false } : item;
  });
}

/** The prompt: resolves with the values ticked, in list order. */
export const exclusiveCheckbox = createPrompt(<T>(config: BoxConfig<T>, done: (value: T[]) => void) => {
  const { pageSize = 7, loop = true, validate = () => true } = config;
  const theme = (makeTheme as (...themes: object[]) => unknown)(
    defaultTheme,
    (config.theme ?? {}) as object,
  ) as BoxTheme & Parameters<typeof usePrefix>[0]['theme'];
  const [status, setStatus] = useState<Status>('idle');
  const prefix = usePrefix({ status, theme });
  const [items, setItems] = useState<Item<T>[]>(
    config.choices.map((choice) =>
      Separator.isSeparator(choice) ? choice : { ...choice, checked: choice.info ? false : choice.checked === true },
    ),
  );
  const first = items.findIndex(isChoice);
  const last = items.length - 1 - [...items].reverse().findIndex(isChoice);
  const [active, setActive] = useState(first);
  const [error, setError] = useState<string | undefined>(undefined);

  useKeypress(async (key, rl) => {
    if (status !== 'idle') return;
    if (isEnterKey(key)) {
      const values = items
        .filter((item): item is BoxChoice<T> & { checked: boolean } => isChoice(item) && item.checked)
        .map((item) => item.value);
      setStatus('loading');
      const valid = await validate(values);
      if (valid === true) {
        setStatus('done');
        done(values);
      } else {
        setStatus('idle');
        setError(valid);
      }
    } else if (isUpKey(key, theme.keybindings) || isDownKey(key, theme.keybindings)) {
      setError(undefined);
      const up = isUpKey(key, theme.keybindings);
      if (!loop && ((up && active === first) || (!up && active === last))) return;
      let next = active;
      do next = (next + (up ? -1 : 1) + items.length) % items.length;
      while (!isChoice(items[next]!));
      setActive(next);
    } else if (isSpaceKey(key)) {
      setError(undefined);
      setItems(toggleBox(items, active));
    } else if (isNumberKey(key)) {
      // The nth entry (separators not counted), as in inquirer's checkbox.
      let seen = 0;
      const position = items.findIndex((item) => isChoice(item) && ++seen === Number(key.name));
      if (position >= 0 && !(items[position] as BoxChoice<T>).info) {
        setError(undefined);
        setActive(position);
        setItems(toggleBox(items, position));
      }
    } else if (config.infoKey !== undefined && rl.line.endsWith(config.infoKey)) {
      const info = items.findIndex((item) => isChoice(item) && item.info === true);
      if (info >= 0) setActive(info);
    }
    // Keys are also typed into the line buffer, which this list does not use: keep it empty.
    rl.clearLine(0);
  });

  const message = theme.style.message(config.message, status);
  let description: string | undefined;
  const page = usePagination({
    items,
    active,
    renderItem({ item, isActive }) {
      if (!isChoice(item)) return ` ${item.separator}`;
      if (isActive) description = item.description;
      const cursor = isActive ? theme.icon.cursor : ' ';
      const box = item.info ? ' ' : item.checked ? theme.icon.checked : theme.icon.unchecked;
      const line = `${cursor}${box} ${item.name}`;
      return isActive ? theme.style.highlight(line) : line;
    },
    pageSize,
    loop,
  });

  if (status === 'done') {
    const chosen = items
      .filter((item): item is BoxChoice<T> & { checked: boolean } => isChoice(item) && item.checked)
      .map((item) => item.name);
    return [prefix, message, theme.style.answer(chosen.join(', '))].filter(Boolean).join(' ');
  }
  const help = theme.style.keysHelpTip([
    ['↑↓', 'navigate'],
    ['space', 'select'],
    ['⏎', 'submit'],
  ]);
  const lines = [
    [prefix, message].filter(Boolean).join(' '),
    page,
    ' ',
    description ? theme.style.description(description) : '',
    error ? theme.style.error(error) : '',
    help ?? '',
  ]
    .filter(Boolean)
    .join('\n')
    .trimEnd();
  // Hide the cursor while the list is open, as inquirer's lists do.
  return `${lines}\u001b[?25l`;
});
