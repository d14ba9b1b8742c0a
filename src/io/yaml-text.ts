// The YAML channel: what scaleplay writes back as YAML (the consensus of `merge`, answers saved by `assess`, updated
// rubric test cases) carries file text in escaped scalars only. Hand-written YAML (the `init` template) uses yamlQuote.
import { visit, type Document } from 'yaml';
import { escapeUnsafe, RAW_AFTER_JSON, UNSAFE_OR_SEPARATOR } from '../core/unsafe-text.js';

/** A line break followed by what GitHub would run as a workflow command: such text stays on one (quoted) line. */
const COMMAND_AFTER_BREAK = /[\n\r][ \t]*(::|##\[)/;

/**
 * A YAML document as text with every scalar that holds a control, line separator or bidi character written
 * double-quoted and escaped (`\u202e`), so file text can neither start a key nor hide itself in what we write back.
 */
export function yamlText(doc: Document, options: Parameters<Document['toString']>[0] = {}): string {
  let commandAfterBreak = false;
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string') return;
      const command = COMMAND_AFTER_BREAK.test(node.value);
      commandAfterBreak ||= command;
      if (command || node.value.search(UNSAFE_OR_SEPARATOR) !== -1) node.type = 'QUOTE_DOUBLE';
    },
  });
  // Long double-quoted text is folded over several lines by default; where a line could start a workflow command, every
  // line break stays an escape (`\n`) instead.
  const folding = commandAfterBreak ? { doubleQuotedMinMultiLineLength: Number.MAX_SAFE_INTEGER } : {};
  // Inside double quotes, the yaml library escapes C0 controls; the rest (C1, separators, bidi) is escaped here. Every
  // scalar holding one is double-quoted by now, and comments we write are one line: the escapes land inside quotes.
  return escapeUnsafe(doc.toString({ ...options, ...folding }), RAW_AFTER_JSON);
}
