// What `offline:lexicon` says about its labels: the confidence, the evidence (`dovezi`) and the one-sentence
// justification (`justificare`), all from what the scoring steps found.
import { TOPIC_NAMES_RO } from "../../../../contract/annotation";
import type { PopulismResult } from "./populism";
import type { QuestionSummary } from "./question";
import type { ToneEvidence, ToneResult } from "./tone";
import type { TopicResult } from "./topic";
import { foldAligned } from "./tokens";

/** Confidence grows with the evidence for the labels and drops when the tone evidence pulls both ways. */
export function confidenceOf(
  tone: ToneResult,
  populism: PopulismResult,
  topic: TopicResult,
  question: QuestionSummary,
): number {
  const margin = tone.ton === "neutru" ? 0 : Math.abs(tone.positive - tone.negative);
  const dimensions =
    0.5 * (populism.antiElitism ? Math.min(populism.antiEliteScore, 3) : 0) +
    0.5 * (populism.poporCentral ? Math.min(populism.peopleScore, 3) : 0);
  const topicEvidence = topic.tema === "altele" ? 0 : 0.25 * Math.min(topic.scores[topic.tema] ?? 0, 3);
  // A recognised request for information is evidence for "neutru" in itself.
  const questionEvidence = question.asks && tone.ton === "neutru" ? 1 : 0;
  const strength = margin + dimensions + topicEvidence + questionEvidence;
  const conflict =
    tone.positive > 0 && tone.negative > 0
      ? Math.min(tone.positive, tone.negative) / Math.max(tone.positive, tone.negative)
      : 0;
  const raw = 0.2 + 0.7 * (1 - Math.exp(-strength / 3)) - 0.15 * conflict;
  return Math.round(Math.min(0.9, Math.max(0.1, raw)) * 100) / 100;
}

const MAX_EVIDENCE = 20;

/** The matched surface forms, in text order, each once (compared without case and diacritics). */
export function collectEvidence(
  tone: ToneResult,
  populism: PopulismResult,
  tinta: string | null,
  topic: TopicResult,
  question: QuestionSummary,
): string[] {
  const ordered = [
    ...tone.evidence,
    ...populism.people,
    ...populism.anti,
    ...question.cues,
    ...question.topics,
    ...question.actors,
  ].sort((a, b) => a.at - b.at);
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (surface: string) => {
    const key = foldAligned(surface);
    if (!surface || seen.has(key) || out.length >= MAX_EVIDENCE) return;
    seen.add(key);
    out.push(surface);
  };
  for (const item of ordered) add(item.surface);
  if (tinta) add(tinta);
  for (const surface of topic.surfaces) add(surface);
  return out;
}

const quote = (text: string) => `„${text.length > 40 ? `${text.slice(0, 39)}…` : text}”`;

function quotedList(surfaces: string[], limit: number): string {
  const unique = [...new Set(surfaces)];
  const shown = unique.slice(0, limit).map(quote).join(", ");
  return unique.length > limit ? `${shown} ș.a.` : shown;
}

function strongestFirst(items: ToneEvidence[]): string[] {
  return [...items].sort((a, b) => Math.abs(b.value) - Math.abs(a.value)).map((item) => item.surface);
}

const MAX_JUSTIFICATION = 400;

/** One Romanian sentence naming the evidence behind each label. */
export function buildJustification(
  tone: ToneResult,
  populism: PopulismResult,
  topic: TopicResult,
  question: QuestionSummary,
): string {
  const pro = tone.evidence.filter((item) => item.value > 0);
  const contra = tone.evidence.filter((item) => item.value < 0);

  let tonePart: string;
  if (tone.ton === "negativ") {
    const ironic = contra.filter((item) => item.note === "ironie").map((item) => item.surface);
    const rhetorical = contra.filter((item) => item.note === "retoric").map((item) => item.surface);
    const rest = contra.filter((item) => item.note !== "ironie" && item.note !== "retoric");
    const parts = [
      ironic.length > 0 ? `ironie (${quotedList(ironic, 2)})` : "",
      rhetorical.length > 0 ? `întrebare retorică (${quotedList(rhetorical, 2)})` : "",
      rest.length > 0 ? quotedList(strongestFirst(rest), 3) : "",
    ].filter(Boolean);
    tonePart = `Ton negativ: ${parts.length > 0 ? parts.join(" și ") : "doar negații, fără cuvinte pozitive"}`;
  } else if (tone.ton === "pozitiv") {
    tonePart = `Ton pozitiv: ${quotedList(strongestFirst(pro), 3)}`;
  } else if (pro.length > 0 && contra.length > 0) {
    tonePart = `Ton neutru: indicii pozitive (${quotedList(strongestFirst(pro), 2)}) și negative (${quotedList(strongestFirst(contra), 2)}) se echilibrează`;
  } else if (pro.length > 0 || contra.length > 0) {
    tonePart = `Ton neutru: indicii prea slabe (${quotedList(strongestFirst([...pro, ...contra]), 2)})`;
  } else if (question.asks) {
    const topics = question.topics.map((item) => item.surface);
    const named =
      topics.length === 0
        ? ""
        : ` — ${quotedList(topics, 2)} ${topics.length === 1 ? "numește" : "numesc"} tema, nu tonul`;
    tonePart = `Ton neutru: întrebare care cere informații (${quotedList(
      question.cues.map((item) => item.surface),
      2,
    )}), fără cuvinte evaluative${named}`;
  } else {
    tonePart = "Ton neutru: niciun cuvânt afectiv din lexicon";
  }

  const peopleWords = quotedList(
    populism.people.map((item) => item.surface),
    2,
  );
  const antiWords = quotedList(
    [...populism.anti].sort((a, b) => b.weight - a.weight).map((item) => item.surface),
    3,
  );
  let populismPart: string;
  if (populism.populism) populismPart = `populism: poporul (${peopleWords}) opus elitei (${antiWords})`;
  else if (populism.antiElitism && populism.poporCentral)
    populismPart = `popor (${peopleWords}) și anti-elitism (${antiWords}) fără legătură între ele, deci fără populism`;
  else if (populism.antiElitism)
    populismPart = `anti-elitism (${antiWords}) fără apel la popor, deci fără populism`;
  else if (populism.poporCentral)
    populismPart = `apel la popor (${peopleWords}) fără atac la elite, deci fără populism`;
  else if (question.actors.length > 0)
    populismPart = `fără populism (întrebarea doar numește ${quotedList(
      question.actors.map((item) => item.surface),
      2,
    )})`;
  else populismPart = "fără populism";

  const topicPart =
    topic.tema === "altele"
      ? "temă: altele (niciun cuvânt-cheie)"
      : `temă: ${TOPIC_NAMES_RO[topic.tema]} (${quotedList(topic.surfaces, 2)})`;

  const sentence = `${tonePart}; ${populismPart}; ${topicPart}.`;
  return sentence.length <= MAX_JUSTIFICATION ? sentence : `${sentence.slice(0, MAX_JUSTIFICATION - 2)}….`;
}
