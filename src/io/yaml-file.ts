// The one guarded way to read a YAML file. Every command that reads a file comes through here, so the same promises
// hold everywhere: the path is checked (missing, folder, unreadable, symbolic-link loop, not a regular file), the size
// is bounded, the bytes must be UTF-8 text, nesting is measured on the parser's token tree BEFORE the recursive part of
// the YAML library runs (deep input has aborted Node outright: exit 134, uncatchable), and what the parser accepts is
// then checked for alias bombs and cycles, odd tags, non-finite or inexact numbers and keys such as `__proto__`.
// Every problem comes back as an InputError located at file:line:col; nothing here writes anything.
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readlinkSync,
  readSync,
  statSync,
  type Stats,
} from 'node:fs';
import { resolve } from 'node:path';
import {
  Composer,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Lexer,
  LineCounter,
  Parser,
  type Alias,
  type CST,
  type YAMLParseError,
  type Document,
  type Node,
  type ScalarTag,
} from 'yaml';
import { InputError, type Problem } from '../errors.js';
import { noteFileRead } from './files-read.js';
import { cleanMessage, type YamlFile } from '../schema/yaml-location.js';

// Where things are in a parsed file lives with the schemas (which locate their issues); re-exported for io's users.
export {
  cleanMessage,
  locate,
  locateKey,
  problemAt,
  type PathSegment,
  type YamlFile,
} from '../schema/yaml-location.js';

/** Files larger than this are refused before they are read (answers files are a few kB; rubric files tens of kB). */
export const MAX_FILE_BYTES = 1024 * 1024;
/**
 * Collections nested deeper than this are refused. Measured on the parser's token tree before composing (which recurses),
 * and again after aliases are expanded. scaleplay's own formats nest at most 6 levels deep.
 */
export const MAX_NESTING = 64;
/** At most this many aliases (`*name`) in a file. */
export const MAX_ALIASES = 100;
/**
 * The YAML library's own expansion check (aliases of aliases multiply: an "alias bomb" expands a few lines into
 * billions of nodes). Its count is weighted by how much each alias expands; twice the alias limit leaves plain uses of
 * up to MAX_ALIASES aliases alone and still stops a bomb at its first levels.
 */
const MAX_ALIAS_EXPANSION = 2 * MAX_ALIASES;
/** At most this many YAML syntax errors are listed for one file: after the first few they are mostly echoes. */
const MAX_SYNTAX_ERRORS = 5;
/** Keys refused anywhere: they would alter JavaScript objects if copied naively. */
export const FORBIDDEN_KEYS = ['__proto__', 'constructor'] as const;
/** The YAML tags a scaleplay file may use explicitly (plain text, numbers, booleans, null, mappings and lists). */
const ALLOWED_TAGS = new Set([
  'tag:yaml.org,2002:str',
  'tag:yaml.org,2002:int',
  'tag:yaml.org,2002:float',
  'tag:yaml.org,2002:bool',
  'tag:yaml.org,2002:null',
  'tag:yaml.org,2002:map',
  'tag:yaml.org,2002:seq',
]);
/** Reads and parses a YAML file, or throws an InputError that says what is wrong and where. */
export function readYamlFile(file: string, cwd = '.'): YamlFile {
  const text = readTextFile(file, cwd);
  return parseYamlText(file, text);
}

/** Reads a file as UTF-8 text, refusing bad paths, files that are not regular, oversized files and non-text content. */
export function readTextFile(file: string, cwd = '.'): string {
  return decodeText(file, readBoundedBytes(file, resolve(cwd, file)));
}

/** Checks that `dir` is a readable folder, or throws an InputError saying what it is instead. */
export function checkFolder(dir: string, what = 'folder', cwd = '.'): void {
  let stats: Stats;
  try {
    stats = statSync(resolve(cwd, dir));
  } catch (error) {
    throw new InputError([pathProblem(dir, error, what, resolve(cwd, dir))]);
  }
  if (!stats.isDirectory())
    throw new InputError([{ file: dir, message: `is a file, not a ${what}`, hint: `Give the path of a ${what}.` }]);
}

