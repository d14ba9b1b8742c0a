// The one guarded way to read a YAML file: size, encoding and nesting are checked before parsing, parse errors are
// located, and every later problem can be pointed at a line and column through `locate`.
import { readFileSync, statSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { InputError, type Problem } from '../errors.js';

/** Files larger than this are refused before parsing (answers files are a few kB; rubrics tens of kB). */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Deeper nesting than this is refused before parsing: the YAML parser can exhaust memory on deep input. */
export const MAX_NESTING = 64;
const MAX_ALIASES = 100;

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

/** Reads and parses a YAML file, or throws an InputError that says what is wrong and where. */
export function readYamlFile(file: string): YamlFile {
  const text = readTextFile(file);
  return parseYamlText(file, text);
}

/** Reads a file as UTF-8 text, refusing missing paths, folders, binary content and oversized files. */
export function readTextFile(file: string): string {
  const fail = (message: string, hint?: string): never => {
    throw new InputError([{ file, message, ...(hint && { hint }) }]);
  };
  let size: number;
  try {
    const stats = statSync(file);
    if (stats.isDirectory()) fail('is a folder, not a file', 'Give the path of a YAML file.');
    size = stats.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') fail('file not found', 'Check the path; `scaleplay init` writes a new answers file.');
    return fail(`cannot read the file (${code ?? 'error'})`);
  }
  if (size > MAX_FILE_BYTES) fail(`file is too large (${size} bytes; the limit is ${MAX_FILE_BYTES} bytes)`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(`cannot read the file (${code ?? 'error'})`, code === 'EACCES' ? 'Check the file permissions.' : undefined);
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) fail(`not a text file (NUL byte at offset ${nul})`, 'Give a YAML text file.');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('not valid UTF-8 text', 'Save the file as UTF-8.');
  }
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** Parses YAML text with locations; `file` is only used in messages. */
export function parseYamlText(file: string, text: string): YamlFile {
  if (text.trim() === '') throw new InputError([{ file, line: 1, col: 1, message: 'file is empty', hint: 'Expected a YAML mapping.' }]);
  const tooDeep = findExcessiveNesting(text);
  if (tooDeep) {
    throw new InputError([{ file, ...tooDeep, message: `nesting deeper than ${MAX_NESTING} levels`, hint: 'Flatten the file.' }]);
  }
  const lines = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, strict: true });
  } catch (error) {
    throw new InputError([{ file, message: `cannot parse YAML: ${(error as Error).message}` }]);
  }
  if (doc.errors.length > 0) {
    throw new InputError(
      doc.errors.map((error) => {
        const { line, col } = lines.linePos(error.pos[0]);
        return { file, line, col, message: firstLine(error.message) };
      }),
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    throw new InputError([{ file, line: 1, col: 1, message: `cannot load YAML: ${firstLine((error as Error).message)}` }]);
  }
  return { file, text, doc, lines, data };
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
  if (isSeq(parent) && typeof last === 'number') return locate(yaml, path);
  return locate(yaml, path);
}

/** A problem located at `path` in this file. */
export function problemAt(yaml: YamlFile, path: readonly PathSegment[], message: string, hint?: string, atKey = false): Problem {
  const position = atKey ? locateKey(yaml, path) : locate(yaml, path);
  return { file: yaml.file, ...position, message, ...(hint && { hint }) };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

// A cheap scan that bounds flow nesting ([ and {) and block nesting (indentation) before the parser sees the text.
// Brackets inside quoted strings are counted too: balanced ones cancel out, and 64 unbalanced ones are not a real file.
function findExcessiveNesting(text: string): { line: number; col: number } | undefined {
  const lines = text.split('\n');
  let depth = 0;
  for (const [index, content] of lines.entries()) {
    const indent = content.length - content.replace(/^[ \-]*/, '').length;
    // Two columns a level is the tightest common style; anything past this is hostile or generated.
    if (indent > MAX_NESTING * 2) return { line: index + 1, col: indent };
    for (let col = 0; col < content.length; col++) {
      const char = content[col];
      if (char === '#' && (col === 0 || content[col - 1] === ' ')) break;
      if (char === '[' || char === '{') {
        if (++depth > MAX_NESTING) return { line: index + 1, col: col + 1 };
      } else if (char === ']' || char === '}') depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}
