import { NullableText } from '../../platform/database/columns.js';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SessionKind } from '../../platform/access/principal.js';

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

  /** A token minted through `/authorize_token` with a callback: that callback's `scheme://host[:port]`. */
  @NullableText()
  callbackOrigin: string | null;

  /** The token session this one was minted from; deleting it deletes this one (ON DELETE CASCADE). */
  @NullableText()
  parentId: string | null;
}
