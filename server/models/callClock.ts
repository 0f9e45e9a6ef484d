// The two deadlines of one model call over one signal: the first token (a reply that has not started by then is
// abandoned) and the whole call. When one passes, the signal aborts with its error, which makes the SDK abort the
// HTTP request and close its socket; a hung provider is never left holding a connection.
import { AppError } from "../../contract/errors";
import { linkedAbort, type LinkedAbort } from "../../contract/abort";

export interface Deadlines {
  /** Until the first piece of a reply. */
  firstTokenMs: number;
  /** Until the call (every request and retry in it) is over. */
  totalMs: number;
}

export class CallClock {
  readonly started = performance.now();
  private readonly link: LinkedAbort;
  private firstTokenTimer: ReturnType<typeof setTimeout> | undefined;
  private firstTokenAt: number | undefined;
  private readonly totalTimer: ReturnType<typeof setTimeout>;
  /** The deadline that ended the call, when one did. */
  expired: AppError | null = null;

  constructor(
    parent: AbortSignal | undefined,
    private readonly deadlines: Deadlines,
  ) {
    this.link = linkedAbort(parent);
    this.totalTimer = setTimeout(() => this.expire("provider:timeout"), deadlines.totalMs);
  }

  /** Follows the caller's signal (a stop) and aborts at a deadline. */
  get signal(): AbortSignal {
    return this.link.signal;
  }

  elapsed(): number {
    return performance.now() - this.started;
  }

  /** Milliseconds from the start of the call to its first token, once one came. */
  get firstTokenMs(): number | undefined {
    return this.firstTokenAt === undefined ? undefined : Math.round(this.firstTokenAt - this.started);
  }

  /** Starts waiting for a reply to begin, for `firstTokenMs` from now (a no-op while already waiting). */
  awaitFirstToken(ms = this.deadlines.firstTokenMs): void {
    if (this.firstTokenTimer !== undefined || this.signal.aborted) return;
    this.firstTokenTimer = setTimeout(() => this.expire("provider:first_token_timeout"), ms);
  }

  /** A reply began (or ended without a first piece): the first-token deadline no longer applies. */
  firstToken(): void {
    this.firstTokenAt ??= performance.now();
    this.stopWaiting();
  }

  stopWaiting(): void {
    clearTimeout(this.firstTokenTimer);
    this.firstTokenTimer = undefined;
  }

  /**
   * Throws the signal's reason when the call was aborted: some SDKs (Gemini's) end a stream quietly when their signal
   * fires between chunks, and that must not read as a complete reply.
   */
  throwIfAborted(): void {
    if (this.signal.aborted) throw this.expired ?? this.signal.reason;
  }

  /** Clears both timers and stops following the caller; call it when the call ends. */
  release(): void {
    this.stopWaiting();
    clearTimeout(this.totalTimer);
    this.link.release();
  }

  private expire(code: "provider:first_token_timeout" | "provider:timeout"): void {
    if (this.signal.aborted) return;
    this.expired = new AppError(code);
    this.link.abort(this.expired);
  }
}
