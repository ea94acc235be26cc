/**
 * The register's import columns and the Chinese headers village sheets give them, so the wizard
 * can propose a mapping the person only has to check. Pure: the server suggests, the client shows.
 */
import { cleanCell } from './register.js';

export const IMPORT_FIELDS = [
  'key',
  'name',
  'gender',
  'birth',
  'adult',
  'household',
  'head',
  'relation',
  'grid',
  'phone',
  'idNumber',
  'status',
  'party',
  'representative',
  'address',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Column index (0-based) per field; null = not imported. */
export type ColumnMapping = Partial<Record<ImportField, number | null>>;

/**
 * Headers per field, most specific first. Matching is exact on the cleaned header, then by
 * containment for the longer words, so "联系电话（手机）" still finds the phone. 序号 is left out on
 * purpose: it numbers rows and changes whenever a row is inserted, so it is no stable key.
 */
const HEADERS: Record<ImportField, string[]> = {
  key: ['编号', '人员编号', '村民编号', '成员编号', 'key', 'id'],
  name: ['姓名', '名字', '村民姓名', '成员姓名', '家庭成员姓名', 'name'],
  gender: ['性别', 'gender', 'sex'],
  birth: ['出生年月', '出生日期', '出生年份', '出生年', '出生', '生日', 'birthyear', 'birth'],
  adult: ['是否成年', '成年', '18周岁以上', 'adult'],
  household: ['户号', '户编号', '户籍编号', '家庭编号', '户籍号', 'household'],
  head: ['户主姓名', '户主', 'head'],
  relation: ['与户主关系', '户主关系', '关系', 'relation'],
  grid: ['网格', '所属网格', '网格名称', '村民小组', '小组', '组别', '组', 'grid'],
  phone: ['联系电话', '手机号码', '手机号', '手机', '电话', '联系方式', 'phone', 'mobile'],
  idNumber: ['身份证号码', '身份证号', '公民身份号码', '身份证后四位', '身份证', '证件号码', 'idnumber', 'idsuffix'],
  status: ['人员状态', '在村状态', '居住状态', '状态', 'status'],
  party: ['是否党员', '党员', '政治面貌', 'party'],
  representative: ['是否村民代表', '村民代表', '代表', 'representative'],
  address: ['家庭住址', '住址', '地址', 'address'],
};

function normaliseHeader(text: string): string {
  return cleanCell(text)
    .toLowerCase()
    .replace(/[\s*:：()（）[\]【】_\-/]/g, '');
}

/** The field a header names, if any; under a group header ("联系方式/手机") the sub-header speaks first. */
export function fieldForHeader(header: string): ImportField | null {
  const slash = header.lastIndexOf('/');
  if (slash > 0) return fieldForWord(header.slice(slash + 1)) ?? fieldForWord(header);
  return fieldForWord(header);
}

function fieldForWord(header: string): ImportField | null {
  const h = normaliseHeader(header);
  if (!h) return null;
  for (const field of IMPORT_FIELDS) if (HEADERS[field].includes(h)) return field;
  // Containment only for words of two characters or more, and never for 组/关系-like fragments alone.
  for (const field of IMPORT_FIELDS) {
    if (HEADERS[field].some((w) => w.length >= 2 && !/^[a-z]+$/.test(w) && h.includes(w))) return field;
  }
  return null;
}

/** A mapping from headers: each field takes the first column that names it, each column serves one field. */
export function suggestMapping(headers: readonly string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  headers.forEach((header, index) => {
    const field = fieldForHeader(header);
    if (field && mapping[field] == null) mapping[field] = index;
  });
  return mapping;
}

/** How many cells of a row read as known headers: the row with the most is the header row. */
export function headerScore(cells: readonly string[]): number {
  return new Set(cells.map(fieldForHeader).filter((f) => f !== null)).size;
}
