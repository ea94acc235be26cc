import type { MinutesNode } from '../../shared/minutes/content.js';
import type { Label } from '../../shared/minutes/schema.js';
import { renderDocx } from './minutes-docx.js';
import { renderPdf } from './minutes-pdf.js';

/** Everything an exporter needs: the content and the seal of the version it belongs to. */
export interface ExportInput {
  title: string;
  /** The final content, without the footer node (the seal replaces it). */
  content: MinutesNode;
  seal: {
    version: number;
    sha256: string;
    /** Already formatted for reading. */
    finalisedAt: string;
    signatories: { role: 'convener' | 'recorder'; name: string }[];
    /** Set on a public copy: the hash of the official version it was redacted from. */
    officialSha256?: string;
  };
  label: Label;
}

export const EXPORT_FORMATS = {
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', render: renderDocx },
  pdf: { contentType: 'application/pdf', render: renderPdf },
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;
