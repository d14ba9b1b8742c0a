// The report a consultant hands to a client (issue 12, items 1–5): `report --format html --audience client` shows labels
// and never ids, no command line, each disputed answer once with who said what, each participant's scores and the spread;
// the consultant's summary (Markdown, rendered safely) and footer (options or report.yaml); the team's plan in reports
// and in `diff`; impacts with units; `init`/`assess --participant` and participants sharing a name.
// The browser half (print pages with the footer, ring labels clear of the shapes) is in test/browser-report.test.ts.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listQuestions } from '../src/core/model.js';
import { scoreAssessment } from '../src/core/score.js';
import { participantAssessments, scoreParticipants } from '../src/core/workshop.js';
import { loadAnswers } from '../src/io/load-answers.js';
import { loadRubric } from '../src/io/load-rubric.js';
import { cssString } from '../src/render/html.js';
import { renderMarkdownHtml, safeLink } from '../src/render/markdown-html.js';
import { placeRingLabels } from '../src/render/radar.js';
import { impactText } from '../src/render/text.js';
import { participantFile } from '../src/commands/participant.js';
import { BIN, fixture, runBin, runCli as runInProcess, tempDir } from './helpers/cli.js';
import { startTerminal } from './helpers/pty.js';

const { rubric } = loadRubric();
const CONSENSUS = fixture('golden', 'workshop-consensus.yaml');
const WORKSHOP = ['alice', 'bob', 'carol'].map((name) => fixture('workshop', `${name}.yaml`));

