// The rules table of question kinds: everything the pure core does differently for a single, multi, boolean or number
// question lives in one entry here. Adding a kind means adding an entry (and one in src/io/question-kinds.ts and
// src/prompts/question-kinds.ts): the compiler lists whatever is missing.
import type { Action, Answer, AnswerValue, Choice, NumberBand, Question, QuestionKind } from './model.js';

/** A known answer value: what a kind scores (unknown and n/a never score). */
export type KnownValue = Extract<AnswerValue, { type: 'choice' | 'number' }>;

/** One way to raise a question's score: the action to take and the score it leads to. */
export interface Improvement {
  action: Action;
  /** The answer after this action. */
  answer: Answer;
  /** The question score (0..1) after this action. */
  scoreAfter: number;
  /** For multi questions, the choice this action adds. */
  choiceId?: string;
}

/** Two answers a rubric cannot tell apart by score (for `rubric lint`); `at` is the path under the question. */
export interface SameScore {
  at: (string | number)[];
  message: string;
  hint: string;
}

/** What a group's answers agree on (for `merge`); `tie` and `wide` say the consensus needs a discussion. */
export interface Consensus {
  consensus: AnswerValue;
  tie: boolean;
  wide: boolean;
}

/** A number spread over more than this share of the question's range is "wide" (merge flags it). */
export const WIDE_SPREAD = 0.25;

/** Everything that varies by question kind in the pure core. */
export interface KindRules {
  /** What an answer is, in a few words (docs, the answers-file template). */
  description: string;
  /** How a choice answer is written in a file: one id, a list of ids, or never (numbers). */
  fileForm: 'one' | 'list' | 'none';
  /** Which condition a `when` on this question uses: `in` (choice ids) or `at_least` (a number). */
  condition: 'in' | 'at_least';
  /** How the cheapest path raises an answer: one rung at a time, or by adding choices (a knapsack). */
  climb: 'rungs' | 'add-choices';
  /** The lowest and highest score any answer can get (0..1). */
  bounds(question: Question): { worst: number; best: number };
  /** Every distinct score (0..1) one answer can give. */
  scores(question: Question): number[];
  /** The score (0..1) of a known answer. */
  score(question: Question, value: KnownValue): number;
  /** The actions that would raise a known answer scoring `current`. */
  improvements(question: Question, value: KnownValue, current: number): Improvement[];
  /** The worst answer (where an unknown answer is planned from). */
  worst(question: Question): Answer;
  /** The best answer. */
  best(question: Question): Answer;
  /** The lines of the answers-file template that say what to answer (after the prompt and condition). */
  template(question: Question, oneLine: (text: string) => string): string[];
  /** Answers that score the same although they should differ (`rubric lint`). */
  sameScores(question: Question): SameScore[];
  /** The consensus of known answers other than n/a; `naTie` = n/a tied with the rest. */
  consensus(question: Question, values: readonly KnownValue[], naTie: boolean): Consensus;
}

/** The band a number falls in: the last band whose `from` is at or below it. */
export function bandFor(question: Question, value: number): NumberBand {
  const bands = question.number!.bands;
  let found = bands[0]!;
  for (const band of bands) if (value >= band.from) found = band;
  return found;
}

