// Turns zod issues into located problems: a zod issue path is also a path into the YAML document. Each message says
// what was found and what was expected, in the words of the file (a mapping, a list, text), not zod's.
import type * as z from 'zod';
import type { Problem } from '../errors.js';
import { isMap, isScalar } from 'yaml';
import { problemAt, type YamlFile } from './yaml-location.js';

type Issue = z.core.$ZodIssue;
type Segment = string | number;

/** Validates `yaml.data` with `schema`; returns the data, or undefined after adding located problems to `problems`. */
export function validateWith<T extends z.ZodType>(
  schema: T,
  yaml: YamlFile,
  problems: Problem[],
): z.infer<T> | undefined {
  const result = schema.safeParse(yaml.data, { reportInput: true });
  if (result.success) return result.data;
  for (const issue of result.error.issues) problems.push(toProblem(issue, yaml));
  return undefined;
}

function toProblem(original: Issue, yaml: YamlFile): Problem {
  const { issue, path } = narrowUnion(original, segments(original.path));
  const where = path.length > 0 ? ` at ${path.join('.')}` : '';
  if (issue.code === 'unrecognized_keys') {
    const [key] = issue.keys;
    const hint =
      splitByComma(yaml, path, key!) ??
      'Remove it or check its spelling against the file format (scaleplay schema prints it).';
    return problemAt(yaml, [...path, key!], `unknown field "${issue.keys.join('", "')}"${where}`, hint, true);
  }
  if (issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined) {
    const field = path[path.length - 1];
    return problemAt(
      yaml,
      path,
      `missing required field${field !== undefined ? ` "${field}"` : ''} (expected ${expectedName(issue.expected)})${path.length > 1 ? ` at ${path.slice(0, -1).join('.')}` : ''}`,
    );
  }
  return problemAt(yaml, path, `${describe(issue)}${where}`);
}

/**
 * An unknown key with no value inside `{ … }` is most often the rest of a text split by an unquoted comma
 * (`{ text: a, b, effort: S }`): say so, naming the field before it.
 */
function splitByComma(yaml: YamlFile, path: Segment[], key: string): string | undefined {
  const parent = path.length === 0 ? yaml.doc.contents : yaml.doc.getIn(path, true);
  if (!isMap(parent) || !parent.flow) return undefined;
  const index = parent.items.findIndex((pair) => isScalar(pair.key) && String(pair.key.value) === key);
  const pair = parent.items[index];
  const value = pair?.value;
  if (!pair || index < 1 || !(value === null || (isScalar(value) && value.value === null))) return undefined;
  const before = parent.items[index - 1]!;
  const field = isScalar(before.key) ? String(before.key.value) : undefined;
  if (field === undefined) return undefined;
  return `A comma inside { … } separates fields: if "${key}" belongs to the text of "${field}", quote it: ${field}: "…, ${key}".`;
}

/**
 * A union whose input has the type of one of its options (a list where a list or text is accepted) is best explained
 * by that option's own issue ("list item 2: expected text"), not by "wrong shape". Follows nested unions.
 */
function narrowUnion(issue: Issue, path: Segment[]): { issue: Issue; path: Segment[] } {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return { issue, path };
  const matching = issue.errors.filter(
    (branch) =>
      !branch.every((inner) => inner.code === 'invalid_type' && inner.path.length === 0) &&
      !branch.every(
        (inner) =>
          inner.code === 'invalid_union' &&
          inner.path.length === 0 &&
          narrowUnion(inner, []).issue.code === 'invalid_union',
      ),
  );
  if (matching.length === 1 && matching[0]!.length > 0) {
    const inner = matching[0]![0]!;
    return narrowUnion(inner, [...path, ...segments(inner.path)]);
  }
  return { issue, path };
}

function describe(issue: Issue): string {
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${expectedName(issue.expected)}, found ${typeName(input)}`;
    case 'invalid_value':
      return `expected one of: ${issue.values.map(String).join(', ')}, found ${typeName(input)}`;
    case 'invalid_union': {
      // A union that says what it expects (the date) speaks for itself; zod's own message does not.
      if (!/^Invalid input/.test(issue.message)) return `${issue.message}, found ${typeName(input)}`;
      const expected = [...new Set(rootTypes(issue))];
      return expected.length > 0
        ? `expected ${joinOr(expected)}, found ${typeName(input)}`
        : `value has the wrong shape (found ${typeName(input)})`;
    }
    case 'too_big':
    case 'too_small': {
      const big = issue.code === 'too_big';
      const limit = big ? (issue as z.core.$ZodIssueTooBig).maximum : (issue as z.core.$ZodIssueTooSmall).minimum;
      const bound = big ? 'at most' : 'at least';
      const custom = !/^Too (big|small)/.test(issue.message);
      if (issue.origin === 'string' && typeof input === 'string') {
        return custom
          ? `${issue.message} (found ${input.length} characters)`
          : `expected text of ${bound} ${limit} characters, found ${input.length}`;
      }
      if (issue.origin === 'array' && Array.isArray(input)) {
        return custom
          ? `${issue.message} (found ${input.length})`
          : `expected ${bound} ${limit} item${Number(limit) === 1 ? '' : 's'}, found ${input.length}`;
      }
      return custom
        ? `${issue.message}, found ${typeName(input)}`
        : `expected a number ${bound} ${limit}, found ${typeName(input)}`;
    }
    case 'invalid_format':
    case 'custom':
      return `${issue.message}, found ${typeName(input)}`;
    default:
      return issue.message;
  }
}

function rootTypes(issue: Issue): string[] {
  if (issue.code !== 'invalid_union')
    return issue.code === 'invalid_type' && issue.path.length === 0 ? [expectedName(issue.expected)] : [];
  return issue.errors.flatMap((branch) => branch.flatMap((inner) => (inner.path.length === 0 ? rootTypes(inner) : [])));
}

function expectedName(expected: string): string {
  const names: Record<string, string> = {
    object: 'a mapping',
    record: 'a mapping',
    map: 'a mapping',
    array: 'a list',
    tuple: 'a list',
    string: 'text',
    number: 'a number',
    int: 'a whole number',
    boolean: 'true or false',
    date: 'a date',
    null: 'nothing (~)',
  };
  return names[expected] ?? expected;
}

function joinOr(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function segments(path: readonly PropertyKey[]): Segment[] {
  return path.filter((segment): segment is Segment => typeof segment !== 'symbol');
}

function typeName(value: unknown): string {
  if (value === null) return 'nothing (~)';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date)
    return `the date ${Number.isNaN(value.getTime()) ? 'invalid' : value.toISOString().slice(0, 10)}`;
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `text ${JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)}`;
  return `${typeof value === 'boolean' ? '' : `${typeof value} `}${String(value)}`;
}
