// The server benchmark's accounting, kept apart from the running of it so a unit test can check
// it: latency percentiles, and the ledger of posted comments against what each live stream got
// (lost, duplicated, fan-out delay) and what the store holds (stored once).

/**
 * The p-th percentile (0–100) of `values` by nearest rank; NaN for none.
 * @param {number[]} values @param {number} p
 */
export function percentile(values, p) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** p50, p99 and the maximum of `values`, rounded to 0.1. @param {number[]} values */
export function summary(values) {
  const round = (/** @type {number} */ x) => (Number.isFinite(x) ? Math.round(x * 10) / 10 : NaN);
  return { n: values.length, p50: round(percentile(values, 50)), p99: round(percentile(values, 99)), max: round(values.reduce((a, b) => Math.max(a, b), -Infinity)) };
}

export class Ledger {
  /** comment id → when its post was sent (ms) @type {Map<string, number>} */
  posted = new Map();
  /** comment id → when the server's answer to its post arrived (ms) @type {Map<string, number>} */
  answered = new Map();
  /** stream name → comment id → arrival times (ms; more than one is a duplicate) @type {Map<string, Map<string, number[]>>} */
  received = new Map();

  /** A stream that should receive every comment posted while it is counted. @param {string} stream */
  addStream(stream) {
    if (!this.received.has(stream)) this.received.set(stream, new Map());
  }

  /** @param {string} id the stored comment's id @param {number} sentAt when the post was sent @param {number} [answeredAt] when its answer came */
  post(id, sentAt, answeredAt) {
    if (this.posted.has(id)) return;
    this.posted.set(id, sentAt);
    if (answeredAt !== undefined) this.answered.set(id, answeredAt);
  }

  /** A stream received an `added` change of comment `id` at `at`. @param {string} stream @param {string} id @param {number} at */
  deliver(stream, id, at) {
    this.addStream(stream);
    const got = /** @type {Map<string, number[]>} */ (this.received.get(stream));
    const times = got.get(id);
    if (times) times.push(at);
    else got.set(id, [at]);
  }

  /**
   * Every stream against every posted comment: `lost` (posted, never received by a stream),
   * `duplicated` (received more than once), `unknown` (received but never posted in this run),
   * and the fan-out delays (first arrival − post sent) of the deliveries; `afterAnswerMs` the
   * same from the post's answer (the stored comment's way to the streams; negative when a stream
   * heard it before the poster had its answer).
   * @param {Map<string, number>} [stored] comment id → how many copies the store holds (stored once = 1 each)
   */
  audit(stored) {
    let lost = 0;
    let duplicated = 0;
    let unknown = 0;
    /** @type {number[]} */
    const delays = [];
    /** @type {number[]} */
    const afterAnswer = [];
    /** @type {string[]} */
    const examples = [];
    for (const [stream, got] of this.received) {
      for (const [id, sentAt] of this.posted) {
        const times = got.get(id);
        if (!times) {
          lost++;
          if (examples.length < 5) examples.push(`${stream} lost ${id}`);
          continue;
        }
        if (times.length > 1) {
          duplicated += times.length - 1;
          if (examples.length < 5) examples.push(`${stream} got ${id} ${times.length} times`);
        }
        delays.push(times[0] - sentAt);
        const answeredAt = this.answered.get(id);
        if (answeredAt !== undefined) afterAnswer.push(times[0] - answeredAt);
      }
      for (const id of got.keys()) if (!this.posted.has(id)) unknown++;
    }
    let notStoredOnce = 0;
    if (stored) {
      for (const id of this.posted.keys()) {
        if (stored.get(id) !== 1) {
          notStoredOnce++;
          if (examples.length < 5) examples.push(`${id} stored ${stored.get(id) ?? 0} times`);
        }
      }
    }
    return {
      posted: this.posted.size,
      streams: this.received.size,
      deliveries: delays.length,
      lost,
      duplicated,
      unknown,
      notStoredOnce,
      fanOutMs: summary(delays),
      afterAnswerMs: summary(afterAnswer),
      ok: lost === 0 && duplicated === 0 && unknown === 0 && notStoredOnce === 0,
      examples,
    };
  }
}
