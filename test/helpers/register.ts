import type { Client } from './http.js';

type Cell = string | number | Date | null;

/**
 * A register sheet as villages keep them: a merged title row, a blank line, a two-row header
 * with vertical merges and a "联系方式" group over 手机 / 固话, full-width digits, blank rows, an
 * ID number, a date cell. Rows (sheet row numbers) 9 has an unknown grid, 10 a bad phone, and 12
 * (with `duplicate`) repeats row 8.
 */
export async function messyRegisterXlsx(options: { duplicate?: boolean; grid?: string } = {}): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  const grid = options.grid ?? '东片网格';
  ws.getCell('A1').value = '柳溪社区村民花名册（2026年）';
  ws.mergeCells('A1:K1');
  const top: Cell[] = [
    '序号',
    '姓名',
    '性别',
    '出生年月',
    '户号',
    '与户主关系',
    '网格',
    '联系方式',
    null,
    '身份证号码',
    '状态',
  ];
  const sub: Cell[] = [null, null, null, null, null, null, null, '手机', '固话', null, null];
  ws.getRow(3).values = top as never;
  ws.getRow(4).values = sub as never;
  for (const col of ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'J', 'K']) ws.mergeCells(`${col}3:${col}4`);
  ws.mergeCells('H3:I3');
  const rows: [number, Cell[]][] = [
    [
      5,
      [
        1,
        '张建国',
        '男',
        '1962年5月',
        '００１',
        '户主',
        grid,
        '１３９００００１１１１',
        '',
        '330102196205121234',
        '在村',
      ],
    ],
    [
      6,
      [
        2,
        '李秀英',
        '女',
        '1964.08',
        '001',
        '配偶',
        grid.replace(/网格$/, ''),
        '13900002222',
        '0571-1234',
        '33010219640812222X',
        '在村',
      ],
    ],
    [8, [3, '张伟', '男', new Date(Date.UTC(1988, 9, 1)), '001', '子', grid, '139-0000-3333', '', '', '外出务工']],
    [9, [4, '王芳', '女', 1990, '002', '户主', '西片网格', '13900004444', '', '', '']],
    [10, [5, '王小明', '男', 2005, '002', '子', grid, '1390000555', '', '', '在村']],
    [13, [7, '刘　洋', '女', '1950', '003', '户主', grid, '', '', '', '已故']],
  ];
  if (options.duplicate ?? true)
    rows.push([12, [6, '张伟', '男', '1988', '００１', '子', grid, '13900003333', '', '', '在村']]);
  for (const [n, values] of rows) ws.getRow(n).values = values as never;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Sends a sheet to an import route as the wizard does (multipart: `file`, and `meta` as JSON). */
export async function uploadSheet(
  c: Client,
  path: string,
  file: Buffer,
  filename: string,
  meta?: unknown,
): Promise<{ status: number; body: any }> {
  const form = new FormData();
  if (meta !== undefined) form.set('meta', JSON.stringify(meta));
  form.append('file', new Blob([new Uint8Array(file)]), filename);
  const res = await fetch(c.base + path, {
    method: 'POST',
    headers: { cookie: c.cookieHeader, 'x-csrf-token': c.csrfToken ?? '', 'accept-language': 'zh-CN' },
    body: form,
  });
  return { status: res.status, body: await res.json() };
}
