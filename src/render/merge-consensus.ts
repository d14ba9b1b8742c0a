// The text of the consensus answers file `scaleplay merge --output` writes: a comment header saying who took part and
// what to discuss, then the consensus as YAML.
import { Document, isMap, isScalar, isSeq, visit } from 'yaml';
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
  // `shown` names the file once: "Alice (alice.yaml)", or "Bob (sre/bob.yaml)" for one of two Bobs.
  const who = result.participants.map(({ shown }) => oneLine(shown));
  const ids = discuss.map((question) => `${question.stepId}.${question.questionId}`);
  const marked = discuss.length > 0 ? ` (marked "discuss:"): ${ids.join(', ')}` : '';
  const header = [
    `# scaleplay consensus of ${result.participants.length} participants: ${who.join(', ')}`,
    `# ${discuss.length} question${discuss.length === 1 ? '' : 's'} to discuss${marked}`,
    ...(discuss.length > 0 ? [SETTLE_HINT] : []),
    '# "votes:" keeps who answered what wherever anyone differs from the consensus; "evidence:" keeps their notes.',
    '# Made by `scaleplay merge`.',
  ];
  const doc = new Document(buildConsensusFile(rubric, result, rubricPath));
  // A participant's list answer on one line: `Alice: [quick-start, sdks]`.
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === 'votes' && isMap(pair.value)) {
        for (const vote of pair.value.items) if (isSeq(vote.value)) vote.value.flow = true;
      }
    },
  });
  const options = { lineWidth: 0, minContentWidth: 0, nullStr: '~', flowCollectionPadding: false };
  const body = yamlText(doc, options);
  return `${header.map((line) => (line.length > 2000 ? `${line.slice(0, 2000)}…` : line)).join('\n')}\n${body}`;
}
