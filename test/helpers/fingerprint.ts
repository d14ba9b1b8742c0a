// Fingerprints of files and folders (content hashes, names, modes), to prove a failed command changed nothing.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** A fingerprint of a file or folder (content hashes, names, modes): equal fingerprints mean nothing was changed. */
export function fingerprint(path: string): string {
  const hash = createHash('sha256');
  const visit = (current: string, name: string) => {
    const stats = lstatSync(current);
    hash.update(`${name}\0${stats.mode}\0`);
    if (stats.isDirectory())
      for (const entry of readdirSync(current).sort()) visit(join(current, entry), `${name}/${entry}`);
    else if (stats.isFile()) hash.update(readFileSync(current));
  };
  if (!existsSync(path) && !isLink(path)) return 'missing';
  visit(path, '.');
  return hash.digest('hex');
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
