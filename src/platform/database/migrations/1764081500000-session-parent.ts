import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The session a token was minted from (docs/dialects/invidious.md#token-routes): revoking a token
 * revokes every token minted from it, down the whole line. Sessions of other origins have no parent.
 */
export class SessionParent1764081500000 implements MigrationInterface {
  name = 'SessionParent1764081500000';

  async up(q: QueryRunner): Promise<void> {
    // Checked at commit: a restore inserts a table's rows in key order, children possibly before parents.
    await q.query('ALTER TABLE sessions ADD COLUMN parent_id text REFERENCES sessions (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED');
    // Revocation walks from a parent to its children.
    await q.query('CREATE INDEX sessions_parent_idx ON sessions (parent_id) WHERE parent_id IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX sessions_parent_idx');
    await q.query('ALTER TABLE sessions DROP COLUMN parent_id');
  }
}
