import type { MigrationInterface, QueryRunner } from 'typeorm';

export class UsersSessions1764079300000 implements MigrationInterface {
  name = 'UsersSessions1764079300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id serial PRIMARY KEY,
        username text NOT NULL CHECK (length(username) BETWEEN 1 AND 64),
        password_hash text NOT NULL,
        is_admin boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE UNIQUE INDEX users_username_lower_key ON users (lower(username))');
    await q.query(`
      CREATE TABLE sessions (
        id text PRIMARY KEY,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('browser', 'token', 'ta')),
        scopes text[] NOT NULL DEFAULT '{}',
        expires_at timestamptz,
        issued_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz
      )`);
    await q.query('CREATE INDEX sessions_user_id_idx ON sessions (user_id, issued_at DESC)');
    // Every TubeArchivist login returns the same token: one `ta` session per user.
    await q.query(`CREATE UNIQUE INDEX sessions_one_ta_per_user ON sessions (user_id) WHERE kind = 'ta'`);
    await q.query('CREATE INDEX sessions_expires_at_idx ON sessions (expires_at) WHERE expires_at IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE sessions');
    await q.query('DROP TABLE users');
  }
}
