// Colour is decided once, here, and handed to renderers as a theme; renderers never look at the environment.
import { Chalk, type ChalkInstance } from 'chalk';

export interface Theme {
  color: boolean;
  bold: (text: string) => string;
  dim: (text: string) => string;
  good: (text: string) => string;
  warn: (text: string) => string;
  bad: (text: string) => string;
  accent: (text: string) => string;
}

/** Whether to colour output: `--no-color` and NO_COLOR win, FORCE_COLOR forces it, otherwise only on a terminal. */
export function shouldUseColor(options: { color?: boolean; env: NodeJS.ProcessEnv; isTTY: boolean }): boolean {
  if (options.color === false) return false;
  if (options.env.NO_COLOR !== undefined && options.env.NO_COLOR !== '') return false;
  const force = options.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return options.isTTY;
}

/** A theme that colours when `color` is true and returns text unchanged otherwise. */
export function createTheme(color: boolean): Theme {
  const chalk: ChalkInstance = new Chalk({ level: color ? 1 : 0 });
  return {
    color,
    bold: (text) => chalk.bold(text),
    dim: (text) => chalk.dim(text),
    good: (text) => chalk.green(text),
    warn: (text) => chalk.yellow(text),
    bad: (text) => chalk.red(text),
    accent: (text) => chalk.cyan(text),
  };
}

export const plainTheme: Theme = createTheme(false);
