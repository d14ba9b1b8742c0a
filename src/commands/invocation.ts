// How the user started scaleplay, so that every command it suggests (resume, share, check, merge's next step, settle
// a disagreement) runs as printed: `npm run assess -- …` inside a clone, `npx scaleplay …` through npm, else
// `scaleplay …`.

/** How this run was started: `npm run assess` in a clone, through npm (npx or a project's script), or from the PATH. */
export type Invocation = 'npm-run-assess' | 'npx' | 'path';

/** A part of a suggested command printed as is, e.g. `<step>` where the user fills in a value. */
export interface Placeholder {
  placeholder: string;
}

/** One argument of a suggested command: a literal (shell-quoted when needed) or a placeholder. */
export type SuggestedArg = string | Placeholder;

/**
 * Reads how this run was started from the environment npm gives the processes it starts: `npm run` sets
 * npm_lifecycle_event (the script's name) and npm_package_name (the package whose script it is); npx sets
 * npm_command=exec. Empty values count as unset.
 */
export function invocationOf(env: NodeJS.ProcessEnv): Invocation {
  const event = env.npm_lifecycle_event || undefined;
  if (event === 'assess' && env.npm_package_name === 'scaleplay') return 'npm-run-assess';
  // `npx scaleplay`, or a script of the user's own project: scaleplay is a local bin there, which npx finds.
  if (env.npm_command === 'exec' || event !== undefined) return 'npx';
  return 'path';
}

/** `scaleplay <args>` spelt the way this run was started, each argument quoted for a POSIX shell where needed. */
export function suggestCommand(env: NodeJS.ProcessEnv, args: readonly SuggestedArg[]): string {
  const words = args.map((arg) => (typeof arg === 'string' ? shellQuote(arg) : `<${arg.placeholder}>`));
  const invocation = invocationOf(env);
  // Inside the clone the `assess` script builds first; other commands run through npx, which finds the clone's own bin.
  if (invocation === 'npm-run-assess' && args[0] === 'assess')
    return ['npm run assess', ...(words.length > 1 ? ['--', ...words.slice(1)] : [])].join(' ');
  return [invocation === 'path' ? 'scaleplay' : 'npx scaleplay', ...words].join(' ');
}

/** A placeholder argument, printed as `<name>`. */
export function placeholder(name: string): Placeholder {
  return { placeholder: name };
}

/** Quotes `text` for a POSIX shell when it holds anything but letters, digits and `_ . / : @ + - = ,`. */
export function shellQuote(text: string): string {
  return /^[\w./:@+=,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
