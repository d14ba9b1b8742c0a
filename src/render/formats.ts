// The report format names, kept apart from the renderers so the CLI can list them without loading any renderer.
export const REPORT_FORMATS = ['table', 'json', 'md', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
