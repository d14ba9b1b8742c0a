// The assessment flow: team, product and stage, then every applicable question in playbook order (or one step with
// --step), then a review by step where any answer can be changed. Each answer is saved as soon as it is given, so the
// flow can stop at any prompt (Ctrl-C) and pick up where it left off. It asks through an `Ask` it is given.
import type { Answer, Assessment, Question, Rubric, Step } from '../core/model.js';
import { applicabilityOf, describeAnswer, isApplicable } from '../core/questions.js';
import { safeText } from '../render/channels.js';
import { wrap, wrapParts } from '../render/text.js';
import type { Theme } from '../render/theme.js';
import type { Ask, AskItem } from './ask.js';
import { askQuestion, type QuestionContext } from './question-prompts.js';
import {
  answerRecord,
  progressHeader,
  questionCount,
  questionPosition,
  stepIntro,
  truncate,
  type Tally,
} from './screen-text.js';

/** Where answers live while the flow runs; every change is saved before the call returns. */
export interface AnswerStore {
  readonly assessment: Assessment;
  setAnswer(question: Question, answer: Answer): void;
  setProfile(fields: Partial<Record<'team' | 'product' | 'stage', string>>): void;
  /** Records the answer to a company-profile question (`profile:` in the file). */
  setCompanyProfile(questionId: string, choiceId: string): void;
}

/** What the flow runs on: the rubric, where answers are kept, how to ask and print, and the command's options. */
export interface FlowOptions {
  rubric: Rubric;
  store: AnswerStore;
  ask: Ask;
  /** Writes to the prompt stream (stderr). */
  print: (text: string) => void;
  theme: Theme;
  /** Columns to wrap text at. */
  width: number;
  /** Re-ask this step only (its current answers are the defaults). */
  step?: string;
  /** Ask for a note or evidence after each answer. */
  notes?: boolean;
  /** Today (YYYY-MM-DD): the default date of new evidence. */
  today?: string;
}

const FINISH = ':finish';
const PROFILE = ':profile';
const BACK = ':back';

/** Runs the whole assessment; resolves when the user finishes the review, rejects with CancelledError on Ctrl-C. */
export async function runAssessmentFlow(options: FlowOptions): Promise<void> {
  const flow = new Flow(options);
  await flow.askProfile();
  if (options.step !== undefined) await flow.askStep(options.step);
  else await flow.askUnanswered();
  await flow.review();
}

class Flow {
  private readonly byId: Map<string, Question>;
  private readonly context: QuestionContext;
  private openedStep: string | undefined;

  constructor(private readonly options: FlowOptions) {
    this.byId = new Map(
      options.rubric.steps.flatMap((step) => step.questions.map((question) => [question.id, question] as const)),
    );
    this.context = {
      ask: options.ask,
      print: options.print,
      theme: options.theme,
      width: options.width,
      notes: options.notes === true,
      ...(options.today !== undefined && { today: options.today }),
    };
  }

  private get answers(): Record<string, Answer> {
    return this.options.store.assessment.answers;
  }

  private applies(question: Question): boolean {
    return isApplicable(question, this.answers, this.byId, this.options.store.assessment.profile);
  }

  /** Team, product and stage: asked only when missing (product only in a first session, as it is optional). */
  async askProfile(): Promise<void> {
    const { store, ask, print, theme } = this.options;
    const fresh = Object.keys(this.answers).length === 0;
    if (store.assessment.team === undefined) {
      const team = (
        await ask.input({
          message: 'Team or company name',
          validate: (value) => (value.trim() === '' ? 'Give a name: it heads the report.' : true),
        })
      ).trim();
      store.setProfile({ team });
      print(`${theme.good('✔')} Team · ${safeText(team)}\n`);
      if (store.assessment.product === undefined && fresh) {
        const product = (await ask.input({ message: 'Product name (optional, Enter to skip)' })).trim();
        if (product !== '') {
          store.setProfile({ product });
          print(`${theme.good('✔')} Product · ${safeText(product)}\n`);
        }
      }
    }
    if (store.assessment.stage === undefined) await this.askStage();
    await this.askCompanyProfile(false);
  }

