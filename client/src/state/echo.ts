// The "echo chamber" view of an answer: how the retrieved passages lean (tone, populism and its dimensions,
// topics) and how much of that echoes the question's own tone. Pure, so the chart only draws numbers.
import type { Annotation, Tone, Topic } from "../../../contract/annotation";

export interface EchoStats {
  /** Passages retrieved. */
  total: number;
  /** Passages with an annotation: the denominator of every share below. */
  annotated: number;
  tones: Record<Tone, number>;
  populist: number;
  antiElitism: number;
  peopleCentrism: number;
  /** Topics by frequency, most frequent first (ties in codebook order of first appearance). */
  topics: { topic: Topic; count: number }[];
  /** Passages with the question's tone, when the question was annotated. */
  sameTone?: number;
  questionTone?: Tone;
}

/** Tone order of the stacked bar: negative on the left, where the eye starts. */
export const TONE_ORDER: readonly Tone[] = ["negativ", "neutru", "pozitiv"];

/**
 * @param passages the annotation shown for each retrieved passage (a person's correction when there is one),
 *   undefined for a passage that was not annotated.
 * @param question the annotation shown for the question, if any.
 */
export function echoStats(passages: readonly (Annotation | undefined)[], question?: Annotation): EchoStats {
  const tones: Record<Tone, number> = { negativ: 0, neutru: 0, pozitiv: 0 };
  const topicCounts = new Map<Topic, number>();
  let annotated = 0;
  let populist = 0;
  let antiElitism = 0;
  let peopleCentrism = 0;
  for (const a of passages) {
    if (!a) continue;
    annotated += 1;
    tones[a.ton] += 1;
    if (a.populism) populist += 1;
    if (a.anti_elitism) antiElitism += 1;
    if (a.popor_central) peopleCentrism += 1;
    topicCounts.set(a.tema, (topicCounts.get(a.tema) ?? 0) + 1);
  }
  const topics = [...topicCounts.entries()]
    .map(([topic, count]) => ({ topic, count }))
    .sort((a, b) => b.count - a.count);
  return {
    total: passages.length,
    annotated,
    tones,
    populist,
    antiElitism,
    peopleCentrism,
    topics,
    ...(question ? { sameTone: tones[question.ton], questionTone: question.ton } : {}),
  };
}

/** A count as a share of the annotated passages, 0..1 (0 when nothing was annotated). */
export function share(count: number, stats: Pick<EchoStats, "annotated">): number {
  return stats.annotated > 0 ? count / stats.annotated : 0;
}

/** The stacked tone bar's segments: start and width as shares of the bar, empty tones left out. */
export function toneSegments(
  stats: EchoStats,
): { tone: Tone; count: number; start: number; width: number }[] {
  const segments: { tone: Tone; count: number; start: number; width: number }[] = [];
  let start = 0;
  for (const tone of TONE_ORDER) {
    const count = stats.tones[tone];
    if (count === 0) continue;
    const width = share(count, stats);
    segments.push({ tone, count, start, width });
    start += width;
  }
  return segments;
}
