// The LLM judge of groundedness: the claims that cite shown sources, sent with those sources to a judge model that
// says, sentence by sentence, whether what is cited supports it (also when paraphrased, which the lexical measure
// cannot see). Its prompt is versioned and its verdicts cached; rules stay rules (a missing or invalid citation is
// never the judge's call).
import { HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import { z } from "zod";
import type { GradedSentence, ShownPassage } from "../../contract/groundingCheck";

/** Bumped whenever the prompt or the verdict's shape changes: a new version never reads an old cached verdict. */
export const GROUNDING_PROMPT_VERSION = "grounding-ro-1";

export const GROUNDING_JUDGE_PROMPT = `Ești verificator de fapte pentru un asistent de cercetare în științe sociale.
Primești surse numerotate și propozițiile unui răspuns, fiecare cu numerele surselor pe care le citează.
Pentru fiecare propoziție spui dacă sursele citate de ea o susțin: fiecare fapt al ei (cifre, nume, date, cine ce a spus)
trebuie să se regăsească în sursele citate, chiar dacă este spus cu alte cuvinte. O propoziție care adaugă ceva ce
sursele citate nu spun nu este susținută, chiar dacă este adevărată în lume.
Răspunzi doar cu un obiect JSON, fără alt text:
{"verdicte": [{"nr": 1, "sustinuta": true, "motiv": "o propoziție scurtă"}]}`;

export const GroundingVerdictSchema = z.object({
  verdicte: z.array(
    z.object({
      nr: z.number().int().min(1),
      sustinuta: z.boolean(),
      motiv: z.string().max(500).optional(),
    }),
  ),
});
export type GroundingVerdict = z.infer<typeof GroundingVerdictSchema>;

/** The sentences the judge decides: claims whose citations all name shown sources. */
export function judgedSentences(graded: GradedSentence[]): GradedSentence[] {
  return graded.filter((g) => g.claim && g.invalid.length === 0 && g.sentence.citations.length > 0);
}

/** What the judge sees, in a stable shape (also the cache key's input). */
export function judgeInput(passages: ShownPassage[], sentences: GradedSentence[]) {
  return {
    sources: passages.map((p) => `[${p.n}] ${p.text}`),
    sentences: sentences.map((g, i) => ({
      nr: i + 1,
      cites: [...new Set(g.sentence.citations)],
      text: g.sentence.text,
    })),
  };
}

export function groundingJudgeMessages(input: ReturnType<typeof judgeInput>): BaseMessage[] {
  const sentences = input.sentences
    .map((s) => `${s.nr}. (citează ${s.cites.map((n) => `[${n}]`).join("")}) ${s.text}`)
    .join("\n");
  return [
    new SystemMessage(GROUNDING_JUDGE_PROMPT),
    new HumanMessage(`Surse:\n${input.sources.join("\n")}\n\nPropoziții:\n${sentences}`),
  ];
}

/**
 * The graded sentences with the judge's verdicts in place of the lexical ones for the sentences it judged. A sentence
 * the verdict leaves out keeps its lexical verdict.
 */
export function applyVerdict(
  graded: GradedSentence[],
  judged: GradedSentence[],
  verdict: GroundingVerdict,
): GradedSentence[] {
  const byNumber = new Map(verdict.verdicte.map((v) => [v.nr, v]));
  const decided = new Map<GradedSentence, GradedSentence["verdict"]>();
  judged.forEach((g, i) => {
    const v = byNumber.get(i + 1);
    if (!v) return;
    const cites = [...new Set(g.sentence.citations)].map((n) => `[${n}]`).join("");
    decided.set(
      g,
      v.sustinuta
        ? null
        : {
            kind: "judge",
            reason: v.motiv?.trim() ? v.motiv.trim() : `nesusținută de ${cites} (judecător)`,
          },
    );
  });
  return graded.map((g) => (decided.has(g) ? { ...g, verdict: decided.get(g)! } : g));
}
