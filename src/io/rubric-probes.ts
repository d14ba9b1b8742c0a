// The evidence rules and repository probes of a rubric question, checked where the rubric is loaded: every probe is of
// one kind, its glob stays inside the repository, its pattern cannot take exponential time, and it backs real choices.
import type { EvidencePolicy, Probe, Question } from '../core/model.js';
import { contentPatternProblem, globProblem, keyPathProblem } from '../core/probe-patterns.js';
import type { Problem } from '../errors.js';
import type { EvidencePolicyInput, ProbeInput } from '../schema/rubric.js';
import { problemAt, type PathSegment, type YamlFile } from './yaml-file.js';

/** The model form of an `evidence:` policy, with its stage checked against the rubric's stages. */
export function buildEvidencePolicy(
  input: EvidencePolicyInput | undefined,
  stageIds: readonly string[] | undefined,
  file: YamlFile,
  at: PathSegment[],
  problems: Problem[],
): EvidencePolicy | undefined {
  if (!input) return undefined;
  if (input.required_from_stage !== undefined && stageIds && !stageIds.includes(input.required_from_stage)) {
    problems.push(
      problemAt(
        file,
        [...at, 'required_from_stage'],
        `unknown stage "${input.required_from_stage}"`,
        `Expected one of: ${stageIds.join(', ')}.`,
      ),
    );
  }
  return {
    ...(input.max_age_days !== undefined && { maxAgeDays: input.max_age_days }),
    ...(input.required_from_stage !== undefined && { requiredFromStage: input.required_from_stage }),
  };
}

/** The model form of a question's `probes:`, or problems located at the offending field. */
export function buildProbes(
  inputs: readonly ProbeInput[] | undefined,
  question: Question,
  file: YamlFile,
  at: PathSegment[],
  problems: Problem[],
): Probe[] | undefined {
  if (!inputs?.length) return undefined;
  const probes: Probe[] = [];
  const choiceIds = question.choices.map((choice) => choice.id);
  for (const [index, input] of inputs.entries()) {
    const here = [...at, 'probes', index];
    const fail = (field: string, message: string, hint?: string) => {
      problems.push(problemAt(file, [...here, field], message, hint));
    };
    const common = { backs: input.backs, ...(input.label !== undefined && { label: input.label }) };
    for (const [position, id] of input.backs.entries()) {
      if (!choiceIds.includes(id)) {
        problems.push(
          problemAt(
            file,
            [...here, 'backs', position],
            `"${id}" is not a choice of ${question.id}`,
            `Expected one of: ${choiceIds.join(', ') || '(none: number questions cannot have probes)'}.`,
          ),
        );
      }
    }
    if (input.dependency !== undefined) {
      if (input.glob !== undefined || input.contains !== undefined || input.key !== undefined) {
        fail('dependency', 'a dependency probe takes no glob, contains or key', 'Split it into two probes.');
      } else probes.push({ kind: 'dependency', dependency: input.dependency, ...common });
      continue;
    }
    if (input.glob === undefined) {
      fail(
        'backs',
        'a probe needs a glob (optionally with contains or key) or a dependency',
        'e.g. { glob: "**/*.tf", contains: "checkly_check", backs: [all] }',
      );
      continue;
    }
    const badGlob = globProblem(input.glob);
    if (badGlob) {
      fail('glob', badGlob);
      continue;
    }
    if (input.contains !== undefined && input.key !== undefined) {
      fail('key', 'a probe takes contains or key, not both', 'Split it into two probes.');
      continue;
    }
    if (input.contains !== undefined) {
      const badPattern = contentPatternProblem(input.contains);
      if (badPattern)
        fail('contains', badPattern, 'Use a plain pattern: literal text, classes and single quantifiers.');
      else probes.push({ kind: 'content', glob: input.glob, contains: input.contains, ...common });
    } else if (input.key !== undefined) {
      const badKey = keyPathProblem(input.key);
      if (badKey) fail('key', badKey);
      else
        probes.push({
          kind: 'key',
          glob: input.glob,
          key: input.key,
          ...(input.equals !== undefined && { equals: input.equals }),
          ...common,
        });
    } else {
      if (input.equals !== undefined) fail('equals', '"equals" needs a "key"');
      probes.push({ kind: 'glob', glob: input.glob, ...common });
    }
  }
  return probes;
}
