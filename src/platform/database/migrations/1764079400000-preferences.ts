import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Preferences1764079400000 implements MigrationInterface {
  name = 'Preferences1764079400000';

  async up(q: QueryRunner): Promise<void> {
    // Only the keys a user changed, as one validated JSONB object: new Invidious keys need no
    // migration, and reading a user's preferences is one row. An object, so `data || patch` merges.
    await q.query(`
      CREATE TABLE preferences (
        user_id integer PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        data jsonb NOT NULL CHECK (jsonb_typeof(data) = 'object'),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE preferences');
  }
}
