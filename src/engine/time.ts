/**
 * Calendar arithmetic of MODEL.md section 0. Dates are ISO `YYYY-MM-DD` strings; only their
 * year and month matter, since periods are whole months.
 */

/** Month index (year * 12 + month - 1) of an ISO date. */
export function monthIndex(isoDate: string): number {
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  return year * 12 + month - 1;
}

/** ISO date of the first day of a month index. */
export function monthStart(index: number): string {
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;
}

/** The calendar of one scenario: period t covers [start + t*pm, start + (t+1)*pm) months. */
export class Calendar {
  private readonly startMonth: number;
  /**
   * Equal for calendars with the same start month, period length and periods: the key of caches of
   * what a calendar determines (prepared scenarios, event schedules).
   */
  readonly key: string;

  constructor(
    startDate: string,
    readonly periodMonths: number,
    readonly periods: number,
  ) {
    this.startMonth = monthIndex(startDate);
    this.key = `${this.startMonth}|${periodMonths}|${periods}`;
  }

  /** ISO date of period t's first day. */
  periodStart(t: number): string {
    return monthStart(this.periodStartMonth(t));
  }

  /** Month index of period t's first day: `monthIndex(periodStart(t))` without the string. */
  periodStartMonth(t: number): number {
    return this.startMonth + t * this.periodMonths;
  }

  /** Period containing the date; negative for dates before the start (callers clamp as needed). */
  periodOf(isoDate: string): number {
    return Math.floor((monthIndex(isoDate) - this.startMonth) / this.periodMonths);
  }

  /** Whole calendar months from the date's month to period t's start month, never negative. */
  monthsSince(isoDate: string, t: number): number {
    return Math.max(0, this.startMonth + t * this.periodMonths - monthIndex(isoDate));
  }

  /** Years elapsed at period t's start, counted from the start date: t * periodMonths / 12. */
  years(t: number): number {
    return (t * this.periodMonths) / 12;
  }

  /** GPU-hours in one period: 730 per month. */
  get hoursPerPeriod(): number {
    return 730 * this.periodMonths;
  }
}

/**
 * The calendar of a start date, period length and periods: the last one asked for when they match
 * (calendars are immutable), so the timeline and the simulation of every path of a run share one.
 * Keeping one alive matters more than the allocation: while no Calendar exists (between paths) a
 * full GC collects the instances' map, which only the class's transitions hold, weakly, and the
 * optimised code that embeds it (simulatePath, stepPeriod, derivedHours) is thrown away and
 * compiled again; stepPeriod's compilation is one of the largest of a run.
 */
let lastCalendar: Calendar | undefined;
let lastStartDate = '';

export function calendarFor(startDate: string, periodMonths: number, periods: number): Calendar {
  const last = lastCalendar;
  if (last !== undefined && startDate === lastStartDate && periodMonths === last.periodMonths && periods === last.periods) return last;
  lastStartDate = startDate;
  return (lastCalendar = new Calendar(startDate, periodMonths, periods));
}