/** Parses YAML text with locations and every check that follows the parser; `file` is only used in messages. */
export function parseYamlText(file: string, text: string): YamlFile {
  if (text.trim() === '')
    throw new InputError([
      { file, line: 1, col: 1, message: 'file is empty', hint: 'Expected a YAML mapping (key: value lines).' },
    ]);
  const lines = new LineCounter();
  const at = (offset: number) => lines.linePos(Math.max(0, Math.min(offset, text.length)));

  const tooDeep = (offset: number) =>
    new InputError([
      {
        file,
        ...at(offset),
        message: `nesting deeper than ${MAX_NESTING} levels`,
        hint: `scaleplay files nest a few levels deep; the limit is ${MAX_NESTING}. Flatten the file.`,
      },
    ]);
  // 1. Tokens. One pass of the lexer feeds the parser, and stops at the first [ or { nested too deep (cheap, and the
  //    commonest attack) before the parser sees it; the parser builds the token tree with its own stack, so block
  //    nesting costs time here, never the call stack, and is measured exactly below.
  let tokens: CST.Token[];
  try {
    const parsed = tokenize(text, lines);
    if (typeof parsed === 'number') {
      const counter = new LineCounter();
      counter.addNewLine(0);
      for (let index = text.indexOf('\n'); index !== -1 && index < parsed; index = text.indexOf('\n', index + 1))
        counter.addNewLine(index + 1);
      const { line, col } = counter.linePos(parsed);
      throw new InputError([{ ...tooDeep(parsed).problems[0]!, line, col }]);
    }
    tokens = parsed;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError([{ file, line: 1, col: 1, message: `cannot parse YAML (${firstLine(errorMessage(error))})` }]);
  }
  const deep = findDeepToken(tokens);
  if (deep !== undefined) throw tooDeep(deep);

  // 2. Documents (the recursive part, now bounded).
  let doc: Document.Parsed | undefined;
  const syntax: Problem[] = [];
  try {
    const composer = new Composer({
      prettyErrors: false,
      uniqueKeys: true,
      strict: true,
      merge: false,
      customTags: (tags) => [...tags, ...EXPLICIT_NUMBER_TAGS],
    });
    for (const next of composer.compose(tokens, true, text.length)) {
      if (!doc) doc = next;
      else {
        syntax.push({
          file,
          ...at(next.range[0]),
          message: 'a second YAML document (after ---)',
          hint: 'A scaleplay file holds one document: remove the --- line and what follows, or split the file.',
        });
        break;
      }
    }
  } catch (error) {
    throw new InputError([{ file, line: 1, col: 1, message: `cannot parse YAML (${firstLine(errorMessage(error))})` }]);
  }
  if (!doc)
    throw new InputError([
      {
        file,
        line: 1,
        col: 1,
        message: 'file has no YAML document',
        hint: 'Expected a YAML mapping (key: value lines).',
      },
    ]);
  for (const error of [...doc.errors, ...doc.warnings])
    syntax.unshift({ file, ...at(error.pos[0]), ...describeYamlError(error, text) });
  if (syntax.length > 0) throw new InputError(limitSyntaxErrors(sortProblems(syntax)));
  if (
    doc.contents === null ||
    (isScalar(doc.contents) && doc.contents.value === null && doc.contents.range[0] === doc.contents.range[1])
  ) {
    throw new InputError([
      {
        file,
        line: 1,
        col: 1,
        message: 'file has no content (only comments)',
        hint: 'Expected a YAML mapping (key: value lines).',
      },
    ]);
  }

  // 3. What the parser accepts but scaleplay does not: alias bombs and cycles, odd tags, odd numbers, forbidden keys.
  const problems = checkNodes(doc, text, file, at);
  if (problems.length > 0) throw new InputError(problems);

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSION });
  } catch (error) {
    // toJS refuses alias bombs by its weighted expansion count (and anything else checkNodes missed): locate it at the first alias.
    const first = firstAlias(doc);
    const message = firstLine(errorMessage(error));
    const bomb = /alias count|resource exhaustion/i.test(message);
    throw new InputError([
      {
        file,
        ...(first !== undefined ? at(first) : { line: 1, col: 1 }),
        message: bomb
          ? 'aliases expand this file far beyond its size (an "alias bomb")'
          : `cannot load YAML: ${cleanMessage(message)}`,
        ...(bomb && { hint: 'Aliases of aliases multiply the data; write the values out instead.' }),
      },
    ]);
  }
  return { file, text, doc, lines, data };
}

