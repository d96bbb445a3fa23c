import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { PreferencesEntity } from './preferences.entity.js';

/** Every statement about `preferences`: each user's changed values, as one JSON object. */
@Injectable()
export class PreferencesRepository {
  constructor(@InjectRepository(PreferencesEntity) private readonly rows: Repository<PreferencesEntity>) {}

  /**
   * The user's stored values ({} when none). One primary-key read per request (the feed and
   * history ask too): plain SQL, not the repository's query builder, which cost more CPU than the
   * round trip itself.
   */
  async find(userId: number): Promise<Record<string, unknown>> {
    const rows: { data: Record<string, unknown> }[] = await this.rows.manager.query('SELECT data FROM preferences WHERE user_id = $1', [userId]);
    return rows[0]?.data ?? {};
  }

  /** Merges `values` into the stored ones in one statement; `manager` for the caller's transaction. */
  async merge(userId: number, values: Record<string, unknown>, manager: EntityManager = this.rows.manager): Promise<void> {
    await manager.query(
      `INSERT INTO preferences (user_id, data, updated_at) VALUES ($1, $2::jsonb, now())
       ON CONFLICT (user_id) DO UPDATE SET data = preferences.data || EXCLUDED.data, updated_at = now()`,
      [userId, JSON.stringify(values)],
    );
  }
}
