import type { RequestHandler } from 'express';
import { chinaDate } from '../../shared/rules/register.js';
import { IdParams } from '../../shared/schemas/common.js';
import {
  CreatePersonBody,
  ExportParams,
  HouseholdsPage,
  HouseholdsQuery,
  HouseholdView,
  ImportMeta,
  ImportPreview,
  ImportResult,
  PeoplePage,
  PeopleQuery,
  PersonDetail,
  RegisterSummary,
  StatusChangeBody,
  UpdateHouseholdBody,
  UpdatePersonBody,
} from '../../shared/schemas/register.js';
import type { Services } from '../services/index.js';
import { registerExport } from '../services/register/export.js';
import { defineRoute, type AnyRoute } from './route.js';
import { writeCsv, writeXlsx } from './stats-export.js';

/** A register-sized sheet: 20,000 rows of XLSX are about 1 MB; 8 MB leaves room for formatting. */
const UPLOAD = { jsonField: 'meta', fileField: 'file', maxFiles: 1, maxFileBytes: 8 * 1024 * 1024 };

/** The village register (村民名册): people, households, import, export. Authorisation lives in the services. */
export function registerRoutes(s: Services, limits: { file: RequestHandler[] }): AnyRoute[] {
  const { people, households, imports } = s.register;
  return [
    defineRoute({
      method: 'get',
      path: '/api/organisations/:id/register',
      tag: 'register',
      summary: "A village register's figures, grids and whether the caller may edit it",
      access: 'staff',
      params: IdParams,
      response: { status: 200, schema: RegisterSummary },
      handler: ({ principal, params }) => people.summary(principal, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/api/organisations/:id/register/people',
      tag: 'register',
      summary: 'People on the register, searched and filtered by grid, status or household',
      access: 'staff',
      params: IdParams,
      query: PeopleQuery,
      response: { status: 200, schema: PeoplePage },
      handler: ({ principal, params, query }) => people.list(principal, params.id, query),
    }),
    defineRoute({
      method: 'post',
      path: '/api/organisations/:id/register/people',
      tag: 'register',
      summary: 'Add a person to the register',
      access: 'staff',
      params: IdParams,
      body: CreatePersonBody,
      response: { status: 201, schema: PersonDetail },
      handler: ({ principal, params, body }) => people.create(principal, params.id, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/register/people/:id',
      tag: 'register',
      summary: 'A person with their status history, household and seats in bodies',
      access: 'staff',
      params: IdParams,
      response: { status: 200, schema: PersonDetail },
      handler: ({ principal, params }) => people.get(principal, params.id),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/register/people/:id',
      tag: 'register',
      summary: "Edit a person's details (status has its own verb)",
      access: 'staff',
      params: IdParams,
      body: UpdatePersonBody,
      response: { status: 200, schema: PersonDetail },
      handler: ({ principal, params, body }) => people.update(principal, params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/register/people/:id/status',
      tag: 'register',
      summary: 'Record a dated status change with its reason (moved out, deceased, working away, back)',
      access: 'staff',
      params: IdParams,
      body: StatusChangeBody,
      response: { status: 200, schema: PersonDetail },
      handler: ({ principal, params, body }) => people.changeStatus(principal, params.id, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/organisations/:id/register/households',
      tag: 'register',
      summary: 'Households of the register with their head and members',
      access: 'staff',
      params: IdParams,
      query: HouseholdsQuery,
      response: { status: 200, schema: HouseholdsPage },
      handler: ({ principal, params, query }) => households.list(principal, params.id, query),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/register/households/:id',
      tag: 'register',
      summary: "Change a household's head, grid or address",
      access: 'staff',
      params: IdParams,
      body: UpdateHouseholdBody,
      response: { status: 200, schema: HouseholdView },
      handler: ({ principal, params, body }) => households.update(principal, params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/organisations/:id/register/import/preview',
      tag: 'register',
      summary: 'Dry run of an import (multipart: file, meta): headers, suggested mapping, every bad row, counts',
      access: 'staff',
      params: IdParams,
      body: ImportMeta.optional(),
      multipart: UPLOAD,
      before: limits.file,
      errors: [413],
      response: { status: 200, schema: ImportPreview },
      handler: ({ principal, params, body, files, locale }) =>
        imports.preview(principal, params.id, files[0], body, locale),
    }),
    defineRoute({
      method: 'post',
      path: '/api/organisations/:id/register/import',
      tag: 'register',
      summary: 'Import a sheet (multipart: file, meta) in one transaction: all rows or, on any problem, none',
      access: 'staff',
      params: IdParams,
      body: ImportMeta.optional(),
      multipart: UPLOAD,
      before: limits.file,
      errors: [413],
      response: { status: 200, schema: ImportResult },
      handler: ({ principal, params, body, files, locale }) =>
        imports.commit(principal, params.id, files[0], body, locale),
    }),
    defineRoute({
      method: 'get',
      path: '/api/organisations/:id/register/export/:format',
      tag: 'register',
      summary: 'The register as XLSX or CSV, in the shape the import reads back',
      access: 'staff',
      params: ExportParams,
      before: limits.file,
      response: { status: 200, contentType: 'text/csv', description: 'CSV (UTF-8 with BOM) or XLSX' },
      handler: async ({ principal, params, res }) => {
        const today = chinaDate(s.clock.now());
        const source = await registerExport(s.db, s.register.access, principal, params.id, today);
        const xlsx = params.format === 'xlsx';
        res.status(200);
        res.setHeader(
          'Content-Type',
          xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
        );
        res.setHeader('Content-Disposition', `attachment; filename="${source.filename}.${params.format}"`);
        res.setHeader('Cache-Control', 'no-store');
        if (xlsx) await writeXlsx(res, source);
        else await writeCsv(res, source);
        res.end();
      },
    }),
  ];
}
