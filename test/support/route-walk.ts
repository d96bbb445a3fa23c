import type { FixtureUser } from './library-fixture.js';
import { exampleOf, fillPath, type SpecOperation } from './openapi-operations.js';

/** Values of required query parameters that make a request valid (where a schema's example would not). */
export const QUERY_VALUES: Record<string, string> = { scopes: ':feed' };

/**
 * A URL of a spec operation that reaches a fixture user's own things (test/support/library-fixture.ts):
 * their private playlist and its entry, their subscribed channel, their own user id, a catalog
 * video; every required query parameter filled in.
 */
export function urlOfOperation(op: SpecOperation, user: FixtureUser): string {
  const values: Record<string, string> = {};
  for (const param of op.parameters.filter((p) => p.in === 'path')) {
    const before = op.template.split(`{${param.name}}`)[0].split('/').filter(Boolean).at(-1) ?? '';
    if (param.name === 'index') values.index = user.indexOf[user.privatePlaylist];
    else if (before === 'playlists') values[param.name] = user.privatePlaylist;
    else if (before === 'users') values[param.name] = String(user.id);
    else if (['subscriptions', 'channel', 'channels'].includes(before)) values[param.name] = user.channel;
    else values[param.name] = encodeURIComponent(String(exampleOf(param.schema) === 'x' ? user.video : exampleOf(param.schema)));
  }
  const query = new URLSearchParams();
  for (const param of op.parameters.filter((p) => p.in === 'query' && p.required))
    query.set(param.name, QUERY_VALUES[param.name] ?? String(exampleOf(param.schema)));
  const path = fillPath(op.template, values);
  return query.size ? `${path}?${query}` : path;
}
