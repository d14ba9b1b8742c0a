// Clean text per output channel: text from answers and rubric files (team names, notes, titles, versions, file names …)
// is cleaned here, in one place per channel, and nowhere else. Each channel has its own rule:
//   terminal          no C0/C1/ESC/bidi; newlines flattened where one line is shown   safeText
//   GitHub commands   no output line starts with `::` or `##[` unless scaleplay wrote  guardWorkflowStreams,
//                     it; annotations escaped by GitHub's rules                         workflowData, workflowProperty
//   CSV               controls removed, formula guard, quoted when needed             csvField
//   JSON              `\u` escapes for controls, C1, line separators and bidi         writeJson
//   YAML written      escaped double-quoted scalars                                   yamlQuote; src/io/yaml-text.ts
//   JUnit XML         terminal-clean, what XML cannot hold dropped, markup escaped    escapeXml, escapeXmlText
//   Markdown, HTML    terminal-clean, then markup escaped                             mdEscape, escapeHtml
import type { Io, OutputStream } from '../runtime.js';
import { escapeUnsafe, RAW_AFTER_JSON, stripUnsafe } from '../core/unsafe-text.js';

export { oneLine, yamlQuote } from '../core/unsafe-text.js';

// ── terminal ────────────────────────────────────────────────────────────────────────────────────────────────────────

/** Removes terminal escape sequences, control characters and bidi overrides (keeps tabs and newlines if `multiline`). */
export function safeText(text: string, multiline = false): string {
  const cleaned = stripUnsafe(text);
  return multiline ? cleaned : cleaned.replace(/[\t\n\u2028\u2029]+/g, ' ');
}

// ── GitHub workflow commands ────────────────────────────────────────────────────────────────────────────────────────

/** A line GitHub's runner would read as a workflow command (`::stop-commands::…`) or a v1 command (`##[error]…`). */
const COMMAND_LINE_START = /(^|[\n\r])([ \t]*)(::|##\[)/g;
/** The real streams behind guarded ones: what `writeWorkflowCommands` writes to. */
const rawStreams = new WeakMap<OutputStream, OutputStream>();

/** Breaks each line start GitHub would run as a workflow command: `::x` becomes `: :x`, `##[x` becomes `# #[x`. */
export function guardWorkflowCommands(text: string, atLineStart = true): string {
  return text.replace(COMMAND_LINE_START, (match, before: string, space: string, mark: string, offset: number) =>
    offset === 0 && before === '' && !atLineStart ? match : `${before}${space}${mark[0]} ${mark.slice(1)}`,
  );
}

/**
 * The same Io with stdout and stderr guarded: no line they carry starts a workflow command, whatever file text it
 * holds (a newline in a rubric version, a wrapped team name, a CSV row starting with a file name). Only the
 * annotations, written through `writeWorkflowCommands`, reach the real stream as commands.
 */
export function guardWorkflowStreams(io: Io): Io {
  const guard = (stream: OutputStream): OutputStream => {
    let atLineStart = true;
    const guarded: OutputStream = {
      write: (text: string) => {
        const out = guardWorkflowCommands(text, atLineStart);
        if (text.length > 0) atLineStart = /[\n\r]$/.test(text);
        return stream.write(out);
      },
      get isTTY() {
        return stream.isTTY;
      },
      get columns() {
        return stream.columns;
      },
    } as OutputStream;
    rawStreams.set(guarded, stream);
    return guarded;
  };
  // A copy that keeps io's accessors as they are (processIo's stdin is made only when read), with the guarded streams.
  const guarded = Object.defineProperties({}, Object.getOwnPropertyDescriptors(io)) as Io;
  return Object.assign(guarded, { stdout: guard(io.stdout), stderr: guard(io.stderr) });
}

/** Writes workflow commands scaleplay built itself (annotations) past the guard. */
export function writeWorkflowCommands(stream: OutputStream, text: string): void {
  unguarded(stream).write(text);
}

/** The real stream behind a guarded one (the prompt library draws on the terminal itself: a TTY is no CI log). */
export function unguarded<T extends OutputStream>(stream: T): T {
  return (rawStreams.get(stream) as T | undefined) ?? stream;
}

/** Escapes a workflow command's message (GitHub's rules: %, CR, LF). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value (the message rules plus `:` and `,`). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** File text as an annotation's message: terminal-clean (line breaks kept, escaped), then escaped. */
export function workflowData(text: string): string {
  return escapeData(safeText(text, true));
}

/** File text as an annotation's property (file, title): terminal-clean on one line, then escaped. */
export function workflowProperty(text: string): string {
  return escapeProperty(safeText(text));
}

// ── CSV ─────────────────────────────────────────────────────────────────────────────────────────────────────────────

/** A value of one CSV field. */
export type CsvValue = string | number | boolean | undefined | null;

/** Renders rows (the first one the header) as CSV text (RFC 4180, CRLF line ends). */
export function renderCsv(rows: readonly (readonly CsvValue[])[]): string {
  return `${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/**
 * One CSV field: numbers and booleans as they are; text with escape sequences, controls (CR included) and bidi
 * characters removed (newlines and tabs kept), guarded against formulas (a leading = + - @ or tab gets a quote), and
 * quoted when needed, also when it starts like a workflow command (so no row starts with `::`).
 */
export function csvField(value: CsvValue): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const clean = safeText(value, true);
  const text = /^[ ]*[=+\-@\t]/.test(clean) ? `'${clean}` : clean;
  return /[",\r\n]|^\s*(::|##\[)/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// ── JSON ────────────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * The one JSON document writer: pretty JSON with a final newline. JSON.stringify leaves DEL, C1 controls (U+009B, a
 * one-byte CSI), line separators and bidi overrides raw: they are escaped too, so the JSON is safe to print in a
 * terminal and still holds the exact text.
 */
export function writeJson(value: unknown): string {
  return `${escapeUnsafe(JSON.stringify(value, null, 2), RAW_AFTER_JSON)}\n`;
}

// ── JUnit XML ───────────────────────────────────────────────────────────────────────────────────────────────────────

/** Escapes text for XML element content: terminal-clean (line breaks kept), then dropping what XML 1.0 cannot hold. */
export function escapeXmlText(text: string): string {
  return stripUnsafe(text)
    .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Escapes text for a double-quoted XML attribute value, keeping line breaks and tabs as character references. */
export function escapeXml(text: string): string {
  return escapeXmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

// ── Markdown and HTML ───────────────────────────────────────────────────────────────────────────────────────────────

/** Escapes text from files for Markdown (one line, terminal-clean, markup characters backslash-escaped). */
export function mdEscape(text: string): string {
  return safeText(text).replace(/([\\`*_{}[\]()#+!|<>~&])/g, '\\$1');
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and attribute values (terminal-clean first). */
export function escapeHtml(text: string, multiline = false): string {
  return safeText(text, multiline).replace(/[&<>"']/g, (char) => HTML_ENTITIES[char]!);
}
