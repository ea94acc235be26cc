import type { Cell, Worksheet } from 'exceljs';
import { headerScore } from '../../../shared/rules/register-headers.js';
import { cleanCell } from '../../../shared/rules/register.js';
import { AppError } from '../../errors.js';

/** One data row of a sheet, numbered as the spreadsheet program shows it. */
export interface SheetRow {
  row: number;
  cells: string[];
  /** Columns whose number had more digits than a spreadsheet keeps (an ID typed as a number). */
  imprecise: Set<number>;
}

export interface Sheet {
  format: 'xlsx' | 'csv';
  headers: string[];
  /** Sheet row numbers of the header (two when a merged group header sits over sub-headers). */
  headerRows: number[];
  rows: SheetRow[];
}

export const MAX_ROWS = 20_000;
const MAX_COLUMNS = 60;
/** Rows searched for the header: village sheets open with a title, a date, a blank line or two. */
const HEADER_SEARCH = 12;

interface RawRow {
  row: number;
  cells: string[];
  merged: Set<number>;
  imprecise: Set<number>;
}

const XLSX_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** Reads an uploaded XLSX or CSV (UTF-8, or GB18030 as Excel on Chinese Windows saves it). */
export async function readSheet(file: Buffer): Promise<Sheet> {
  if (!file.length) throw new AppError('validation_failed', 'register.import.error.empty_file');
  const raw = file.subarray(0, 4).equals(XLSX_MAGIC) ? await readXlsx(file) : await readCsv(file);
  return shape(raw.format, raw.rows);
}

function dateText(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** A cell's value as text: rich text joined, formulas by their result, dates as YYYY-MM-DD. */
function cellText(value: Cell['value']): { text: string; imprecise: boolean } {
  if (value == null) return { text: '', imprecise: false };
  if (typeof value === 'number') {
    return { text: String(value), imprecise: Math.abs(value) > Number.MAX_SAFE_INTEGER };
  }
  if (typeof value === 'string') return { text: value, imprecise: false };
  if (typeof value === 'boolean') return { text: value ? '是' : '否', imprecise: false };
  if (value instanceof Date) return { text: dateText(value), imprecise: false };
  if (typeof value === 'object') {
    if ('richText' in value) return { text: value.richText.map((r) => r.text).join(''), imprecise: false };
    if ('result' in value) return cellText((value.result ?? null) as Cell['value']);
    if ('text' in value) return { text: String(value.text), imprecise: false };
  }
  return { text: '', imprecise: false };
}

async function readXlsx(file: Buffer): Promise<{ format: 'xlsx'; rows: RawRow[] }> {
  // Loaded on the first import: exceljs adds some 25 MB to a process that may never import.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new AppError('validation_failed', 'register.import.error.unreadable');
  }
  const sheet: Worksheet | undefined = workbook.worksheets.find((w) => w.actualRowCount > 0) ?? workbook.worksheets[0];
  if (!sheet) throw new AppError('validation_failed', 'register.import.error.empty_file');
  if (sheet.rowCount > MAX_ROWS + HEADER_SEARCH)
    throw new AppError('validation_failed', 'register.import.error.too_many_rows', { max: MAX_ROWS });
  const rows: RawRow[] = [];
  const width = Math.min(sheet.columnCount, MAX_COLUMNS);
  sheet.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    const cells: string[] = [];
    const merged = new Set<number>();
    const imprecise = new Set<number>();
    for (let c = 1; c <= width; c++) {
      const cell = r.getCell(c);
      // A merged cell reads its master's value, so a group header fills every column it spans.
      const read = cellText(cell.value);
      cells.push(read.text);
      if (cell.isMerged) merged.add(c - 1);
      if (read.imprecise) imprecise.add(c - 1);
    }
    rows.push({ row: rowNumber, cells, merged, imprecise });
  });
  return { format: 'xlsx', rows };
}

function decodeText(file: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(file);
  } catch {
    return new TextDecoder('gb18030').decode(file);
  }
}

async function readCsv(file: Buffer): Promise<{ format: 'csv'; rows: RawRow[] }> {
  const text = decodeText(file);
  if (text.includes('\u0000')) throw new AppError('validation_failed', 'register.import.error.unreadable');
  const { parse } = await import('csv-parse/sync');
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true });
  } catch {
    throw new AppError('validation_failed', 'register.import.error.unreadable');
  }
  if (records.length > MAX_ROWS + HEADER_SEARCH)
    throw new AppError('validation_failed', 'register.import.error.too_many_rows', { max: MAX_ROWS });
  return {
    format: 'csv',
    rows: records.map((cells, i) => ({
      row: i + 1,
      cells: cells.slice(0, MAX_COLUMNS),
      merged: new Set<number>(),
      imprecise: new Set<number>(),
    })),
  };
}

const blank = (cells: string[]) => cells.every((c) => !cleanCell(c));

/**
 * Finds the header among the first rows (the one naming the most known columns), joins a second
 * header row under a merged group header ("联系方式" over "手机" / "固话"), and keeps the non-blank
 * rows after it. Blank rows are skipped, not reported: sheets are full of them.
 */
function shape(format: Sheet['format'], raw: RawRow[]): Sheet {
  const rows = raw.filter((r) => !blank(r.cells));
  if (!rows.length) throw new AppError('validation_failed', 'register.import.error.empty_file');
  let at = 0;
  let best = -1;
  rows.slice(0, HEADER_SEARCH).forEach((r, i) => {
    const score = headerScore(r.cells);
    if (score > best) [best, at] = [score, i];
  });
  const upper = rows[at]!;
  const lower = rows[at + 1];
  const width = Math.max(...rows.map((r) => r.cells.length));
  const pad = (cells: string[]) => Array.from({ length: width }, (_, i) => cleanCell(cells[i] ?? ''));
  const top = pad(upper.cells);
  let headers = top;
  const headerRows = [upper.row];
  if (lower && headerScore(lower.cells) >= 1) {
    const below = pad(lower.cells);
    // A group header is merged across (XLSX) or left blank to its right (CSV) above sub-headers.
    const grouped = below.some((b, i) => b && b !== top[i] && (upper.merged.has(i) || !top[i]));
    if (grouped) {
      let carried = '';
      headers = top.map((t, i) => {
        const up = t || (upper.merged.size ? '' : carried);
        carried = t || carried;
        const b = below[i]!;
        if (!b || b === up) return up;
        return up ? `${up}/${b}` : b;
      });
      headerRows.push(lower.row);
    }
  }
  const body = rows.slice(at + headerRows.length).filter((r) => headerScore(r.cells) < Math.max(3, best));
  if (body.length > MAX_ROWS)
    throw new AppError('validation_failed', 'register.import.error.too_many_rows', { max: MAX_ROWS });
  return {
    format,
    headers: headers.map((h, i) => h || `#${i + 1}`),
    headerRows,
    rows: body.map((r) => ({ row: r.row, cells: pad(r.cells), imprecise: r.imprecise })),
  };
}
