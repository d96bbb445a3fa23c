import { dependencyOrder, type TableShape } from './schema.js';

const table = (name: string, parents: string[] = []): TableShape => ({ name, columns: [], primaryKey: [], parents });

describe('the order tables are backed up and restored in', () => {
  it('puts parents before children, alphabetically among tables free to go', () => {
    const order = dependencyOrder([
      table('playlist_videos', ['playlists']),
      table('playlists', ['users']),
      table('users'),
      table('settings'),
      table('videos', ['channels']),
      table('channels'),
    ]);
    expect(order.map((t) => t.name)).toEqual(['channels', 'settings', 'users', 'playlists', 'videos', 'playlist_videos']);
  });

  it('refuses a cycle instead of looping', () => {
    expect(() => dependencyOrder([table('a', ['b']), table('b', ['a'])])).toThrow(/cycle between a, b/);
  });
});
