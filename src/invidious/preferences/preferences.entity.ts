import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row per user who changed something, holding only the keys they changed (validated by
 * preferences-schema.ts). A JSONB document rather than a column per key: the key set follows
 * Invidious without a migration per key, and a read is one row.
 */
@Entity('preferences')
export class PreferencesEntity {
  @PrimaryColumn('integer')
  userId: number;

  @Column('jsonb')
  data: Record<string, unknown>;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}
