import type { ExportInput } from './seal.js';

export { pageFooter, sealLines, type ExportInput } from './seal.js';

/**
 * The renderers load on the first export: docx and pdfkit (with its font engine) weigh about
 * 40 MB of memory, which a server running a meeting should not carry for a download it may never
 * serve that day.
 */
export const EXPORT_FORMATS = {
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    render: async (input: ExportInput) => (await import('./docx.js')).renderDocx(input),
  },
  pdf: {
    contentType: 'application/pdf',
    render: async (input: ExportInput) => (await import('./pdf.js')).renderPdf(input),
  },
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;
