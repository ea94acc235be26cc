import { createHmac, randomBytes } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import type { Database } from '../db/index.js';

export { randomBoardCode, randomCode } from './random-codes.js';

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
