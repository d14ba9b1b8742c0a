// `scaleplay merge A.yaml B.yaml …`: a workshop's answers about one team merged into a consensus, disagreements first.
import { existsSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { CommonFlags, MergeFlags } from '../cli.js';
import { consensusAnswers, mergeAssessments, type Participant } from '../core/merge.js';
import { scoreAssessment } from '../core/score.js';
import { EXIT, UsageError, type ExitCode } from '../errors.js';
import { resolveAnswers } from '../io/load-answers.js';
import { fileIdentity } from '../io/files-read.js';
import { refuseInputAsOutput, writeOutputs } from '../io/write-file.js';
import { parseYamlText } from '../io/yaml-file.js';
import { renderConsensusYaml } from '../render/merge-consensus.js';
import { oneLine, safeText } from '../render/channels.js';
import { renderMerge } from '../render/registry.js';
import { pathIn, type Io } from '../runtime.js';
import { suggestCommand } from './invocation.js';
import { groupByTeam, openAnswersFiles, type OpenedAnswers } from './open-answers.js';
import { rubricDirFor, rubricFor, themeFor } from './shared.js';
import { rubricPathFor } from '../io/rubric-source.js';
import { resolve } from 'node:path';

/** Options of `scaleplay merge`, as declared in src/cli.ts. */
export type MergeOptions = MergeFlags & CommonFlags & { files: string[] };

/** Merges the files; prints the workshop summary and, with --output, writes the consensus. Returns the exit code. */
export async function runMerge(options: MergeOptions, io: Io): Promise<ExitCode> {
  if (options.files.length < 2) throw new UsageError('merge needs at least two answers files (one per participant)');
  const seen = new Map<string, string>();
  for (const file of options.files) {
    // The same file twice (another spelling, a symbolic or a hard link) would count one participant twice and sway the
    // consensus: refused rather than silently dropped, since it usually means a wrong file name.
    const key = fileIdentity(file, io.cwd);
    if (seen.has(key))
      throw new UsageError(
        `${file} is given twice (the same file as ${seen.get(key)}): give each participant's file once`,
      );
    seen.set(key, file);
  }
  const toStdout = options.output === '-';
  if (options.output !== undefined && !toStdout) checkOutput(options.output, options.files, options.force === true, io);

  const { rubric } = rubricFor(io, options.rubric, options.files[0], options);
  const rubricDir = rubricDirFor(io, options.rubric, options.files[0]);
  // Every participant's answers are tallied, whatever each said about a condition: no "not counted" warnings here.
  const loaded = openAnswersFiles(io, rubric, options.files, {
    warnNotCounted: false,
    everyProblem: true,
    asClaimed: true,
    beforeNotes: requireOneTeam,
    verbose: options.verbose,
  });
  const participants = nameParticipants(loaded);
  const result = mergeAssessments(rubric, participants);
  for (const warning of result.warnings) io.stderr.write(`warning: ${safeText(warning)}\n`);

  const consensus = scoreAssessment(rubric, {
    rubric: { id: rubric.id, version: rubric.version },
    ...(result.stage !== undefined && { stage: result.stage }),
    ...(result.profile && { profile: result.profile }),
    answers: consensusAnswers(result),
  });
  const scores = participants.map((participant) => {
    const report = scoreAssessment(
      rubric,
      participant.assessment,
      result.stage === undefined ? {} : { stage: result.stage },
    );
    return { name: participant.name, score: report.overall.score, levelName: report.overall.levelName };
  });

  let written: string | undefined;
  if (options.output !== undefined) {
    const rubricPath = toStdout ? undefined : rubricPathFor(resolve(io.cwd, options.output), rubricDir);
    const text = renderConsensusYaml(rubric, result, rubricPath);
    // The consensus must be a valid answers file: check it the way `report` will read it before writing it anywhere.
    resolveAnswers(parseYamlText(toStdout ? '<consensus>' : options.output, text), rubric);
    if (toStdout) io.stdout.write(text);
    else {
      writeOutputs([{ option: '--output', path: options.output, content: text }], io.cwd);
      written = options.output;
    }
  }
  const { score, low, high, levelName } = consensus.overall;
  const out = toStdout ? io.stderr : io.stdout;
  const rubricArgs = options.rubric !== undefined ? ['--rubric', options.rubric] : [];
  const summary = await renderMerge(
    {
      result,
      scores,
      consensus: { score, low, high, levelName },
      ...(written && { output: written, reportCommand: suggestCommand(io.env, ['report', written, ...rubricArgs]) }),
    },
    options.format,
    { theme: themeFor(io, toStdout ? 'stderr' : 'stdout', options.color), width: out.columns ?? 80 },
  );
  out.write(summary);
  return EXIT.ok;
}

/** Merging is for one team: files naming different teams are a usage error (exit 2). */
function requireOneTeam(opened: readonly OpenedAnswers[]): void {
  const teams = groupByTeam(opened);
  if (teams.length <= 1) return;
  const sides = teams.map((members) => members.map(({ file, team }) => `${file} ("${team}")`).join(', '));
  throw new UsageError(
    `cannot merge answers about different teams: ${sides.join(' vs ')}. Merge one team's files; compare teams with \`scaleplay portfolio\`.`,
  );
}

/**
 * Names each participant by the file's `participant:` field, else by its file name. Two files naming the same person
 * get the file added to the name ("Bob (bob.yaml)", or the path as given when even the file names match); headers
 * then show that name alone, never the file twice.
 */
export function nameParticipants(loaded: readonly OpenedAnswers[]): Participant[] {
  const base = loaded.map(
    ({ file, answers }) => oneLine(answers.participant ?? basename(file, extname(file))) || basename(file),
  );
  return loaded.map(({ file, answers }, index) => {
    const name = base[index]!;
    const sharing = loaded.filter((_, other) => base[other] === name);
    if (sharing.length === 1)
      return { name, file, shown: `${name} (${oneLine(basename(file))})`, assessment: answers.assessment };
    const sameFileName = sharing.filter((entry) => basename(entry.file) === basename(file)).length > 1;
    const unique = `${name} (${oneLine(sameFileName ? file : basename(file))})`;
    return { name: unique, file, shown: unique, assessment: answers.assessment };
  });
}

function checkOutput(output: string, inputs: readonly string[], force: boolean, io: Io): void {
  refuseInputAsOutput([{ option: '--output', path: output }], inputs, io.cwd);
  if (existsSync(pathIn(io, output)) && !force)
    throw new UsageError(
      `${output} already exists: nothing was written. Use --force to replace it, or --output another path.`,
    );
}