// ── numbers ──────────────────────────────────────────────────────────────────────────────────────────────────────────

/** A decimal number as YAML's core schema writes it (no hex, octal or special values). */
const DECIMAL = /^[-+]?(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/;

/**
 * `!!int` and `!!float` on any number literal, resolved the same way as the plain literal (the YAML library refuses
 * `!!float 7` and `!!int 7.0`): `!!float` takes any decimal number, `!!int` a whole one (`7`, `7.0`, `0x1f`, `0o17`).
 */
const EXPLICIT_NUMBER_TAGS: ScalarTag[] = [
  {
    tag: 'tag:yaml.org,2002:int',
    default: false,
    resolve(text, onError) {
      const value =
        /^[-+]?0x[0-9a-fA-F]+$/.test(text) || /^[-+]?0o[0-7]+$/.test(text) ? signed(text, Number) : decimalValue(text);
      if (value === undefined || !Number.isInteger(value)) {
        onError(`!!int needs a whole number, found ${JSON.stringify(firstToken(text))}`);
        return text;
      }
      return value;
    },
  },
  {
    tag: 'tag:yaml.org,2002:float',
    default: false,
    resolve(text, onError) {
      const special = /^([-+]?)\.(inf|Inf|INF)$/.exec(text);
      if (special) return special[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
      if (/^\.(nan|NaN|NAN)$/.test(text)) return Number.NaN;
      const value = decimalValue(text);
      if (value === undefined) {
        onError(`!!float needs a number, found ${JSON.stringify(firstToken(text))}`);
        return text;
      }
      return value;
    },
  },
];

function signed(text: string, parse: (digits: string) => number): number {
  return text.startsWith('-') ? -parse(text.slice(1)) : parse(text.replace(/^\+/, ''));
}

function decimalValue(text: string): number | undefined {
  return DECIMAL.test(text) && /\d/.test(text) ? Number(text) : undefined;
}

/** Whether a decimal literal has more significant digits than the double it becomes (`99.99999999999999999` → 100). */
export function losesPrecision(literal: string, value: number): boolean {
  const written = significantDigits(literal);
  return written !== undefined && written !== significantDigits(String(Math.abs(value)));
}

/** `0012.50e1` → `125e3`: the significant digits and the exponent, so two spellings of one number compare equal. */
function significantDigits(literal: string): string | undefined {
  const match = DECIMAL.exec(literal.trim());
  if (!match || !/\d/.test(literal)) return undefined;
  const whole = match[1] ?? '';
  let digits = whole + (match[2] ?? '');
  let exponent = Number(match[3] ?? 0) + whole.length;
  const leading = /^0*/.exec(digits)![0].length;
  digits = digits.slice(leading).replace(/0+$/, '');
  exponent -= leading;
  return digits === '' ? '0' : `${digits}e${exponent}`;
}

/** At most the offending token, never a whole line of a file: the first 40 characters of the first word. */
function firstToken(text: string): string {
  const token = text.trim().split(/\s/)[0] ?? '';
  return token.length > 40 ? `${token.slice(0, 40)}…` : token;
}

// ── reading bytes ────────────────────────────────────────────────────────────────────────────────────────────────────

function readBoundedBytes(file: string, path: string): Buffer {
  const fail = (message: string, hint?: string): never => {
    throw new InputError([{ file, message, ...(hint && { hint }) }]);
  };
  // stat first: it never blocks, whereas opening a named pipe without a writer would wait forever.
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    throw new InputError([pathProblem(file, error, 'file', path)]);
  }
  if (stats.isDirectory()) fail('is a folder, not a file', 'Give the path of a YAML file.');
  if (!stats.isFile())
    fail(`is not a regular file (${fileKind(stats)})`, 'Give the path of a YAML file saved on disk.');
  if (stats.size > MAX_FILE_BYTES)
    fail(
      `file is too large (${formatBytes(stats.size)}; the limit is ${formatBytes(MAX_FILE_BYTES)})`,
      'scaleplay files are a few kB: is this the right file?',
    );

  let fd: number;
  try {
    // O_NONBLOCK: should the path have been swapped for a pipe since the stat, opening it still returns at once.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new InputError([pathProblem(file, error, 'file', path)]);
  }
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile()) fail('is not a regular file', 'Give the path of a YAML file saved on disk.');
    noteFileRead(file, path, opened);
    // Read to the end but never past one byte over the limit: a file that grows while we read, or whose size the system
    // does not report (as in /proc), is still refused rather than read whole.
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(64 * 1024, MAX_FILE_BYTES + 1 - length));
      const count = readSync(fd, chunk, 0, chunk.length, null);
      if (count === 0) break;
      chunks.push(chunk.subarray(0, count));
      length += count;
      if (length > MAX_FILE_BYTES)
        fail(
          `file is too large (over ${formatBytes(MAX_FILE_BYTES)}, the limit)`,
          'scaleplay files are a few kB: is this the right file?',
        );
    }
    return Buffer.concat(chunks, length);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError([pathProblem(file, error, 'file', path)]);
  } finally {
    closeSync(fd);
  }
}

