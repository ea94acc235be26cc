import { readFile } from 'node:fs/promises';
import { IMPORT_FIELDS, type ColumnMapping, type ImportField } from '../../../shared/rules/register-headers.js';
import { isLocale } from '../../../shared/i18n/index.js';
import type { ImportPreview, ImportProblem } from '../../../shared/schemas/register.js';
import { AppError } from '../../errors.js';
import type { CliCommand } from '../command.js';
import { CliError, EXIT, type CliContext, type CliResult } from '../context.js';

/** What `--mapping` may say of a field: a column by its header text, by its 0-based index, or null (skip it). */
type Given = Partial<Record<ImportField, string | number | null>>;

/** `--mapping` is inline JSON (`{"key":"村民编号","phone":7}`) or the path of a JSON file. */
async function readMapping(text: string): Promise<Given> {
  let json: unknown;
  try {
    json = JSON.parse(text.trim().startsWith('{') ? text : await readFile(text, 'utf8'));
  } catch (err) {
    throw new CliError(EXIT.usage, `--mapping: not JSON or not a readable JSON file (${(err as Error).message})`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json))
    throw new CliError(EXIT.usage, '--mapping: expected an object of field → column');
  for (const [field, column] of Object.entries(json)) {
    if (!(IMPORT_FIELDS as readonly string[]).includes(field))
      throw new CliError(EXIT.usage, `--mapping: unknown field "${field}" (fields: ${IMPORT_FIELDS.join(', ')})`);
    if (column !== null && typeof column !== 'string' && !(Number.isInteger(column) && (column as number) >= 0))
      throw new CliError(EXIT.usage, `--mapping: ${field} must be a header, a column index from 0, or null`);
  }
  return json as Given;
}

/** The suggested mapping with the operator's choices laid over it, headers turned into column indexes. */
function resolveMapping(given: Given, headers: string[], suggested: ColumnMapping): ColumnMapping {
  const mapping: ColumnMapping = { ...suggested };
  for (const [field, column] of Object.entries(given) as [ImportField, string | number | null][]) {
    if (typeof column === 'string') {
      const at = headers.indexOf(column);
      if (at < 0) throw new CliError(EXIT.usage, `--mapping: no column "${column}" (headers: ${headers.join(', ')})`);
      mapping[field] = at;
    } else mapping[field] = column;
  }
  return mapping;
}

const describeMapping = (mapping: ColumnMapping, headers: string[]): string =>
  Object.entries(mapping)
    .filter(([, column]) => column != null)
    .map(([field, column]) => `${headers[column!] ?? `#${column}`} → ${field}`)
    .join(', ');

const describeProblem = (p: ImportProblem): string =>
  `  row ${p.row}${p.column ? `, ${p.column}` : ''}${p.field ? ` (${p.field})` : ''}: ${p.message}`;

const describeCounts = (c: ImportPreview['counts']): string =>
  `${c.rows} rows: ${c.new} new, ${c.updated} updated, ${c.unchanged} unchanged; ${c.households} households`;

/** A sheet with bad rows: nothing was written; every problem listed, exit code 1. */
function refused(org: { id: number; name: string }, dryRun: boolean, problems: ImportProblem[]): CliResult {
  return {
    code: EXIT.failed,
    json: { organisationId: org.id, dryRun, written: false, problems },
    lines: [
      `${org.name} (id ${org.id}): ${problems.length} problem(s) in the sheet; nothing was imported.`,
      ...problems.map(describeProblem),
    ],
  };
}

/** The village to import into: exit code 3 for anything that is not one (like the web's 404). */
async function village(ctx: CliContext, id: number) {
  const org = Number.isInteger(id) && id > 0 ? await ctx.db.models.Organisation.findByPk(id) : null;
  if (!org || org.kind !== 'village') throw new CliError(EXIT.notFound, `no village or community with id ${id}`);
  return org;
}

/**
 * A village's register from a sheet (XLSX or CSV), through the same import as the register page:
 * every bad row reported and nothing written, all rows in one transaction otherwise, people matched
 * by their stable key so a second import updates them. Audited as the operator.
 */
export const registerImport: CliCommand = {
  name: 'register:import',
  summary: 'Import a village’s register from an XLSX or CSV sheet (all rows or none; re-import updates)',
  define: (cmd) =>
    cmd
      .argument('<file>', 'the sheet: .xlsx or .csv (UTF-8 or GB18030)')
      .requiredOption('--org <id>', 'the village or community whose register it is')
      .option('--dry-run', 'check every row and say what would change; write nothing')
      .option(
        '--mapping <json>',
        'columns for fields, over the headers recognised automatically: inline JSON or a JSON file, e.g. {"key":"村民编号","phone":7,"address":null}',
      )
      .option('--locale <locale>', 'language of the row problems and of the status history (zh-CN or en)', 'zh-CN'),
  async run({ args, options, ctx }) {
    const locale = String(options.locale);
    if (!isLocale(locale)) throw new CliError(EXIT.usage, `--locale: zh-CN or en, not "${locale}"`);
    const org = await village(ctx!, Number(options.org));
    const given = options.mapping ? await readMapping(String(options.mapping)) : null;
    let file: Buffer;
    try {
      file = await readFile(args[0]!);
    } catch (err) {
      throw new CliError(EXIT.failed, `cannot read ${args[0]}: ${(err as NodeJS.ErrnoException).code ?? err}`);
    }
    const { imports } = ctx!.services.register;
    const dryRun = options.dryRun === true;
    let meta: { mapping: ColumnMapping } | undefined;
    if (given) {
      const first = await imports.preview(ctx!.operator, org.id, file, undefined, locale);
      meta = { mapping: resolveMapping(given, first.headers, first.suggested) };
    }
    const preview = await imports.preview(ctx!.operator, org.id, file, meta, locale);
    const columns = `columns: ${describeMapping(preview.mapping, preview.headers) || '(none recognised)'}`;
    if (preview.problems.length) return refused(org, dryRun, preview.problems);
    if (dryRun)
      return {
        code: EXIT.ok,
        json: { organisationId: org.id, dryRun, written: false, counts: preview.counts, mapping: preview.mapping },
        lines: [`${org.name} (id ${org.id}), dry run — nothing written. ${describeCounts(preview.counts)}.`, columns],
      };
    let counts: ImportPreview['counts'];
    try {
      ({ counts } = await imports.commit(ctx!.operator, org.id, file, meta, locale));
    } catch (err) {
      // The register changed between the check and the write: the commit's own check refused it.
      const problems = err instanceof AppError ? (err.extra?.problems as ImportProblem[] | undefined) : undefined;
      if (problems) return refused(org, dryRun, problems);
      throw err;
    }
    return {
      code: EXIT.ok,
      json: { organisationId: org.id, dryRun, written: true, counts, mapping: preview.mapping },
      lines: [`Imported into ${org.name} (id ${org.id}): ${describeCounts(counts)}.`, columns],
    };
  },
};
