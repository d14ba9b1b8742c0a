// Rubric format v2, the question side (docs/rubric-format.md): the company profile and applies_to, actions that wait
// for a stage or fit a profile, criteria and per-choice descriptions, external ids, choice sets, when all/any and
// actions: optional. A small v2 rubric (fixtures/rubric-v2) uses every feature; broken copies of it test each failure.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listQuestions, type Answer, type Question, type Rubric } from '../src/core/model.js';
import { applicabilityOf, describeCondition } from '../src/core/questions.js';
import { buildRoadmap } from '../src/core/roadmap.js';
import { scoreAssessment } from '../src/core/score.js';
import { buildAnswersTemplate } from '../src/core/template.js';
import { openAnswersFile } from '../src/io/answers-writer.js';
import { loadAnswers, resolveAnswers } from '../src/io/load-answers.js';
import { loadRubric } from '../src/io/load-rubric.js';
import { parseYamlText } from '../src/io/yaml-file.js';
import { runAssessmentFlow } from '../src/prompts/flow.js';
import { plainTheme } from '../src/render/theme.js';
import { ROOT, runCli as runInProcess, tempDir as makeTempDir } from './helpers/cli.js';
import { createFakeAsk, prompt } from './helpers/fake-ask.js';

const DIR = join(ROOT, 'fixtures', 'rubric-v2');
const REL = 'fixtures/rubric-v2';
const { rubric, warnings } = loadRubric(DIR);
const byId = new Map(listQuestions(rubric).map((question) => [question.id, question] as const));
const question = (id: string): Question => byId.get(id)!;
const pick = (...choices: string[]): Answer => ({ value: { type: 'choice', choices } });

/** A copy of the v2 rubric in a temporary folder, with `edit` applied to one of its files. */
function brokenCopy(file: string, edit: (text: string) => string): string {
  const dir = join(makeTempDir(), 'rubric');
  cpSync(DIR, dir, { recursive: true });
  const path = join(dir, file);
  writeFileSync(path, edit(readFileSync(path, 'utf8')));
  return dir;
}

function answersText(profile: string, stage: string, extra = ''): string {
  return `rubric: { id: api-go-to-market, version: 2.0.0 }\nstage: ${stage}\nprofile: ${profile}\nanswers:\n${extra}`;
}

function load(text: string, against: Rubric = rubric) {
  return resolveAnswers(parseYamlText('answers.yaml', text), against);
}

describe('loading a v2 rubric', () => {
  it('reads every v2 field, with no warnings (actions: optional)', () => {
    expect(warnings).toEqual([]);
    expect(rubric.license).toBe('CC-BY-4.0');
    expect(rubric.attribution).toBe('Adapted from the scaling playbook case study');
    expect(rubric.profile?.map((entry) => entry.id)).toEqual(['builds', 'sells']);
    expect(rubric.steps[0]!.externalId).toBe('G-AC');
    const tier = question('api-tier');
    expect(tier.externalId).toBe('W-API-1');
    expect(tier.criteria).toEqual(['Keys issued without a sales call']);
    expect(tier.appliesTo).toEqual({ builds: ['own-models', 'api'] });
    expect(tier.choices[2]).toMatchObject({
      id: 'production',
      externalId: 'W-API-1-3',
      description: expect.stringContaining('3 accounts'),
    });
    expect(tier.choices[0]!.action).toEqual({
      text: 'Issue keys from a sign-up page with a free quota.',
      effort: 'M',
      appliesTo: { sells: ['self-serve', 'both'] },
    });
    expect(question('audit').choices[1]!.action).toMatchObject({ fromStage: 'scale' });
  });

  it('resolves choices: { set: ID } to the set’s choices, descriptions and actions included', () => {
    for (const id of ['onboarding', 'incident-process']) {
      expect(question(id).choices.map((choice) => choice.id)).toEqual(['none', 'some', 'most', 'full']);
      expect(question(id).choices[1]).toMatchObject({ score: 0.25, description: 'Written down for at least one team' });
    }
  });

  it('keeps when: all/any as written', () => {
    expect(question('api-tier').when).toEqual({
      all: [
        { question: 'has-api', in: ['yes'] },
        {
          any: [
            { question: 'paying', atLeast: 1 },
            { question: 'has-api', in: ['yes'] },
          ],
        },
      ],
    });
    expect(describeCondition(question('api-tier').when!)).toBe(
      'all of (has-api is yes; any of (paying is at least 1; has-api is yes))',
    );
  });

  it('warns about choices without an action when actions are required (the default)', () => {
    const dir = brokenCopy('rubric.yaml', (text) => text.replace('actions: optional\n', ''));
    const messages = loadRubric(dir).warnings.map((warning) => warning.message);
    expect(messages).toContain('band from 0 of "paying" has no action');
    expect(messages).toEqual(['band from 0 of "paying" has no action', 'band from 1 of "paying" has no action']);
  });
});

