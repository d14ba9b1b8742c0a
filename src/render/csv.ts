// CSV (RFC 4180) for spreadsheets: every field quoted when needed, CRLF line ends, and text that a spreadsheet would run
// as a formula (starting with = + - @ or a tab/CR) prefixed with a quote, since team names come from untrusted files.

/** A value of one CSV field. */
export type CsvValue = string | number | boolean | undefined | null;

/** Renders rows (the first one the header) as CSV text. */
export function renderCsv(rows: readonly (readonly CsvValue[])[]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** One CSV field: numbers and booleans as they are, text guarded against formulas and quoted when needed. */
export function csvField(value: CsvValue): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
