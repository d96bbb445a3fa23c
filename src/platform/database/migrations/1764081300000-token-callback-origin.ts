import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where an API token minted through `/authorize_token` was sent: the origin of its callback, so its
 * owner can tell their tokens apart (docs/dialects/invidious.md#account-page). Null for every other
 * session, and for tokens minted before this column existed.
 */
export class TokenCallbackOrigin1764081300000 implements MigrationInterface {
  name = 'TokenCallbackOrigin1764081300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE sessions ADD COLUMN callback_origin text
        CHECK (callback_origin IS NULL OR (kind = 'token' AND length(callback_origin) BETWEEN 1 AND 2048))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE sessions DROP COLUMN callback_origin');
  }
}
