import { createSecretKey, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.js';
import { SettingsRepository } from './settings.repository.js';

const SETTING = 'secret_key';

/**
 * The instance's secret: SECRET_KEY, or one generated on first start and kept in the settings table
 * so every instance (and every restart) signs and verifies with the same key.
 */
@Injectable()
export class KeysService implements OnModuleInit {
  private readonly logger = new Logger('Keys');
  private secret: Buffer;
  /** Invidious token HMAC key: the secret's bytes, as Invidious uses them. */
  invidiousTokenKey: KeyObject;
  /** JWT (HS256) key, derived so it never equals a key used for anything else. */
  jwtKey: KeyObject;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly settings: SettingsRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    let secret = this.config.SECRET_KEY;
    if (!secret) {
      // Concurrent first starts: the first insert wins and everyone reads it back.
      await this.settings.insertIfAbsent(SETTING, randomBytes(32).toString('hex'));
      secret = (await this.settings.get(SETTING))!;
      this.logger.warn('SECRET_KEY is not set: using the key generated into the database (set SECRET_KEY to manage it yourself)');
    }
    this.secret = Buffer.from(secret, 'utf8');
    this.invidiousTokenKey = createSecretKey(this.secret);
    this.jwtKey = createSecretKey(this.derive('jwt-hs256'));
  }

  /** A 32-byte key for one purpose (e.g. 'cookie-encryption'), independent of every other purpose's. */
  derive(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.secret, Buffer.alloc(0), `tubevault:${purpose}`, 32));
  }
}
