// The text of the consensus answers file `scaleplay merge --output` writes: a comment header saying who took part and
// what to discuss, then the consensus as YAML.
import { basename } from 'node:path';
import { Document } from 'yaml';
import { buildConsensusFile, type MergeResult } from '../core/merge.js';
import type { Rubric } from '../core/model.js';
import { yamlText } from '../io/yaml-text.js';
import { oneLine } from './channels.js';

const SETTLE_HINT =
  '# Settle one by answering it again (`scaleplay assess --output <this file> --step <step>`) ' +
  'or by deleting its "discuss:" line.';

/** The consensus file: header comments (each line cut at 2,000 characters) and the YAML body. */
export function renderConsensusYaml(rubric: Rubric, result: MergeResult, rubricPath?: string): string {
  const discuss = result.questions.filter((question) => question.discuss);
  const who = result.participants.map(({ name, file }) => `${oneLine(name)} (${oneLine(basename(file))})`);
  const ids = discuss.map((question) => `${question.stepId}.${question.questionId}`);
  const marked = discuss.length > 0 ? ` (marked "discuss:"): ${ids.join(', ')}` : '';
  const header = [
    `# scaleplay consensus of ${result.participants.length} participants: ${who.join(', ')}`,
    `# ${discuss.length} question${discuss.length === 1 ? '' : 's'} to discuss${marked}`,
    ...(discuss.length > 0 ? [SETTLE_HINT] : []),
    "# Each answer keeps every participant's answer and note as evidence. Made by `scaleplay merge`.",
  ];
  const body = yamlText(new Document(buildConsensusFile(rubric, result, rubricPath)), { lineWidth: 0, minContentWidth: 0, nullStr: '~' });
  return `${header.map((line) => (line.length > 2000 ? `${line.slice(0, 2000)}…` : line)).join('\n')}\n${body}`;
}
