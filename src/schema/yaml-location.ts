// Where a value is in a parsed YAML file (file:line:col), and problems located there. Kept apart from reading files
// (src/io/yaml-file.ts) so that schemas can locate their issues without depending on the io layer.
import { isMap, isScalar, type Document, type LineCounter, type Node } from 'yaml';
import { escapeUnsafe, UNSAFE_OR_SEPARATOR } from '../core/unsafe-text.js';
import type { Problem } from '../errors.js';

/** Longest message shown for one problem; longer ones (a 100 kB value quoted back) are cut in the middle. */
const MAX_MESSAGE = 300;

export type PathSegment = string | number;

export interface YamlFile {
  /** The path as the user gave it, used in messages. */
  file: string;
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
  /** The parsed plain data. */
  data: unknown;
}

/** The location of the value at `path`, or of the nearest parent that exists. */
export function locate(yaml: YamlFile, path: readonly PathSegment[]): { line: number; col: number } {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? yaml.doc.contents : (yaml.doc.getIn(path.slice(0, depth), true) as Node | undefined);
    if (node && typeof node === 'object' && 'range' in node && node.range) return yaml.lines.linePos(node.range[0]);
  }
  return { line: 1, col: 1 };
}

/** The location of the key of the last segment of `path` (better than the value for "unknown key" messages). */
export function locateKey(yaml: YamlFile, path: readonly PathSegment[]): { line: number; col: number } {
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1];
  const parent = parentPath.length === 0 ? yaml.doc.contents : yaml.doc.getIn(parentPath, true);
  if (isMap(parent)) {
    const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === String(last));
    if (pair && isScalar(pair.key) && pair.key.range) return yaml.lines.linePos(pair.key.range[0]);
  }
  return locate(yaml, path);
}

/** A problem located at `path` in this file; the text is made safe to print (controls shown escaped, long values cut). */
export function problemAt(
  yaml: YamlFile,
  path: readonly PathSegment[],
  message: string,
  hint?: string,
  atKey = false,
): Problem {
  const position = atKey ? locateKey(yaml, path) : locate(yaml, path);
  return { file: yaml.file, ...position, message: cleanMessage(message), ...(hint && { hint: cleanMessage(hint) }) };
}

/**
 * Makes text from a file safe and short enough for a one-line diagnostic: control characters (ESC, CR, BEL, C1 …) are
 * shown escaped as `\u001b`, so a hostile value can neither drive the terminal nor hide itself; over-long text is cut in
 * the middle so both its start and the end of the message stay visible.
 */
export function cleanMessage(text: string): string {
  const visible = escapeUnsafe(text, UNSAFE_OR_SEPARATOR).replace(/[\t\n]/g, ' ');
  if (visible.length <= MAX_MESSAGE) return visible;
  const head = visible.slice(0, MAX_MESSAGE - 90);
  const tail = visible.slice(-60);
  return `${head} … (${visible.length - head.length - tail.length} characters cut) … ${tail}`;
}
