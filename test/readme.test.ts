// The README's and the manual's (docs/*.md) examples must keep working: the answers-file example validates against the
// built-in playbook, quoted output is what the CLI prints, every command in a `sh` block exists with the options it
// uses, links between pages resolve, docs/commands.md is what --help prints, and no text is written twice.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fixture, ROOT, runBin, runCli, tempDir } from './helpers/cli.js';

const DOCS = join(ROOT, 'docs');
/** README.md and every page of docs/, by path relative to the repository root. */
const pages = new Map<string, string>([
  ['README.md', readFileSync(join(ROOT, 'README.md'), 'utf8')],
  ...readdirSync(DOCS)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name): [string, string] => [`docs/${name}`, readFileSync(join(DOCS, name), 'utf8')]),
]);
const page = (path: string): string => {
  const text = pages.get(path);
  if (text === undefined) throw new Error(`${path} is missing`);
  return text;
};
const readme = page('README.md');

/** The fenced code blocks of a Markdown text, with their language. */
function codeBlocks(text: string): { lang: string; body: string }[] {
  return [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, body: m[2]! }));
}

/** The text outside fenced code blocks. */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```$/gm, '');
}

/** GitHub's anchor for a heading. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/**
 * The scaleplay commands in `sh` and `yaml` blocks: each command line (continuation lines joined, comments cut, YAML's
 * `- ` and `run: ` dropped), also when run as `npx --no-install scaleplay` or `npm run assess --` in a clone.
 */
function shellCommands(text: string): string[] {
  const commands: string[] = [];
  for (const block of codeBlocks(text).filter((b) => b.lang === 'sh' || b.lang === 'yaml')) {
    const joined = block.body.replace(/\\\n\s*/g, ' ');
    for (const line of joined.split('\n')) {
      const code = line.replace(/(^|\s)#.*$/, '').trim();
      for (const part of code.split(/&&|\|\||;|\|/)) {
        const command = part
          .trim()
          .replace(/^(- )?(run: )?/, '')
          .replace(/^npx --no-install scaleplay\b/, 'scaleplay')
          .replace(/^npm run assess --/, 'scaleplay assess');
        if (/^scaleplay( |$)/.test(command)) commands.push(command);
      }
    }
  }
  return commands;
}

/** Fails unless every line of `sample` appears among the lines of `output`, in the same order. */
function expectLinesInOrder(output: string, sample: string): void {
  const lines = output.split('\n');
  let at = 0;
  for (const line of sample.split('\n')) {
    const found = lines.indexOf(line, at);
    expect(found, `line not printed (in this order): "${line}"`).toBeGreaterThanOrEqual(0);
    at = found + 1;
  }
}

const helpCache = new Map<string, string>();
function helpOf(path: string[]): string {
  const key = path.join(' ');
  if (!helpCache.has(key)) {
    const result = runBin([...path, '--help']);
    expect(result.code, `scaleplay ${key} --help`).toBe(0);
    helpCache.set(key, result.stdout);
  }
  return helpCache.get(key)!;
}

describe('README', () => {
  it('gives the two set-up commands: install and assess, and the tests', () => {
    expect(readme).toContain('npm ci && npm run assess');
    expect(readme).toMatch(/^npm test /m);
  });

  it('is a landing page of at most 12,000 bytes', () => {
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(12_000);
  });
});

describe('docs/assess.md', () => {
  it('has an answers-file example that validates and can be checked', async () => {
    const example = /## The answers file[\s\S]*?```yaml\n([\s\S]*?)```/.exec(page('docs/assess.md'))?.[1];
    expect(example).toBeDefined();
    const dir = tempDir();
    const file = join(dir, 'answers.yaml');
    writeFileSync(file, example!);
    const report = await runCli(['report', file, '--format', 'json']);
    expect(report.stderr).toBe('');
    expect(report.code).toBe(0);
    const json = JSON.parse(report.stdout);
    expect(json.overall).toMatchObject({ unknown: 1, notApplicable: 1 });
    // A mostly unanswered file: the gate counts the open answers at their worst, so it fails, naming the thresholds.
    const check = await runCli(['check', file]);
    expect(check.code).toBe(1);
    const sentence =
      /✗ reliability +\d+ \(worst case: \d+ answers unanswered; \d+ on known answers\) is\s+below the minimum 40/;
    expect(check.stdout).toMatch(sentence);
  });
});

describe('docs/assess.md, date', () => {
  it('quotes the error for a date that is not YYYY-MM-DD exactly', () => {
    const quoted = /`(answers\.yaml:5:7: expected a date[^`]*)`/.exec(page('docs/assess.md'))?.[1];
    expect(quoted).toBeDefined();
    const dir = tempDir();
    const lines = ['rubric: { id: scaling-playbook, version: 2.0.0 }', 'team: Acme', 'product: Widget', 'stage: seed'];
    writeFileSync(join(dir, 'answers.yaml'), [...lines, 'date: 26/11/2026', 'answers: {}', ''].join('\n'));
    const result = runBin(['report', 'answers.yaml'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(quoted!.replace(/\s*\n\s*/g, ' '));
  });
});