/** A problem for a path that cannot be opened, saying why in plain words. */
function pathProblem(file: string, error: unknown, what: 'file' | string, path: string): Problem {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT': {
      const target = brokenLinkTarget(path);
      if (target !== undefined)
        return {
          file,
          message: `is a broken symbolic link (it points to ${cleanMessage(target)}, which does not exist)`,
        };
      return {
        file,
        message: `${what} not found`,
        hint: what === 'file' ? 'Check the path; `scaleplay init` writes a new answers file.' : 'Check the path.',
      };
    }
    case 'ENOTDIR':
      return {
        file,
        message: `${what} not found: a part of the path is a file, not a folder`,
        hint: 'Check the path.',
      };
    case 'ELOOP':
      return {
        file,
        message: 'symbolic link loop: the path never reaches a file',
        hint: 'Fix or remove the symbolic links along the path.',
      };
    case 'EACCES':
    case 'EPERM':
      return {
        file,
        message: `cannot read the ${what}: permission denied (${code})`,
        hint: `Check the ${what}'s permissions and those of the folders above it.`,
      };
    case 'ENAMETOOLONG':
      return { file: `${cleanMessage(file.slice(0, 80))}…`, message: 'path is too long' };
    case 'EISDIR':
      return { file, message: 'is a folder, not a file', hint: 'Give the path of a YAML file.' };
    default:
      return { file, message: `cannot read the ${what} (${code ?? firstLine(errorMessage(error))})` };
  }
}

function brokenLinkTarget(file: string): string | undefined {
  try {
    return lstatSync(file).isSymbolicLink() ? readlinkSync(file) : undefined;
  } catch {
    return undefined;
  }
}

function fileKind(stats: Stats): string {
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  return 'not a file';
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0
    ? `${bytes / (1024 * 1024)} MiB`
    : bytes >= 1024
      ? `${(bytes / (1024 * 1024)).toFixed(2)} MiB, ${bytes} bytes`
      : `${bytes} bytes`;
}

