import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { SealedCookie } from './cookie-cipher.js';
import { YoutubeCookieEntity } from './youtube-cookie.entity.js';

/** Every statement about `youtube_cookie`: the installation's one row (`id` is always true), or none. */
@Injectable()
export class YoutubeCookieRepository {
  constructor(@InjectRepository(YoutubeCookieEntity) private readonly rows: Repository<YoutubeCookieEntity>) {}

  find(): Promise<YoutubeCookieEntity | null> {
    return this.rows.findOneBy({ id: true });
  }

  /** Stores the cookie, replacing any stored one. */
  async save(cookie: SealedCookie & { status: boolean; validatedAt: Date; importedAt: Date }): Promise<void> {
    await this.rows.upsert({ id: true, ...cookie }, ['id']);
  }

  /** Records a check's outcome on the stored version `nonce` only (a newer write wins). */
  async recordCheck(nonce: Buffer, status: boolean, validatedAt: Date): Promise<void> {
    await this.rows.update({ id: true, nonce }, { status, validatedAt });
  }

  /** False when no cookie was stored. */
  async delete(): Promise<boolean> {
    const { affected } = await this.rows.delete({ id: true });
    return !!affected;
  }
}
