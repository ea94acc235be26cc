import { once } from 'node:events';
import type { RequestHandler, Response } from 'express';
import { stringify } from 'csv-stringify';
import { ExportParams, StatsQuery } from '../../shared/schemas/stats.js';
import type { Services } from '../services/index.js';
import { exportSource, type ExportSource } from '../services/stats-export.js';
import { defineRoute, type AnyRoute } from './route.js';

/** Waits for the socket to take what was written, so a slow download never piles rows up in memory. */
async function drained(res: Response): Promise<void> {
  if (res.writableNeedDrain && !res.destroyed) await Promise.race([once(res, 'drain'), once(res, 'close')]);
}

export async function writeCsv(res: Response, source: ExportSource): Promise<void> {
  // A BOM so Excel opens the UTF-8 Chinese text correctly.
  const csv = stringify({ bom: true });
  csv.pipe(res);
  csv.write(source.headers);
  for await (const row of source.rows) {
    if (res.destroyed) break;
    if (!csv.write(row)) await Promise.race([once(csv, 'drain'), once(res, 'close')]);
  }
  csv.end();
  await Promise.race([once(res, 'finish'), once(res, 'close')]);
}

export async function writeXlsx(res: Response, source: ExportSource): Promise<void> {
  // Loaded on the first spreadsheet: exceljs adds some 25 MB to a process that may never export.
  const { default: ExcelJS } = await import('exceljs');
  // Streaming writer without shared strings: each row is zipped and written as it is committed.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet('data');
  sheet.addRow(source.headers).commit();
  let n = 0;
  for await (const row of source.rows) {
    if (res.destroyed) break;
    sheet.addRow(row).commit();
    if (++n % 500 === 0) await drained(res);
  }
  sheet.commit();
  await workbook.commit();
}

/**
 * GET /api/stats/exports/:kind/:format — topics, resolutions, meetings, visit records or ballot
 * results as CSV or XLSX, filtered like the screen and streamed. `X-Export-Rows` tells the
 * browser how many rows to expect, for its progress bar.
 */
export function exportRoute(s: Services, before: RequestHandler[]): AnyRoute {
  return defineRoute({
    method: 'get',
    path: '/api/stats/exports/:kind/:format',
    tag: 'stats',
    summary: 'Stream an export (CSV or XLSX) filtered like the dashboard; phone numbers only for roles that see them',
    access: 'staff',
    params: ExportParams,
    query: StatsQuery,
    before,
    response: {
      status: 200,
      contentType: 'text/csv',
      description: 'CSV (UTF-8 with BOM) or XLSX, streamed',
    },
    handler: async ({ principal, params, query, locale, res }) => {
      const source = await exportSource(s, principal, params.kind, query, locale);
      const xlsx = params.format === 'xlsx';
      res.status(200);
      res.setHeader(
        'Content-Type',
        xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
      );
      res.setHeader('Content-Disposition', `attachment; filename="${source.filename}.${params.format}"`);
      res.setHeader('X-Export-Rows', String(source.count));
      res.setHeader('Cache-Control', 'no-store');
      if (xlsx) await writeXlsx(res, source);
      else await writeCsv(res, source);
      res.end();
    },
  });
}
