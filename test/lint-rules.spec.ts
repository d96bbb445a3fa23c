// The layer boundaries in eslint.config.js bite: source that crosses a forbidden boundary gets the
// boundary error, and source that stays inside its layer's allowed imports gets none. Runs ESLint's
// Node API on text given a path in src/ (no file is written) and needs neither Postgres nor Redis.
import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';

const root = fileURLToPath(new URL('..', import.meta.url));
const BOUNDARY_RULE = 'import-x/no-restricted-paths';

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

async function lint(filePath: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
  return result.messages;
}

const boundaryErrors = (messages: Linter.LintMessage[]) => messages.filter((message) => message.ruleId === BOUNDARY_RULE && message.severity === 2);

describe('layer boundaries (eslint.config.js)', () => {
  it('refuses a TubeArchivist file importing from the Invidious dialect', async () => {
    const messages = await lint(
      'src/tubearchivist/watched/lint-fixture.ts',
      "import { HistoryModule } from '../../invidious/history/history.module.js';\n\nexport const imported = [HistoryModule];\n",
    );
    expect(boundaryErrors(messages)).toEqual([expect.objectContaining({ line: 1, message: expect.stringMatching(/never imports the other dialect/) })]);
  });

  it('refuses a core catalog file importing either dialect', async () => {
    const messages = await lint(
      'src/catalog/media/lint-fixture.ts',
      [
        "import { CatalogController } from '../../invidious/catalog/catalog.controller.js';",
        "import { RefreshService } from '../../tubearchivist/refresh/refresh.service.js';",
        '',
        'export const imported = [CatalogController, RefreshService];',
        '',
      ].join('\n'),
    );
    const errors = boundaryErrors(messages);
    expect(errors.map((error) => error.line)).toEqual([1, 2]);
    for (const error of errors) expect(error.message).toMatch(/never imports a dialect/);
  });

  it('refuses platform/access importing outside itself, and a feature importing the composition root', async () => {
    const access = await lint(
      'src/platform/access/lint-fixture.ts',
      "import type { SessionEntity } from '../../identity/sessions/session.entity.js';\n\nexport type Imported = SessionEntity;\n",
    );
    expect(boundaryErrors(access).map((error) => error.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/platform\/access\/ .* imports nothing outside/)]),
    );

    const root = await lint('src/invidious/feed/lint-fixture.ts', "import { ENTITIES } from '../../entities.js';\n\nexport const imported = ENTITIES;\n");
    expect(boundaryErrors(root)).toEqual([expect.objectContaining({ message: expect.stringMatching(/composition root/) })]);
  });

  it('accepts a dialect file importing only the layers below it', async () => {
    const messages = await lint(
      'src/tubearchivist/watched/lint-fixture.ts',
      [
        "import { WatchedModule } from '../../catalog/watched/watched.module.js';",
        "import { SessionsService } from '../../identity/sessions/sessions.service.js';",
        "import { taError } from '../../platform/http/api-error.js';",
        "import { TaWatchedService } from './ta-watched.service.js';",
        '',
        'export const imported = [WatchedModule, SessionsService, taError, TaWatchedService];',
        '',
      ].join('\n'),
    );
    expect(messages).toEqual([]);
  });
});
