// When something of interest arrived (a card's chat.update, a resumed run's model request), by key, with a wait
// that resolves on arrival: the click timings subtract the click's send time from these.
export class Arrivals {
  private readonly seen = new Map<string, number>();
  private readonly waiting = new Map<string, (at: number) => void>();

  /** Records the first arrival of `key` at `at` (performance.now()). */
  note(key: string, at: number): void {
    if (this.seen.has(key)) return;
    this.seen.set(key, at);
    this.waiting.get(key)?.(at);
    this.waiting.delete(key);
  }

  /** The arrival time of `key`, waiting up to `timeoutMs` for it. */
  wait(key: string, timeoutMs: number): Promise<number> {
    const at = this.seen.get(key);
    if (at !== undefined) return Promise.resolve(at);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(key);
        reject(new Error(`nothing arrived for ${key} within ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref(); // a wait nobody will satisfy must not hold the bench process open
      this.waiting.set(key, (t) => {
        clearTimeout(timer);
        resolve(t);
      });
    });
  }
}
