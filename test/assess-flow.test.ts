// The assessment flow with a scripted prompt adapter: every prompt must be the one the script expects, in order.
// Answers go to a real answers file in a temporary folder, so "saved" means saved on disk. The flow runs against the
// frozen playbook 1.0.0 (fixtures/v1): these tests are about the flow, not the content of the current playbook.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listQuestions, type Answer, type Question } from '../src/core/model.js';
import { CancelledError } from '../src/errors.js';
import { openAnswersFile } from '../src/io/answers-writer.js';
import { loadAnswers } from '../src/io/load-answers.js';
import { loadRubric } from '../src/io/load-rubric.js';
import type { Ask, CheckboxQuestion, InputQuestion, SelectQuestion } from '../src/prompts/ask.js';
import { runAssessmentFlow, type FlowOptions } from '../src/prompts/flow.js';
import { NONE, NOT_APPLICABLE, UNKNOWN, WHY } from '../src/prompts/question-prompts.js';
import { plainTheme } from '../src/render/theme.js';
import { cancelAt, createFakeAsk, ENTER, prompt, type AskedQuestion, type Expectation } from './helpers/fake-ask.js';
import { FIXTURES, tempDir } from './helpers/cli.js';

const { rubric } = loadRubric(join(FIXTURES, 'v1', 'playbook'));
const questions = listQuestions(rubric);
const question = (id: string): Question => questions.find((candidate) => candidate.id === id)!;
const choice = (...ids: string[]): Answer => ({ value: { type: 'choice', choices: ids } });
const DATE = '2026-03-01';

/** An answers file in a new folder, with these answers saved by an earlier session. */
function fileWith(
  answers: Record<string, Answer> = {},
  profile: Record<string, string> = { team: 'Acme', stage: 'seed' },
): string {
  const file = join(tempDir(), 'answers.yaml');
  const earlier = openAnswersFile(file, rubric, { date: DATE });
  earlier.setProfile(profile);
  for (const [id, answer] of Object.entries(answers)) earlier.setAnswer(question(id), answer);
  return file;
}

/** The Mistral fixture with one step's answers removed (its comments and the other steps kept). */
function fixtureWithout(stepId: string): string {
  const file = join(tempDir(), 'mistral.yaml');
  const text = readFileSync(join(FIXTURES, 'v1', 'answers', 'mistral-2026.yaml'), 'utf8');
  const start = text.indexOf(`  ${stepId}:\n`);
  const rest = text.slice(start + stepId.length + 4);
  const next = rest.search(/^ {2}[a-z-]+:/m);
  writeFileSync(file, `${text.slice(0, start)}${next === -1 ? '' : rest.slice(next)}`);
  return file;
}

/** The prompt kind a question is asked with. */
function kindOf(candidate: Question): Expectation['kind'] {
  return candidate.kind === 'multi' ? 'checkbox' : candidate.kind === 'number' ? 'input' : 'select';
}

/** Enter on each of these questions, in order. */
function enterOn(ids: readonly string[]): Expectation[] {
  return ids.map((id) => prompt(kindOf(question(id)), question(id).prompt));
}

const finishReview = prompt('select', 'Review your answers', ENTER);

async function runFlow(file: string, script: Expectation[], options: Partial<FlowOptions> = {}) {
  const store = openAnswersFile(file, rubric, { date: DATE });
  const ask = createFakeAsk(script);
  let printed = '';
  const run = runAssessmentFlow({
    rubric,
    store,
    ask,
    print: (text) => void (printed += text),
    theme: plainTheme,
    width: 80,
    ...options,
  });
  return { store, ask, run, printed: () => printed };
}

/** The values of a list's entries (dividers left out). */
function valuesOf(asked: AskedQuestion): unknown[] {
  return (asked.choices ?? []).flatMap((item) => ('value' in item ? [item.value] : []));
}