// ── bytes to text ────────────────────────────────────────────────────────────────────────────────────────────────────

function decodeText(file: string, bytes: Buffer): string {
  const where = (offset: number) => positionOfByte(bytes, offset);
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new InputError([
      {
        file,
        line: 1,
        col: 1,
        message: 'file is UTF-16 text, not UTF-8',
        hint: 'Save the file as UTF-8 (a UTF-8 byte-order mark is fine).',
      },
    ]);
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    throw new InputError([
      {
        file,
        ...where(nul),
        message: `not a text file: found a NUL byte (byte ${nul})`,
        hint: 'Expected a YAML text file; is this a binary file?',
      },
    ]);
  }
  const invalid = findInvalidUtf8(bytes);
  if (invalid !== -1) {
    const shown = [...bytes.subarray(invalid, invalid + 4)].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
    throw new InputError([
      {
        file,
        ...where(invalid),
        message: `not valid UTF-8 text: found the bytes ${shown} (byte ${invalid})`,
        hint: 'Save the file as UTF-8.',
      },
    ]);
  }
  const text = bytes.toString('utf8');
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** The 1-based line and column (in characters) of a byte offset; a UTF-8 byte-order mark is not counted. */
function positionOfByte(bytes: Buffer, offset: number): { line: number; col: number } {
  const before = bytes.subarray(0, offset);
  const lineStart = before.lastIndexOf(0x0a) + 1;
  const line = before.filter((byte) => byte === 0x0a).length + 1;
  const start = lineStart === 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : lineStart;
  return { line, col: [...new TextDecoder('utf-8').decode(bytes.subarray(start, offset))].length + 1 };
}

/** The offset of the first byte that does not belong to well-formed UTF-8, or -1. */
export function findInvalidUtf8(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const first = bytes[index]!;
    if (first < 0x80) {
      index++;
      continue;
    }
    let length: number;
    let min: number;
    if (first >= 0xc2 && first <= 0xdf) [length, min] = [2, 0x80];
    else if (first >= 0xe0 && first <= 0xef) [length, min] = [3, 0x800];
    else if (first >= 0xf0 && first <= 0xf4) [length, min] = [4, 0x10000];
    else return index;
    if (index + length > bytes.length) return index;
    let code = first & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) {
      const next = bytes[index + k]!;
      if ((next & 0xc0) !== 0x80) return index;
      code = (code << 6) | (next & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return index;
    index += length;
  }
  return -1;
}

// ── tokens: nesting bound before composing ───────────────────────────────────────────────────────────────────────────

/**
 * The parser's token tree, lexing the text once: each lexeme is checked for flow nesting, then handed to the parser.
 * Returns the offset of the first `[` or `{` nested deeper than MAX_NESTING instead, stopping there.
 */
function tokenize(text: string, lines: LineCounter): CST.Token[] | number {
  // Brackets inside quoted or plain scalars and comments come out of the lexer as parts of longer tokens, so only real
  // flow indicators count. The lexer also emits one-character markers that are not in the source: skip their length.
  const parser = new Parser(lines.addNewLine);
  lines.addNewLine(0);
  const tokens: CST.Token[] = [];
  let depth = 0;
  let offset = 0;
  for (const lexeme of new Lexer().lex(text)) {
    if (lexeme === '[' || lexeme === '{') {
      if (++depth > MAX_NESTING) return offset;
    } else if (lexeme === ']' || lexeme === '}') depth = Math.max(0, depth - 1);
    if (lexeme !== '\x02' && lexeme !== '\x18' && lexeme !== '\x1f') offset += lexeme.length;
    for (const token of parser.next(lexeme)) tokens.push(token);
  }
  for (const token of parser.end()) tokens.push(token);
  return tokens;
}

