import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { followReturnPoint, hasReturnPoint, unfollowReturnPoint, type ReplySource } from '../core/return-sources.js';

/**
 * A thread's part in the return point (core/return-point.ts): while connected it says where its
 * reply form is, so a full-page sign-in comes back with that form open again; once loaded it asks
 * for the comment its form answered. The code that reads the stored point loads only when one is
 * stored (a page coming back from a sign-in).
 */
export class ReturnPointController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #source: ReplySource;

  constructor(host: ReactiveControllerHost, source: ReplySource) {
    this.#host = host;
    this.#source = source;
    host.addController(this);
  }

  hostConnected(): void {
    followReturnPoint(this.#host, this.#source);
  }

  hostDisconnected(): void {
    unfollowReturnPoint(this.#host);
  }

  /** Once per return: the comment whose reply form thread `threadId` had open, or `null`. */
  async take(threadId: string): Promise<string | null> {
    if (!hasReturnPoint()) return null;
    const { takeReturnReply } = await import('../core/return-point.js');
    return takeReturnReply(threadId);
  }
}