/** "question 12 of up to 40 · … 27%" read back from a progress header. */
function progressOf(header: string): { number: number; upTo: number; exact: boolean; percent: number } {
  const found = /question (\d+) of (up to )?(\d+) · [█░]+ (\d+)%$/.exec(header);
  if (!found) throw new Error(`not a progress header: ${header}`);
  return { number: Number(found[1]), upTo: Number(found[3]), exact: found[2] === undefined, percent: Number(found[4]) };
}

/**
 * Runs the flow on `file` answering Enter everywhere (the review finishes at once) except `answers` (question id →
 * value); returns the progress header of each question asked and everything printed.
 */
async function answerThrough(file: string, answers: Record<string, unknown>) {
  const store = openAnswersFile(file, rubric, { date: DATE });
  const headers: string[] = [];
  const pick = (question: { message: string; header?: string }) => {
    if (question.header !== undefined) headers.push(question.header.trim());
    const asked = questions.find((candidate) => question.message.replace(/\s+/g, ' ').startsWith(candidate.prompt));
    return asked && asked.id in answers ? answers[asked.id] : ENTER;
  };
  const ask: Ask = {
    async select<T>(question: SelectQuestion<T>) {
      const value = pick(question);
      return (value === ENTER ? question.default : value) as T;
    },
    async checkbox<T>(question: CheckboxQuestion<T>) {
      const value = pick(question);
      if (value !== ENTER) return value as T[];
      const ticked = question.choices.filter((item) => 'checked' in item && item.checked);
      return ticked.map((item) => 'value' in item && item.value) as T[];
    },
    async input(question: InputQuestion) {
      const value = pick(question);
      return (value === ENTER ? (question.default ?? '') : value) as string;
    },
  };
  let printed = '';
  const print = (text: string) => void (printed += text);
  await runAssessmentFlow({ rubric, store, ask, print, theme: plainTheme, width: 80 });
  return { headers, printed };
}

function saved(file: string): Record<string, Answer> {
  return loadAnswers(file, rubric).assessment.answers;
}

