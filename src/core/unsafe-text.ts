// The characters that make text from a file unsafe to show or write back, written down once: C0 and C1 controls, DEL,
// ESC sequences, line/paragraph separators and bidirectional overrides ("Trojan Source"). Every output channel cleans
// file text with these (see src/render/channels.ts); the rubric loader and the located error messages use them too.

// The character ranges, each written once; the classes below are built from them.
const C0 = '\\u0000-\\u0008\\u000b-\\u001f'; // C0 controls except tab and newline (ESC, CR, BEL …)
const DEL_C1 = '\\u007f-\\u009f'; // DEL and the C1 controls (U+009B is a one-byte CSI)
const SEPARATORS = '\\u2028\\u2029'; // line and paragraph separators
const BIDI_CHARS = '\\u202a-\\u202e\\u2066-\\u2069'; // bidi embeddings, overrides and isolates ("Trojan Source")
const TAB_NEWLINE = '\\u0009\\u000a';

/** Whole escape sequences (CSI, OSC such as hyperlinks, window titles and OSC 52, single-character ones, C1 CSI). */
export const ESCAPE_SEQUENCES =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)?|\u001b[@-_]|\u009b[0-?]*[ -/]*[@-~]/g;
/** C0 controls except tab and newline, DEL and C1 controls. */
export const CONTROLS = new RegExp(`[${C0}${DEL_C1}]`, 'g');
/** Bidirectional embeddings, overrides and isolates: they reorder the text around them. */
export const BIDI = new RegExp(`[${BIDI_CHARS}]`, 'g');
/** Controls (tab and newline kept) and bidi characters: what the rubric loader warns about and removes. */
export const UNSAFE_CHARACTERS = new RegExp(`[${C0}${DEL_C1}${BIDI_CHARS}]`, 'g');
/** What JSON.stringify leaves raw but a safe JSON document escapes: DEL, C1, line separators and bidi. */
export const RAW_AFTER_JSON = new RegExp(`[${DEL_C1}${SEPARATORS}${BIDI_CHARS}]`, 'g');
/** Controls (tab and newline kept), line separators and bidi: what messages and written YAML scalars show escaped. */
export const UNSAFE_OR_SEPARATOR = new RegExp(`[${C0}${DEL_C1}${SEPARATORS}${BIDI_CHARS}]`, 'g');
/** Every character a text format shows escaped (`\u001b`): all controls, line separators and bidi characters. */
export const ESCAPE_WORTHY = new RegExp(`[${TAB_NEWLINE}${C0}${DEL_C1}${SEPARATORS}${BIDI_CHARS}]`, 'g');
/** Runs of everything that cannot stand in one line of plain text. */
const NOT_ONE_LINE = new RegExp(`[${TAB_NEWLINE}${C0}${DEL_C1}${SEPARATORS}${BIDI_CHARS}]+`, 'g');

/** Removes escape sequences (whole: no "[2J" residue is left), controls and bidi characters; keeps tab and newline. */
export function stripUnsafe(text: string): string {
  return text.replace(ESCAPE_SEQUENCES, '').replace(CONTROLS, '').replace(BIDI, '');
}

/** Shows every control, line separator and bidi character as a `\u001b`-style escape (nothing removed, nothing raw). */
export function escapeUnsafe(text: string, worthy: RegExp = ESCAPE_WORTHY): string {
  return text.replace(worthy, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One line of plain text: controls, separators and bidi characters become single spaces, trimmed. */
export function oneLine(text: string): string {
  return text.replace(ESCAPE_SEQUENCES, ' ').replace(NOT_ONE_LINE, ' ').trim();
}

/**
 * A YAML double-quoted scalar for any text: `"`, `\` and every control, separator and bidi character escaped, so the
 * text can never end the scalar, start a new key or hide itself. It reads back as exactly the same text.
 */
export function yamlQuote(text: string): string {
  const escaped = text.replace(/["\\]/g, (char) => `\\${char}`);
  return `"${escapeUnsafe(escaped)}"`;
}