describe('docs/scoring.md', () => {
  it('quotes the warning for an answer that does not count exactly', () => {
    const quoted = /```\n(warning: answers\.yaml:7:5: [\s\S]*?)```/.exec(page('docs/scoring.md'))?.[1];
    expect(quoted).toBeDefined();
    const dir = tempDir();
    const file = [
      'rubric: { id: scaling-playbook, version: 2.0.0 }',
      'stage: seed',
      'answers:',
      '  revenue-ladder:',
      '    ladder-rungs: [entry]',
      '    # no paid rung yet: kept for when it comes',
      '    rung-conversion: none',
      '',
    ];
    writeFileSync(join(dir, 'answers.yaml'), file.join('\n'));
    const result = runBin(['report', 'answers.yaml', '--format', 'json'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(quoted);
  });
});

describe('docs/reports.md', () => {
  it('quotes rows of the mistral-2026 report, with its range column, as the CLI prints them', async () => {
    const sample = /## Reading the terminal report\n\n```\n([\s\S]*?)\n```/.exec(page('docs/reports.md'))?.[1];
    expect(sample).toBeDefined();
    const { stdout } = await runCli(['report', fixture('answers', 'mistral-2026.yaml')], { columns: 80 });
    expectLinesInOrder(stdout, sample!);
  });

  it('quotes the terminal report of the growth-saas fixture exactly as the CLI prints it', async () => {
    const sample = /report opens with:\n\n```\n([\s\S]*?)\n…\n```/.exec(page('docs/reports.md'))?.[1];
    expect(sample).toBeDefined();
    const { stdout } = await runCli(['report', fixture('answers', 'growth-saas.yaml')], { columns: 80 });
    expect(stdout.startsWith(`${sample!}\n`)).toBe(true);
  });
});

describe('docs/safety.md', () => {
  it('quotes a located error exactly as the CLI prints it', () => {
    const quoted = /\$ scaleplay check answers\.yaml\n([\s\S]*?)\$ echo \$\?\n(\d+)/.exec(page('docs/safety.md'));
    expect(quoted).not.toBeNull();
    const dir = tempDir();
    const lines = ['rubric: { id: scaling-playbook, version: 2.0.0 }', 'stage: seed', 'answers:', '  reliability:'];
    writeFileSync(join(dir, 'answers.yaml'), [...lines, '    published-sla: maybe', ''].join('\n'));
    const result = runBin(['check', 'answers.yaml'], { cwd: dir });
    expect(result.stderr).toBe(quoted![1]);
    expect(result.code).toBe(Number(quoted![2]));
  });
});

describe('docs/ci.md, workshops', () => {
  it('quotes the consensus of the workshop fixture and its report as merge and report print them', async () => {
    const ci = page('docs/ci.md');
    const discussYaml = /```yaml\n( {4}next-partner-named:\n[\s\S]*?)```/.exec(ci)?.[1];
    const section = /```\n(To discuss \(workshop\)[\s\S]*?)\n```/.exec(ci)?.[1];
    expect(discussYaml).toBeDefined();
    expect(section).toBeDefined();
    const dir = tempDir();
    const consensus = join(dir, 'consensus.yaml');
    const people = ['alice', 'bob', 'carol'].map((name) => fixture('workshop', `${name}.yaml`));
    const merged = await runCli(['merge', ...people, '--output', consensus]);
    expect(merged.code).toBe(0);
    expect(readFileSync(consensus, 'utf8')).toContain(discussYaml!);
    const report = await runCli(['report', consensus, '--full'], { columns: 80 });
    expect(report.code).toBe(0);
    expectLinesInOrder(report.stdout, section!);
  });
});

describe('docs/ci.md, the GitHub Action', () => {
  /** The first column of the Markdown table whose header starts with `| name |`. */
  const tableKeys = (name: string): string[] => {
    const heading = new RegExp(`^\\| ${name} \\|.*\\n\\|[-|]+\\|\\n((?:\\|.*\\n)+)`, 'm');
    const table = heading.exec(page('docs/ci.md'))?.[1] ?? '';
    return [...table.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]!);
  };

  it('lists the inputs and outputs of action.yml (as issue 11 specifies them until action.yml exists)', () => {
    const actionFile = join(ROOT, 'action.yml');
    const action = existsSync(actionFile)
      ? (parse(readFileSync(actionFile, 'utf8')) as { inputs?: object; outputs?: object })
      : {
          inputs: { file: 1, rubric: 1, stage: 1, 'min-score': 1, min: 1, 'baseline-ref': 1, junit: 1, strict: 1 },
          outputs: { passed: 1, overall: 1, 'report-json': 1 },
        };
    expect(tableKeys('input').sort()).toEqual(Object.keys(action.inputs ?? {}).sort());
    expect(tableKeys('output').sort()).toEqual(Object.keys(action.outputs ?? {}).sort());
  });
});

describe('docs/commands.md', () => {
  it('is exactly what --help prints now (regenerate with npm run docs:commands)', () => {
    const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'write-command-docs.mjs'), '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('covers every command the top-level help lists', () => {
    const list = /\nCommands:\n([\s\S]*?)\n\n/.exec(helpOf([]))?.[1] ?? '';
    const listed = [...list.matchAll(/^ {2}([a-z][a-z-]*) /gm)].map((m) => m[1]!).filter((n) => n !== 'help');
    expect(listed.length).toBeGreaterThan(5);
    for (const name of listed) expect(page('docs/commands.md')).toContain(`## \`scaleplay ${name}\``);
  });
});

