import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.js';
import { PreferencesEntity } from './preferences.entity.js';
import { parseDefaultPreferences, resolvePreferences, type Preferences, type PreferencesPatch } from './preferences-schema.js';

@Injectable()
export class PreferencesService {
  /** DEFAULT_PREFERENCES, already validated by loadConfig. */
  private readonly instanceDefaults: PreferencesPatch;

  constructor(
    @InjectRepository(PreferencesEntity) private readonly rows: Repository<PreferencesEntity>,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.instanceDefaults = config.DEFAULT_PREFERENCES ? parseDefaultPreferences(config.DEFAULT_PREFERENCES) : {};
  }

  /** The user's effective preferences: what they changed, over the instance's defaults, over the built-in ones. */
  async get(userId: number): Promise<Preferences> {
    // One primary-key read per request (the feed and history ask too): plain SQL, not the repository's
    // query builder, which cost more CPU than the round trip itself (issue 11's profile).
    const rows: { data: Record<string, unknown> }[] = await this.rows.manager.query('SELECT data FROM preferences WHERE user_id = $1', [userId]);
    return resolvePreferences(rows[0]?.data ?? {}, this.instanceDefaults);
  }

  /** POST preferences: values the body DTO validated (every offender named, nothing written, otherwise). */
  async update(userId: number, values: PreferencesPatch): Promise<void> {
    await this.merge(userId, values);
  }

  /**
   * Merges validated values into the stored ones in one statement, so concurrent patches of
   * different keys both survive. `manager` lets an import do it inside its own transaction.
   */
  async merge(userId: number, values: PreferencesPatch, manager: EntityManager = this.rows.manager): Promise<void> {
    if (Object.keys(values).length === 0) return;
    await manager.query(
      `INSERT INTO preferences (user_id, data, updated_at) VALUES ($1, $2::jsonb, now())
       ON CONFLICT (user_id) DO UPDATE SET data = preferences.data || EXCLUDED.data, updated_at = now()`,
      [userId, JSON.stringify(values)],
    );
  }
}
