import { progressReporter, showsProgress, type ProgressEvent } from './progress.js';

const EVENTS: ProgressEvent[] = [
  { type: 'step', text: 'applying migrations' },
  { type: 'rows', table: 'users', index: 1, tables: 3, rows: 0, total: 2500 },
  { type: 'rows', table: 'users', index: 1, tables: 3, rows: 1000, total: 2500 },
  { type: 'rows', table: 'users', index: 1, tables: 3, rows: 2500, total: 2500 },
  { type: 'rows', table: 'sessions', index: 2, tables: 3, rows: 0 },
  { type: 'rows', table: 'audit_events', index: 3, tables: 3, rows: 0 },
  { type: 'rows', table: 'audit_events', index: 3, tables: 3, rows: 500 },
  { type: 'step', text: 'resetting sequences' },
  { type: 'rows', table: 'users', index: 1, tables: 1, rows: 7 },
];

function run(terminal: boolean, events: ProgressEvent[] = EVENTS): string {
  let text = '';
  const reporter = progressReporter(terminal, (chunk) => (text += chunk));
  for (const event of events) reporter.report(event);
  reporter.finish();
  return text;
}

describe('progressReporter', () => {
  it('on a terminal: a line per step, a line per table rewritten in place, every line ended', () => {
    expect(run(true)).toBe(
      [
        'applying migrations…\n',
        '[1/3] users: 0/2500 rows',
        '\r\x1b[K[1/3] users: 1000/2500 rows',
        '\r\x1b[K[1/3] users: 2500/2500 rows\n',
        '[2/3] sessions: 0 rows\n',
        '[3/3] audit_events: 0 rows',
        '\r\x1b[K[3/3] audit_events: 500 rows\n',
        'resetting sequences…\n',
        '[1/1] users: 7 rows\n',
      ].join(''),
    );
  });

  it('on a terminal, as the screen shows it: each table once, with its last count', () => {
    const screen = run(true)
      .split('\n')
      .map((line) => line.split('\r\x1b[K').at(-1));
    expect(screen).toEqual([
      'applying migrations…',
      '[1/3] users: 2500/2500 rows',
      '[2/3] sessions: 0 rows',
      '[3/3] audit_events: 500 rows',
      'resetting sequences…',
      '[1/1] users: 7 rows',
      '',
    ]);
  });

  it('finish() ends an open line once, and writes nothing when none is open', () => {
    let text = '';
    const reporter = progressReporter(true, (chunk) => (text += chunk));
    reporter.finish();
    expect(text).toBe('');
    reporter.report({ type: 'rows', table: 'users', index: 1, tables: 1, rows: 3 });
    reporter.finish();
    reporter.finish();
    expect(text).toBe('[1/1] users: 3 rows\n');
  });

  it('elsewhere: nothing at all', () => {
    expect(run(false)).toBe('');
  });
});

describe('showsProgress (CLI_PROGRESS)', () => {
  it.each([
    [undefined, true, true],
    [undefined, false, false],
    ['', true, true],
    ['auto', false, false],
    ['auto', true, true],
    ['always', false, true],
    ['never', true, false],
    ['yes', true, null],
    ['ALWAYS', false, null],
  ])('%p with stderr a terminal: %p → %p', (mode, terminal, expected) => {
    expect(showsProgress(mode, terminal)).toBe(expected);
  });
});
