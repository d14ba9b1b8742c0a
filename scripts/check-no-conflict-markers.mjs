// Part of `npm run lint`: no tracked text file keeps a merge conflict marker (one once slipped into the CHANGELOG).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const files = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' }).split('\0').filter(Boolean);
const marker = /^(<{7}|>{7}) |^={7}$/m;
const found = files.filter((file) => {
  if (!/\.(ts|mjs|js|json|md|ya?ml|txt|html|svg|sh)$/.test(file)) return false;
  try {
    return marker.test(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
});
if (found.length > 0) {
  process.stderr.write(
    `merge conflict markers in: ${found.join(', ')}\nResolve the conflict and remove the markers.\n`,
  );
  process.exitCode = 1;
}