/** The offset of the first collection nested deeper than MAX_NESTING, walking the token tree without recursion. */
function findDeepToken(tokens: readonly CST.Token[]): number | undefined {
  const stack: Array<[CST.Token, number]> = tokens.map((token) => [token, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    const isCollection = token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection';
    const inner = isCollection ? depth + 1 : depth;
    if (inner > MAX_NESTING) return token.offset;
    if (token.type === 'document' && token.value) stack.push([token.value, inner]);
    if (isCollection) {
      for (const item of token.items) {
        if (item.key) stack.push([item.key, inner]);
        if (item.value) stack.push([item.value, inner]);
      }
    }
  }
  return undefined;
}

// ── nodes: what the parser accepts but scaleplay does not ────────────────────────────────────────────────────────────

function checkNodes(
  doc: Document.Parsed,
  text: string,
  file: string,
  at: (offset: number) => { line: number; col: number },
): Problem[] {
  const problems: Problem[] = [];
  const add = (node: { range?: readonly number[] | null } | null | undefined, message: string, hint?: string) => {
    problems.push({
      file,
      ...(node?.range ? at(node.range[0]!) : { line: 1, col: 1 }),
      message: cleanMessage(message),
      ...(hint && { hint }),
    });
  };
  const sourceOf = (node: Node) => (node.range ? text.slice(node.range[0], node.range[1]).trim() : '');
  const anchors = new Map<string, Node[]>();
  const aliases: Array<{ alias: Alias; depth: number }> = [];
  // Depth-first, without recursion; `ancestors` holds the nodes on the way down, to find aliases that point at one.
  const stack: Array<{ node: unknown; depth: number; exit?: boolean }> = [{ node: doc.contents, depth: 0 }];
  const ancestors = new Set<unknown>();
  while (stack.length > 0) {
    const { node, depth, exit } = stack.pop()!;
    if (exit) {
      ancestors.delete(node);
      continue;
    }
    if (isAlias(node)) {
      aliases.push({ alias: node, depth });
      const target = node.resolve(doc);
      if (!target)
        add(
          node,
          `alias *${node.source} has no anchor &${node.source} before it`,
          'Define the anchor (&name) before using the alias (*name).',
        );
      else if (ancestors.has(target))
        add(
          node,
          `alias *${node.source} refers to a node that contains it (an endless cycle)`,
          'An alias must not point at one of its own parents.',
        );
      continue;
    }
    if (!node || typeof node !== 'object') continue;
    const yamlNode = node as Node;
    if ('anchor' in yamlNode && typeof yamlNode.anchor === 'string' && yamlNode.anchor) {
      anchors.set(yamlNode.anchor, [...(anchors.get(yamlNode.anchor) ?? []), yamlNode]);
    }
    if ('tag' in yamlNode && typeof yamlNode.tag === 'string' && !ALLOWED_TAGS.has(yamlNode.tag)) {
      // The node's range starts after its tag: point at the tag itself when it is on the same line.
      const start = yamlNode.range?.[0] ?? 0;
      const lineStart = text.lastIndexOf('\n', start - 1) + 1;
      const tag = /!\S*\s*$/.exec(text.slice(lineStart, start));
      const tagAt = tag ? { range: [lineStart + tag.index] } : yamlNode;
      add(
        tagAt,
        `YAML tag ${yamlNode.tag.replace('tag:yaml.org,2002:', '!!')} is not supported`,
        'Remove the tag: scaleplay files hold plain text, numbers, yes/no, lists and mappings.',
      );
    }
    if (isScalar(yamlNode)) {
      const value = yamlNode.value;
      if (typeof value === 'number' && !Number.isFinite(value)) {
        add(
          yamlNode,
          `found ${sourceOf(yamlNode)}, which is ${Number.isNaN(value) ? 'not a number' : 'infinite'}; expected a finite number`,
        );
      } else if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)) {
        add(
          yamlNode,
          `found ${sourceOf(yamlNode)}, a number too large to be exact; expected a number between -${Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`,
        );
      } else if (typeof value === 'bigint') {
        add(yamlNode, `found ${sourceOf(yamlNode)}, a number too large to be exact`);
      } else if (typeof value === 'number' && losesPrecision(sourceOf(yamlNode), value)) {
        add(
          yamlNode,
          `found ${firstToken(sourceOf(yamlNode))}, which has more digits than a number can hold exactly (it would be read as ${value})`,
          'Write the number with fewer digits (up to 15 significant digits are always kept exactly).',
        );
      }
      continue;
    }
    if (isMap(yamlNode) || isSeq(yamlNode)) {
      ancestors.add(yamlNode);
      stack.push({ node: yamlNode, depth, exit: true });
      const seen = new Map<string, unknown>();
      for (const item of yamlNode.items) {
        if (isPair(item)) {
          const key = item.key as Node | null;
          if (key && !isScalar(key) && !isAlias(key))
            add(key, 'a key must be plain text, not a list or mapping', 'Write keys as plain words, e.g. team: Acme.');
          else if (isScalar(key)) {
            const name = String(key.value ?? '');
            if ((FORBIDDEN_KEYS as readonly string[]).includes(name)) {
              add(
                key,
                `key "${name}" is not allowed`,
                'It is reserved in JavaScript (it could change how every object behaves); no scaleplay field or id uses it.',
              );
            }
            if (seen.has(name))
              add(
                key,
                `duplicate key "${name}" in the same mapping`,
                `Keep one "${name}:" entry (the first is at line ${at((seen.get(name) as Node).range![0]).line}).`,
              );
            else seen.set(name, key);
          }
          stack.push({ node: item.value, depth: depth + 1 });
          if (key) stack.push({ node: key, depth: depth + 1 });
        } else stack.push({ node: item, depth: depth + 1 });
      }
    }
  }
  if (aliases.length > MAX_ALIASES) {
    add(
      aliases[MAX_ALIASES]!.alias,
      `too many aliases (${aliases.length}; the limit is ${MAX_ALIASES})`,
      'Aliases (*name) can make a small file expand enormously; write the values out instead.',
    );
  }
  // Aliases can stack collections deeper than the text shows: bound the depth after expansion too.
  if (problems.length === 0) {
    const heights = new Map<unknown, number>();
    for (const { alias, depth } of aliases) {
      const target = alias.resolve(doc);
      const expanded = depth + heightOf(target, doc, heights);
      if (expanded > MAX_NESTING) {
        add(
          alias,
          `alias *${alias.source} nests the data ${expanded} levels deep; the limit is ${MAX_NESTING}`,
          'Write the values out instead of nesting aliases.',
        );
        break;
      }
    }
  }
  return sortProblems(problems);
}

