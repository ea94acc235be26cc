import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { BOARD_CODE_LENGTH, CODE_ALPHABET } from '../../shared/rules/intake.js';
import type { Database } from '../db/index.js';

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

/**
 * A keyed hash for values we must recognise but never read back (a co-signer's phone or device).
 * A plain SHA-256 of an 11-digit phone number is brute-forced in minutes; HMAC with a secret
 * kept in the database is not.
 */
export class Hasher {
  private key: Buffer | null = null;
  constructor(private readonly db: Database) {}

  private async secret(): Promise<Buffer> {
    if (this.key) return this.key;
    const select = () =>
      this.db.sequelize.query<{ value: string }>(`SELECT value FROM system_settings WHERE key = 'hash_key'`, {
        type: QueryTypes.SELECT,
      });
    let rows = await select();
    if (!rows.length) {
      const value = randomBytes(32).toString('base64');
      // Two instances may race here; the primary key keeps one and both read it back.
      await this.db.sequelize
        .query(`INSERT INTO system_settings (key, value) VALUES ('hash_key', :value)`, { replacements: { value } })
        .catch(() => undefined);
      rows = await select();
    }
    this.key = Buffer.from(rows[0]!.value, 'base64');
    return this.key;
  }

  async hash(kind: string, value: string): Promise<string> {
    return createHmac('sha256', await this.secret())
      .update(`${kind}:${value}`)
      .digest('hex');
  }
}
