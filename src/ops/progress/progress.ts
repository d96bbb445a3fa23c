/**
 * Progress of the command line's long work (backup, restore): what the work reports, and how a
 * terminal shows it. Pure: the caller says whether stderr is a terminal and where text goes.
 */

/** What long work reports as it goes. */
export type ProgressEvent =
  /** A step begins (applying migrations, …). */
  | { type: 'step'; text: string }
  /**
   * Rows of one table so far: table `index` (from 1) of `tables`, out of `total` when known. Sent
   * when the table begins (0 rows) and after every batch.
   */
  | { type: 'rows'; table: string; index: number; tables: number; rows: number; total?: number };

export type ReportProgress = (event: ProgressEvent) => void;

export interface ProgressReporter {
  /** Whether anything is shown: work may skip what it does only to report (counting rows first). */
  active: boolean;
  report: ReportProgress;
  /** Ends a line left open, so what is written next starts on a line of its own. */
  finish(): void;
}

/** Back to the start of the line and erase it: the next text replaces what was there. */
const REWRITE = '\r\x1b[K';

/**
 * On a terminal: a line per step, and a line per table rewritten in place as its rows go by
 * (`[3/12] users: 1000/4200 rows`). Elsewhere nothing, so scripts read the same output as ever.
 */
export function progressReporter(terminal: boolean, write: (text: string) => void): ProgressReporter {
  if (!terminal) return { active: false, report: () => undefined, finish: () => undefined };
  /** The table whose line is open (not yet ended by a newline). */
  let open: string | undefined;
  const finish = () => {
    if (open !== undefined) write('\n');
    open = undefined;
  };
  const report = (event: ProgressEvent) => {
    if (event.type === 'step') {
      finish();
      write(`${event.text}…\n`);
      return;
    }
    if (open !== event.table) finish();
    const rows = event.total === undefined ? `${event.rows} rows` : `${event.rows}/${event.total} rows`;
    write(`${open === event.table ? REWRITE : ''}[${event.index}/${event.tables}] ${event.table}: ${rows}`);
    open = event.table;
  };
  return { active: true, report, finish };
}

/** The values of CLI_PROGRESS: `auto` (the default) shows progress when stderr is a terminal. */
export const PROGRESS_MODES = ['auto', 'always', 'never'] as const;

/** Whether to show progress, or null for a value that is not a mode. */
export function showsProgress(mode: string | undefined, stderrIsTerminal: boolean): boolean | null {
  switch (mode === undefined || mode === '' ? 'auto' : mode) {
    case 'auto':
      return stderrIsTerminal;
    case 'always':
      return true;
    case 'never':
      return false;
    default:
      return null;
  }
}
