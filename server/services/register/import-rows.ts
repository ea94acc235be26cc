import type { ColumnMapping, ImportField } from '../../../shared/rules/register-headers.js';
import {
  birthYearFromId,
  cleanCell,
  externalKey,
  householdNumber,
  idSuffix,
  isHeadRelation,
  normaliseMobile,
  parseBirthYear,
  parseGender,
  parseStatus,
  parseYesNo,
  type GenderName,
  type PersonStatusName,
} from '../../../shared/rules/register.js';
import type { SheetRow } from './sheet-reader.js';

/**
 * One row of a sheet as a person. A field is `undefined` when its column is not mapped: a
 * re-import of a sheet without phones leaves the phones on the register alone.
 */
export interface Draft {
  row: number;
  key: string;
  name: string;
  gender?: GenderName;
  birthYear?: number | null;
  adult?: boolean | null;
  household?: string | null;
  isHead: boolean;
  relation?: string | null;
  gridId?: number | null;
  phone?: string | null;
  idSuffix?: string | null;
  status?: PersonStatusName;
  partyMember?: boolean;
  representative?: boolean | null;
  address?: string | null;
}

/** A problem found in a row, before translation. Row 0 is the mapping itself. */
export interface RowProblem {
  row: number;
  field: ImportField | null;
  code: string;
  params?: Record<string, string | number>;
}

/** Grid names as sheets write them: "第一网格", "一网格" and "一" are one grid; so are "3组" and "第3组". */
export function gridKey(name: string): string {
  return cleanCell(name)
    .replace(/\s/g, '')
    .replace(/^第/, '')
    .replace(/(网格|村民小组|小组|组|片区|片)+$/, '');
}

export interface RowContext {
  mapping: ColumnMapping;
  headers: string[];
  today: string;
  /** gridKey(name) → grid id. */
  grids: Map<string, number>;
}

/** Problems of the mapping itself: a name column is required, and columns must exist. */
export function mappingProblems(ctx: RowContext): RowProblem[] {
  const out: RowProblem[] = [];
  if (ctx.mapping.name == null) out.push({ row: 0, field: 'name', code: 'name_unmapped' });
  for (const [field, column] of Object.entries(ctx.mapping)) {
    if (column != null && column >= ctx.headers.length)
      out.push({ row: 0, field: field as ImportField, code: 'column_unknown', params: { column: column + 1 } });
  }
  return out;
}

/** Reads one row through the mapping; pushes its problems and returns the draft only when it has none. */
export function readRow(r: SheetRow, ctx: RowContext, problems: RowProblem[]): Draft | null {
  const { mapping } = ctx;
  const before = problems.length;
  const has = (f: ImportField) => mapping[f] != null;
  const cell = (f: ImportField) => (has(f) ? (r.cells[mapping[f]!] ?? '') : '');
  const problem = (field: ImportField, code: string, params?: RowProblem['params']) =>
    problems.push({ row: r.row, field, code, ...(params ? { params } : {}) });

  const name = cell('name').replace(/\s/g, '');
  if (!name) problem('name', 'name_missing');
  else if (name.length > 40) problem('name', 'too_long', { max: 40 });

  const draft: Draft = { row: r.row, key: '', name, isHead: false };
  if (has('gender')) {
    const gender = parseGender(cell('gender'));
    if (gender === undefined) problem('gender', 'gender_invalid', { value: cell('gender') });
    else draft.gender = gender;
  }
  let idText = '';
  if (has('idNumber')) {
    idText = cell('idNumber');
    if (r.imprecise.has(mapping.idNumber!)) problem('idNumber', 'id_imprecise');
    else {
      draft.idSuffix = idText ? idSuffix(idText) : null;
      if (idText && !draft.idSuffix) problem('idNumber', 'id_invalid');
    }
  }
  if (has('birth')) {
    const year = parseBirthYear(cell('birth'), ctx.today);
    if (year === undefined) problem('birth', 'birth_invalid', { value: cell('birth') });
    else draft.birthYear = year ?? (idText ? birthYearFromId(idText, ctx.today) : null);
  } else if (idText) {
    // The year of birth is in the ID number; the number itself is never kept.
    const year = birthYearFromId(idText, ctx.today);
    if (year != null) draft.birthYear = year;
  }
  if (has('adult')) {
    const adult = parseYesNo(cell('adult'));
    if (adult === undefined) problem('adult', 'yes_no_invalid', { value: cell('adult') });
    else draft.adult = adult;
  }
  if (has('phone')) {
    const raw = cell('phone');
    const phone = raw ? normaliseMobile(raw) : null;
    if (raw && !phone) problem('phone', 'phone_invalid', { value: raw });
    else draft.phone = phone;
  }
  if (has('grid')) {
    const raw = cell('grid');
    const id = raw ? ctx.grids.get(gridKey(raw)) : null;
    if (id === undefined) problem('grid', 'grid_unknown', { value: raw });
    else draft.gridId = id;
  }
  if (has('status')) {
    const status = parseStatus(cell('status'));
    if (!status) problem('status', 'status_invalid', { value: cell('status') });
    else draft.status = status;
  }
  for (const field of ['party', 'representative'] as const) {
    if (!has(field)) continue;
    const value = parseYesNo(cell(field));
    if (value === undefined) problem(field, 'yes_no_invalid', { value: cell(field) });
    else if (field === 'party') draft.partyMember = value ?? false;
    else draft.representative = value;
  }
  if (has('relation')) {
    const relation = cell('relation');
    if (relation.length > 16) problem('relation', 'too_long', { max: 16 });
    draft.relation = relation || null;
    draft.isHead = isHeadRelation(relation);
  }
  const head = cell('head').replace(/\s/g, '');
  if (head && head === name) draft.isHead = true;
  if (has('household') || has('head')) {
    // Without a 户号 column, the head's name stands for the household.
    const number =
      has('household') && cell('household') ? householdNumber(cell('household')) : head ? `户主:${head}` : '';
    if (number.length > 32) problem('household', 'too_long', { max: 32 });
    draft.household = number || null;
  }
  if (has('address')) draft.address = cell('address').slice(0, 100) || null;
  draft.key = externalKey({
    key: cell('key'),
    household: draft.household ?? null,
    name,
    idSuffix: draft.idSuffix ?? null,
  });
  return problems.length === before ? draft : null;
}

/** Reads every row, and reports a second row with the same stable key as a duplicate of the first. */
export function readRows(rows: SheetRow[], ctx: RowContext): { drafts: Draft[]; problems: RowProblem[] } {
  const problems = mappingProblems(ctx);
  if (problems.length) return { drafts: [], problems };
  const drafts: Draft[] = [];
  const seen = new Map<string, number>();
  for (const r of rows) {
    const draft = readRow(r, ctx, problems);
    if (!draft) continue;
    const first = seen.get(draft.key);
    if (first !== undefined) {
      problems.push({
        row: r.row,
        field: ctx.mapping.key != null ? 'key' : 'name',
        code: 'duplicate',
        params: { row: first },
      });
      continue;
    }
    seen.set(draft.key, r.row);
    drafts.push(draft);
  }
  return { drafts, problems };
}
