// The patterns a rubric's repository probes use: globs compiled to anchored regular expressions, and content patterns
// checked for the shapes that make a backtracking engine take exponential time. Pure: strings in, verdicts out.

/** Longest glob or content pattern a probe may use. */
export const MAX_PATTERN_LENGTH = 200;

/** Why a glob cannot be used, or undefined when it can. */
export function globProblem(glob: string): string | undefined {
  if (glob.length === 0) return 'the glob is empty';
  if (glob.length > MAX_PATTERN_LENGTH) return `the glob is longer than ${MAX_PATTERN_LENGTH} characters`;
  if (/[\u0000-\u001f\u007f]/.test(glob)) return 'the glob contains a control character';
  if (glob.startsWith('/') || /^[A-Za-z]:/.test(glob) || glob.startsWith('~')) {
    return 'the glob is absolute: write it relative to the repository root (e.g. "infra/**/*.tf")';
  }
  if (glob.includes('\\')) return 'the glob contains a backslash: use "/" between folders';
  if (glob.split('/').some((segment) => segment === '..' || segment === '.')) {
    return 'the glob contains "." or ".." segments: a probe only looks inside the repository';
  }
  const open = (glob.match(/\{/g) ?? []).length;
  if (open !== (glob.match(/\}/g) ?? []).length || /\{[^}]*\{/.test(glob))
    return 'the glob has unbalanced or nested { }';
  if ((glob.match(/\[/g) ?? []).length !== (glob.match(/\]/g) ?? []).length) return 'the glob has unbalanced [ ]';
  return undefined;
}

/**
 * Compiles a glob to a regular expression over a `/`-separated relative path: `**` any number of folders, `*` and `?`
 * within one name, `{a,b}` alternatives, `[abc]` classes. A glob without `/` matches a file name at any depth.
 */
export function compileGlob(glob: string): RegExp {
  const anywhere = !glob.includes('/');
  let source = '';
  for (let index = 0; index < glob.length; index += 1) {
    const char = glob[index]!;
    if (char === '*') {
      if (glob[index + 1] === '*') {
        const atSegmentEnd = glob[index + 2] === '/';
        source += atSegmentEnd ? '(?:[^/]+/)*' : '.*';
        index += atSegmentEnd ? 2 : 1;
      } else source += '[^/]*';
    } else if (char === '?') source += '[^/]';
    else if (char === '{') source += '(?:';
    else if (char === '}') source += ')';
    else if (char === ',' && insideBraces(glob, index)) source += '|';
    else if (char === '[') {
      const end = glob.indexOf(']', index + 1);
      const body = glob
        .slice(index + 1, end)
        .replace(/^!/, '^')
        .replace(/[\\\]]/g, '\\$&');
      source += `[${body}]`;
      index = end;
    } else source += char.replace(/[.+^$()|\\]/g, '\\$&');
  }
  return new RegExp(anywhere ? `(?:^|/)${source}$` : `^${source}$`);
}

function insideBraces(glob: string, index: number): boolean {
  return glob.lastIndexOf('{', index) > glob.lastIndexOf('}', index);
}

/**
 * Why a content pattern cannot be used, or undefined when it can. Refused: back-references and look-arounds, and any
 * quantified group that itself holds a quantifier or an alternation (`(a+)+`, `(a|a)*`, `(\w+\s?)*`): the shapes that
 * backtrack exponentially. What is left runs in time proportional to the line times the pattern, and lines are bounded.
 */
export function contentPatternProblem(pattern: string): string | undefined {
  if (pattern.length === 0) return 'the pattern is empty';
  if (pattern.length > MAX_PATTERN_LENGTH) return `the pattern is longer than ${MAX_PATTERN_LENGTH} characters`;
  try {
    new RegExp(pattern, 'u');
  } catch {
    return 'the pattern is not a valid regular expression';
  }
  if (/\\[1-9]|\\k</.test(pattern)) return 'the pattern uses a back-reference, which can take exponential time';
  if (/\(\?<?[=!]/.test(pattern)) return 'the pattern uses a look-around; write a plain pattern';
  // Each unbounded repetition multiplies the work on a line that almost matches: allow two (`a.*b.*c`).
  const unbounded =
    pattern
      .replace(/\\./g, '')
      .replace(/\[[^\]]*\]/g, '')
      .match(/[*+]|\{\d+,\}/g) ?? [];
  if (unbounded.length > 2)
    return 'the pattern has more than two unbounded repetitions (* + {n,}), which can take polynomial time on long lines';
  // Walk the groups: a group with a quantifier or `|` inside, followed by a quantifier, can backtrack exponentially.
  const stack: { risky: boolean }[] = [];
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index]!;
    if (char === '\\') {
      index += 1;
      continue;
    }
    if (char === '[') {
      index = skipClass(pattern, index);
      continue;
    }
    if (char === '(') stack.push({ risky: false });
    else if (char === ')') {
      const group = stack.pop();
      const next = pattern[index + 1];
      const quantified = next === '*' || next === '+' || next === '?' || next === '{';
      if (group?.risky && quantified && next !== '?') {
        return 'the pattern repeats a group that holds a repetition or an alternation (e.g. "(a+)+"), which can take exponential time';
      }
      if (stack.length > 0 && (group?.risky || quantified)) stack[stack.length - 1]!.risky = true;
    } else if ((char === '*' || char === '+' || char === '{' || char === '|') && stack.length > 0) {
      stack[stack.length - 1]!.risky = true;
    }
  }
  return undefined;
}

function skipClass(pattern: string, start: number): number {
  for (let index = start + 1; index < pattern.length; index += 1) {
    if (pattern[index] === '\\') index += 1;
    else if (pattern[index] === ']' && index > start + 1) return index;
  }
  return pattern.length;
}

/** Why a key path (`jobs.*.steps.*.uses`) cannot be used, or undefined when it can. */
export function keyPathProblem(path: string): string | undefined {
  if (path.length === 0 || path.length > MAX_PATTERN_LENGTH) return 'the key path is empty or too long';
  if (path.split('.').some((part) => part.length === 0)) return 'the key path has an empty part (write "a.b.c")';
  return undefined;
}