describe('README and docs/', () => {
  const all = [...pages.keys()];

  it.each(all)('%s: every scaleplay command in a sh or yaml block exists, with options it has', (path) => {
    for (const command of shellCommands(page(path))) {
      const words = command.split(/\s+/);
      const path_: string[] = [];
      // The command path: `rubric validate`, `report`…, as far as the help lists sub-commands.
      for (const word of words.slice(1)) {
        if (!/^[a-z][a-z-]*$/.test(word)) break;
        const commands = /\nCommands:\n([\s\S]*?)(\n\n|$)/.exec(helpOf(path_))?.[1] ?? '';
        if (!new RegExp(`^ {2}${word}\\b`, 'm').test(commands)) break;
        path_.push(word);
      }
      const bare = words.length === 1 || /^-/.test(words[1]!); // `scaleplay --version`
      expect(path_.length > 0 || bare, `${path}: "${command}" names no command`).toBe(true);
      const help = helpOf(path_);
      for (const option of words.filter((w) => /^--?[a-z]/.test(w)).map((w) => w.replace(/=.*$/, ''))) {
        expect(
          help,
          `${path}: "${command}" uses ${option}, which scaleplay ${path_.join(' ')} --help does not list`,
        ).toMatch(new RegExp(`(^|[\\s,])${option}([\\s,]|$)`, 'm'));
      }
    }
  });

  it('finds the commands it checks (so the check above cannot pass on nothing)', () => {
    const commands = all.flatMap((path) => shellCommands(page(path)));
    expect(commands.length).toBeGreaterThan(30);
    expect(commands).toContain('scaleplay check answers.yaml'); // from a yaml `- run: npx --no-install scaleplay …`
    expect(commands.some((c) => c.startsWith('scaleplay assess --team'))).toBe(true); // `npm run assess -- …`
  });

  it.each(all)('%s: every link to another page points at a page and heading that exist', (path) => {
    for (const [, target] of prose(page(path)).matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue; // http(s), mailto
      const [file, anchor] = target!.split('#') as [string, string | undefined];
      const resolved = file === '' ? path : join(dirname(path), file).replace(/\\/g, '/');
      const isFolder = resolved.endsWith('/') || !/\.[a-z]+$/.test(resolved);
      const key = isFolder ? join(resolved, 'README.md') : resolved;
      if (!key.endsWith('.md')) {
        expect(() => readFileSync(resolve(ROOT, key)), `${path}: link to ${target}`).not.toThrow();
        continue;
      }
      const text = pages.get(key) ?? (key === 'CHANGELOG.md' ? readFileSync(join(ROOT, key), 'utf8') : undefined);
      expect(text, `${path}: link to ${target}: no such page`).toBeDefined();
      if (anchor !== undefined) {
        const anchors = [...prose(text!).matchAll(/^#{1,6} (.*)$/gm)].map((m) => slug(m[1]!));
        expect(anchors, `${path}: link to ${target}: no such heading`).toContain(anchor);
      }
    }
  });

  it('never offers npx scaleplay from the registry (the package is not published)', () => {
    for (const [path, text] of pages) {
      for (const block of codeBlocks(text)) {
        const message = `${path}: npx without --no-install would fetch from the registry`;
        expect(block.body, message).not.toMatch(/npx (?!--no-install )/);
      }
    }
  });

  it('holds each text once: no paragraph of 200 characters or more appears on two pages', () => {
    const seen = new Map<string, string>();
    for (const [path, text] of pages) {
      for (const paragraph of prose(text).split(/\n\s*\n/)) {
        const normal = paragraph.replace(/\s+/g, ' ').trim();
        if (normal.length < 200) continue;
        const other = seen.get(normal);
        expect(other, `${path} repeats a paragraph of ${other}: "${normal.slice(0, 80)}…"`).toBeUndefined();
        seen.set(normal, path);
      }
    }
  });
});
