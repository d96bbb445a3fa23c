import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { SessionKind } from '../../platform/access/principal.js';
import type { SessionEntity } from './session.entity.js';

/** A session with its user's name and role. */
export interface SessionWithUserRow {
  id: string;
  user_id: number;
  username: string;
  is_admin: boolean;
  kind: SessionKind;
  scopes: string[];
  expires_at: Date | null;
}

/** A session as its owner's account page lists it. */
export interface SessionListRow {
  id: string;
  kind: SessionKind;
  scopes: string[];
  issuedAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  /** Tokens minted through `/authorize_token` with a callback: where they were sent. */
  callbackOrigin: string | null;
}

/** An API token as its owner's token list shows it. */
export interface TokenListRow {
  id: string;
  issuedAt: Date;
  scopes: string[];
  expiresAt: Date | null;
  callbackOrigin: string | null;
}

/** Every statement about `sessions`. Methods that take a `manager` run inside the caller's transaction. */
@Injectable()
export class SessionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(
    id: string,
    userId: number,
    kind: SessionKind,
    scopes: readonly string[],
    expiresAt: Date | null,
    {
      callbackOrigin = null,
      parentId = null,
      manager = this.dataSource.manager,
    }: { callbackOrigin?: string | null; parentId?: string | null; manager?: EntityManager } = {},
  ): Promise<SessionEntity> {
    const [row] = await manager.query(
      `INSERT INTO sessions (id, user_id, kind, scopes, expires_at, callback_origin, parent_id) VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING id, user_id AS "userId", kind, scopes, expires_at AS "expiresAt", issued_at AS "issuedAt", last_used_at AS "lastUsedAt",
                 callback_origin AS "callbackOrigin", parent_id AS "parentId"`,
      [id, userId, kind, scopes, expiresAt, callbackOrigin, parentId],
    );
    return row as SessionEntity;
  }

  /** Creates the user's single TubeArchivist session unless it exists; concurrent calls agree on one. */
  async insertTaSession(id: string, userId: number, scopes: readonly string[]): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO sessions (id, user_id, kind, scopes) VALUES ($1, $2, 'ta', $3) ON CONFLICT (user_id) WHERE kind = 'ta' DO NOTHING`,
      [id, userId, scopes],
    );
  }

  async taSessionId(userId: number): Promise<string> {
    const id = await this.findTaSessionId(userId);
    if (id === null) throw new Error(`user ${userId} has no TubeArchivist session`);
    return id;
  }

  /** The user's TubeArchivist session, or null before their first login (or after a rotation). */
  async findTaSessionId(userId: number): Promise<string | null> {
    const [row] = await this.dataSource.query(`SELECT id FROM sessions WHERE user_id = $1 AND kind = 'ta'`, [userId]);
    return (row?.id as string | undefined) ?? null;
  }

  async findWithUser(id: string): Promise<SessionWithUserRow | null> {
    const rows: SessionWithUserRow[] = await this.dataSource.query(
      `SELECT s.id, s.user_id, u.username, u.is_admin, s.kind, s.scopes, s.expires_at
           FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** The user's API tokens (kind `token`), newest first. */
  listTokens(userId: number): Promise<TokenListRow[]> {
    return this.dataSource.query(
      `SELECT id, issued_at AS "issuedAt", scopes, expires_at AS "expiresAt", callback_origin AS "callbackOrigin" FROM sessions
        WHERE user_id = $1 AND kind = 'token' ORDER BY issued_at DESC, id`,
      [userId],
    );
  }

  /** Every unexpired session of the user (browser, TubeArchivist, token), newest first. */
  listLiveByUser(userId: number): Promise<SessionListRow[]> {
    return this.dataSource.query(
      `SELECT id, kind, scopes, issued_at AS "issuedAt", last_used_at AS "lastUsedAt", expires_at AS "expiresAt", callback_origin AS "callbackOrigin"
         FROM sessions WHERE user_id = $1 AND (expires_at IS NULL OR expires_at >= now()) ORDER BY issued_at DESC, id`,
      [userId],
    );
  }

  async ownerOf(id: string): Promise<{ userId: number; kind: SessionKind } | null> {
    const [row] = await this.dataSource.query('SELECT user_id AS "userId", kind FROM sessions WHERE id = $1', [id]);
    return row ?? null;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.manager.transaction(work);
  }

  /** False when there was no such session. */
  /**
   * Deletes the session and every session minted from it, at any depth, in one statement; the ids
   * deleted, so each can be dropped from the caches.
   */
  async deleteWithDescendants(id: string, manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    // TypeORM answers a DELETE with [rows, affected count].
    const [rows] = (await manager.query(
      `WITH RECURSIVE line (id) AS (
         SELECT id FROM sessions WHERE id = $1
         UNION
         SELECT s.id FROM sessions s JOIN line ON s.parent_id = line.id
       )
       DELETE FROM sessions WHERE id IN (SELECT id FROM line) RETURNING id`,
      [id],
    )) as [{ id: string }[], number];
    return rows.map((row) => row.id);
  }

  /** Every session of the user. */
  async deleteByUser(manager: EntityManager, userId: number): Promise<void> {
    await manager.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
  }

  /** Deletes the sessions past their expiry; returns their ids. */
  async deleteExpired(): Promise<string[]> {
    // TypeORM answers a DELETE with [rows, affected count].
    const [rows] = (await this.dataSource.query('DELETE FROM sessions WHERE expires_at < now() RETURNING id')) as [{ id: string }[], number];
    return rows.map((row) => row.id);
  }

  async touch(id: string): Promise<void> {
    await this.dataSource.query('UPDATE sessions SET last_used_at = now() WHERE id = $1', [id]);
  }
}
