// Grounds an answer: the offline check always (contract/groundingCheck.ts), and, when GROUNDING_JUDGE names a model,
// that judge's verdict on the cited claims through the gateway (cached). A judge that fails, or that would judge its
// own answer, leaves the offline measure standing with a note saying why. Used by the chat turn and by compare.
import type { Grounding } from "../../contract/grounding";
import { gradeSentences, summarizeGrounding, type ShownPassage } from "../../contract/groundingCheck";
import { toUserError, AppError } from "../../contract/errors";
import type { Config } from "../config";
import type { CallPurpose, ModelGateway } from "../models/gateway";
import { JudgeCache, judgeCachePath } from "./judgeCache";
import {
  GROUNDING_PROMPT_VERSION,
  GroundingVerdictSchema,
  applyVerdict,
  groundingJudgeMessages,
  judgeInput,
  judgedSentences,
} from "./groundingJudge";

export interface GroundOptions {
  /** The model that wrote the answer: a judge never grades its own answers unless `allowSelfJudge`. */
  answeredBy?: string;
  allowSelfJudge?: boolean;
  signal?: AbortSignal;
  /** "chat" (retries, breaker) in a turn; "measure" in compare. */
  purpose?: CallPurpose;
  /** Skip the judge (a stopped answer is graded offline only). */
  offlineOnly?: boolean;
}

export interface GrounderDeps {
  config: Pick<Config, "GROUNDING_JUDGE" | "GROUNDING_JUDGE_TIMEOUT_MS">;
  gateway: ModelGateway;
  cache?: JudgeCache;
}

export class Grounder {
  constructor(private readonly deps: GrounderDeps) {}

  /** The configured judge, if any. */
  get judge(): string | undefined {
    return this.deps.config.GROUNDING_JUDGE;
  }

  /** Whether grounding this answer would call the judge (the turn then shows a `grounding` step). */
  willJudge(options: GroundOptions): boolean {
    const judge = this.judge;
    return Boolean(judge && !options.offlineOnly && (options.allowSelfJudge || judge !== options.answeredBy));
  }

  async ground(answer: string, passages: ShownPassage[], options: GroundOptions = {}): Promise<Grounding> {
    const graded = gradeSentences(answer, passages);
    const lexical = summarizeGrounding(graded);
    const judge = this.judge;
    if (!judge || options.offlineOnly) return lexical;
    if (!this.willJudge(options)) {
      return {
        ...lexical,
        note: `judecătorul ${judge} nu își judecă propriile răspunsuri; măsura lexicală`,
        noteEn: `the judge ${judge} does not grade its own answers; the lexical measure stands`,
      };
    }
    const judged = judgedSentences(graded);
    if (judged.length === 0) return { ...lexical, method: "judge", judge };
    const input = judgeInput(passages, judged);
    const key = { judge, promptVersion: GROUNDING_PROMPT_VERSION, input };
    try {
      let verdict = this.deps.cache?.get(key, GroundingVerdictSchema) ?? null;
      if (!verdict) {
        const result = await this.deps.gateway.judge(
          judge,
          groundingJudgeMessages(input),
          GroundingVerdictSchema,
          {
            signal: options.signal,
            purpose: options.purpose ?? "chat",
            deadlines: { totalMs: this.deps.config.GROUNDING_JUDGE_TIMEOUT_MS },
          },
        );
        verdict = result.value;
        this.deps.cache?.set(key, verdict);
      }
      return { ...summarizeGrounding(applyVerdict(graded, judged, verdict)), method: "judge", judge };
    } catch (err) {
      if (options.signal?.aborted) throw err;
      const code = err instanceof AppError ? err.code : "internal";
      return {
        ...lexical,
        note: `judecătorul ${judge} a eșuat (${code}: ${toUserError(err).message}); măsura lexicală`,
        noteEn: `the judge ${judge} failed (${code}: ${toUserError(err, "en").message}); the lexical measure stands`,
      };
    }
  }
}

const grounders = new WeakMap<ModelGateway, Grounder>();

/**
 * The grounder of a gateway's configuration, made once: with a verdict cache in DATA_DIR/judge-cache when a judge is
 * configured (nothing is opened otherwise).
 */
export function grounderFor(
  config: Pick<Config, "GROUNDING_JUDGE" | "GROUNDING_JUDGE_TIMEOUT_MS" | "DATA_DIR">,
  gateway: ModelGateway,
): Grounder {
  let grounder = grounders.get(gateway);
  if (!grounder) {
    const cache = config.GROUNDING_JUDGE ? new JudgeCache(judgeCachePath(config)) : undefined;
    grounder = new Grounder({ config, gateway, cache });
    grounders.set(gateway, grounder);
  }
  return grounder;
}
