// Text from answers and rubric files is shown in terminals: strip ANSI escapes and control characters first.

// ESC sequences (CSI, OSC and single-character escapes) and C0/C1 controls except tab and newline; also bidirectional
// overrides and isolates, which reorder what a terminal shows.
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)?|\u001b[@-_]|\u009b[0-?]*[ -/]*[@-~]/g;
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Removes terminal escape sequences and control characters (keeps tabs and newlines when `multiline`). */
export function safeText(text: string, multiline = false): string {
  const cleaned = text.replace(ESCAPES, '').replace(CONTROLS, '');
  return multiline ? cleaned : cleaned.replace(/[\t\n]+/g, ' ');
}