  /** The rubric's company-profile questions (what it builds, how it sells…), before any question; `all` re-asks them. */
  private async askCompanyProfile(all: boolean): Promise<void> {
    const { rubric, store, ask, print, theme } = this.options;
    for (const question of rubric.profile ?? []) {
      const current = store.assessment.profile?.[question.id];
      if (current !== undefined && !all) continue;
      const picked = await ask.select<string>({
        message: wrap(safeText(question.prompt), this.options.width - 2, 2),
        choices: question.choices.map((choice) => ({ value: choice.id, name: safeText(choice.label) })),
        ...(current !== undefined && { default: current }),
      });
      store.setCompanyProfile(question.id, picked);
      print(
        `${theme.good('✔')} ${safeText(question.prompt)} · ${safeText(question.choices.find((choice) => choice.id === picked)!.label)}\n`,
      );
    }
  }

  private async askStage(): Promise<void> {
    const { rubric, store, ask, print, theme } = this.options;
    const current = store.assessment.stage;
    const stage = await ask.select<string>({
      message: 'Which stage is the company at? (it sets the targets)',
      choices: rubric.stages.map((candidate) => ({
        value: candidate.id,
        name: safeText(candidate.name),
        ...(candidate.description && {
          description: theme.dim(wrap(safeText(candidate.description), this.options.width, 0)),
        }),
      })),
      ...(current !== undefined && { default: current }),
    });
    store.setProfile({ stage });
    print(`${theme.good('✔')} Stage · ${safeText(rubric.stages.find((candidate) => candidate.id === stage)!.name)}\n`);
  }

  /**
   * Every applicable question without an answer, in playbook order; conditions are re-checked after each answer. The
   * count shown never goes backwards: "question 12 of up to 40", where 40 counts the answers given and every question
   * that may still be asked (some only after certain answers), so it can only shrink.
   */
  async askUnanswered(): Promise<void> {
    const { rubric, print, theme, width } = this.options;
    const tally = this.tally();
    const pending = rubric.steps
      .flatMap((step) => step.questions)
      .filter((question) => this.applies(question) && !this.answers[question.id]);
    if (pending.length === 0) {
      print(`\nAll ${tally.answered} questions that apply are answered. Review them below, or finish.\n`);
      return;
    }
    if (tally.answered > 0) {
      const first = pending[0]!;
      const step = rubric.steps.find((candidate) => candidate.id === first.stepId)!;
      const where = `${safeText(step.title)}: ${safeText(first.prompt)}`;
      const resuming = `Resuming: ${tally.answered} of ${questionCount(tally)} answered; continuing at ${where}`;
      print(theme.dim(`\n${wrap(truncate(resuming, width * 2 - 4), width, 2)}\n`));
    } else {
      const count = questionCount(tally);
      const more = tally.exact ? '' : ': some are asked only after certain answers';
      const opening = `${count[0]!.toUpperCase()}${count.slice(1)} in ${rubric.steps.length} steps${more}.`;
      print(theme.dim(`\n${wrap(opening, width, 0)}\n`));
    }
    let shown = 0;
    let fraction = 0;
    for (const step of rubric.steps) {
      for (const question of step.questions) {
        if (!this.applies(question) || this.answers[question.id]) continue;
        const now = this.tally();
        // A change far back (a gate answered after questions it guards) could lower the count: never show it lower.
        shown = Math.max(shown + 1, now.answered + 1);
        const upTo = Math.max(now.upTo, shown);
        fraction = Math.max(fraction, now.answered / upTo);
        const position = questionPosition({ answered: shown - 1, upTo, exact: now.exact });
        await this.askOne(question, { position, fraction });
      }
    }
  }

