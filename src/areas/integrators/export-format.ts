/**
 * The two formats of bulk exports: CSV (RFC 4180, UTF-8 with BOM so spreadsheets read the accents,
 * cells that a spreadsheet would run as a formula neutralised) and NDJSON (one JSON object a line).
 */
export const EXPORT_FORMATS = ['csv', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportColumn<R> {
  /** The NDJSON key. */
  key: string;
  /** The CSV heading (the Decree's, for register books). */
  heading: string;
  value: (row: R) => string | number | boolean | null;
}

function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  const raw = String(value);
  const text = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function headerOf<R>(format: ExportFormat, columns: readonly ExportColumn<R>[]): string {
  return format === 'csv' ? '\uFEFF' + columns.map((column) => csvCell(column.heading)).join(',') + '\r\n' : '';
}

export function lineOf<R>(format: ExportFormat, columns: readonly ExportColumn<R>[], row: R): string {
  if (format === 'csv') return columns.map((column) => csvCell(column.value(row))).join(',') + '\r\n';
  return JSON.stringify(Object.fromEntries(columns.map((column) => [column.key, column.value(row)]))) + '\n';
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};
