// Text from answers and rubric files is shown in terminals (and reports): strip ANSI escapes, control characters and
// bidirectional overrides first, so a note can neither drive the terminal nor make text read differently than it is.

// ESC sequences (CSI, OSC and single-character escapes) and C0/C1 controls except tab and newline.
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)?|\u001b[@-_]|\u009b[0-?]*[ -/]*[@-~]/g;
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// Bidirectional embeddings, overrides and isolates ("Trojan Source"): they reorder the text around them.
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;

/** Removes terminal escape sequences, control characters and bidi overrides (keeps tabs and newlines when `multiline`). */
export function safeText(text: string, multiline = false): string {
  const cleaned = text.replace(ESCAPES, '').replace(CONTROLS, '').replace(BIDI, '');
  return multiline ? cleaned : cleaned.replace(/[\t\n]+/g, ' ');
}