async function report(...args: string[]): Promise<string> {
  const result = await runInProcess(['report', ...args]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

/** The text a reader sees: no style, no tags, entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<title>[\s\S]*?<\/title>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

describe('report --audience client', () => {
  it('shows no id of the rubric: no question, step-as-code or choice id, no raw "unknown" list, no command', async () => {
    const html = await report(CONSENSUS, '--format', 'html', '--audience', 'client');
    // The playbook's own prose (stage note, step summaries, "About the playbook") uses words that are also ids ("agents").
    const prose = /<p class="(stage-note|summary)">[\s\S]*?<\/p>|<section class="method">[\s\S]*?<\/section>/g;
    const text = visibleText(html.replace(prose, ''));
    // Ids that cannot pass for words: every question or choice id with a hyphen (e.g. synthetic-checks, uptime-only)
    // that is not part of its own label.
    const ids = new Set<string>();
    for (const question of listQuestions(rubric)) {
      if (question.id.includes('-')) ids.add(question.id); // one-word ids ("agents") are words of the prompts too
      for (const choice of question.choices)
        if (choice.id.includes('-') && !choice.label.toLowerCase().includes(choice.id)) ids.add(choice.id);
    }
    for (const id of ids) {
      expect(text, id).not.toMatch(new RegExp(`(^|[^\\w-])${id}([^\\w-]|$)`));
    }
    expect(text).not.toMatch(/\[[a-z-]+(, [a-z-]+)*\]/); // a multi answer written as ids: [quick-start, sdks]
    expect(text).not.toMatch(/×\d/); // the merge tally: "yes ×2, no ×1"
    expect(text).not.toMatch(/scaleplay (assess|report|check|merge|init)|--step|--output/);
    expect(text).not.toContain('participants agree');
  });

  it("shows each disputed answer once, with who said what in the rubric's words", async () => {
    const html = await report(CONSENSUS, '--format', 'html', '--audience', 'client');
    const text = visibleText(html);
    const section = visibleText(
      html.slice(html.indexOf('id="differences"'), html.indexOf('</section>', html.indexOf('id="differences"'))),
    );
    expect(section).toContain('Alice, Bob : Yes Carol : No');
    expect(section).toContain('Alice : 18 % Bob : 20 % Carol : 45 %');
    // Not known, not applicable: words, never "unknown"/"n/a" ids.
    expect(section).toMatch(/Alice, Bob : not known Carol : Customers choose the region/);
    // The split is told once: the details table points to the section instead of repeating it.
    expect(text.match(/Carol : No/g)).toHaveLength(1);
    expect(html.match(/href="#differences"/g)!.length).toBeGreaterThanOrEqual(7); // the verdict and the 6 questions
  });

  it("gives each participant's scores and the spread per step, equal to scoring each participant's own file", async () => {
    const html = await report(CONSENSUS, '--format', 'html', '--audience', 'client');
    const own = WORKSHOP.map((file) => scoreAssessment(rubric, loadAnswers(file, rubric).assessment));
    const workshop = scoreParticipants(rubric, loadAnswers(CONSENSUS, rubric).assessment)!;
    expect(workshop.participants.map((person) => person.name)).toEqual(['Alice', 'Bob', 'Carol']);
    for (const [index, person] of workshop.participants.entries()) {
      expect(person.overall, person.name).toBe(own[index]!.overall.score);
      for (const step of own[index]!.steps)
        expect(person.steps[step.id], `${person.name} ${step.id}`).toBe(step.applicable ? step.score : undefined);
    }
    for (const step of rubric.steps) {
      const scores = own.map((result) => result.steps.find((candidate) => candidate.id === step.id)!.score);
      expect(workshop.spread[step.id], step.id).toBe(Math.max(...scores) - Math.min(...scores));
    }
    const table = visibleText(
      html.slice(html.indexOf('id="participants"'), html.indexOf('</section>', html.indexOf('id="participants"'))),
    );
    expect(table).toContain('Step Consensus Alice Bob Carol Spread');
    const wedge = own.map((result) => result.steps[0]!.score);
    expect(table).toContain(`Wedge 73 ${wedge.join(' ')} ${Math.max(...wedge) - Math.min(...wedge)}`);
  });

  it('rebuilds each participant from votes: an absent vote is an unanswered question', () => {
    const assessment = {
      rubric: { id: rubric.id, version: rubric.version },
      participants: [{ name: 'A' }, { name: 'B' }],
      answers: {
        'has-api': {
          value: { type: 'choice' as const, choices: ['yes'] },
          votes: { A: { type: 'choice' as const, choices: ['yes'] } },
        },
        'production-integration': { value: { type: 'choice' as const, choices: ['production'] } },
      },
    };
    const [a, b] = participantAssessments(assessment);
    expect(a!.assessment.answers['has-api']!.value).toEqual({ type: 'choice', choices: ['yes'] });
    expect(b!.assessment.answers['has-api']).toBeUndefined();
    expect(b!.assessment.answers['production-integration']!.value).toEqual({ type: 'choice', choices: ['production'] });
    expect(scoreParticipants(rubric, { ...assessment, participants: undefined } as never)).toBeUndefined();
  });

  it('keeps the team view by default: ids, the discuss text and how to settle it', async () => {
    const html = await report(CONSENSUS, '--format', 'html');
    expect(html).toContain('<span class="qid">agents</span>');
    expect(html).toContain('scaleplay assess --output FILE --step STEP');
    expect(html).toContain('yes ×2, no ×1');
    expect(html).not.toContain('id="participants"');
    expect(html).not.toContain('id="differences"');
  });

  it.each([
    [['--format', 'md', '--audience', 'client'], '--audience client is for the HTML report: add --format html.'],
    [['--summary', 'x.md'], '--summary is for the HTML report: add --format html.'],
    [['--format', 'json', '--firm', 'Northstar'], '--firm is for the HTML report: add --format html.'],
    [['--format', 'html', '--firm', '  '], '--firm is empty.'],
    [
      ['--format', 'html', '--contact', 'x'.repeat(201)],
      '--contact is longer than 200 characters (it is one line of a footer).',
    ],
    [
      ['--format', 'html', '--audience', 'board'],
      "error: option '--audience <who>' argument 'board' is invalid. Allowed choices are team, client.",
    ],
  ])('refuses %j (exit 2, nothing on stdout)', async (args, message) => {
    const result = await runInProcess(['report', CONSENSUS, ...args]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
  });
});

describe("--summary: the consultant's Markdown, first and safe", () => {
  it('comes first, rendered, from the file', async () => {
    const html = await report(
      CONSENSUS,
      '--format',
      'html',
      '--audience',
      'client',
      '--summary',
      fixture('client', 'summary.md'),
    );
    const summary = html.indexOf('<section class="exec-summary"');
    expect(summary).toBeGreaterThan(0);
    expect(summary).toBeLessThan(html.indexOf('<section class="verdict"'));
    expect(html).toContain('<h2>Executive summary</h2>');
    expect(html).toContain('<strong>strong wedge</strong>');
    expect(html).toContain(
      '<a href="mailto:lead@northstar.example" rel="noopener noreferrer nofollow">lead@northstar.example</a>',
    );
  });

  it.each([
    ['<script>alert(1)</script>', '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'],
    ['<img src=x onerror=alert(1)>', '<p>&lt;img src=x onerror=alert(1)&gt;</p>'],
    ['[click](javascript:alert(1))', '<p>click)</p>'],
    ['[data](data:text/html;base64,PHNjcmlwdD4=)', '<p>data</p>'],
    ['[rel](/etc/passwd)', '<p>rel</p>'],
    [
      '[q](https://a.example/"onmouseover="x)',
      '<p><a href="https://a.example/%22onmouseover=%22x" rel="noopener noreferrer nofollow">q</a></p>',
    ],
    [
      '**bold _and italic_** `<b>code</b>`',
      '<p><strong>bold <em>and italic</em></strong> <code>&lt;b&gt;code&lt;/b&gt;</code></p>',
    ],
    [
      '# Title\n\n- one\n- two\n\n1. first\n2. second',
      '<h2>Title</h2>\n<ul><li>one</li><li>two</li></ul>\n<ol><li>first</li><li>second</li></ol>',
    ],
    ['> quoted **text**', '<blockquote><p>quoted <strong>text</strong></p></blockquote>'],
    [
      'see https://example.com/a?b=1&c=2.',
      '<p>see <a href="https://example.com/a?b=1&amp;c=2" rel="noopener noreferrer nofollow">https://example.com/a?b=1&amp;c=2</a>.</p>',
    ],
    ['\\*not italic\\* \u001b[31mred', '<p>*not italic* red</p>'],
  ])('%j', (markdown, expected) => {
    expect(renderMarkdownHtml(markdown)).toBe(expected);
  });

  it('links only http(s) and mailto', () => {
    expect(safeLink('https://a.example/x')).toBe('https://a.example/x');
    expect(safeLink('mailto:a@b.example')).toBe('mailto:a@b.example');
    for (const bad of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'data:text/html,x',
      'file:///etc/passwd',
      'vbscript:x',
      '//a.example',
      'a.example',
    ]) {
      expect(safeLink(bad), bad).toBeUndefined();
    }
  });

  it('refuses a missing, empty or binary summary file (exit 2, located, nothing written)', async () => {
    const dir = tempDir();
    const out = join(dir, 'report.html');
    writeFileSync(join(dir, 'empty.md'), '  \n');
    writeFileSync(join(dir, 'binary.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]));
    for (const [name, message] of [
      ['missing.md', 'not found'],
      ['empty.md', 'the summary file is empty'],
      ['binary.md', ''],
    ] as const) {
      const result = await runInProcess([
        'report',
        CONSENSUS,
        '--format',
        'html',
        '--summary',
        join(dir, name),
        '--output',
        out,
      ]);
      expect(result.code, name).toBe(2);
      expect(result.stderr, name).toContain(join(dir, name));
      expect(result.stderr, name).toContain(message);
      expect(() => readFileSync(out), name).toThrow();
    }
  });
});

describe('footer: firm, contact, confidentiality and page numbers', () => {
  it('prints page numbers on every printed page, with or without a footer', async () => {
    const html = await report(fixture('answers', 'growth-saas.yaml'), '--format', 'html');
    expect(html).toContain('@bottom-right { content: "Page " counter(page) " of " counter(pages);');
    expect(html).not.toContain('@bottom-left');
  });

  it('takes the options, with "Confidential" for a bare --confidential', async () => {
    const html = await report(
      CONSENSUS,
      '--format',
      'html',
      '--firm',
      'Northstar Advisory',
      '--contact',
      'lead@northstar.example',
      '--confidential',
    );
    expect(html).toContain(
      '@bottom-left { content: "Northstar Advisory \\b7  lead@northstar.example \\b7  Confidential";',
    );
    expect(html).toContain('<span class="brand">Northstar Advisory · lead@northstar.example · Confidential</span>');
  });

  it('reads report.yaml beside the answers file; an option wins over it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'answers.yaml'), readFileSync(fixture('answers', 'growth-saas.yaml')));
    writeFileSync(
      join(dir, 'report.yaml'),
      'firm: Northstar Advisory\ncontact: "lead@northstar.example"\nconfidential: true\n',
    );
    const html = await report(join(dir, 'answers.yaml'), '--format', 'html', '--contact', 'Ana Ruiz, +34 600 000 000');
    expect(html).toContain('<span class="brand">Northstar Advisory · Ana Ruiz, +34 600 000 000 · Confidential</span>');
    // Other formats never read it: a broken report.yaml does not stop them.
    writeFileSync(join(dir, 'report.yaml'), 'firm: Northstar\nlogo: x.png\n');
    expect((await runInProcess(['report', join(dir, 'answers.yaml'), '--format', 'md'])).code).toBe(0);
    const broken = await runInProcess(['report', join(dir, 'answers.yaml'), '--format', 'html']);
    expect(broken.code).toBe(2);
    expect(broken.stdout).toBe('');
    expect(broken.stderr).toContain(`${join(dir, 'report.yaml')}:2:1: unknown field "logo"`);
  });

  it('refuses report.yaml as the output (it is an input)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'answers.yaml'), readFileSync(fixture('answers', 'growth-saas.yaml')));
    writeFileSync(join(dir, 'report.yaml'), 'firm: Northstar\n');
    const result = await runInProcess([
      'report',
      join(dir, 'answers.yaml'),
      '--format',
      'html',
      '--output',
      join(dir, 'report.yaml'),
    ]);
    expect(result.code).toBe(2);
    expect(readFileSync(join(dir, 'report.yaml'), 'utf8')).toBe('firm: Northstar\n');
  });

  it.each([
    ['plain', '"plain"'],
    ['a "quote" and a \\ backslash', '"a \\22 quote\\22  and a \\5c  backslash"'],
    ['</style><script>alert(1)</script>', '"\\3c /style\\3e \\3c script\\3e alert(1)\\3c /script\\3e "'],
    ["it's; } @page { x", '"it\\27 s; } @page { x"'],
    ['line\nbreak', '"line break"'],
  ])('a footer text is one CSS string: %j', (text, expected) => {
    expect(cssString(text)).toBe(expected);
  });
});

describe('plan: in the answers file, the reports and diff', () => {
  it('shows owner, due date and status in the roadmap and in a plan table, overdue when past the answers date', async () => {
    const html = await report(fixture('client', 'plan-q1.yaml'), '--format', 'html', '--audience', 'client');
    const text = visibleText(html);
    expect(text).toContain('In progress Owner: Dana (SRE lead) · due 2026-12-15');
    expect(text).toContain(
      'To do · overdue Owner: Lee (CFO) · due 2026-11-20 · Waiting for the October billing export.',
    );
    const plan = visibleText(
      html.slice(html.indexOf('id="plan"'), html.indexOf('</section>', html.indexOf('id="plan"'))),
    );
    expect(plan).toContain("The team's plan Who owns each action, by when, and how far it got (as of 2026-11-26).");
    expect(plan).toContain('Sam 2027-01-15 To do');
    const md = await report(fixture('client', 'plan-q1.yaml'), '--format', 'md');
    expect(md).toContain(
      '| **Compute plan**: Do you know the gross margin of each pricing tier after inference cost? | Lee \\(CFO\\) | 2026-11-20 | To do (overdue) |',
    );
    const json = JSON.parse(await report(fixture('client', 'plan-q1.yaml'), '--format', 'json'));
    expect(
      json.plan.map((entry: { questionId: string; status: string }) => `${entry.questionId}:${entry.status}`),
    ).toEqual(['synthetic-checks:doing', 'evals-rollback:todo', 'margin-per-tier:todo']);
  });

  it('diff reports progress on the plan', async () => {
    const result = await runInProcess([
      'diff',
      fixture('client', 'plan-q1.yaml'),
      fixture('client', 'plan-q2.yaml'),
      '--format',
      'json',
    ]);
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout).plan as {
      questionId: string;
      change: string;
      overdue: boolean;
      answer: string;
    }[];
    expect(plan.map(({ questionId, change, overdue, answer }) => [questionId, change, overdue, answer])).toEqual([
      ['synthetic-checks', 'updated', false, 'improved'],
      ['evals-rollback', 'advanced', false, 'improved'],
      ['partner-revenue-share', 'added', false, 'unchanged'],
      ['margin-per-tier', 'unchanged', true, 'unchanged'],
    ]);
    const table = await runInProcess(['diff', fixture('client', 'plan-q1.yaml'), fixture('client', 'plan-q2.yaml')], {
      columns: 120,
    });
    expect(table.stdout).toContain('Plan: 1 done · 1 in progress · 2 to do · 1 moved forward · 1 overdue');
    expect(table.stdout).toContain(
      '▲ reliability.evals-rollback: To do → Done · Sam · due 2027-01-15 · answer improved',
    );
    const none = await runInProcess([
      'diff',
      fixture('answers', 'growth-saas.yaml'),
      fixture('answers', 'growth-saas.yaml'),
      '--format',
      'json',
    ]);
    expect(JSON.parse(none.stdout).plan).toBeUndefined();
  });

  it.each([
    [
      'plan:\n  reliability.nope: { owner: Dana }\n',
      ':4:3: unknown question "reliability.nope" in plan',
      'Questions of reliability: evals-rollback, synthetic-checks',
    ],
    [
      'plan:\n  nope: { owner: Dana }\n',
      ':4:3: unknown question "nope" in plan',
      'A plan entry is keyed by step.question',
    ],
    [
      'plan:\n  reliability.synthetic-checks: { status: started }\n',
      ':4:43: expected one of: todo, doing, done, found text "started"',
      '',
    ],
    ['plan:\n  reliability.synthetic-checks: { due: 2027-02-30 }\n', 'not a calendar date', ''],
    ['plan:\n  reliability.synthetic-checks: { who: Dana }\n', 'unknown field "who"', ''],
  ])('refuses a bad plan, located: %j', async (yaml, message, hint) => {
    const dir = tempDir();
    const file = join(dir, 'answers.yaml');
    writeFileSync(file, `rubric: { id: ${rubric.id}, version: ${rubric.version} }\nanswers: {}\n${yaml}`);
    const result = await runInProcess(['report', file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain(hint);
  });

  it.each([
    [
      'participants: [{ name: A }]\nanswers:\n  stack-climb:\n    agents: { answer: yes, votes: { B: no } }\n',
      '"B" is not one of the participants',
      'Expected one of: A.',
    ],
    [
      'answers:\n  stack-climb:\n    agents: { answer: yes, votes: { A: no } }\n',
      'need a "participants:" list at the top level',
      '',
    ],
    [
      'participants: [{ name: A }]\nanswers:\n  stack-climb:\n    agents: { answer: yes, votes: { A: maybe } }\n',
      'expected yes or no, found "maybe" for stack-climb.agents (vote of A)',
      '',
    ],
    ['participants: [{ name: A }, { name: A }]\nanswers: {}\n', 'participant "A" is listed twice', ''],
  ])('refuses bad votes, located: %j', async (yaml, message, hint) => {
    const dir = tempDir();
    const file = join(dir, 'answers.yaml');
    writeFileSync(file, `rubric: { id: ${rubric.id}, version: ${rubric.version} }\n${yaml}`);
    const result = await runInProcess(['report', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/answers\.yaml:\d+:\d+: /);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain(hint);
  });
});

describe('impacts with units, rounded to what matters', () => {
  const item = (stepPoints: number, overallPoints: number, kind: 'improve' | 'find-out' = 'improve') => ({
    kind,
    stepPoints,
    overallPoints,
    stepTitle: 'Reliability',
  });
  it.each([
    [item(12.4, 2.6), '+12 points on Reliability, +3 overall'],
    [item(12.4, 1.4), '+12 points on Reliability'],
    [item(1.2, 0.3), '+1 point on Reliability'],
    [item(0.4, 0.1), 'under 1 point on Reliability'],
    [item(0, 0), ''],
    [item(7.6, 1.5, 'find-out'), 'up to ±8 points on Reliability'],
  ])('%j → %j', (given, expected) => {
    expect(impactText(given)).toBe(expected);
  });

  it('no report prints a decimal impact any more', async () => {
    const html = await report(fixture('answers', 'growth-saas.yaml'), '--format', 'html');
    const impacts = [...html.matchAll(/<td class="impact">([^<]*)<\/td>/g)].map((match) => match[1]!);
    expect(impacts.length).toBeGreaterThan(20);
    for (const impact of impacts)
      expect(impact).toMatch(
        /^$|^(\+\d+ points? on [A-Z][a-z ]+(, \+\d+ overall)?|under 1 point on [A-Z][a-z ]+|up to ±\d+ points? on [A-Z][a-z ]+)$/,
      );
    expect(await report(fixture('answers', 'growth-saas.yaml'), '--format', 'md')).not.toMatch(/\+\d+\.\d overall/);
  });
});

describe('radar ring labels', () => {
  const point = (index: number, value: number) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * index) / 6;
    return [340 + 1.7 * value * Math.cos(angle), 262 + 1.7 * value * Math.sin(angle)] as const;
  };
  const labels = [
    { text: 'Emerging 40', value: 40 },
    { text: 'Established 65', value: 65 },
  ];
  it('go on the chart when no shape is in the way', () => {
    const placed = placeRingLabels(labels, 6, point, { filled: [], lines: [] });
    expect(placed.aside).toEqual([]);
    expect(placed.onChart.map((label) => label.text)).toEqual(['Emerging 40', 'Established 65']);
  });
  it('go into a key when the score covers every ring', () => {
    const full = Array.from({ length: 6 }, (_, index) => point(index, 100));
    expect(placeRingLabels(labels, 6, point, { filled: [full], lines: [] })).toEqual({
      onChart: [],
      aside: ['Emerging 40', 'Established 65'],
    });
  });
});

describe('workshop mechanics: --participant, and participants sharing a name', () => {
  it('init --participant writes participant: and, without --output, a file of its own', () => {
    const dir = tempDir();
    const result = runBin(['init', '--participant', 'Alice (CIO)', '--team', 'Acme'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('Wrote answers-alice-cio.yaml');
    const written = join(dir, 'answers-alice-cio.yaml');
    expect(readFileSync(written, 'utf8')).toContain('participant: "Alice (CIO)"');
    expect(loadAnswers(written, rubric).participant).toBe('Alice (CIO)');
    // A second run would overwrite that person's file: refused, as for any existing file.
    const again = runBin(['init', '--participant', 'Alice (CIO)'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('answers-alice-cio.yaml already exists');
    expect(runBin(['init', '--participant', ' '], { cwd: dir }).stderr).toContain('--participant needs a name');
  });

  it.each([
    ['Alice', 'answers-alice.yaml'],
    ['Zoë Ñúñez', 'answers-zoe-nunez.yaml'],
    ['李雷', 'answers-participant.yaml'],
    ['  Bob  (SRE)  ', 'answers-bob-sre.yaml'],
  ])('names the file of %j %s', (name, file) => {
    expect(participantFile(name.trim())).toBe(file);
  });

  it('tells two participants of the same name apart by file, never repeating it', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sre'));
    const bob = readFileSync(fixture('workshop', 'bob.yaml'), 'utf8');
    writeFileSync(join(dir, 'bob.yaml'), bob);
    writeFileSync(join(dir, 'sre', 'bob.yaml'), bob);
    writeFileSync(join(dir, 'bob-cto.yaml'), bob);
    const result = await runInProcess([
      'merge',
      join(dir, 'bob.yaml'),
      join(dir, 'sre', 'bob.yaml'),
      join(dir, 'bob-cto.yaml'),
      '--output',
      '-',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const header = result.stdout.split('\n')[0]!;
    expect(header).toBe(
      `# scaleplay consensus of 3 participants: Bob (${join(dir, 'bob.yaml')}), Bob (${join(dir, 'sre', 'bob.yaml')}), Bob (bob-cto.yaml)`,
    );
    expect(result.stdout).not.toMatch(/\(bob\.yaml\) \(bob\.yaml\)/);
    expect(result.stderr).not.toMatch(/\(bob\.yaml\) \(bob\.yaml\)/);
  });

  it('assess --participant answers into answers-NAME.yaml, one file per person, that merge names', async () => {
    const dir = tempDir();
    for (const name of ['Alice', 'Bob']) {
      const terminal = startTerminal(
        [process.execPath, BIN, 'assess', '--participant', name, '--team', 'Acme', '--stage', 'seed'],
        { cwd: dir },
      );
      try {
        // The company profile comes first (playbook 2.0.0): Enter keeps each first choice, then the first question.
        for (const prompt of [
          /What does the company build\?/,
          /How does it sell\?/,
          /Does it sell to regulated buyers/,
        ]) {
          await terminal.waitFor(prompt, 60_000);
          terminal.press('Enter');
        }
        await terminal.waitFor(/ctrl\+c pause/, 60_000);
        terminal.press('C-c');
        expect(await terminal.waitForExit(60_000)).toBe(130);
        expect(terminal.screen(400)).toContain(`answers-${name.toLowerCase()}.yaml`);
      } finally {
        terminal.kill();
      }
      expect(loadAnswers(join(dir, `answers-${name.toLowerCase()}.yaml`), rubric).participant).toBe(name);
    }
    // Someone else's file is refused before any question, and left as it was.
    const alice = readFileSync(join(dir, 'answers-alice.yaml'), 'utf8');
    const wrong = await runInProcess(['assess', '--participant', 'Carol', '--output', 'answers-alice.yaml'], {
      cwd: dir,
      tty: true,
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('answers-alice.yaml holds the answers of Alice, not Carol: nothing was changed.');
    expect(readFileSync(join(dir, 'answers-alice.yaml'), 'utf8')).toBe(alice);
    const merged = await runInProcess(['merge', 'answers-alice.yaml', 'answers-bob.yaml', '--output', '-'], {
      cwd: dir,
    });
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout.split('\n')[0]).toBe(
      '# scaleplay consensus of 2 participants: Alice (answers-alice.yaml), Bob (answers-bob.yaml)',
    );
  }, 180_000);
});
