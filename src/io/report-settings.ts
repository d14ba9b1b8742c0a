// `report.yaml` beside an answers file: the consultant's firm, contact and confidentiality line for the HTML report's
// footer, so they need not be typed on every run. Command-line options win over the file.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as z from 'zod';
import { InputError, type Problem } from '../errors.js';
import { validateWith } from '../schema/issues.js';
import { problemAt, readYamlFile } from './yaml-file.js';

/** The name of the settings file looked for beside the answers file. */
export const REPORT_SETTINGS_FILE = 'report.yaml';

/** Longest firm, contact or confidentiality text (each is one line of a footer). */
export const MAX_FOOTER_TEXT = 200;

const footerText = z
  .string()
  .trim()
  .min(1, 'expected some text')
  .max(MAX_FOOTER_TEXT, `at most ${MAX_FOOTER_TEXT} characters: it is one line of a footer`);

export const reportSettingsSchema = z.strictObject({
  firm: footerText.optional(),
  contact: footerText.optional(),
  /** `true` prints "Confidential"; a text prints that text (e.g. "Confidential: prepared for Northwind only"). */
  confidential: z.union([z.boolean(), footerText]).optional(),
});

/** What the footer of every printed page says. */
export interface ReportFooter {
  firm?: string;
  contact?: string;
  confidential?: string;
}

/** Reads `report.yaml` beside `answersFile` when there is one; an empty footer otherwise. */
export function loadReportSettings(answersFile: string, cwd = '.'): { footer: ReportFooter; file?: string } {
  const file = join(dirname(answersFile), REPORT_SETTINGS_FILE);
  if (!existsSync(resolve(cwd, file))) return { footer: {} };
  const yaml = readYamlFile(file, cwd);
  const problems: Problem[] = [];
  if (yaml.data === null || typeof yaml.data !== 'object' || Array.isArray(yaml.data)) {
    const problem = problemAt(
      yaml,
      [],
      'expected a mapping (firm, contact, confidential)',
      'e.g. firm: "Northstar Advisory"',
    );
    throw new InputError([problem]);
  }
  const data = validateWith(reportSettingsSchema, yaml, problems);
  if (!data) throw new InputError(problems);
  return { footer: footerFrom(data), file };
}

/** The footer from settings or options: `confidential: true` reads "Confidential", false or absent prints nothing. */
export function footerFrom(settings: {
  firm?: string;
  contact?: string;
  confidential?: boolean | string;
}): ReportFooter {
  const given = settings.confidential;
  const confidential = given === true ? 'Confidential' : given === false ? undefined : given;
  return {
    ...(settings.firm !== undefined && { firm: settings.firm }),
    ...(settings.contact !== undefined && { contact: settings.contact }),
    ...(confidential !== undefined && { confidential }),
  };
}