  /** `--step`: re-asks every applicable question of one step, then any question elsewhere that the changes made apply. */
  async askStep(stepId: string): Promise<void> {
    const step = this.options.rubric.steps.find((candidate) => candidate.id === stepId)!;
    const before = this.applicableIds();
    let asked = 0;
    for (const [index, question] of step.questions.entries()) {
      if (!this.applies(question)) continue;
      const certain = this.certainAnswers();
      const rest = step.questions
        .slice(index)
        .map((candidate) => applicabilityOf(candidate, certain, this.byId, this.options.store.assessment.profile));
      const upTo = asked + rest.filter((state) => state !== 'skipped').length;
      const exact = !rest.includes('open');
      const position = `question ${asked + 1} of ${exact ? '' : 'up to '}${upTo} in this step`;
      await this.askOne(question, { position, fraction: asked / upTo });
      asked++;
    }
    await this.askNewlyApplicable(before, new Set(step.questions.map((question) => question.id)));
  }

  /** The review: pick a step, then a question, to change it; "Finish" (the default) ends the flow. */
  async review(): Promise<void> {
    const { rubric, ask, print, theme } = this.options;
    const tally = this.tally();
    const counts = `· ${tally.answered} of ${questionCount(tally)} answered`;
    const line = wrapParts(
      `Review ${counts} · pick a step to change an answer, or press Enter to finish`,
      this.options.width,
      2,
    );
    print(`\n${theme.bold('Review')}${theme.dim(line.slice('Review'.length))}\n`);
    for (;;) {
      const steps = rubric.steps.map((step, index) => ({
        value: step.id,
        name: `${index + 1}. ${safeText(step.title)} · ${this.stepSummary(step)}`,
      }));
      const picked = await ask.select<string>({
        message: 'Review your answers',
        choices: [
          { value: FINISH, name: 'Finish and show the report' },
          { separator: '──────────' },
          ...steps,
          { value: PROFILE, name: `Team, product and stage · ${this.profileSummary()}` },
        ],
        // Always Finish, so Enter ends the review however often it is visited.
        default: FINISH,
        keys: [['ctrl+c', 'pause']],
      });
      if (picked === FINISH) return;
      if (picked === PROFILE) await this.editProfile();
      else await this.reviewStep(rubric.steps.find((step) => step.id === picked)!);
    }
  }

  private async reviewStep(step: Step): Promise<void> {
    const { ask, width, theme } = this.options;
    let next: string = BACK;
    for (;;) {
      this.options.print('\n');
      const shown = step.questions.filter((question) => this.applies(question));
      const choices: AskItem<string>[] = shown.map((question) => {
        const answer = this.answers[question.id];
        const text = safeText(describeAnswer(question, answer));
        return {
          value: question.id,
          name: truncate(`${safeText(question.prompt)} · ${answer ? text : 'not answered'}`, Math.max(30, width - 4)),
          description: theme.dim(
            `Now: ${answer ? text : 'not answered'}${answer?.note ? ` · note: ${safeText(answer.note)}` : ''}`,
          ),
        };
      });
      const picked = await ask.select<string>({
        message: `${safeText(step.title)}: which answer do you want to change?`,
        choices: [{ value: BACK, name: '← Back to the review' }, { separator: '──────────' }, ...choices],
        default: next,
        keys: [['ctrl+c', 'pause']],
      });
      if (picked === BACK) return;
      const before = this.applicableIds();
      await this.askOne(this.byId.get(picked)!, { position: 'changing one answer' });
      await this.askNewlyApplicable(before, new Set([picked]));
      // Land on the question after the one just changed, the usual next thing to check.
      const visible = step.questions.filter((question) => this.applies(question)).map((question) => question.id);
      next = visible[visible.indexOf(picked) + 1] ?? BACK;
    }
  }

  private async editProfile(): Promise<void> {
    const { store, ask } = this.options;
    const team = (
      await ask.input({
        message: 'Team or company name',
        default: store.assessment.team ?? '',
        validate: (value) => (value.trim() === '' ? 'Give a name: it heads the report.' : true),
      })
    ).trim();
    const product = (
      await ask.input({ message: 'Product name (optional)', default: store.assessment.product ?? '' })
    ).trim();
    store.setProfile({ team, ...(product !== '' && { product }) });
    await this.askStage();
    await this.askCompanyProfile(true);
  }