/** Height of a node with aliases expanded, memoised; iterative so an alias chain cannot exhaust the stack. */
function heightOf(root: unknown, doc: Document.Parsed, memo: Map<unknown, number>): number {
  const stack: Array<{ node: unknown; done: boolean }> = [{ node: root, done: false }];
  const children = (node: unknown): unknown[] => {
    if (isAlias(node)) return [node.resolve(doc)];
    if (isMap(node)) return node.items.flatMap((pair) => [pair.key, pair.value]);
    if (isSeq(node)) return node.items;
    return [];
  };
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (memo.has(top.node)) {
      stack.pop();
      continue;
    }
    const kids = children(top.node).filter((kid) => kid && typeof kid === 'object');
    if (!top.done) {
      top.done = true;
      // Cycles were refused before this runs; the guard keeps a missed one from looping.
      if (stack.length > 100_000) return Number.POSITIVE_INFINITY;
      for (const kid of kids) if (!memo.has(kid)) stack.push({ node: kid, done: false });
      continue;
    }
    stack.pop();
    const own = isMap(top.node) || isSeq(top.node) ? 1 : 0;
    memo.set(top.node, own + Math.max(0, ...kids.map((kid) => memo.get(kid) ?? 0)));
  }
  return memo.get(root) ?? 0;
}