describe('the assessment flow', () => {
  it('asks team, product and stage on a new file, then every question that applies, in playbook order', async () => {
    const file = join(tempDir(), 'answers.yaml');
    // With these answers, conditions leave out the API questions (has-api: no), everything gated on paid rungs or
    // segment partners (unknown), and workflow adoption (stack position unknown).
    const skipped = [
      'free-api-tier',
      'time-to-first-call',
      'premium-usage-pricing',
      'usage-revenue-share',
      'arpu-growth',
      'rung-conversion',
      'enterprise-contract',
      'segment-mapping',
      'partner-revenue-share',
      'workflow-adoption',
    ];
    const asked = questions
      .map((candidate) => candidate.id)
      .filter((id) => !['production-integration', 'has-api', ...skipped].includes(id));
    const { run, ask, store, printed } = await runFlow(file, [
      prompt('input', 'Team or company name', 'Acme AI'),
      prompt('input', 'Product name', ''),
      prompt('select', 'Which stage', 'series-a'),
      prompt('select', 'How do people use your product today?', 'pilots'),
      prompt('select', 'Do you offer a public API', 'no'),
      ...enterOn(asked),
      finishReview,
    ]);
    await run;
    expect(ask.remaining()).toEqual([]);
    const { assessment } = loadAnswers(file, rubric);
    expect(assessment).toMatchObject({ team: 'Acme AI', stage: 'series-a', date: DATE });
    expect(assessment.product).toBeUndefined();
    expect(Object.keys(assessment.answers).sort()).toEqual(['production-integration', 'has-api', ...asked].sort());
    for (const id of asked) expect(assessment.answers[id]!.value).toEqual({ type: 'unknown' });
    expect(store.assessment.answers).toEqual(assessment.answers);
    expect(printed()).toContain('── Step 1 of 6 · Wedge ─');
    expect(printed()).toContain('✔ Do you offer a public API or a downloadable model? · No');
  });

  it('shows where the user is: step, question among those that apply, and overall progress', async () => {
    const file = fileWith();
    const headers: string[] = [];
    const { run } = await runFlow(file, [
      prompt('select', 'How do people use', 'production', (asked) => void headers.push(asked.header!)),
      prompt('select', 'Do you offer a public API', 'yes', (asked) => void headers.push(asked.header!)),
      cancelAt('select', 'Do you release model weights'),
    ]);
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    // 43 questions may be asked at first (some only after certain answers): the count is what is asked now, by title.
    expect(headers[0]).toBe(`\nWedge · step 1 of 6 · question 1 of up to 43 · ${'░'.repeat(16)} 0%`);
    expect(headers[1]).toBe(`\nWedge · step 1 of 6 · question 2 of up to 43 · ${'░'.repeat(16)} 2%`);
  });

  it('counts what is asked now: the number rises by one, "up to" only shrinks, the percentage never falls', async () => {
    const file = fileWith();
    const answers = { 'has-api': 'no', 'stack-position': 'workflow', 'ladder-rungs': ['pro', 'team'] };
    const { headers, printed: text } = await answerThrough(file, answers);
    const printed = text.replace(/\s+/g, ' ');
    const seen = headers.map(progressOf);
    expect(seen.length).toBeGreaterThan(25);
    for (const [index, now] of seen.entries()) {
      expect(now.number).toBe(index + 1);
      if (index === 0) continue;
      expect(now.upTo).toBeLessThanOrEqual(seen[index - 1]!.upTo);
      expect(now.percent).toBeGreaterThanOrEqual(seen[index - 1]!.percent);
    }
    // "no" to has-api takes its questions out of the count; the last question is counted exactly.
    expect(seen[2]!.upTo).toBeLessThan(seen[1]!.upTo);
    expect(seen.at(-1)).toMatchObject({ number: seen.length, upTo: seen.length, exact: true });
    // The opening line and the review give the same counts as the progress line.
    expect(printed).toContain(`Up to ${seen[0]!.upTo} questions in 6 steps: some are asked only after certain`);
    expect(printed).toContain(`Review · ${seen.length} of ${seen.length} questions answered`);
    expect(printed).not.toMatch(/[a-z]+-[a-z-]+\.[a-z]+-[a-z-]+/);
  });

  it('resumes with the same counts as the progress line, naming the step and the question, not their ids', async () => {
    const file = fileWith({
      'production-integration': choice('trial'),
      'has-api': choice('no'),
      'open-weights': { value: { type: 'unknown' } },
    });
    const { headers, printed: text } = await answerThrough(file, {});
    const printed = text.replace(/\s+/g, ' ');
    const first = progressOf(headers[0]!);
    expect(first).toMatchObject({ number: 4, exact: false });
    const resuming = `Resuming: 3 of up to ${first.upTo} questions answered; continuing at Wedge: Which of these`;
    expect(printed).toContain(resuming);
    expect(printed).toContain(`Review · ${headers.length + 3} of ${headers.length + 3} questions answered`);
  });

  it('asks a question as soon as an earlier answer makes it apply (has-api yes enables the API questions)', async () => {
    const file = fixtureWithout('wedge');
    const { run, ask } = await runFlow(file, [
      prompt('select', 'How do people use', 'production'),
      prompt('select', 'Do you offer a public API', 'no'),
      prompt('select', 'Do you release model weights', ENTER),
      ...enterOn(['activation-aids', 'flywheel-metrics', 'release-cadence']),
      finishReview,
    ]);
    await run;
    expect(ask.remaining()).toEqual([]);
    expect(saved(file)['free-api-tier']).toBeUndefined();

    const again = fixtureWithout('wedge');
    const second = await runFlow(again, [
      prompt('select', 'How do people use', 'production'),
      prompt('select', 'Do you offer a public API', 'yes'),
      prompt('select', 'Do you release model weights', 'hybrid'),
      prompt('select', 'Can a developer make real API calls', 'free-tier'),
      prompt('input', 'What is the median time', '12'),
      ...enterOn(['activation-aids', 'flywheel-metrics', 'release-cadence']),
      finishReview,
    ]);
    await second.run;
    expect(saved(again)['time-to-first-call']!.value).toEqual({ type: 'number', value: 12 });
    expect(saved(again)['free-api-tier']!.value).toEqual({ type: 'choice', choices: ['free-tier'] });
  });

  it('resumes at the first unanswered question that applies, and says so', async () => {
    const file = fileWith({
      'production-integration': choice('trial'),
      'has-api': choice('no'),
      'open-weights': { value: { type: 'unknown' } },
    });
    const { run, printed } = await runFlow(file, [cancelAt('checkbox', 'Which of these does a newcomer get')]);
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    const resuming = 'Resuming: 3 of up to 39 questions answered; continuing at Wedge: Which of these does a newcomer';
    expect(printed().replace(/\s+/g, ' ')).toContain(resuming);
    expect(printed()).not.toContain('wedge.activation-aids');
  });

  it('Ctrl-C in the middle rejects with CancelledError and keeps every answer given before it', async () => {
    const file = fileWith();
    const { run } = await runFlow(file, [
      prompt('select', 'How do people use', 'demo-only'),
      prompt('select', 'Do you offer a public API', 'yes'),
      prompt('select', 'Do you release model weights', 'closed'),
      cancelAt('select', 'Can a developer make real API calls'),
    ]);
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(saved(file)).toEqual({
      'production-integration': choice('demo-only'),
      'has-api': choice('yes'),
      'open-weights': choice('closed'),
    });
  });

  it('goes straight to the review when every question that applies is answered', async () => {
    const file = join(tempDir(), 'mistral.yaml');
    copyFileSync(join(FIXTURES, 'v1', 'answers', 'mistral-2026.yaml'), file);
    const before = readFileSync(file, 'utf8');
    const { run, printed } = await runFlow(file, [finishReview]);
    await run;
    expect(printed()).toMatch(/All \d+ questions that apply are answered/);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('--step re-asks one step with the current answers as defaults, and nothing else', async () => {
    const file = join(tempDir(), 'mistral.yaml');
    copyFileSync(join(FIXTURES, 'v1', 'answers', 'mistral-2026.yaml'), file);
    const current = saved(file);
    const reliability = rubric.steps
      .find((step) => step.id === 'reliability')!
      .questions.map((candidate) => candidate.id);
    const defaults: Record<string, unknown> = {};
    const script = reliability.map((id) =>
      prompt(
        kindOf(question(id)),
        question(id).prompt,
        id === 'evals-rollback' ? 'evals-staged-rollback' : ENTER,
        (asked) => {
          defaults[id] = kindOf(question(id)) === 'checkbox' ? asked.choices : asked.default;
        },
      ),
    );
    const { run, ask } = await runFlow(file, [...script, finishReview], { step: 'reliability' });
    await run;
    expect(ask.remaining()).toEqual([]);
    // Each default is the current answer (Unknown where it is unknown).
    for (const id of reliability) {
      const value = current[id]!.value;
      if (kindOf(question(id)) === 'select')
        expect(defaults[id]).toBe(value.type === 'choice' ? value.choices[0] : UNKNOWN);
    }
    const after = saved(file);
    expect(after['evals-rollback']!.value).toEqual(choice('evals-staged-rollback').value);
    // Notes on answers kept by Enter are kept too.
    expect(after['synthetic-checks']).toEqual(current['synthetic-checks']);
    for (const id of Object.keys(current)) if (id !== 'evals-rollback') expect(after[id]).toEqual(current[id]);
  });

  it("--step asks a question of a later step that the step's new answers make apply", async () => {
    // No API: the revenue-ladder question about API pricing does not apply and was never answered.
    const answers = Object.fromEntries(
      questions
        .filter(
          (candidate) =>
            !['has-api', 'free-api-tier', 'time-to-first-call', 'premium-usage-pricing'].includes(candidate.id),
        )
        .map((candidate) => [candidate.id, { value: { type: 'unknown' } } as Answer]),
    );
    const file = fileWith({ ...answers, 'has-api': choice('no') });
    const { run, ask, printed } = await runFlow(
      file,
      [
        prompt('select', 'How do people use', ENTER),
        prompt('select', 'Do you offer a public API', 'yes', (asked) => expect(asked.default).toBe('no')),
        ...enterOn([
          'open-weights',
          'free-api-tier',
          'time-to-first-call',
          'activation-aids',
          'flywheel-metrics',
          'release-cadence',
          'premium-usage-pricing',
        ]),
        finishReview,
      ],
      { step: 'wedge' },
    );
    await run;
    expect(ask.remaining()).toEqual([]);
    expect(printed()).toContain('That change makes more questions apply');
    expect(saved(file)['premium-usage-pricing']!.value).toEqual({ type: 'unknown' });
  });

  it('the review changes an answer, asks the questions the change makes apply, and finishes on Enter', async () => {
    const file = join(tempDir(), 'preseed.yaml');
    copyFileSync(join(FIXTURES, 'v1', 'answers', 'preseed-demo.yaml'), file);
    let stepListDefault: unknown;
    const { run, ask } = await runFlow(file, [
      prompt('select', 'Review your answers', 'revenue-ladder'),
      prompt('select', 'Revenue ladder: which answer', 'ladder-rungs', (asked) => expect(asked.default).toBe(':back')),
      prompt('checkbox', 'Which rungs of the revenue ladder', ['pro', 'enterprise'], (asked) =>
        // The current answer (none) is ticked.
        expect(
          (asked.choices ?? [])
            .filter((item) => 'checked' in item && item.checked)
            .map((item) => 'value' in item && item.value),
        ).toEqual([NONE]),
      ),
      prompt('input', 'What share of revenue comes from usage-based pricing', '15'),
      ...enterOn(['arpu-growth', 'rung-conversion']),
      prompt('checkbox', 'What do your enterprise contracts let buyers pay for', ['control', 'compliance']),
      prompt('select', 'Revenue ladder: which answer', ':back', (asked) => (stepListDefault = asked.default)),
      prompt('select', 'Review your answers', ':profile'),
      prompt('input', 'Team or company name', ENTER, (asked) => expect(asked.default).toBe('Lumen Labs')),
      prompt('input', 'Product name', ENTER),
      prompt('select', 'Which stage', 'seed', (asked) => expect(asked.default).toBe('pre-seed')),
      finishReview,
    ]);
    await run;
    expect(ask.remaining()).toEqual([]);
    // After a change, the list lands on the next question of the step.
    expect(stepListDefault).toBe('self-serve-upgrade');
    const { assessment } = loadAnswers(file, rubric);
    expect(assessment.stage).toBe('seed');
    expect(assessment.answers['ladder-rungs']!.value).toEqual({ type: 'choice', choices: ['pro', 'enterprise'] });
    expect(assessment.answers['usage-revenue-share']!.value).toEqual({ type: 'number', value: 15 });
    expect(assessment.answers['enterprise-contract']!.value).toEqual({
      type: 'choice',
      choices: ['control', 'compliance'],
    });
    expect(assessment.answers['arpu-growth']!.value).toEqual({ type: 'unknown' });
  });
});

describe('questions whose condition hangs on an unknown answer', () => {
  it('are not asked while the gate is unknown; answering the gate in the review asks the ones it makes apply', async () => {
    // has-api unanswered and ladder-rungs unknown: premium pricing and the paid-rung questions may apply, but are not asked.
    const file = fileWith({ 'ladder-rungs': { value: { type: 'unknown' } } });
    const { run, ask } = await runFlow(
      file,
      [
        prompt('checkbox', 'Which rungs of the revenue ladder', ENTER),
        prompt('select', 'Can an individual start paying', 'yes'),
        prompt('select', 'Review your answers', 'revenue-ladder'),
        prompt('select', 'Revenue ladder: which answer', 'ladder-rungs', (asked) =>
          expect(valuesOf(asked)).toEqual([':back', 'ladder-rungs', 'self-serve-upgrade']),
        ),
        prompt('checkbox', 'Which rungs of the revenue ladder', ['free-open', 'team']),
        prompt('input', 'What share of revenue comes from usage-based pricing', '10'),
        ...enterOn(['arpu-growth', 'rung-conversion']),
        prompt('select', 'Revenue ladder: which answer', ':back'),
        finishReview,
      ],
      { step: 'revenue-ladder' },
    );
    await run;
    expect(ask.remaining()).toEqual([]);
    const answers = saved(file);
    expect(answers['ladder-rungs']!.value).toEqual({ type: 'choice', choices: ['free-open', 'team'] });
    expect(answers['usage-revenue-share']!.value).toEqual({ type: 'number', value: 10 });
    expect(answers['premium-usage-pricing']).toBeUndefined();
    expect(answers['enterprise-contract']).toBeUndefined();
  });
});

describe('asking one question', () => {
  const wedgeDone = { 'production-integration': choice('trial'), 'has-api': choice('no') };

  it('offers "Not applicable" where the rubric allows it and asks for the reason', async () => {
    const file = fileWith(wedgeDone);
    let offered: unknown[] = [];
    const { run } = await runFlow(file, [
      prompt('select', 'Do you release model weights', NOT_APPLICABLE, (asked) => (offered = valuesOf(asked))),
      prompt('input', 'Why does it not apply to you?', '  We prompt a hosted model  '),
      cancelAt('checkbox', 'Which of these does a newcomer get'),
    ]);
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(offered).toEqual(['closed', 'restrictive', 'all-open', 'hybrid', UNKNOWN, NOT_APPLICABLE, WHY]);
    expect(saved(file)['open-weights']).toEqual({ value: { type: 'na', reason: 'We prompt a hosted model' } });
  });

  it('refuses an empty reason for "not applicable"', async () => {
    const file = fileWith(wedgeDone);
    const { run } = await runFlow(file, [
      prompt('select', 'Do you release model weights', NOT_APPLICABLE),
      prompt('input', 'Why does it not apply to you?', '   '),
    ]);
    await expect(run).rejects.toThrow(/would refuse "   ": Give a reason/);
    expect(saved(file)['open-weights']).toBeUndefined();
  });

  it('offers Unknown on every question, and "Not applicable" only where the rubric allows it', async () => {
    let offered: unknown[] = [];
    const { run } = await runFlow(fileWith(), [
      { ...cancelAt('select', 'How do people use'), check: (asked: AskedQuestion) => (offered = valuesOf(asked)) },
    ]);
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(offered).toEqual(['demo-only', 'trial', 'pilots', 'production', UNKNOWN, WHY]);
  });

  it('"? Why it matters" prints the reason and asks the same question again with the same default', async () => {
    const file = fileWith({ 'production-integration': choice('pilots') });
    const defaults: unknown[] = [];
    const { run, printed } = await runFlow(file, [
      prompt('select', 'Do you offer a public API', WHY, (asked) => void defaults.push(asked.default)),
      prompt('select', 'Do you offer a public API', 'yes', (asked) => void defaults.push(asked.default)),
      cancelAt('select', 'Do you release model weights'),
    ]);
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(defaults).toEqual([UNKNOWN, UNKNOWN]);
    expect(printed()).toContain("Why it matters: Mistral's wedge was two integrable artefacts");
    expect(saved(file)['has-api']).toEqual(choice('yes'));
  });

  it('a number question takes a number, "u" for unknown, and "?" for why it matters', async () => {
    const file = fileWith({
      'production-integration': choice('pilots'),
      'has-api': choice('yes'),
      'open-weights': choice('closed'),
      'free-api-tier': choice('card-first'),
    });
    const { run, printed } = await runFlow(file, [
      prompt('input', 'What is the median time', '?', (asked) => expect(asked.default).toBe('unknown')),
      prompt('input', 'What is the median time', 'u'),
      cancelAt('checkbox', 'Which of these does a newcomer get'),
    ]);
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(printed()).toContain('Why it matters: ');
    expect(saved(file)['time-to-first-call']).toEqual({ value: { type: 'unknown' } });
  });

  it('multi-choice: Unknown is ticked until an answer is; real choices win; "None of these" means an empty list', async () => {
    const file = fileWith({
      'production-integration': choice('pilots'),
      'has-api': choice('no'),
      'open-weights': choice('closed'),
    });
    let ticked: unknown[] = [];
    const { run } = await runFlow(file, [
      prompt(
        'checkbox',
        'Which of these does a newcomer get',
        [UNKNOWN, 'sdks', 'quick-start'],
        (asked) =>
          (ticked = (asked.choices ?? [])
            .filter((item) => 'checked' in item && item.checked)
            .map((item) => 'value' in item && item.value)),
      ),
      prompt('checkbox', 'Which flywheel stages', [NONE]),
      prompt('select', 'How often do users get', ENTER),
      cancelAt('select', 'How far up the stack'),
    ]);
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(ticked).toEqual([UNKNOWN]);
    // Saved in the rubric's order, whatever the order ticked.
    expect(saved(file)['activation-aids']).toEqual(choice('quick-start', 'sdks'));
    expect(saved(file)['flywheel-metrics']).toEqual(choice());
    expect(saved(file)['release-cadence']).toEqual({ value: { type: 'unknown' } });
  });

  it('--notes asks for a note after each answer: text is a note, a link is evidence with its owner and date, Enter adds nothing', async () => {
    const file = fileWith();
    const { run } = await runFlow(
      file,
      [
        prompt('select', 'How do people use', 'pilots'),
        prompt('input', 'Note or evidence link', 'Three design partners since May'),
        prompt('select', 'Do you offer a public API', 'yes'),
        prompt('input', 'Note or evidence link', 'https://docs.example.com/api'),
        prompt('input', 'Who owns this evidence?', 'Dana'),
        prompt('input', 'When was it last checked?', ENTER, (asked) => expect(asked.default).toBe('2026-11-26')),
        prompt('select', 'Do you release model weights', 'closed'),
        prompt('input', 'Note or evidence link', ENTER),
        cancelAt('select', 'Can a developer make real API calls'),
      ],
      { notes: true, today: '2026-11-26' },
    );
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(saved(file)).toEqual({
      'production-integration': { ...choice('pilots'), note: 'Three design partners since May' },
      'has-api': {
        ...choice('yes'),
        evidenceItems: [{ url: 'https://docs.example.com/api', owner: 'Dana', date: '2026-11-26' }],
      },
      'open-weights': choice('closed'),
    });
    expect(readFileSync(file, 'utf8')).toContain(
      '    production-integration:\n      answer: pilots\n      note: Three design partners since May\n',
    );
    expect(readFileSync(file, 'utf8')).toMatch(
      /has-api:\n {6}answer: yes\n {6}evidence:\n {8}- url: https:\/\/docs\.example\.com\/api\n {10}owner: Dana\n {10}date: 2026-11-26\n/,
    );
  });

  it("keeps an answer's note and evidence when it is answered again without --notes", async () => {
    const file = join(tempDir(), 'mistral.yaml');
    copyFileSync(join(FIXTURES, 'v1', 'answers', 'mistral-2026.yaml'), file);
    const before = saved(file)['production-integration']!;
    const { run } = await runFlow(file, [
      prompt('select', 'Review your answers', 'wedge'),
      prompt('select', 'Wedge: which answer', 'production-integration'),
      prompt('select', 'How do people use', 'pilots', (asked) => expect(asked.default).toBe('production')),
      prompt('select', 'Wedge: which answer', ':back'),
      finishReview,
    ]);
    await run;
    const after = saved(file)['production-integration']!;
    expect(after).toEqual({ ...before, value: { type: 'choice', choices: ['pilots'] } });
  });

  it('every line it prints fits in 80 columns', async () => {
    const file = fixtureWithout('reliability');
    const ids = rubric.steps.find((step) => step.id === 'reliability')!.questions.map((candidate) => candidate.id);
    const script = ids.flatMap((id) => {
      const enter = prompt(kindOf(question(id)), question(id).prompt, ENTER);
      return id === 'synthetic-checks' ? [prompt('select', question(id).prompt, WHY), enter] : [enter];
    });
    const { run, printed } = await runFlow(file, [...script, finishReview]);
    await run;
    const lines = printed().split('\n');
    expect(lines.length).toBeGreaterThan(20);
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(80);
  });
});
