import type { Transaction } from 'sequelize';
import { translate } from '../../../shared/i18n/index.js';
import type { Locale } from '../../../shared/roles.js';
import { suggestMapping, type ColumnMapping } from '../../../shared/rules/register-headers.js';
import { chinaDate } from '../../../shared/rules/register.js';
import type { ImportMeta, ImportPreview, ImportProblem } from '../../../shared/schemas/register.js';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/index.js';
import { AppError } from '../../errors.js';
import type { Principal } from '../access.js';
import { actorOf, recordAudit } from '../audit.js';
import { applyPlan, planImport, type ImportPlan } from './import-plan.js';
import { gridKey, readRows, type RowProblem } from './import-rows.js';
import type { RegisterAccess } from './register-access.js';
import { readSheet, type Sheet } from './sheet-reader.js';

/** Problems listed in a preview or a refused commit; past this the person fixes the sheet first. */
const MAX_PROBLEMS = 1_000;

/**
 * Importing a village's own sheets into its register: read (XLSX or CSV), map columns, report
 * every bad row, then write all of it in one transaction or nothing.
 *
 * Stateless by design: the wizard sends the file again with each step (preview, commit) instead
 * of the server keeping it. Behind a load balancer without sticky sessions (README, "Several
 * instances") a file kept in one instance's memory would be missing on the next request half the
 * time; reading a register-sized sheet again costs well under a second (bench/register-import.ts).
 */
export class RegisterImport {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly access: RegisterAccess,
  ) {}

  private async read(villageId: number, file: Buffer | undefined, meta: ImportMeta | undefined) {
    if (!file) throw new AppError('validation_failed', 'register.import.error.no_file');
    const sheet = await readSheet(file);
    const suggested = suggestMapping(sheet.headers);
    const mapping: ColumnMapping = meta?.mapping ?? suggested;
    const grids = new Map<string, number>();
    for (const [id, name] of await this.access.grids(villageId)) grids.set(gridKey(name), id);
    const today = chinaDate(this.clock.now());
    const { drafts, problems } = readRows(sheet.rows, { mapping, headers: sheet.headers, today, grids });
    return { sheet, suggested, mapping, drafts, problems, today };
  }

  private translateProblems(sheet: Sheet, mapping: ColumnMapping, problems: RowProblem[], locale: Locale) {
    return problems.slice(0, MAX_PROBLEMS).map((p): ImportProblem => ({
      row: p.row,
      field: p.field,
      column: p.field && mapping[p.field] != null ? (sheet.headers[mapping[p.field]!] ?? null) : null,
      code: p.code,
      message: translate(locale, `register.import.problem.${p.code}`, p.params),
    }));
  }

  /** The dry run: headers, the first rows, the mapping used, every problem, and what a commit would do. */
  async preview(
    principal: Principal,
    villageId: number,
    file: Buffer | undefined,
    meta: ImportMeta | undefined,
    locale: Locale,
  ): Promise<ImportPreview> {
    await this.access.village(principal, villageId, 'edit');
    const { sheet, suggested, mapping, drafts, problems } = await this.read(villageId, file, meta);
    const plan = await planImport(this.db, villageId, drafts);
    return {
      format: sheet.format,
      headers: sheet.headers,
      headerRows: sheet.headerRows,
      sample: sheet.rows.slice(0, 8).map((r) => ({ row: r.row, cells: r.cells })),
      mapping,
      suggested,
      problems: this.translateProblems(sheet, mapping, problems, locale),
      counts: { rows: sheet.rows.length, ...plan.counts },
    };
  }

  /**
   * Writes the sheet: all of it in one transaction, or nothing when any row has a problem (the
   * refusal carries the same problems as the preview). People are matched by their stable key,
   * so importing the same sheet again updates instead of duplicating.
   */
  async commit(
    principal: Principal,
    villageId: number,
    file: Buffer | undefined,
    meta: ImportMeta | undefined,
    locale: Locale,
  ): Promise<{ counts: ImportPreview['counts'] }> {
    await this.access.village(principal, villageId, 'edit');
    const { sheet, mapping, drafts, problems, today } = await this.read(villageId, file, meta);
    if (problems.length) {
      throw new AppError('validation_failed', 'register.import.error.has_problems', { count: problems.length }, [], {
        problems: this.translateProblems(sheet, mapping, problems, locale),
      });
    }
    const reason = translate(locale, 'register.import.reason');
    const plan: ImportPlan = await this.db.tx(async (t: Transaction) => {
      // Planned again inside the transaction: what the preview saw may have changed since.
      const planned = await planImport(this.db, villageId, drafts, t);
      await applyPlan(this.db, t, {
        villageId,
        plan: planned,
        today,
        reason,
        // An operator at the command line (npm run yishi -- register:import) has no account.
        actorId: principal.operator ? null : principal.userId,
        at: this.clock.now(),
      });
      await recordAudit(this.db, this.clock, t, {
        ...actorOf(principal),
        action: 'register.imported',
        subjectType: 'register',
        subjectId: villageId,
        organisationId: villageId,
        summary: { format: sheet.format, rows: sheet.rows.length, ...planned.counts },
      });
      return planned;
    });
    return { counts: { rows: sheet.rows.length, ...plan.counts } };
  }
}
