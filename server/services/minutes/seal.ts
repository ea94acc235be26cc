import type { MinutesNode } from '../../../shared/minutes/content.js';
import type { Label } from '../../../shared/minutes/schema.js';

/**
 * What both renderers share (docx.ts, pdf.ts): apart from export.ts,
 * which imports the renderers lazily, so they need not import it back.
 */

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

export const pageFooter = (input: ExportInput) =>
  input.label('minutes.export.page_footer', { version: input.seal.version, sha256: input.seal.sha256 });

/** The closing lines: signatories with room to sign, the time of finalising, and for a public copy what was removed. */
export function sealLines(input: ExportInput): string[] {
  const { label, seal } = input;
  return [
    ...seal.signatories.map((s) =>
      label('minutes.export.signature', { role: label(`minutes.signatory.${s.role}`), name: s.name }),
    ),
    label('minutes.export.finalised', { version: seal.version, time: seal.finalisedAt }),
    `SHA-256 ${seal.sha256}`,
    ...(seal.officialSha256 ? [label('minutes.export.public_copy', { sha256: seal.officialSha256 })] : []),
  ];
}
