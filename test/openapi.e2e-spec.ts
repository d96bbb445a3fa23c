import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jest } from '@jest/globals';

jest.setTimeout(60_000);

const EMITTER = fileURLToPath(new URL('../dist/scripts/emit-openapi.js', import.meta.url));
const COMMITTED = fileURLToPath(new URL('../openapi/openapi.json', import.meta.url));
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

type Operation = { operationId?: string; security?: Record<string, string[]>[]; 'x-required-scope'?: string; responses: Record<string, unknown> };

describe('the committed OpenAPI document', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tubevault-openapi-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is generated deterministically (two runs are byte-identical)', () => {
    const env = { PATH: process.env.PATH ?? '' };
    execFileSync(process.execPath, [EMITTER, '--out', join(dir, 'a.json')], { env });
    execFileSync(process.execPath, [EMITTER, '--out', join(dir, 'b.json')], { env });
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe(readFileSync(join(dir, 'b.json'), 'utf8'));
  });

  it("declares the three security schemes and each operation's requirement and scope", () => {
    const spec = JSON.parse(readFileSync(COMMITTED, 'utf8'));
    expect(Object.keys(spec.components.securitySchemes).sort()).toEqual(['bearer', 'sid', 'token']);
    expect(spec.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(spec.components.securitySchemes.token).toMatchObject({ type: 'apiKey', in: 'header', name: 'Authorization' });
    expect(spec.components.securitySchemes.sid).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'SID' });
    const operations = Object.entries(spec.paths as Record<string, Record<string, Operation>>).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((m) => ({ path, method: m, op: item[m] })),
    );
    expect(operations.length).toBeGreaterThan(5);
    for (const { path, method, op } of operations) {
      expect(Array.isArray(op.security)).toBe(true);
      if (op.security!.length === 0) continue;
      expect(op.security!.map((s) => Object.keys(s)[0]).sort()).toEqual(['bearer', 'sid', 'token']);
      expect(op.responses['403']).toBeDefined();
      if (path.startsWith('/api/')) expect(op['x-required-scope']).toMatch(new RegExp(`^${method.toUpperCase()}:`));
    }
    const ping = spec.paths['/api/ping/'].get as Operation;
    expect(ping['x-required-scope']).toBe('GET:ping');
    expect(spec.paths['/api/v1/auth/tokens'].get['x-required-scope']).toBe('GET:tokens');
    expect(spec.paths['/api/login/'].post.security).toEqual([]);
  });
});