function round9(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

function nextBetterChoice(choices: readonly Choice[], current: number): Choice | undefined {
  return choices.filter((choice) => choice.score > current).sort((a, b) => a.score - b.score)[0];
}

/** The template's lines for a question's choices: `id: label`, with what must be true to pick it under it. */
function choiceLines(question: Question, oneLine: (text: string) => string): string[] {
  return question.choices.flatMap((choice) => [
    `    ${choice.id}: ${oneLine(choice.label)}${externalIdText(choice, oneLine)}`,
    ...(choice.description !== undefined ? [`      ${oneLine(choice.description)}`] : []),
  ]);
}

function externalIdText(choice: Choice, oneLine: (text: string) => string): string {
  return choice.externalId !== undefined ? ` (${oneLine(choice.externalId)})` : '';
}

const chosenIds = (value: KnownValue): string[] => (value.type === 'choice' ? value.choices : []);

// ── Shared by the kinds with one choice per answer (single, boolean) ──

const oneChoice = {
  fileForm: 'one',
  condition: 'in',
  climb: 'rungs',
  bounds(question: Question) {
    const scores = question.choices.map((choice) => choice.score);
    return { worst: Math.min(...scores), best: Math.max(...scores) };
  },
  scores: (question: Question) => [...new Set(question.choices.map((choice) => choice.score))],
  score(question: Question, value: KnownValue) {
    const chosen = question.choices.filter((choice) => chosenIds(value).includes(choice.id));
    return chosen[0]?.score ?? 0;
  },
  improvements(question: Question, value: KnownValue, current: number): Improvement[] {
    if (value.type !== 'choice') return [];
    const chosen = question.choices.find((choice) => choice.id === value.choices[0]);
    const next = nextBetterChoice(question.choices, current);
    if (!chosen?.action || !next) return [];
    const answer: Answer = { value: { type: 'choice', choices: [next.id] } };
    return [{ action: chosen.action, answer, scoreAfter: next.score }];
  },
  worst(question: Question): Answer {
    const worst = question.choices.reduce((low, choice) => (choice.score < low.score ? choice : low));
    return { value: { type: 'choice', choices: [worst.id] } };
  },
  best(question: Question): Answer {
    const best = question.choices.reduce((high, choice) => (choice.score > high.score ? choice : high));
    return { value: { type: 'choice', choices: [best.id] } };
  },
  consensus(question: Question, values: readonly KnownValue[], naTie: boolean): Consensus {
    const counts = new Map<string, number>();
    for (const value of values) counts.set(chosenIds(value)[0]!, (counts.get(chosenIds(value)[0]!) ?? 0) + 1);
    const most = Math.max(...counts.values());
    const tied = question.choices.filter((choice) => counts.get(choice.id) === most);
    // A tie takes the lowest-scoring of the tied answers: the cautious reading until the workshop settles it.
    const picked = [...tied].sort((a, b) => a.score - b.score)[0]!;
    return { consensus: { type: 'choice', choices: [picked.id] }, tie: naTie || tied.length > 1, wide: false };
  },
} as const satisfies Partial<KindRules>;

/** The rules of each question kind. */
export const KIND_RULES = {
  single: {
    ...oneChoice,
    description: 'one choice id',
    template: (question, oneLine) => ['  one of:', ...choiceLines(question, oneLine)],
    sameScores(question) {
      const found: SameScore[] = [];
      for (const [index, choice] of question.choices.entries()) {
        const twin = question.choices.slice(0, index).find((other) => other.score === choice.score);
        if (twin) {
          found.push({
            at: ['choices', index, 'score'],
            message: `choice "${choice.id}" of "${question.id}" scores the same as "${twin.id}" (${choice.score})`,
            hint: 'The score cannot tell these answers apart; if one is better, score it higher.',
          });
        }
      }
      return found;
    },
  },
  boolean: {
    ...oneChoice,
    description: 'yes or no',
    template: () => ['  yes | no'],
    // yes scores 1 and no 0, always.
    sameScores: () => [],
  },
  multi: {
    description: 'a list of choice ids',
    fileForm: 'list',
    condition: 'in',
    climb: 'add-choices',
    bounds(question) {
      const positive = question.choices.reduce((sum, choice) => sum + Math.max(0, choice.score), 0);
      return { worst: 0, best: Math.min(1, positive) };
    },
    scores(question) {
      // Sums told apart to 9 decimals, but kept exact, the lowest and the highest of each: a critical question is met
      // by the exact sum (a choice may score 5e-324 against a met_at of 5e-324), as the scorer compares it.
      let sums = new Map<number, { low: number; high: number }>([[0, { low: 0, high: 0 }]]);
      for (const choice of question.choices) {
        const next = new Map(sums);
        for (const { low, high } of sums.values()) {
          for (const sum of [low, high]) {
            const total = Math.min(1, sum + Math.max(0, choice.score));
            const seen = next.get(round9(total));
            const lowest = Math.min(seen?.low ?? total, total);
            next.set(round9(total), { low: lowest, high: Math.max(seen?.high ?? total, total) });
          }
        }
        sums = next;
      }
      return [...new Set([...sums.values()].flatMap(({ low, high }) => [low, high]))];
    },
    score(question, value) {
      const chosen = question.choices.filter((choice) => chosenIds(value).includes(choice.id));
      const total = chosen.reduce((sum, choice) => sum + choice.score, 0);
      return Math.min(1, Math.max(0, total));
    },
    improvements(question, value, current) {
      if (value.type !== 'choice') return [];
      return question.choices
        .filter((choice) => !value.choices.includes(choice.id) && choice.action && choice.score > 0)
        .map((choice) => {
          // Choices in rubric order, as `assess` writes them.
          const choices = question.choices
            .filter((candidate) => candidate.id === choice.id || value.choices.includes(candidate.id))
            .map((candidate) => candidate.id);
          const answer: Answer = { value: { type: 'choice', choices } };
          const scoreAfter = Math.min(1, current + choice.score);
          return { action: choice.action!, answer, scoreAfter, choiceId: choice.id };
        });
    },
    worst: () => ({ value: { type: 'choice', choices: [] } }),
    best: (question) => {
      const choices = question.choices.filter((choice) => choice.score > 0).map((choice) => choice.id);
      return { value: { type: 'choice', choices } };
    },
    template: (question, oneLine) => ['  a list of any of:', ...choiceLines(question, oneLine)],
    sameScores(question) {
      return question.choices.flatMap((choice, index) =>
        choice.score === 0
          ? [
              {
                at: ['choices', index, 'score'],
                message:
                  `choice "${choice.id}" of "${question.id}" scores 0, so ticking it scores the same as not` +
                  ' ticking it',
                hint: 'Give it a score, or remove it.',
              },
            ]
          : [],
      );
    },
    consensus(question, values, naTie) {
      let tie = naTie;
      const choices: string[] = [];
      for (const choice of question.choices) {
        const count = values.filter((value) => chosenIds(value).includes(choice.id)).length;
        if (count * 2 > values.length) choices.push(choice.id);
        else if (count > 0 && count * 2 === values.length) tie = true;
      }
      return { consensus: { type: 'choice', choices }, tie, wide: false };
    },
  },
  number: {
    description: 'a number',
    fileForm: 'none',
    condition: 'at_least',
    climb: 'rungs',
    bounds(question) {
      const scores = question.number!.bands.map((band) => band.score);
      return { worst: Math.min(...scores), best: Math.max(...scores) };
    },
    scores(question) {
      const spec = question.number!;
      return [...new Set(spec.bands.filter((band) => band.from <= spec.max).map((band) => band.score))];
    },
    score: (question, value) => (value.type === 'number' ? bandFor(question, value.value).score : 0),
    improvements(question, value, current) {
      if (value.type !== 'number') return [];
      const band = bandFor(question, value.value);
      const better = question.number!.bands.filter((candidate) => candidate.score > current);
      const next = better.sort((a, b) => a.score - b.score)[0];
      if (!band.action || !next) return [];
      return [{ action: band.action, answer: { value: { type: 'number', value: next.from } }, scoreAfter: next.score }];
    },
    worst(question) {
      const bands = question.number!.bands;
      const worst = bands.reduce((low, band) => (band.score < low.score ? band : low), bands[0]!);
      return { value: { type: 'number', value: worst.from } };
    },
    best(question) {
      const bands = question.number!.bands;
      const best = bands.reduce((high, band) => (band.score > high.score ? band : high), bands[0]!);
      return { value: { type: 'number', value: best.from } };
    },
    template(question, oneLine) {
      const spec = question.number!;
      return [`  a number from ${spec.min} to ${spec.max}${spec.unit ? ` (${oneLine(spec.unit)})` : ''}`];
    },
    sameScores(question) {
      const bands = question.number!.bands;
      return bands.flatMap((band, index) =>
        index > 0 && bands[index - 1]!.score === band.score
          ? [
              {
                at: ['bands', index, 'score'],
                message:
                  `band from ${band.from} of "${question.id}" scores the same as the band before it` +
                  ` (${band.score})`,
                hint: 'Merge the two bands, or score them differently.',
              },
            ]
          : [],
      );
    },
    consensus(question, values, naTie) {
      const numbers = values.map((value) => (value.type === 'number' ? value.value : 0)).sort((a, b) => a - b);
      const middle = Math.floor(numbers.length / 2);
      const median = numbers.length % 2 === 1 ? numbers[middle]! : (numbers[middle - 1]! + numbers[middle]!) / 2;
      const spec = question.number!;
      const bands = new Set(numbers.map((value) => bandFor(question, value).score));
      const wide = bands.size > 1 || numbers[numbers.length - 1]! - numbers[0]! > WIDE_SPREAD * (spec.max - spec.min);
      return { consensus: { type: 'number', value: Math.round(median * 1000) / 1000 }, tie: naTie, wide };
    },
  },
} satisfies Record<QuestionKind, KindRules>;

/** The rules of this question's kind. */
export function rulesFor(question: Pick<Question, 'kind'>): KindRules {
  return KIND_RULES[question.kind];
}
