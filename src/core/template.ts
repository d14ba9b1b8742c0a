// The answers-file template written by `scaleplay init`: every question present, commented with its prompt and choices.
import type { Profile, Question, Rubric, When } from './model.js';
import { rulesFor } from './question-kinds.js';
import { fitsProfile } from './questions.js';
import { oneLine, yamlQuote } from './unsafe-text.js';

export interface TemplateOptions {
  team?: string;
  product?: string;
  stage?: string;
  /** Who answers, in a workshop (`scaleplay merge` names each file's answers by it). */
  participant?: string;
  date: string;
  /** The company profile when known: questions not for it are written as not applicable. */
  profile?: Profile;
  /** The rubric folder relative to the answers file, recorded so later commands find it (a custom rubric only). */
  rubricPath?: string;
}

/** Builds a complete, valid answers file with every answer left blank (`~`). */
export function buildAnswersTemplate(rubric: Rubric, options: TemplateOptions): string {
  const out: string[] = [];
  out.push(`# scaleplay answers: ${oneLine(rubric.title)} v${oneLine(rubric.version)}`);
  out.push('# Fill in each answer after its colon and keep the file in version control. An answer is:');
  out.push('#   a choice id (single), a list [a, b] (multi), yes or no, a number, or unknown;');
  out.push('#   where "n/a allowed" is shown: { answer: n/a, reason: "why it does not apply" }.');
  out.push('# Add a note or evidence with the full form: { answer: …, note: "…", evidence: "https://…" }.');
  out.push('# Then: scaleplay report <this file>   ·   scaleplay check <this file>');
  // The version is written exactly (escaped), so the file matches the rubric; names from flags are kept to one line.
  const path = options.rubricPath !== undefined ? `, path: ${yamlQuote(options.rubricPath)}` : '';
  out.push(`rubric: { id: ${rubric.id}, version: ${yamlQuote(rubric.version)}${path} }`);
  out.push(`team: ${options.team ? quote(options.team) : '~'}`);
  out.push(`product: ${options.product ? quote(options.product) : '~'}`);
  if (options.participant)
    out.push(
      `participant: ${quote(options.participant)}   # who answers (a workshop: one file each, then scaleplay merge)`,
    );
  out.push(`stage: ${options.stage ?? '~'}   # ${rubric.stages.map((stage) => stage.id).join(' | ')}`);
  out.push(`date: ${options.date}`);
  if (rubric.profile && rubric.profile.length > 0) {
    out.push('# The company profile, asked first: it does not score, it decides which questions apply.');
    out.push('profile:');
    for (const question of rubric.profile) {
      out.push(
        `  # ${oneLine(question.prompt)}`,
        ...question.choices.map((choice) => `  #   ${choice.id}: ${oneLine(choice.label)}`),
      );
      const given = options.profile?.[question.id];
      out.push(`  ${question.id}: ${given !== undefined ? quote(given) : '~'}`);
    }
  }
  out.push('answers:');
  for (const step of rubric.steps) {
    out.push('', `  # ── ${oneLine(step.title)} ──`, `  ${step.id}:`);
    for (const question of step.questions) {
      if (!fitsProfile(question.appliesTo, options.profile)) {
        out.push(`    # ${oneLine(question.prompt)}`, '    #   not applicable for this profile: no answer needed');
        out.push(`    # ${question.id}: ~`);
        continue;
      }
      out.push(...describe(question).map((line) => `    # ${line}`));
      out.push(`    ${question.id}: ~`);
    }
  }
  out.push('');
  out.push('# Thresholds for `scaleplay check` (uncomment to use; without them, check uses the stage targets):');
  out.push('# thresholds:');
  out.push('#   min_score: 50');
  out.push('#   steps:');
  out.push(`#     ${rubric.steps[0]?.id ?? 'step'}: 40`);
  out.push('#   stage_targets: true');
  out.push('');
  out.push("# The team's plan (uncomment to use): who owns the next action on a question, by when, and its status");
  out.push('# (todo, doing or done). Reports show it; `scaleplay diff` shows the progress between two files.');
  out.push('# plan:');
  const first = rubric.steps[0];
  out.push(
    `#   ${first?.id ?? 'step'}.${first?.questions[0]?.id ?? 'question'}: { owner: "Dana", due: 2027-01-31, status: doing }`,
  );
  return `${out.join('\n')}\n`;
}

function describe(question: Question): string[] {
  const lines = [`${oneLine(question.prompt)}${question.critical ? ' [critical]' : ''}`];
  if (question.externalId !== undefined) lines.push(`  (${oneLine(question.externalId)})`);
  if (question.when) lines.push(`  only if ${whenText(question.when)}; otherwise leave ~`);
  if (question.criteria) lines.push('  check:', ...question.criteria.map((criterion) => `    - ${oneLine(criterion)}`));
  lines.push(...rulesFor(question).template(question, oneLine));
  lines.push(`  or unknown${question.allowNa ? ' · n/a allowed (with a reason)' : ''}`);
  return lines;
}

/** A `when` as the template says it: `a is yes or no`, `n is at least 1`, joined by and / or. */
function whenText(when: When, nested = false): string {
  if ('all' in when || 'any' in when) {
    const parts = 'all' in when ? when.all : when.any;
    const text = parts.map((part) => whenText(part, true)).join('all' in when ? ' and ' : ' or ');
    return nested && parts.length > 1 ? `(${text})` : text;
  }
  return `${when.question} ${when.in ? `is ${when.in.join(' or ')}` : `is at least ${when.atLeast}`}`;
}

function quote(text: string): string {
  return yamlQuote(oneLine(text));
}
