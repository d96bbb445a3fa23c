import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** Every statement about `settings`: the instance's own key-value store. */
@Injectable()
export class SettingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Stores `value` unless the key has one already (the first of concurrent writers wins). */
  async insertIfAbsent(key: string, value: string): Promise<void> {
    await this.dataSource.query(`INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [key, value]);
  }

  async get(key: string): Promise<string | undefined> {
    const [row] = await this.dataSource.query('SELECT value FROM settings WHERE key = $1', [key]);
    return row?.value as string | undefined;
  }
}
