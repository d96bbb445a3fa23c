import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../../platform/audit/audit.service.js';
import { KeysService } from '../../identity/auth/keys.service.js';
import { TaShapedError } from '../archive/ta-errors.js';
import { openCookie, sealCookie } from './cookie-cipher.js';
import { youtubeCookieHeader } from './cookie-header.js';
import { parseCookieFile, type ParsedCookie } from './netscape-cookies.js';
import { YoutubeCookieChecker, type CookieCheck } from './youtube-cookie-checker.js';
import type { YoutubeCookieEntity } from './youtube-cookie.entity.js';
import { YoutubeCookieRepository } from './youtube-cookie.repository.js';

export interface CookieStatus {
  cookie_enabled: boolean;
  status: boolean;
  validated?: number;
  validated_str?: string;
}

const KEY_PURPOSE = 'cookie-encryption';

/** `validated_str`: the check's time as `YYYY-MM-DD HH:MM` in UTC (TubeArchivist uses local time). */
const formatValidated = (at: Date) => at.toISOString().slice(0, 16).replace('T', ' ');

/**
 * The installation's YouTube cookie (docs/dialects/tubearchivist.md#cookie): stored encrypted, checked against
 * YOUTUBE_URL. Its text never leaves this service except in the check's Cookie header: logs and
 * errors carry reasons and line numbers only.
 */
@Injectable()
export class CookieService {
  private readonly logger = new Logger('YoutubeCookie');

  constructor(
    private readonly rows: YoutubeCookieRepository,
    private readonly keys: KeysService,
    private readonly checker: YoutubeCookieChecker,
    private readonly audit: AuditService,
  ) {}

  async status(): Promise<CookieStatus> {
    const stored = await this.load();
    if (!stored) return { cookie_enabled: false, status: false };
    const { status, validatedAt } = stored.row;
    return { cookie_enabled: true, status, validated: Math.floor(validatedAt.getTime() / 1000), validated_str: formatValidated(validatedAt) };
  }

  /**
   * Checks the stored cookie now and records the outcome (POST and the daily job); a failed check
   * keeps the cookie. Undefined, with nothing checked or recorded, when no cookie is stored.
   */
  async revalidate(): Promise<boolean | undefined> {
    const stored = await this.load();
    if (!stored) return undefined;
    const file = parseCookieFile(stored.text);
    const outcome: CookieCheck = file.ok ? await this.check(file.youtubeCookies) : { valid: false, reason: file.reason };
    // Recorded on the cookie that was checked only: a PUT or DELETE during the check wins. The
    // nonce is fresh for every write, so it identifies the stored version.
    await this.rows.recordCheck(stored.row.nonce, outcome.valid, new Date());
    if (outcome.valid) this.logger.log('the stored YouTube cookie is valid');
    else this.logger.warn(`the stored YouTube cookie failed its check: ${outcome.reason}`);
    return outcome.valid;
  }

  /**
   * PUT: parses and checks the cookie file; a valid one replaces the stored cookie. Anything
   * invalid revokes the stored cookie (a previous one too) and answers TubeArchivist's failure body,
   * with `message` added to say why (the extension reads only `cookie_validated`).
   */
  async import(text: string): Promise<{ cookie_import: 'done'; cookie_validated: true }> {
    const file = parseCookieFile(text);
    if (!file.ok) return this.refuseImport(file.reason);
    const outcome = await this.check(file.youtubeCookies);
    if (!outcome.valid) return this.refuseImport(outcome.reason);
    const now = new Date();
    await this.rows.save({ ...sealCookie(file.text, this.key()), status: true, validatedAt: now, importedAt: now });
    const skipped = file.skippedLines.length ? `; malformed lines skipped: ${file.skippedLines.join(', ')}` : '';
    this.logger.log(`YouTube cookie imported and valid (${file.youtubeCookies.length} YouTube cookies${skipped})`);
    await this.audit.record('cookie.imported', {
      target: 'cookie',
      details: { youtube_cookies: file.youtubeCookies.length, skipped_lines: file.skippedLines.length },
    });
    return { cookie_import: 'done', cookie_validated: true };
  }

  /** DELETE: removes the stored cookie and its validation record; nothing stored is fine. */
  async revoke(): Promise<void> {
    const deleted = await this.deleteStored();
    if (deleted) this.logger.log('YouTube cookie revoked');
    await this.audit.record('cookie.revoked', { target: 'cookie', details: { was_stored: deleted } });
  }

  private async refuseImport(reason: string): Promise<never> {
    const deleted = await this.deleteStored();
    const revoked = deleted ? ', the stored cookie is revoked' : '';
    this.logger.warn(`YouTube cookie import refused${revoked}: ${reason}`);
    await this.audit.record('cookie.import_refused', { target: 'cookie', details: { reason, stored_cookie_revoked: deleted } });
    throw new TaShapedError('invalid-input', { cookie_import: 'fail', cookie_validated: false, message: reason }, reason);
  }

  private async deleteStored(): Promise<boolean> {
    return this.rows.delete();
  }

  private async check(youtubeCookies: readonly ParsedCookie[]): Promise<CookieCheck> {
    const header = youtubeCookieHeader(youtubeCookies, new Date());
    if (!header) return { valid: false, reason: 'no YouTube cookie left to send: each one has expired or holds characters a Cookie header cannot carry' };
    return this.checker.check(header);
  }

  /** The stored row and its text; a cookie that no longer decrypts counts as absent. */
  private async load(): Promise<{ row: YoutubeCookieEntity; text: string } | undefined> {
    const row = await this.rows.find();
    if (!row) return undefined;
    const text = openCookie(row, this.key());
    if (text === undefined) {
      this.logger.warn('the stored YouTube cookie does not decrypt with the current SECRET_KEY (was it changed?): it counts as absent until imported again');
      return undefined;
    }
    return { row, text };
  }

  private key(): Buffer {
    return this.keys.derive(KEY_PURPOSE);
  }
}
