import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn()
  id: number;

  /** Unique case-insensitively (index on lower(username)); stored as first written. */
  @Column('text')
  username: string;

  /** argon2id PHC string. */
  @Column('text')
  passwordHash: string;

  @Column('boolean', { default: false })
  isAdmin: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
