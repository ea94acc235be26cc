/** The archive of one matter, as its PDF and DOCX renderings read it (kept apart so they need not import the service). */
/** One part of the bundle: a heading and its lines, hashed on its own. */
export interface ArchivePart {
  heading: string;
  lines: string[];
  sha256: string;
}

export interface ArchiveBundle {
  title: string;
  subtitle: string;
  parts: ArchivePart[];
  /** SHA-256 of the parts' hashes joined by newlines, in order: changing any part changes it. */
  sha256: string;
  labels: { hashes: string; whole: string; generated: string };
}