describe('rubric validate refuses broken v2 rubrics, located', () => {
  it.each([
    [
      'steps/access.yaml',
      (t: string) => t.replace('choices: { set: maturity4 }', 'choices: { set: maturity5 }'),
      'steps/access.yaml:55:21',
      'unknown choice set "maturity5"',
      'Expected one of: maturity4.',
    ],
    [
      'steps/access.yaml',
      (t: string) => t.replace('builds: [own-models, api]', 'built: [own-models, api]'),
      'steps/access.yaml:29:7',
      'applies_to names "built", which is not a profile question',
      'Profile questions: builds, sells.',
    ],
    [
      'steps/access.yaml',
      (t: string) => t.replace('builds: [own-models, api]', 'builds: [own-model, api]'),
      'steps/access.yaml:29:16',
      'unknown answer "own-model" to the profile question "builds"',
      'Expected one of: own-models, api, application.',
    ],
    [
      'steps/trust.yaml',
      (t: string) => t.replace('from_stage: scale', 'from_stage: series-z'),
      'steps/trust.yaml:15:65',
      'unknown stage "series-z"',
      'Expected one of: seed, scale.',
    ],
    [
      'steps/access.yaml',
      (t: string) => t.replace('{ question: paying, at_least: 1 }', '{ question: payng, at_least: 1 }'),
      'steps/access.yaml:33:30',
      'condition on "payng", which is not a question of this rubric',
      'Did you mean "paying"?',
    ],
    [
      'steps/access.yaml',
      (t: string) =>
        t.replace(
          '- { question: has-api, in: ["yes"] }\n',
          '- { question: has-api, in: ["yes"], all: [{ question: paying, at_least: 1 }] }\n',
        ),
      'steps/access.yaml:32:11',
      'a condition is one of: question with in or at_least, all: [conditions], or any: [conditions]',
      '',
    ],
  ])('%s edited → %s', (file, edit, where, message, hint) => {
    const dir = brokenCopy(file, edit);
    let thrown: unknown;
    try {
      loadRubric(dir);
    } catch (error) {
      thrown = error;
    }
    const problems = (
      thrown as { problems: { file: string; line: number; col: number; message: string; hint?: string }[] }
    ).problems;
    expect(
      problems.map(
        (problem) => `${problem.file.slice(problem.file.indexOf('rubric/') + 7)}:${problem.line}:${problem.col}`,
      ),
    ).toContain(where);
    const found = problems.find((problem) => problem.message.includes(message))!;
    expect(found).toBeDefined();
    if (hint) expect(found.hint).toBe(hint);
  });

  it('finds a cycle through any: and reports it once, at the condition that closes it', async () => {
    const dir = brokenCopy('steps/access.yaml', (text) =>
      text
        .replace('  - id: has-api\n', '  - id: has-api\n    when: { any: [ { question: onboarding, in: [full] } ] }\n')
        .replace(
          'choices: { set: maturity4 }',
          'when: { question: api-tier, in: [production] }\n    choices: { set: maturity4 }',
        ),
    );
    const result = await runInProcess(['rubric', 'validate', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /steps\/access\.yaml:\d+:\d+: conditions form a cycle: has-api → onboarding → api-tier → has-api/,
    );
    expect(result.stderr.match(/form a cycle/g)).toHaveLength(1);
  });
});

describe('when: all / any, in three-valued logic', () => {
  const gate = (id: string, kind: Question['kind']): Question => ({
    id,
    stepId: 's',
    prompt: `${id}?`,
    why: '.',
    kind,
    weight: 1,
    critical: false,
    allowNa: false,
    choices:
      kind === 'boolean'
        ? [
            { id: 'yes', label: 'Yes', score: 1 },
            { id: 'no', label: 'No', score: 0 },
          ]
        : [],
    ...(kind === 'number' && {
      number: {
        min: 0,
        max: 10,
        bands: [
          { from: 0, score: 0 },
          { from: 5, score: 1 },
        ],
      },
    }),
  });
  const a = gate('a', 'boolean');
  const b = gate('b', 'number');
  const conditional = (when: Question['when']): Question => ({ ...gate('c', 'boolean'), ...(when && { when }) });
  const anyOf = conditional({
    any: [
      { question: 'a', in: ['yes'] },
      { question: 'b', atLeast: 5 },
    ],
  });
  const allOf = conditional({
    all: [
      { question: 'a', in: ['yes'] },
      { question: 'b', atLeast: 5 },
    ],
  });
  const lookup = new Map([a, b, anyOf].map((question) => [question.id, question] as const));
  const unknown: Answer = { value: { type: 'unknown' } };
  const num = (value: number): Answer => ({ value: { type: 'number', value } });
  it.each([
    ['any', { a: pick('no'), b: num(1) }, 'skipped'],
    ['any', { a: pick('no'), b: unknown }, 'open'],
    ['any', { a: pick('yes'), b: unknown }, 'applies'],
    ['any', { a: pick('no'), b: num(7) }, 'applies'],
    ['all', { a: pick('yes'), b: num(1) }, 'skipped'],
    ['all', { a: pick('yes'), b: unknown }, 'open'],
    ['all', { a: pick('no'), b: unknown }, 'skipped'],
    ['all', { a: pick('yes'), b: num(5) }, 'applies'],
  ])('%s with %j → %s', (which, answers, expected) => {
    expect(applicabilityOf(which === 'any' ? anyOf : allOf, answers as Record<string, Answer>, lookup)).toBe(expected);
  });
});

describe('the company profile', () => {
  const tier = question('api-tier');
  const answers = { 'has-api': pick('yes'), paying: { value: { type: 'number', value: 3 } } } as Record<string, Answer>;

  it.each([
    [{ builds: 'api' }, 'applies'],
    [{ builds: 'own-models', sells: 'both' }, 'applies'],
    [{ builds: 'application' }, 'not-for-profile'],
    [{ sells: 'sales-led' }, 'applies'], // a profile answer that is missing means "applies"
    [undefined, 'applies'],
  ])('profile %j → api-tier %s', (profile, expected) => {
    expect(applicabilityOf(tier, answers, byId, profile)).toBe(expected);
  });

  it('a question not for the profile is not scored, shows as such, and an answer to it is a warning', () => {
    const loaded = load(
      answersText(
        '{ builds: application, sells: self-serve }',
        'scale',
        '  access:\n    has-api: "yes"\n    api-tier: production\n',
      ),
    );
    expect(loaded.assessment.profile).toEqual({ builds: 'application', sells: 'self-serve' });
    expect(loaded.warnings.map((warning) => `${warning.line}:${warning.message}`)).toContain(
      '7:answer to access.api-tier (production) is not counted: the question is not applicable for this profile (it is for builds: own-models, api)',
    );
    const report = scoreAssessment(rubric, loaded.assessment);
    const result = report.steps[0]!.questions.find((candidate) => candidate.id === 'api-tier')!;
    expect(result).toMatchObject({
      status: 'skipped',
      applicability: 'not-for-profile',
      answerText: 'not applicable for this profile',
    });
    // has-api yes (1) and two unanswered questions: the production answer (1) does not count.
    const withApi = scoreAssessment(rubric, { ...loaded.assessment, profile: { builds: 'api' } });
    expect(withApi.steps[0]!.questions.find((candidate) => candidate.id === 'api-tier')!.applicability).toBe('applies');
    expect(withApi.steps[0]!.counts.answered).toBe(report.steps[0]!.counts.answered + 1);
  });

  it.each([
    ['{ build: api }', '3:12', 'unknown profile question "build"', 'Expected one of: builds, sells.'],
    [
      '{ builds: saas }',
      '3:20',
      'unknown answer "saas" to the profile question "builds"',
      'Expected one of: own-models, api, application.',
    ],
  ])('refuses profile %s in an answers file, located', (profile, where, message, hint) => {
    let thrown: unknown;
    try {
      load(answersText(profile, 'seed'));
    } catch (error) {
      thrown = error;
    }
    const [problem] = (thrown as { problems: { line: number; col: number; message: string; hint?: string }[] })
      .problems;
    expect(`${problem!.line}:${problem!.col}`).toBe(where);
    expect(problem!.message).toBe(message);
    expect(problem!.hint).toBe(hint);
  });

  it('check exits 2 on an unknown profile answer, and names the file', async () => {
    const file = join(makeTempDir(), 'answers.yaml');
    writeFileSync(file, answersText('{ builds: saas }', 'seed'));
    const result = await runInProcess(['check', file, '--rubric', REL]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('answers.yaml:3:20: unknown answer "saas" to the profile question "builds"');
  });
});

describe('actions that do not fit the stage or the profile are never recommended', () => {
  const texts = (answers: string, stage: string, profile: string) => {
    const loaded = load(answersText(profile, stage, answers));
    const report = scoreAssessment(rubric, loaded.assessment);
    const roadmap = buildRoadmap(rubric, report, {
      steps: { access: { score: 100, label: 'all' }, trust: { score: 100, label: 'all' } },
    } as never);
    const items = [...roadmap.now, ...roadmap.next, ...roadmap.later].map((item) => item.action.text);
    return {
      gaps: report.gaps.map((gap) => gap.action.text),
      items,
      path: (roadmap.path?.actions ?? []).map((action) => action.action.text),
    };
  };
  const answers =
    '  access:\n    has-api: "yes"\n    paying: 2\n    api-tier: no-keys\n    onboarding: some\n  trust:\n    incident-process: most\n    audit: "no"\n';

  it('a sales-led seed team is told neither to make keys self-serve nor to book an audit', () => {
    const { gaps, items, path } = texts(answers, 'seed', '{ builds: api, sells: sales-led }');
    for (const list of [gaps, items, path]) {
      expect(list).not.toContain('Issue keys from a sign-up page with a free quota.');
      expect(list).not.toContain('Book a SOC 2 audit.');
      expect(list).not.toContain('Check it every quarter.');
    }
    expect(items).toContain('Roll the procedure out to every team.');
  });

  it('a self-serve team at scale is told both', () => {
    const { gaps, items, path } = texts(answers, 'scale', '{ builds: api, sells: self-serve }');
    for (const list of [gaps, items]) {
      expect(list).toContain('Issue keys from a sign-up page with a free quota.');
      expect(list).toContain('Book a SOC 2 audit.');
      expect(list).toContain('Check it every quarter.');
    }
    expect(path).toContain('Book a SOC 2 audit.');
  });
});

describe('criteria, descriptions and external ids in the outputs', () => {
  const file = `${REL}/answers/sales-led-api.yaml`;

  it('JSON keeps external ids, criteria, the chosen answers’ descriptions and the applicability', async () => {
    const result = await runInProcess([
      'report',
      `${REL}/answers/application.yaml`,
      '--rubric',
      REL,
      '--format',
      'json',
    ]);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.profile).toEqual({ builds: 'application', sells: 'self-serve' });
    expect(json.steps[0].externalId).toBe('G-AC');
    const tier = json.steps[0].questions.find((candidate: { id: string }) => candidate.id === 'api-tier');
    expect(tier).toMatchObject({
      externalId: 'W-API-1',
      criteria: ['Keys issued without a sales call'],
      applicability: 'not-for-profile',
    });
    const onboarding = json.steps[0].questions.find((candidate: { id: string }) => candidate.id === 'onboarding');
    expect(onboarding.chosen).toEqual([
      { id: 'full', label: 'Fully', externalId: 'M-4', description: 'Followed and checked every quarter' },
    ]);
    expect(onboarding.applicability).toBe('applies');
  });

  it('Markdown lists the criteria, descriptions and ids', async () => {
    const result = await runInProcess(['report', file, '--rubric', REL, '--format', 'md']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('<details><summary>Questions, criteria and answers</summary>');
    expect(result.stdout).toContain('**Access** (G-AC)');
    expect(result.stdout).toContain(
      '- Can a developer get keys without a sales call? (W-API-1): Keys only after a sales call',
    );
    expect(result.stdout).toContain('  - check: Keys issued without a sales call');
    expect(result.stdout).toContain('  - _Partly_: Written down for at least one team');
  });

  it('HTML shows the criteria, descriptions and ids', async () => {
    const out = join(makeTempDir(), 'report.html');
    const result = await runInProcess(['report', file, '--rubric', REL, '--format', 'html', '--output', out]);
    expect(result.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<ul class="criteria"><li>Keys issued without a sales call</li></ul>');
    expect(html).toContain('api-tier · W-API-1');
    expect(html).toContain('<span class="criteria">Written down for at least one team</span>');
    expect(html).toContain('Access <span class="qid">G-AC</span>');
  });

  it('the init template lists the profile, criteria and descriptions, and marks questions not for the profile', () => {
    const blank = buildAnswersTemplate(rubric, { date: '2026-03-01' });
    expect(blank).toContain(
      'profile:\n  # What does the company build?\n  #   own-models: Its own models (pre-trained or substantially fine-tuned)\n',
    );
    expect(blank).toContain('  #   application: An application built on hosted models\n  builds: ~\n');
    expect(blank).toContain('    #   check:\n    #     - Keys issued without a sales call\n');
    expect(blank).toContain(
      '    #     production: Teams run it in production (W-API-1-3)\n    #       At least 3 accounts with 4 weeks of sustained production traffic\n',
    );
    expect(blank).toContain(
      '    #   only if has-api is yes and (paying is at least 1 or has-api is yes); otherwise leave ~\n',
    );
    expect(load(blank).assessment.answers).toEqual({});
    const forApp = buildAnswersTemplate(rubric, { date: '2026-03-01', profile: { builds: 'application' } });
    expect(forApp).toContain('    #   not applicable for this profile: no answer needed\n    # api-tier: ~\n');
    expect(forApp).toContain('  builds: "application"\n');
    expect(load(forApp).assessment.profile).toEqual({ builds: 'application' });
  });

  it('init --rubric writes a template that loads', async () => {
    const file = join(makeTempDir(), 'answers.yaml');
    const result = await runInProcess(['init', '--rubric', REL, '--output', file]);
    expect(result.code).toBe(0);
    expect(loadAnswers(file, rubric).assessment.answers).toEqual({});
  });
});

describe('assess asks the company profile first', () => {
  it('asks each profile question after the stage and before any question, and stores it under profile:', async () => {
    const file = join(makeTempDir(), 'answers.yaml');
    const store = openAnswersFile(file, rubric, { date: '2026-03-01' });
    const ask = createFakeAsk([
      prompt('input', 'Team or company name', 'Appco'),
      prompt('input', 'Product name', ''),
      prompt('select', 'Which stage', 'seed'),
      prompt('select', 'What does the company build?', 'application', (asked) => {
        expect(asked.choices?.map((choice) => ('value' in choice ? choice.value : undefined))).toEqual([
          'own-models',
          'api',
          'application',
        ]);
      }),
      prompt('select', 'How does it sell?', 'sales-led'),
      prompt('select', 'Is there a public API?', 'yes'),
      prompt('input', 'How many customers pay?', '3'),
      // api-tier is not for an application: not asked.
      prompt('select', 'Is onboarding written down', 'some', (asked) => {
        const some = asked.choices?.find((choice) => 'value' in choice && choice.value === 'some');
        expect(some && 'description' in some ? some.description : '').toContain('Written down for at least one team');
      }),
      prompt('select', 'Is there an incident process?', 'full'),
      prompt('select', 'Has an external audit been done?', 'no'),
      prompt('select', 'Review your answers'),
    ]);
    await runAssessmentFlow({ rubric, store, ask, print: () => {}, theme: plainTheme, width: 80 });
    expect(ask.remaining()).toEqual([]);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^profile:\n(  #.*\n)+  builds: application\n(  #.*\n)+  sells: sales-led\nanswers:/m);
    const loaded = loadAnswers(file, rubric);
    expect(loaded.assessment.profile).toEqual({ builds: 'application', sells: 'sales-led' });
    expect(loaded.assessment.answers['api-tier']).toBeUndefined();
  });
});

describe('merge keeps the company profile', () => {
  it('writes the profile most participants gave, and warns where they disagree', async () => {
    const dir = makeTempDir();
    const answers = '  access:\n    has-api: "yes"\n';
    const files = [
      ['ana', '{ builds: api, sells: sales-led }'],
      ['ben', '{ builds: api, sells: both }'],
      ['cy', '{ builds: application, sells: sales-led }'],
    ].map(([name, profile]) => {
      const file = join(dir, `${name}.yaml`);
      writeFileSync(
        file,
        answersText(profile!, 'seed', answers).replace('stage: seed', `stage: seed\nparticipant: ${name}`),
      );
      return file;
    });
    const output = join(dir, 'consensus.yaml');
    const result = await runInProcess(['merge', ...files, '--rubric', REL, '--output', output]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      `warning: participants disagree on the profile's "builds" (api ×2, application ×1); the consensus uses "api" — discuss`,
    );
    expect(result.stderr).toContain(
      `warning: participants disagree on the profile's "sells" (sales-led ×2, both ×1); the consensus uses "sales-led" — discuss`,
    );
    expect(loadAnswers(output, rubric).assessment.profile).toEqual({ builds: 'api', sells: 'sales-led' });
  });
});

describe('init --profile', () => {
  it('writes the profile and marks the questions not for it', async () => {
    const result = await runInProcess([
      'init',
      '--rubric',
      REL,
      '--output',
      '-',
      '--profile',
      'builds=application, sells=sales-led',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('    #   not applicable for this profile: no answer needed\n    # api-tier: ~\n');
    expect(load(result.stdout).assessment.profile).toEqual({ builds: 'application', sells: 'sales-led' });
  });

  it.each([
    ['build=api', 'unknown profile question "build" (expected one of: builds, sells)'],
    ['builds=saas', 'unknown answer "saas" for builds (expected one of: own-models, api, application)'],
  ])('refuses --profile %s with exit 2, writing nothing', async (profile, message) => {
    const file = join(makeTempDir(), 'answers.yaml');
    const result = await runInProcess(['init', '--rubric', REL, '--output', file, '--profile', profile]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--profile: ${message}`);
    expect(() => readFileSync(file)).toThrow();
  });
});
