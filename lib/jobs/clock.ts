/**
 * Where the job runner reads the time. The console uses the system clock; tests pass a clock
 * they move by hand, so due times, leases and backoff are tested without sleeping. Every time
 * the runner writes or compares is this clock's, sent as a parameter (never the database's
 * now()), so instances agree as far as their clocks do.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until moved: for tests. */
export class ManualClock implements Clock {
  private at: number;
  constructor(start: Date | string = "2026-06-01T12:00:00Z") {
    this.at = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.at);
  }
  advance(ms: number): void {
    this.at += ms;
  }
  set(to: Date | string): void {
    this.at = new Date(to).getTime();
  }
}
