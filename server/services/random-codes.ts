import { randomInt } from 'node:crypto';
import { BOARD_CODE_LENGTH, CODE_ALPHABET } from '../../shared/rules/intake.js';

// Kept apart from codes.ts (which needs the database for its keyed hashes) so that models and
// migrations can make codes without importing the database module that loads them.

/** A random code over the unambiguous alphabet (receipts, intake codes). */
export function randomCode(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return out;
}

/**
 * A public board's short code: random like the others, with at least one letter so it never reads
 * as an organisation's numeric id (/api/board/<id or code> takes either).
 */
export function randomBoardCode(): string {
  for (;;) {
    const code = randomCode(BOARD_CODE_LENGTH);
    if (/[A-Z]/.test(code)) return code;
  }
}
