/**
 * CPU seconds spent by the processes of a benchmark's stack while it measures something: the API,
 * each worker, and the PostgreSQL backends serving the benchmark's own database. On a shared
 * machine wall-clock time measures the neighbours too; CPU seconds per unit of work say where the
 * work goes and what a second worker can gain (Linux /proc only; zeros elsewhere).
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS = 100;

/** utime + stime of `pid` in seconds; undefined once the process is gone. */
function cpuOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return undefined;
  }
}

export interface CpuReport {
  /** Seconds per named process (e.g. api, worker 1) and `postgres` (the database's backends). */
  [name: string]: number;
}

/**
 * Samples the named processes and the database's backends (found through pg_stat_activity on
 * every sample, so a backend that opens and closes mid-measure is counted up to its last
 * sample). Call sample() often (each poll of the benchmark), then report().
 */
export class CpuMeter {
  private readonly start = new Map<string, number>();
  private readonly last = new Map<string, number>();
  private readonly backends = new Set<number>();

  private constructor(
    private readonly db: pg.Client,
    private readonly processes: Readonly<Record<string, number>>,
    private readonly own: number,
  ) {}

  static async open(dbUrl: string, processes: Readonly<Record<string, number>>): Promise<CpuMeter> {
    const db = new pg.Client({ connectionString: dbUrl });
    await db.connect();
    const own = (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    const meter = new CpuMeter(db, processes, own);
    await meter.sample();
    for (const [key, value] of meter.last) meter.start.set(key, value);
    return meter;
  }

  async sample(): Promise<void> {
    for (const [name, pid] of Object.entries(this.processes)) this.read(name, pid);
    const { rows } = await this.db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> $1', [this.own]);
    for (const { pid } of rows) this.backends.add(pid);
    for (const pid of this.backends) this.read(`pg:${pid}`, pid);
  }

  private read(key: string, pid: number): void {
    const cpu = cpuOf(pid);
    if (cpu !== undefined) this.last.set(key, cpu);
  }

  /** CPU seconds since open(), per process, with every backend summed as `postgres`. */
  async report(): Promise<CpuReport> {
    await this.sample();
    await this.db.end();
    const report: CpuReport = { postgres: 0 };
    for (const [key, value] of this.last) {
      const spent = value - (this.start.get(key) ?? 0);
      if (key.startsWith('pg:')) report.postgres! += spent;
      else report[key] = spent;
    }
    return report;
  }
}

/** "api 1.2 s, worker 1 10.3 s, postgres 2.0 s" with per-unit figures when `units` is given. */
export function formatCpu(report: CpuReport, units?: { count: number; name: string }): string {
  return Object.entries(report)
    .map(([name, seconds]) => `${name} ${seconds.toFixed(1)} s` + (units ? ` (${((seconds / units.count) * 1000).toFixed(0)} ms/${units.name})` : ''))
    .join(', ');
}
