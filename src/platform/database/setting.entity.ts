import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Instance-wide key/value settings shared by every process (e.g. the generated SECRET_KEY). */
@Entity('settings')
export class SettingEntity {
  @PrimaryColumn('text')
  key: string;

  @Column('text')
  value: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
