import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.js';
import { PreferencesRepository } from './preferences.repository.js';
import { parseDefaultPreferences, resolvePreferences, type Preferences, type PreferencesPatch } from './preferences-schema.js';

@Injectable()
export class PreferencesService {
  /** DEFAULT_PREFERENCES, already validated by loadConfig. */
  private readonly instanceDefaults: PreferencesPatch;

  constructor(
    private readonly rows: PreferencesRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.instanceDefaults = config.DEFAULT_PREFERENCES ? parseDefaultPreferences(config.DEFAULT_PREFERENCES) : {};
  }

  /** The user's effective preferences: what they changed, over the instance's defaults, over the built-in ones. */
  async get(userId: number): Promise<Preferences> {
    return resolvePreferences(await this.rows.find(userId), this.instanceDefaults);
  }

  /** POST preferences: values the body DTO validated (every offender named, nothing written, otherwise). */
  async update(userId: number, values: PreferencesPatch): Promise<void> {
    await this.merge(userId, values);
  }

  /**
   * Merges validated values into the stored ones in one statement, so concurrent patches of
   * different keys both survive. `manager` lets an import do it inside its own transaction.
   */
  async merge(userId: number, values: PreferencesPatch, manager?: EntityManager): Promise<void> {
    if (Object.keys(values).length === 0) return;
    await this.rows.merge(userId, values, manager);
  }
}