  /** Asks questions that apply now but did not before a change (a change can enable more: repeat until none). */
  private async askNewlyApplicable(before: Set<string>, done: Set<string>): Promise<void> {
    const asked = new Set(done);
    let told = false;
    for (;;) {
      const next = this.options.rubric.steps
        .flatMap((step) => step.questions)
        .find((question) => !before.has(question.id) && !asked.has(question.id) && this.applies(question));
      if (!next) return;
      asked.add(next.id);
      if (!told)
        this.options.print(this.options.theme.dim(`\nThat change makes more questions apply; here they are.\n`));
      told = true;
      await this.askOne(next, { position: 'a question your change makes apply' });
    }
  }

  /** Asks one question under a progress header (`where` it stands), saves the answer and leaves a record of it. */
  private async askOne(question: Question, where: { position: string; fraction?: number }): Promise<void> {
    const { rubric, store, print, theme, width } = this.options;
    const stepIndex = rubric.steps.findIndex((step) => step.id === question.stepId);
    const step = rubric.steps[stepIndex]!;
    if (this.openedStep !== step.id) {
      print(stepIntro(step, stepIndex + 1, rubric.steps.length, theme, width));
      this.openedStep = step.id;
    }
    const progress = { stepTitle: step.title, stepIndex: stepIndex + 1, stepCount: rubric.steps.length, ...where };
    const header = progressHeader(progress, theme, width);
    // A question the workshop left open (`discuss:` from `scaleplay merge`) says how it split: the answer given now settles it.
    const open = this.answers[question.id]?.discuss;
    const discuss =
      open === undefined
        ? ''
        : `\n${theme.warn(wrap(`To discuss (workshop): ${safeText(open)} · answering settles it`, width, 2))}`;
    // A blank line sets the open question apart from the record of answers above it.
    const answer = await askQuestion(question, this.answers[question.id], `\n${header}${discuss}`, this.context);
    store.setAnswer(question, answer);
    print(answerRecord(question, answer, theme, width));
  }

  private applicableIds(): Set<string> {
    return new Set([...this.byId.values()].filter((question) => this.applies(question)).map((question) => question.id));
  }

  /**
   * Answers given (to questions that apply) and how many questions there may be in all: those answered plus every
   * unanswered question that applies or may apply once an answer still to be given is known. A question that hangs on
   * an answer given as unknown is not counted: it is not asked until that answer is known.
   */
  tally(): Tally {
    const certain = this.certainAnswers();
    let answered = 0;
    let pending = 0;
    let maybe = 0;
    for (const question of this.byId.values()) {
      if (this.answers[question.id]) {
        if (this.applies(question)) answered++;
        continue;
      }
      const state = applicabilityOf(question, certain, this.byId, this.options.store.assessment.profile);
      if (state === 'applies') pending++;
      else if (state === 'open') maybe++;
    }
    return { answered, upTo: answered + pending + maybe, exact: maybe === 0 };
  }

  /** The answers, every unknown one read as "does not hold": what stays open then hangs on answers not given yet. */
  private certainAnswers(): Record<string, Answer> {
    const out: Record<string, Answer> = {};
    for (const [id, answer] of Object.entries(this.answers)) {
      out[id] = answer.value.type === 'unknown' ? { value: { type: 'na', reason: '' } } : answer;
    }
    return out;
  }

  /** "6 answered · 1 unknown · 1 to answer" for the review list. */
  private stepSummary(step: Step): string {
    const counts = { answered: 0, unknown: 0, na: 0, open: 0 };
    for (const question of step.questions) {
      if (!this.applies(question)) continue;
      const value = this.answers[question.id]?.value;
      if (!value) counts.open++;
      else if (value.type === 'unknown') counts.unknown++;
      else if (value.type === 'na') counts.na++;
      else counts.answered++;
    }
    return [
      `${counts.answered} answered`,
      counts.unknown > 0 && `${counts.unknown} unknown`,
      counts.na > 0 && `${counts.na} n/a`,
      counts.open > 0 && `${counts.open} to answer`,
    ]
      .filter(Boolean)
      .join(' · ');
  }

  private profileSummary(): string {
    const { assessment } = this.options.store;
    const stage = this.options.rubric.stages.find((candidate) => candidate.id === assessment.stage);
    return [assessment.team, assessment.product, stage?.name]
      .filter(Boolean)
      .map((text) => safeText(text!))
      .join(' · ');
  }
}
