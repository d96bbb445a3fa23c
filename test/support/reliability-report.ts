import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the figures go: reports/reliability.md (git-ignored) on every ordinary run, so running the
 * tests never changes a tracked file; docs/reliability.md only when TUBEVAULT_RELIABILITY_DOC=1,
 * which `npm run report:reliability` sets.
 */
const REPORT = fileURLToPath(
  new URL(process.env.TUBEVAULT_RELIABILITY_DOC === '1' ? '../../docs/reliability.md' : '../../reports/reliability.md', import.meta.url),
);
const LOCK = `${REPORT}.lock`;

const HEADER = `# Reliability and security: figures from the last test run

Each section below is written by the test that measured it, at the end of its run (\`npm test\` for the
access-control and fuzz suites, \`npm run test:chaos\` for the fault-injection suite); the text
outside the sections is kept as it is. A section shows the figures of the last run of that test on
the machine that ran it.
`;

/** Runs `fn` while holding a lock file, so two test files finishing at once do not lose a section. */
function withLock(fn: () => void): void {
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      closeSync(openSync(LOCK, 'wx'));
      break;
    } catch {
      if (Date.now() > deadline) {
        unlinkSync(LOCK);
        continue;
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
  try {
    fn();
  } finally {
    unlinkSync(LOCK);
  }
}

/**
 * Replaces the section `name` of the report (between `<!-- section:name -->` markers)
 * with `markdown`, adding it at the end when it is new.
 */
export function writeReliabilitySection(name: string, markdown: string): void {
  mkdirSync(dirname(REPORT), { recursive: true });
  withLock(() => {
    const text = existsSync(REPORT) ? readFileSync(REPORT, 'utf8') : HEADER;
    const begin = `<!-- section:${name} -->`;
    const end = `<!-- /section:${name} -->`;
    const block = `${begin}\n${markdown.trim()}\n${end}`;
    const at = text.indexOf(begin);
    const stop = text.indexOf(end);
    const next = at >= 0 && stop > at ? text.slice(0, at) + block + text.slice(stop + end.length) : `${text.trimEnd()}\n\n${block}\n`;
    writeFileSync(`${REPORT}.tmp`, next);
    renameSync(`${REPORT}.tmp`, REPORT);
  });
}

/** `| a | b |` rows for a markdown table. */
export function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.map((c) => String(c).replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export const runStamp = () => `${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}, Node ${process.version}`;
