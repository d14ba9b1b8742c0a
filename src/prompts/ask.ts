// The prompt adapter's contract: what the assessment flow may ask. The flow receives an `Ask` as a parameter, so tests
// pass a scripted fake and only src/prompts/inquirer-ask.ts knows the prompt library.

/** One entry of a select or checkbox list. */
export interface AskChoice<T> {
  value: T;
  /** The text in the list. */
  name: string;
  /** Shown under the list while this entry is highlighted. */
  description?: string;
  /** Pre-checked (checkbox only). */
  checked?: boolean;
  /** Checkbox only: ticking it unticks every other entry, and ticking another entry unticks it (Unknown, None). */
  exclusive?: boolean;
  /** Checkbox only: never ticked; highlighting it shows its description ("? Why it matters"). */
  info?: boolean;
}

/** A divider line in a list. */
export interface AskSeparator {
  separator: string;
}

/** An entry of a list: a choice or a divider. */
export type AskItem<T> = AskChoice<T> | AskSeparator;

interface Common {
  message: string;
  /** Lines shown above the question while it is open (progress), cleared when it is answered. */
  header?: string;
  /** Extra key hints for the help line, e.g. [['?', 'why it matters']]. */
  keys?: [key: string, action: string][];
}

/** Pick one entry of a list. */
export interface SelectQuestion<T> extends Common {
  choices: AskItem<T>[];
  /** The entry highlighted at first (what Enter picks). */
  default?: T;
}

/** Tick any entries of a list. */
export interface CheckboxQuestion<T> extends Common {
  choices: AskItem<T>[];
  /** Returns true, or the message to show while the selection is not acceptable. */
  validate?: (values: T[]) => true | string;
}

/** Type a line of text. */
export interface InputQuestion extends Common {
  /** What Enter gives on an empty line (shown in brackets). */
  default?: string;
  /** Returns true, or the message to show while the text is not acceptable. */
  validate?: (value: string) => true | string;
}

/** The prompts the flow uses. Every method rejects with CancelledError when the user presses Ctrl-C. */
export interface Ask {
  select<T>(question: SelectQuestion<T>): Promise<T>;
  checkbox<T>(question: CheckboxQuestion<T>): Promise<T[]>;
  input(question: InputQuestion): Promise<string>;
}

/** Whether a list item is a divider. */
export function isSeparator<T>(item: AskItem<T>): item is AskSeparator {
  return 'separator' in item;
}
