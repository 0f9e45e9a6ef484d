// A corpus job's progress as the job system carries it: one bar per stage (import, clean, index, annotate), and the
// whole as the mean of the stages, with an estimate of the time left once a tenth is done; and whether the job waits
// for another change of the corpus before it starts.
import type { JobProgress } from "../../contract/workbench";
import { PIPELINE_STAGES, type PipelineStage } from "./worker/pipeline";

/** Each stage counts for this much of the whole. */
const SCALE = 1000;

export class CorpusJobProgress {
  private readonly stages = new Map<PipelineStage, { done: number; total: number }>(
    PIPELINE_STAGES.map((stage) => [stage, { done: 0, total: 0 }]),
  );
  private started = Date.now();
  private waiting = false;
  /** The last estimate made from real progress, and when: between two pieces of progress it counts down. */
  private estimate: { whole: number; etaS: number; at: number } | null = null;

  set(stage: PipelineStage, done: number, total: number): void {
    if (this.waiting) {
      // The wait is over: the time left is estimated from now.
      this.waiting = false;
      this.started = Date.now();
    }
    this.stages.set(stage, { done: Math.min(done, total), total });
  }

  /** Another change holds the corpus: the job waits until its first progress. */
  waitForCorpus(): void {
    this.waiting = true;
  }

  /** Marks every stage finished (a job with nothing to do). */
  finishAll(): void {
    for (const stage of PIPELINE_STAGES) this.set(stage, 1, 1);
  }

  /**
   * Seconds left: elapsed time scaled by the share done, made anew only when the share moves. Between two pieces of
   * progress (a stage that reports none for a while: the index's graph, the catalog's write) it counts down from
   * the last estimate instead of standing still and then jumping, or growing with the elapsed time; spent, it is
   * unknown (null) until progress comes again.
   */
  private timeLeft(whole: number): number | null {
    if (whole < 0.1 || whole >= 1) return null;
    const now = Date.now();
    if (this.estimate?.whole !== whole) {
      const elapsedS = (now - this.started) / 1000;
      this.estimate = { whole, etaS: (elapsedS / whole) * (1 - whole), at: now };
    }
    const left = this.estimate.etaS - (now - this.estimate.at) / 1000;
    return left >= 1 ? Math.round(left) : null;
  }

  snapshot(): JobProgress {
    const fractions = PIPELINE_STAGES.map((stage) => {
      const { done, total } = this.stages.get(stage)!;
      return total > 0 ? done / total : 0;
    });
    const whole = fractions.reduce((a, b) => a + b, 0) / fractions.length;
    return {
      total: SCALE,
      done: Math.round(whole * SCALE),
      failed: 0,
      etaS: this.timeLeft(whole),
      stages: PIPELINE_STAGES.map((name) => ({ name, ...this.stages.get(name)! })),
      ...(this.waiting ? { waiting: "corpus_change" as const } : {}),
    };
  }
}
