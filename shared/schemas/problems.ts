import type { z } from 'zod';
import type { Params } from '../i18n/index.js';

/** A field that failed validation, as an i18n key: the server and forms translate it alike. */
export interface FieldProblem {
  path: string;
  key: string;
  params?: Params;
}

/** Maps zod's issues onto i18n keys (`field.*`), so server errors and form hints read the same. */
export function fieldProblems(error: z.core.$ZodError): FieldProblem[] {
  return error.issues.map((issue): FieldProblem => {
    const path = issue.path.map(String).join('.') || '(body)';
    switch (issue.code) {
      case 'too_small':
        return issue.origin === 'string'
          ? {
              path,
              key: Number(issue.minimum) <= 1 ? 'field.required' : 'field.too_short',
              params: { min: Number(issue.minimum) },
            }
          : { path, key: 'field.too_small', params: { min: Number(issue.minimum) } };
      case 'too_big':
        return issue.origin === 'string'
          ? { path, key: 'field.too_long', params: { max: Number(issue.maximum) } }
          : { path, key: 'field.too_big', params: { max: Number(issue.maximum) } };
      case 'unrecognized_keys':
        return { path, key: 'field.unknown_key', params: { keys: issue.keys.join(', ').slice(0, 200) } };
      case 'invalid_type':
        return { path, key: issue.input === undefined ? 'field.required' : 'field.invalid' };
      default: {
        const custom =
          typeof issue.message === 'string' && /^[a-z_]+$/.test(issue.message)
            ? `field.${issue.message}`
            : 'field.invalid';
        // A refinement may pass its message's parameters (`refine(fn, { message, params })`).
        const params = issue.code === 'custom' ? (issue.params as Params | undefined) : undefined;
        return params ? { path, key: custom, params } : { path, key: custom };
      }
    }
  });
}
