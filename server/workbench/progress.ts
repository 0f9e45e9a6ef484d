// Live progress of an annotation run per model: done, failed, cached, rate, ETA, tokens and cost so far. Counts start
// from what the store already holds, so a resumed run (after a stop or a restart) carries on from its real state.
import type { JobProgress, ModelProgress } from "../../contract/workbench";
import { FailureTally } from "./failures";
import { priceUsage } from "../models/pricing";
import type { ModelCounts, StoredOutcome } from "./store";

interface ModelState extends ModelProgress {
  /** Outcomes done when this session of the job started, and when. */
  sessionStartDone: number;
  sessionStartAt: number;
  tally: FailureTally;
}

export class RunProgress {
  private readonly models = new Map<string, ModelState>();

  constructor(models: string[], totalPerModel: number, counts: ModelCounts[], now = Date.now()) {
    for (const model of models) {
      const c = counts.find((x) => x.model === model);
      const state: ModelState = {
        model,
        total: totalPerModel,
        done: c?.done ?? 0,
        failed: c?.failed ?? 0,
        cached: c?.cached ?? 0,
        ratePerS: 0,
        etaS: null,
        inputTokens: c?.inputTokens ?? 0,
        outputTokens: c?.outputTokens ?? 0,
        costUsd: 0,
        pricing: "unknown",
        concurrency: 0,
        sessionStartDone: c?.done ?? 0,
        sessionStartAt: now,
        tally: new FailureTally(c?.failures),
      };
      this.price(state);
      this.models.set(model, state);
    }
  }

  private price(state: ModelState): void {
    const priced = priceUsage(state.model, {
      inputTokens: state.inputTokens,
      outputTokens: state.outputTokens,
    });
    state.costUsd = priced.costUsd;
    state.pricing = priced.pricing;
  }

  outcome(outcome: Pick<StoredOutcome, "model" | "error" | "cached" | "inputTokens" | "outputTokens">): void {
    const state = this.models.get(outcome.model);
    if (!state) return;
    state.done++;
    if (outcome.error) {
      state.failed++;
      state.tally.add(outcome.error);
    }
    if (outcome.cached) state.cached++;
    state.inputTokens += outcome.inputTokens;
    state.outputTokens += outcome.outputTokens;
  }

  concurrency(model: string, limit: number): void {
    const state = this.models.get(model);
    if (state) state.concurrency = limit;
  }

  snapshot(now = Date.now()): JobProgress {
    const models: ModelProgress[] = [];
    for (const state of this.models.values()) {
      this.price(state);
      const seconds = (now - state.sessionStartAt) / 1000;
      const made = state.done - state.sessionStartDone;
      state.ratePerS = seconds > 0.2 ? Math.round((made / seconds) * 10) / 10 : 0;
      const left = state.total - state.done;
      state.etaS = left <= 0 ? 0 : state.ratePerS > 0 ? Math.ceil(left / state.ratePerS) : null;
      const { sessionStartDone: _done, sessionStartAt: _at, tally, ...progress } = state;
      const failures = tally.top();
      models.push(failures.length > 0 ? { ...progress, failures } : progress);
    }
    const etas = models.map((m) => m.etaS);
    return {
      total: models.reduce((n, m) => n + m.total, 0),
      done: models.reduce((n, m) => n + m.done, 0),
      failed: models.reduce((n, m) => n + m.failed, 0),
      etaS: etas.some((e) => e === null) ? null : Math.max(0, ...(etas as number[])),
      models,
    };
  }
}
