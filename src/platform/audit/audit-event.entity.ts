import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One security-relevant event (see AuditService). Rows outlive their actor: no foreign key to users. */
@Entity('audit_events')
export class AuditEventEntity {
  /** bigint: the driver returns it as a string. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column('text')
  type: string;

  @Column({ type: 'integer', nullable: true })
  actorUserId: number | null;

  @Column({ type: 'text', nullable: true })
  target: string | null;

  @Column({ type: 'text', nullable: true })
  ip: string | null;

  @Column({ type: 'text', nullable: true })
  requestId: string | null;

  @Column('jsonb')
  details: Record<string, unknown>;
}
