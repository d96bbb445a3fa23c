import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { UserEntity } from './user.entity.js';

/** Every statement about `users`. Methods that take a `manager` run inside the caller's transaction. */
@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.users.manager.transaction(work);
  }

  /** Throws the database's unique violation when the name's key is taken. */
  insert(user: { username: string; usernameKey: string; passwordHash: string; isAdmin: boolean }): Promise<UserEntity> {
    return this.users.save(this.users.create(user));
  }

  findById(id: number): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  findByUsernameKey(usernameKey: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ usernameKey });
  }

  list(): Promise<UserEntity[]> {
    return this.users.find({ order: { id: 'ASC' } });
  }

  count(): Promise<number> {
    return this.users.count();
  }

  async updatePasswordHash(manager: EntityManager, id: number, passwordHash: string): Promise<void> {
    await manager.update(UserEntity, { id }, { passwordHash });
  }

  /** Every admin, their rows locked until the transaction ends. */
  lockAdmins(manager: EntityManager): Promise<{ id: number; username: string }[]> {
    return manager.query('SELECT id, username FROM users WHERE is_admin ORDER BY id FOR UPDATE');
  }

  /** The rows deleted (0 or 1); ON DELETE CASCADE removes everything that belongs to the user. */
  async delete(manager: EntityManager, id: number): Promise<number | null | undefined> {
    return (await manager.delete(UserEntity, { id })).affected;
  }
}
