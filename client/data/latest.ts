/**
 * Applies only the newest of overlapping requests. A list page asks again when the user pages,
 * filters or a live change arrives; answers can come back out of order, and an older page landing
 * last would sit under a pager that already names the newer one.
 */
export class LatestRequest {
  private sequence = 0;

  /** Runs `request`; calls `apply` with its answer only if no later run started meanwhile. */
  async run<T>(request: () => Promise<T>, apply: (value: T) => void): Promise<void> {
    const mine = ++this.sequence;
    try {
      const value = await request();
      if (mine === this.sequence) apply(value);
    } catch (err) {
      // A superseded request's failure says nothing about what the page now shows.
      if (mine === this.sequence) throw err;
    }
  }
}
