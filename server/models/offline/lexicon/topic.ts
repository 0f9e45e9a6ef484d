// Topic of `offline:lexicon`: the `tema` with the most keyword weight.
import type { Topic } from "../../../../contract/annotation";
import { span, type Context } from "./context";
import { SLOTS } from "./patterns";

export interface TopicResult {
  tema: Topic;
  scores: Partial<Record<Topic, number>>;
  surfaces: string[];
}

/** The topic with the highest keyword score; ties go to the topic mentioned first; "altele" without keywords. */
export function findTopic(ctx: Context): TopicResult {
  const scores: Partial<Record<Topic, number>> = {};
  let tema: Topic = "altele";
  let bestScore = 0;
  for (const hit of ctx.hits[SLOTS.topic] ?? []) {
    const topic = hit.entry.topic;
    if (!topic) continue;
    const score = (scores[topic] ?? 0) + hit.entry.weight;
    scores[topic] = score;
    // Hits come in text order, so a strict ">" keeps the earlier topic on a tie.
    if (score > bestScore) {
      bestScore = score;
      tema = topic;
    }
  }
  const surfaces: string[] = [];
  for (const hit of ctx.hits[SLOTS.topic] ?? [])
    if (hit.entry.topic === tema) surfaces.push(span(ctx, hit.start, hit.end));
  return { tema, scores, surfaces };
}
