import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log of security-relevant events. `actor_user_id` has no foreign key: the history of
 * what a user did must survive the user's deletion. Pages are read newest first by id.
 */
export class Audit1764080000000 implements MigrationInterface {
  name = 'Audit1764080000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_events (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        type text NOT NULL,
        actor_user_id integer,
        target text,
        ip text,
        request_id text,
        details jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(details) = 'object')
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE audit_events');
  }
}
