import type { MigrationInterface, QueryRunner } from 'typeorm';

export class YoutubeCookie1764079600000 implements MigrationInterface {
  name = 'YoutubeCookie1764079600000';

  async up(q: QueryRunner): Promise<void> {
    // One cookie per installation: the primary key can only be true, so there is at most one row.
    // It is stored only after a successful check, hence status and validated_at are never null.
    await q.query(`
      CREATE TABLE youtube_cookie (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        ciphertext bytea NOT NULL,
        nonce bytea NOT NULL CHECK (octet_length(nonce) = 12),
        auth_tag bytea NOT NULL CHECK (octet_length(auth_tag) = 16),
        status boolean NOT NULL,
        validated_at timestamptz NOT NULL,
        imported_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE youtube_cookie');
  }
}
