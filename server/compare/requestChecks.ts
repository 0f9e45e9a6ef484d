// What a comparison's request must be before it is run, checked on the way in by ./routes.ts: distinct models the
// server may call for a client (models/clientModels.ts), judges among the configured ones, a model that writes answers
// when the suite has no annotation case, and the body of a comparison in the chat within its bounds.
import { AppError } from "../../contract/errors";
import { CompareChatSchema, type CompareChatRequest } from "../../contract/compareChat";
import { DEFAULT_ATTACHMENT_QUESTION } from "../../contract/attachments";
import { checkAttachments } from "../attachments/attachments";
import type { Config } from "../config";
import { invalidInput } from "../http/parseBody";
import { assertClientModel, unknownModels } from "../models/clientModels";
import { abilitiesOf } from "./calls";
import type { Suite } from "./suite";

export function assertDistinct(models: string[]): void {
  if (new Set(models).size !== models.length) {
    throw new AppError("input:invalid", {
      detail: "models: un model apare de două ori",
      detailEn: "models: a model appears twice",
    });
  }
}

/** A model the server may call for a client: the rule every page shares (models/clientModels.ts). */
function assertUsable(model: string, config: Config): void {
  if (model.includes(">")) {
    // A draft → refine entry: each part allowed alone, or the configured drafting and refining models.
    for (const part of model.split(">").map((m) => m.trim())) {
      if (part === config.DRAFT_MODEL || part === config.REFINE_MODEL) continue;
      assertClientModel(part, config);
    }
    return;
  }
  assertClientModel(model, config);
}

/** Every model of a start the server may not call for a client, named at once rather than only the first. */
export function assertUsableModels(models: string[], config: Config): void {
  const refused: string[] = [];
  for (const model of models) {
    try {
      assertUsable(model, config);
      abilitiesOf(model);
    } catch (err) {
      if (!(err instanceof AppError && err.code === "input:unknown_model")) throw err;
      refused.push(model);
    }
  }
  if (refused.length > 0) throw unknownModels(refused);
}

/** A suite from a browser may name rubric judges only among the configured ones (RUBRIC_JUDGE, GROUNDING_JUDGE). */
export function assertJudges(suite: Suite, config: Config): void {
  const allowed = new Set([...config.RUBRIC_JUDGE, config.GROUNDING_JUDGE].filter(Boolean));
  for (const c of suite.cases) {
    for (const a of c.assert) {
      if (a.type === "rubric" && a.judge && !allowed.has(a.judge))
        throw new AppError("input:unknown_model", { model: a.judge });
    }
  }
}

/**
 * A model that only annotates (offline:lexicon) takes only annotation cases: in a suite without any it would make
 * nothing but "n/a" rows (and empty latency charts), so it is refused, saying why.
 */
export function assertAnswerable(models: string[], suite: Suite): void {
  if (suite.cases.some((c) => c.kind === "annotation")) return;
  const annotator = models.find((model) => abilitiesOf(model).chat === false);
  if (annotator) {
    throw new AppError("input:invalid", {
      detail: `${annotator} nu generează răspunsuri (doar adnotează), iar suita nu are cazuri de adnotare: alegeți un model care răspunde`,
      detailEn: `${annotator} does not write answers (it only annotates) and the suite has no annotation cases: choose a model that answers`,
    });
  }
}

/**
 * The body of POST /api/compare/chat, validated: a message within bounds (with an attachment and no text, the chat's
 * default question), two or three models that answer, attachments within the configured limit.
 */
export function chatRequest(body: unknown, config: Config): CompareChatRequest {
  const parsed = CompareChatSchema.safeParse(body);
  if (!parsed.success) throw invalidInput(parsed.error);
  const attachments = checkAttachments(parsed.data.attachments ?? [], config);
  const text = parsed.data.text.trim() || (attachments.length ? DEFAULT_ATTACHMENT_QUESTION : "");
  const request = { ...parsed.data, text, attachments };
  if (!request.text) throw new AppError("input:empty");
  if (request.text.length > config.MAX_MESSAGE_CHARS) {
    throw new AppError("input:too_long", { limit: config.MAX_MESSAGE_CHARS, length: request.text.length });
  }
  assertDistinct(request.models);
  for (const model of request.models) {
    assertUsable(model, config);
    if (abilitiesOf(model).chat === false) {
      throw new AppError("input:invalid", {
        detail: `${model} nu generează răspunsuri (doar adnotează)`,
        detailEn: `${model} does not write answers (it only annotates)`,
      });
    }
  }
  return request;
}
