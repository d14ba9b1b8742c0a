// Turns zod issues into located problems: a zod issue path is also a path into the YAML document.
import type * as z from 'zod';
import type { Problem } from '../errors.js';
import { problemAt, type YamlFile } from '../io/yaml-file.js';

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

function toProblem(issue: z.core.$ZodIssue, yaml: YamlFile): Problem {
  const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
  const where = path.length > 0 ? ` at ${path.join('.')}` : '';
  if (issue.code === 'unrecognized_keys') {
    const [key] = issue.keys;
    return problemAt(yaml, [...path, key!], `unknown field "${issue.keys.join('", "')}"${where}`, 'Remove it or check its spelling against the format in the README.', true);
  }
  return problemAt(yaml, path, `${describe(issue)}${where}`);
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    const received = (issue as { input?: unknown }).input;
    return received === undefined ? `missing required field (expected ${issue.expected})` : `expected ${issue.expected}, found ${typeName(received)}`;
  }
  if (issue.code === 'invalid_value') return `expected one of: ${issue.values.map(String).join(', ')}`;
  if (issue.code === 'invalid_union') return 'value has the wrong shape';
  return issue.message;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}