function firstAlias(doc: Document.Parsed): number | undefined {
  let found: number | undefined;
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0 && found === undefined) {
    const node = stack.pop();
    if (isAlias(node)) found = node.range?.[0];
    else if (isMap(node)) for (const pair of [...node.items].reverse()) stack.push(pair.value, pair.key);
    else if (isSeq(node)) stack.push(...[...node.items].reverse());
  }
  return found;
}

// ── messages ─────────────────────────────────────────────────────────────────────────────────────────────────────────

/** A YAML library error in plain words, with what was expected. */
function describeYamlError(
  error: YAMLParseError | { code: string; message: string; pos: [number, number] },
  text: string,
): { message: string; hint?: string } {
  const raw = firstLine(error.message);
  const found = text
    .slice(error.pos[0], error.pos[0] + 200)
    .split('\n')[0]!
    .trim();
  switch (error.code) {
    case 'DUPLICATE_KEY':
      return {
        message: `duplicate key${found ? ` "${cleanMessage(keyName(found))}"` : ''} in the same mapping`,
        hint: 'Each key may appear once in a mapping: keep one and delete the other.',
      };
    case 'TAB_AS_INDENT':
      return { message: 'found a tab used for indentation', hint: 'YAML indentation must use spaces.' };
    case 'BAD_INDENT':
      return {
        message: `bad indentation: ${lowerFirst(raw)}`,
        hint: 'Line items of the same mapping or list up at the same column, with spaces.',
      };
    case 'MULTIPLE_DOCS':
      return {
        message: 'a second YAML document (after ---)',
        hint: 'A scaleplay file holds one document: remove the --- line and what follows.',
      };
    case 'MISSING_CHAR':
      return {
        message: `invalid YAML: ${lowerFirst(raw)}`,
        hint: 'Check for an unclosed quote or bracket, or a missing ":" after a key.',
      };
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return {
        message: `invalid YAML: ${lowerFirst(raw)}`,
        hint: 'A value containing ": " must be quoted, e.g. note: "a: b".',
      };
    case 'KEY_OVER_1024_CHARS':
      return { message: 'a key longer than 1024 characters', hint: 'Keys are short ids; put long text in a value.' };
    case 'TAG_RESOLVE_FAILED':
      if (!raw.startsWith('Unresolved tag')) return { message: cleanMessage(raw) };
      return {
        message: `unknown YAML tag: ${raw.replace(/^Unresolved tag:\s*/, '')}`,
        hint: 'Remove the tag: scaleplay files hold plain text, numbers, yes/no, lists and mappings.',
      };
    default:
      return { message: `invalid YAML: ${lowerFirst(raw)}`, hint: 'Check the syntax near this position.' };
  }
}

function keyName(line: string): string {
  const key = line
    .replace(/^\?\s*/, '')
    .replace(/\s*:(\s.*)?$/, '')
    .replace(/^["']|["']$/g, '');
  return key.length > 60 ? `${key.slice(0, 60)}…` : key;
}

function limitSyntaxErrors(problems: Problem[]): Problem[] {
  // One report per line: later errors on a line already reported are echoes of the first.
  const byLine = problems.filter(
    (problem, index) => problems.findIndex((other) => other.line === problem.line) === index,
  );
  if (byLine.length <= MAX_SYNTAX_ERRORS) return byLine;
  const kept = byLine.slice(0, MAX_SYNTAX_ERRORS);
  const last = kept[kept.length - 1]!;
  kept[kept.length - 1] = {
    ...last,
    hint: `${last.hint ? `${last.hint} ` : ''}(${byLine.length - MAX_SYNTAX_ERRORS} more YAML errors after this one are not shown: fix these first.)`,
  };
  return kept;
}

function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
