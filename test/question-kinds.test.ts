// The rules table of question kinds: one entry per kind on each side (core, files, prompts), and the core entries agree
// with each other on random rubrics: the worst and best answers score the bounds, every answer scores one of `scores`,
// and every improvement raises the score to what it promises.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QUESTION_KINDS, listQuestions } from '../src/core/model.js';
import { KIND_RULES, rulesFor } from '../src/core/question-kinds.js';
import { scoreAnswer } from '../src/core/questions.js';
import { KIND_FILE_RULES } from '../src/io/question-kinds.js';
import { knownAnswerArb, rubricArb } from './helpers/hardening-arbitraries.js';

const near = (a: number, b: number) => Math.abs(a - b) < 1e-9;

describe('the question-kind tables', () => {
  it('have one entry per kind, and no other', () => {
    expect(Object.keys(KIND_RULES).sort()).toEqual([...QUESTION_KINDS].sort());
    expect(Object.keys(KIND_FILE_RULES).sort()).toEqual([...QUESTION_KINDS].sort());
  });

  it('agree with themselves on random rubrics and answers', () => {
    const arb = rubricArb.chain((rubric) => {
      const questions = listQuestions(rubric);
      return fc.tuple(fc.constant(questions), fc.tuple(...questions.map((question) => knownAnswerArb(question))));
    });
    fc.assert(
      fc.property(arb, ([questions, answers]) => {
        for (const [index, question] of questions.entries()) {
          const rules = rulesFor(question);
          const { worst, best } = rules.bounds(question);
          expect(near(scoreAnswer(question, rules.worst(question))!, worst)).toBe(true);
          expect(near(scoreAnswer(question, rules.best(question))!, best)).toBe(true);
          const scores = rules.scores(question);
          expect(near(Math.min(...scores), worst) && near(Math.max(...scores), best)).toBe(true);
          const answer = answers[index]!;
          const score = scoreAnswer(question, answer);
          if (score === undefined) continue;
          expect(scores.some((candidate) => near(candidate, score))).toBe(true);
          if (answer.value.type !== 'choice' && answer.value.type !== 'number') continue;
          for (const improvement of rules.improvements(question, answer.value, score)) {
            expect(improvement.scoreAfter).toBeGreaterThanOrEqual(score);
            expect(near(scoreAnswer(question, improvement.answer)!, improvement.scoreAfter)).toBe(true);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
