import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `users.username_key`: the normalised login name (NFKC, case-folded) that lookups, uniqueness and
 * the login throttle compare, replacing the index on `lower(username)`, which let `admİn` and
 * fullwidth names past the throttle and registration. The normalisation is copied here from
 * `src/identity/users/username.ts` on purpose: a migration must keep doing what it did when released.
 * Two existing users whose names normalise alike stop the migration, naming both: an operator
 * decides which one keeps the name.
 */
export class UsernameKey1764081400000 implements MigrationInterface {
  name = 'UsernameKey1764081400000';

  async up(q: QueryRunner): Promise<void> {
    const key = (username: string) => username.normalize('NFKC').replaceAll('\u0130', 'I').toLowerCase().normalize('NFKC');
    const users: { id: number; username: string }[] = await q.query('SELECT id, username FROM users ORDER BY id');
    const byKey = new Map<string, { id: number; username: string }>();
    for (const user of users) {
      const other = byKey.get(key(user.username));
      if (other) {
        throw new Error(
          `users ${other.id} ("${other.username}") and ${user.id} ("${user.username}") would have the same login name "${key(user.username)}"; ` +
            `rename one (UPDATE users SET username = '<new name>' WHERE id = ${user.id}) or delete it, then start again`,
        );
      }
      byKey.set(key(user.username), user);
    }
    await q.query('ALTER TABLE users ADD COLUMN username_key text');
    if (users.length > 0) {
      await q.query('UPDATE users SET username_key = k.key FROM unnest($1::int[], $2::text[]) AS k(id, key) WHERE users.id = k.id', [
        users.map((user) => user.id),
        users.map((user) => key(user.username)),
      ]);
    }
    await q.query('ALTER TABLE users ALTER COLUMN username_key SET NOT NULL');
    await q.query('CREATE UNIQUE INDEX users_username_key_key ON users (username_key)');
    await q.query('DROP INDEX users_username_lower_key');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('CREATE UNIQUE INDEX users_username_lower_key ON users (lower(username))');
    await q.query('ALTER TABLE users DROP COLUMN username_key');
  }
}
