// npm's `prepare` step: builds dist/ after `npm install`/`npm ci` in a clone, when npm installs scaleplay from a git
// URL, and before `npm pack` (which also runs `prepack`, the same build).
//
// One case needs help, `npm install -g git+…`. npm prepares a git dependency by running `npm install` in a temporary
// clone, with its own environment, where npm_config_global=true turns that into `npm install -g .`: devDependencies
// (esbuild) are skipped, so the build cannot run, and the temporary clone is *linked* into the global node_modules,
// where npm then unpacks the real package (into the clone, through the link) before deleting the clone: a dangling link.
// So, in that nested step only, this installs the devDependencies into the clone and removes the link; npm then packs
// the clone (running this script again, now a plain build) and installs the tarball as a normal folder.
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, realpathSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

const here = process.cwd();
const env = process.env;

// A global install of this folder (`npm link`, or that nested step) skips devDependencies: install them here first.
if (env.npm_config_global === 'true' && !hasEsbuild()) {
  const npm = env.npm_execpath ? [process.execPath, env.npm_execpath] : ['npm'];
  const args = [
    'install',
    '--global=false',
    '--include=dev',
    '--ignore-scripts',
    '--no-save',
    '--no-audit',
    '--no-fund',
  ];
  execFileSync(npm[0], [...npm.slice(1), ...args], {
    cwd: here,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...env, npm_config_global: 'false' },
  });
}
// pacote (npm's fetcher) marks its nested step with _PACOTE_NO_PREPARE_: there, undo the link to the temporary clone.
if (env.npm_config_global === 'true' && env._PACOTE_NO_PREPARE_ !== undefined && env.npm_config_global_prefix) {
  const prefix = env.npm_config_global_prefix;
  const link = join(
    process.platform === 'win32' ? join(prefix, 'node_modules') : join(prefix, 'lib', 'node_modules'),
    'scaleplay',
  );
  if (isLinkTo(link, here)) {
    // npm made this folder to unpack into before the nested step replaced it with the link: put the folder back.
    unlinkSync(link);
    mkdirSync(link);
  }
}

execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: here, stdio: 'inherit' });

function hasEsbuild() {
  try {
    lstatSync(join(here, 'node_modules', 'esbuild', 'package.json'));
    return true;
  } catch {
    return false;
  }
}

function isLinkTo(link, folder) {
  try {
    return lstatSync(link).isSymbolicLink() && realpathSync(link) === realpathSync(folder);
  } catch {
    return false;
  }
}
