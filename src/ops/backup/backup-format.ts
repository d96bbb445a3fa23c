import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';

/**
 * A backup is gzip'd JSON lines:
 * - first, the header (`BackupHeader`);
 * - then one `{"table": …, "row": {…}}` line per row, table by table, parents before children;
 * - last, `{"end": {"rows": {table: count}}}`, so a truncated file is refused rather than half restored.
 * Rows are Postgres's own JSON of each row (`row_to_json`), except: bytea as base64, bigint and
 * numeric as strings (JSON numbers would lose digits), timestamps in UTC; generated columns are left out.
 */
export const BACKUP_FORMAT = 'tubevault-backup';
export const BACKUP_VERSION = 1;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  created_at: string;
  app_version: string;
  /** The migrations applied to the backed-up database: the schema its rows fit. */
  migrations: string[];
  /** Each table's columns, in the order its rows come. */
  tables: Record<string, string[]>;
}

export interface BackupRowLine {
  table: string;
  row: Record<string, unknown>;
}

export interface BackupEndLine {
  end: { rows: Record<string, number> };
}

export class BackupFormatError extends Error {}

export function parseHeader(line: string | undefined): BackupHeader {
  let header: Partial<BackupHeader>;
  try {
    header = JSON.parse(line ?? '');
  } catch {
    throw new BackupFormatError('not a tubevault backup: the first line is not JSON');
  }
  if (header.format !== BACKUP_FORMAT) throw new BackupFormatError('not a tubevault backup (no "format": "tubevault-backup" header)');
  if (header.version !== BACKUP_VERSION)
    throw new BackupFormatError(`backup format version ${header.version} is not supported (this tubevault reads version ${BACKUP_VERSION})`);
  if (!Array.isArray(header.migrations) || !header.tables || typeof header.tables !== 'object')
    throw new BackupFormatError('backup header without migrations or tables');
  return header as BackupHeader;
}

/** The header of a backup file, checked without opening any database. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const lines = readBackupLines(file);
  try {
    return parseHeader((await lines.next()).value);
  } finally {
    await lines.return(undefined);
  }
}

const GZIP_MAGIC = [0x1f, 0x8b];

/** The lines of a backup file, gzip'd (as written) or already unpacked (e.g. by `gunzip`). */
export async function* readBackupLines(file: string): AsyncGenerator<string> {
  const handle = await open(file, 'r');
  const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
  await handle.close();
  const gzipped = bytesRead === 2 && buffer[0] === GZIP_MAGIC[0] && buffer[1] === GZIP_MAGIC[1];
  const source = createReadStream(file);
  const input = gzipped ? source.pipe(createGunzip()) : source;
  source.once('error', (error) => input.destroy(error));
  const decoder = new StringDecoder('utf8');
  let carry = '';
  for await (const chunk of input) {
    const lines = (carry + decoder.write(chunk as Buffer)).split('\n');
    carry = lines.pop()!;
    for (const line of lines) if (line) yield line;
  }
  carry += decoder.end();
  if (carry) yield carry;
}
