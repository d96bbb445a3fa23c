import { Column, Entity, PrimaryColumn } from 'typeorm';

export const SESSION_KINDS = ['browser', 'token', 'ta'] as const;
/** browser: the SID cookie; token: an Invidious API token; ta: the TubeArchivist login token (JWT). */
export type SessionKind = (typeof SESSION_KINDS)[number];

/** One table behind every credential: deleting a row revokes whatever was built on it. */
@Entity('sessions')
export class SessionEntity {
  /** `v1:` + padded base64url of 32 random bytes. */
  @PrimaryColumn('text')
  id: string;

  @Column('integer')
  userId: number;

  @Column('text')
  kind: SessionKind;

  @Column('text', { array: true, default: () => "'{}'" })
  scopes: string[];

  @Column('timestamptz', { nullable: true })
  expiresAt: Date | null;

  @Column('timestamptz', { default: () => 'now()' })
  issuedAt: Date;

  @Column('timestamptz', { nullable: true })
  lastUsedAt: Date | null;
}
