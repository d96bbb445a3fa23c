import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn()
  id: number;

  /** Shown as first written; unique through `usernameKey`. */
  @Column('text')
  username: string;

  /** `usernameKey(username)` (src/identity/users/username.ts): what logins look up and the unique index holds. */
  @Column('text')
  usernameKey: string;

  /** argon2id PHC string. */
  @Column('text')
  passwordHash: string;

  @Column('boolean', { default: false })
  isAdmin: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
