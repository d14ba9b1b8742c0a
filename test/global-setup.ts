// The end-to-end tests run the built bin: make sure dist/ exists and is current (npm test also builds first).
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
