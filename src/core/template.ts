// The answers-file template written by `scaleplay init`: every question present, commented with its prompt and choices.
import type { Question, Rubric } from './model.js';
import { oneLine, yamlQuote } from './unsafe-text.js';

export interface TemplateOptions {
  team?: string;
  product?: string;
  stage?: string;
  /** Who answers, in a workshop (`scaleplay merge` names each file's answers by it). */
  participant?: string;
  date: string;
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
  out.push(`rubric: { id: ${rubric.id}, version: ${yamlQuote(rubric.version)} }`);
  out.push(`team: ${options.team ? quote(options.team) : '~'}`);
  out.push(`product: ${options.product ? quote(options.product) : '~'}`);
  if (options.participant) out.push(`participant: ${quote(options.participant)}   # who answers (a workshop: one file each, then scaleplay merge)`);
  out.push(`stage: ${options.stage ?? '~'}   # ${rubric.stages.map((stage) => stage.id).join(' | ')}`);
  out.push(`date: ${options.date}`);
  out.push('answers:');
  for (const step of rubric.steps) {
    out.push('', `  # ── ${oneLine(step.title)} ──`, `  ${step.id}:`);
    for (const question of step.questions) {
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
  out.push(`#   ${first?.id ?? 'step'}.${first?.questions[0]?.id ?? 'question'}: { owner: "Dana", due: 2027-01-31, status: doing }`);
  return `${out.join('\n')}\n`;
}

function describe(question: Question): string[] {
  const lines = [`${oneLine(question.prompt)}${question.critical ? ' [critical]' : ''}`];
  if (question.when) {
    const condition = question.when.in ? `is ${question.when.in.join(' or ')}` : `is at least ${question.when.atLeast}`;
    lines.push(`  only if ${question.when.question} ${condition}; otherwise leave ~`);
  }
  if (question.kind === 'boolean') lines.push('  yes | no');
  else if (question.kind === 'number') {
    const spec = question.number!;
    lines.push(`  a number from ${spec.min} to ${spec.max}${spec.unit ? ` (${oneLine(spec.unit)})` : ''}`);
  } else {
    lines.push(question.kind === 'multi' ? '  a list of any of:' : '  one of:');
    for (const choice of question.choices) lines.push(`    ${choice.id}: ${oneLine(choice.label)}`);
  }
  lines.push(`  or unknown${question.allowNa ? ' · n/a allowed (with a reason)' : ''}`);
  return lines;
}

function quote(text: string): string {
  return yamlQuote(oneLine(text));
}
