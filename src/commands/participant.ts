// A workshop participant's name from --participant, and the file their answers go to when no --output is given.
import { UsageError } from '../errors.js';
import { oneLine } from '../render/channels.js';

/** Longest participant name accepted (a name, perhaps with a role: "Alice (CIO)"). */
export const MAX_PARTICIPANT_NAME = 100;

/** The name as written into the answers file: one line, trimmed; an empty or overlong name is a usage error. */
export function participantName(given: string): string {
  const name = oneLine(given).trim();
  if (!name) throw new UsageError('--participant needs a name, e.g. --participant "Alice (CIO)"');
  if (name.length > MAX_PARTICIPANT_NAME) {
    throw new UsageError(`--participant is longer than ${MAX_PARTICIPANT_NAME} characters.`);
  }
  return name;
}

/** The default answers file of a participant: "Alice (CIO)" → answers-alice-cio.yaml. */
export function participantFile(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `answers-${slug || 'participant'}.yaml`;
}
