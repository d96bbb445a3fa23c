import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The installation's one YouTube cookie (the `id` column admits only `true`), AES-256-GCM
 * encrypted, with the record of its latest check. The row exists exactly while a cookie is stored:
 * revoking deletes the cookie and its record together.
 */
@Entity('youtube_cookie')
export class YoutubeCookieEntity {
  @PrimaryColumn('boolean', { default: true })
  id: boolean;

  @Column('bytea')
  ciphertext: Buffer;

  @Column('bytea')
  nonce: Buffer;

  @Column('bytea')
  authTag: Buffer;

  /** Outcome of the latest check (import, POST or the daily job). */
  @Column('boolean')
  status: boolean;

  @Column('timestamptz')
  validatedAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  importedAt: Date;
}
