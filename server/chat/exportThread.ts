// A thread as a Markdown document (questions, answers with their numbered sources and annotations) for
// reports and appendices, in the language of the page it is exported from: the path to the newest message (contract/answerVersions.ts), each turn saying how many
// versions it had and which one the path takes. The JSON export is the stored thread itself, every version and branch
// included, with their marks (`regenerates`, `follows`).
import { currentVersion, groupTurns } from "../../contract/answerVersions";
import { TONE_NAMES_EN, TOPIC_NAMES_EN, TOPIC_NAMES_RO } from "../../contract/annotation";
import { citedDate, type Source } from "../../contract/corpus";
import { platformName } from "../../contract/corpusNames";
import type { Lang } from "../../contract/errors";
import { describeFilters } from "../../contract/filterText";
import { type Grounding, unsupportedReasonEn } from "../../contract/grounding";
import { countWith } from "../../contract/plural";
import type { RefineReport } from "../../contract/refine";
import type { StoredMessage, Thread } from "../../contract/threads";

/** The export's own words, in the language the reader exported from; the thread's texts stay as written. */
const WORDS = {
  ro: {
    exported: (at: string, created: string) => `Exportat din EchoChamber la ${at} · creat ${created}`,
    question: "Întrebare",
    answer: "Răspuns",
    noText: "_(fără text)_",
    versions: (n: number, k: number) =>
      `_${countWith(n, ["versiune", "versiuni"])} ale răspunsului (regenerat sau întrebare editată); aici versiunea ${k}, de pe ramura cu cel mai nou mesaj. Toate, cu ramurile lor, sunt în exportul JSON._`,
    status: {
      done: "gata",
      stopped: "oprit",
      error: "eroare",
      streaming: "în curs",
      interrupted: "întrerupt",
    },
    annotation: (tone: string, populism: boolean, dims: string, topic: string, confidence: string) =>
      `ton ${tone}; populism ${populism ? "da" : "nu"}${dims ? ` (${dims})` : ""}; temă ${topic}; încredere ${confidence}`,
    dims: { anti_elitism: "anti-elitism", popor_central: "popor central" },
    questionAnnotation: "Adnotarea întrebării",
    grounding: (score: string, supported: number, claims: number, how: string) =>
      `**Fundamentare:** ${score} — ${supported} din ${countWith(claims, ["afirmație susținută", "afirmații susținute"])} de sursele citate (${how})`,
    /** As the page says it (grounding.none): an answer with no claim, a stopped one say, has nothing to check. */
    noClaims: (score: string, how: string) =>
      `**Fundamentare:** ${score} — nicio afirmație de verificat (${how})`,
    judge: (model: string) => `judecător ${model}`,
    lexical: "măsură lexicală",
    invalidCitations: "Citări inexistente",
    unsupported: (u: Grounding["unsupported"][number]) => u.reason,
    quote: (text: string) => `„${text}”`,
    refine: "Ciornă → rafinare",
    draft: "ciornă",
    refined: "rafinare",
    notRefined: "nerafinată",
    refineReason: (r: RefineReport) => r.reason,
    fallbacks: "Modele de rezervă",
    sources: "Surse",
    attachment: "atașament",
    attachments: "Atașamente",
    chars: (n: number) => countWith(n, ["caracter", "caractere"], "ro", (v) => v.toLocaleString("ro-RO")),
    /** A decimal figure as the page writes it: "0,26". */
    num: (x: number, digits: number) =>
      x.toLocaleString("ro-RO", { minimumFractionDigits: digits, maximumFractionDigits: digits }),
    settings: (temperature: number, topK: number, filters: string) =>
      `**Setări:** temperatură ${temperature.toLocaleString("ro-RO")} · top-k ${topK} · ${filters ? `filtre: ${filters}` : "fără filtre"}`,
    topics: TOPIC_NAMES_RO,
    tones: {} as Record<string, string>,
    date: citedDate,
  },
  en: {
    exported: (at: string, created: string) => `Exported from EchoChamber at ${at} · created ${created}`,
    question: "Question",
    answer: "Answer",
    noText: "_(no text)_",
    versions: (n: number, k: number) =>
      `_${n} versions of the answer (regenerated or question edited); here version ${k}, on the branch with the newest message. All of them, with their branches, are in the JSON export._`,
    status: {
      done: "done",
      stopped: "stopped",
      error: "error",
      streaming: "in progress",
      interrupted: "interrupted",
    },
    annotation: (tone: string, populism: boolean, dims: string, topic: string, confidence: string) =>
      `tone ${tone}; populism ${populism ? "yes" : "no"}${dims ? ` (${dims})` : ""}; topic ${topic}; confidence ${confidence}`,
    dims: { anti_elitism: "anti-elitism", popor_central: "people-centrism" },
    questionAnnotation: "Annotation of the question",
    grounding: (score: string, supported: number, claims: number, how: string) =>
      `**Grounding:** ${score} — ${supported} of ${countWith(claims, ["claim supported", "claims supported"], "en")} by the cited sources (${how})`,
    noClaims: (score: string, how: string) => `**Grounding:** ${score} — no claim to check (${how})`,
    judge: (model: string) => `judge ${model}`,
    lexical: "lexical measure",
    invalidCitations: "Citations to no source",
    unsupported: unsupportedReasonEn,
    quote: (text: string) => `"${text}"`,
    refine: "Draft → refinement",
    draft: "draft",
    refined: "refinement",
    notRefined: "not refined",
    refineReason: (r: RefineReport) => r.reasonEn ?? r.reason,
    fallbacks: "Fallback models",
    sources: "Sources",
    attachment: "attachment",
    attachments: "Attachments",
    chars: (n: number) => countWith(n, ["character", "characters"], "en", (v) => v.toLocaleString("en-GB")),
    num: (x: number, digits: number) =>
      x.toLocaleString("en-GB", { minimumFractionDigits: digits, maximumFractionDigits: digits }),
    settings: (temperature: number, topK: number, filters: string) =>
      `**Settings:** temperature ${temperature} · top-k ${topK} · ${filters ? `filters: ${filters}` : "no filters"}`,
    topics: TOPIC_NAMES_EN,
    tones: TONE_NAMES_EN as Record<string, string>,
    date: (meta: Source["meta"]) => (meta.dateImputed ? "no date" : meta.date),
  },
} satisfies Record<Lang, unknown>;
type Words = (typeof WORDS)[Lang];

/** The tone and the topic are named as the pages name them ("negativ", "negative"; "educație", "education"). */
function annotationLine(w: Words, a: NonNullable<StoredMessage["annotation"]>): string {
  const l = a.annotation;
  const dims = [l.anti_elitism && w.dims.anti_elitism, l.popor_central && w.dims.popor_central]
    .filter(Boolean)
    .join(", ");
  const topic = (w.topics as Record<string, string>)[l.tema] ?? l.tema;
  const tone = (w.tones as Record<string, string>)[l.ton] ?? l.ton;
  const line = w.annotation(tone, l.populism, dims, topic, w.num(l.incredere, 2));
  return a.model ? `${line} — ${a.model}` : line;
}

function groundingLines(w: Words, g: Grounding): string[] {
  const how = g.method === "judge" ? w.judge(g.judge ?? "") : w.lexical;
  const score = w.num(g.score, 2);
  const out = [
    g.claims > 0
      ? w.grounding(score, g.claims - g.unsupported.length, g.claims, how)
      : w.noClaims(score, how),
  ];
  if (g.invalidCitations.length)
    out.push(`**${w.invalidCitations}:** ${g.invalidCitations.map((n) => `[${n}]`).join(" ")}`);
  for (const u of g.unsupported)
    out.push(`- ⚠ ${w.quote(u.sentence.replace(/\s+/g, " "))} — ${w.unsupported(u)}`);
  return [...out, ""];
}

function refineLine(w: Words, r: RefineReport): string {
  const part = (p: { model: string; ms: number }) => `${p.model}, ${p.ms} ms`;
  return r.refined && r.refine
    ? `**${w.refine}:** ${w.draft} ${part(r.draft)}; ${w.refined} ${part(r.refine)} (${w.refineReason(r)})`
    : `**${w.refine}:** ${w.draft} ${part(r.draft)}, ${w.notRefined} (${w.refineReason(r)})`;
}

/** The texts attached to a question, by name and size (their text is in the JSON export). */
function attachmentLines(w: Words, attachments: NonNullable<StoredMessage["attachments"]>): string[] {
  return [
    `**${w.attachments}:**`,
    "",
    ...attachments.map((a) => `- ${a.name.replace(/\s+/g, " ")} (${w.chars(a.chars)})`),
    "",
  ];
}

/** The thread in Markdown, its headings and notes in the language the reader exports from (`ro` by default). */
export function threadToMarkdown(thread: Thread, messages: StoredMessage[], lang: Lang = "ro"): string {
  const w = WORDS[lang];
  const out = [`# ${thread.title}`, "", w.exported(new Date().toISOString(), thread.createdAt), ""];
  for (const turn of groupTurns(messages)) {
    const { question, answer } = currentVersion(turn);
    if (question) out.push(`## ${w.question}`, "", question.text, "");
    if (question?.attachments?.length) out.push(...attachmentLines(w, question.attachments));
    if (turn.versions.length > 1) out.push(w.versions(turn.versions.length, turn.selected + 1), "");
    if (answer) out.push(...answerLines(lang, answer));
  }
  return out.join("\n");
}

/**
 * An answer stopped as a list item began ends in a bare marker ("- "); the export leaves it out rather than print an
 * empty bullet.
 */
function withoutTrailingEmptyItem(text: string): string {
  return text.replace(/(?:(?:^|\n)[ \t]*(?:[-*+]|\d+[.)])[ \t]*)+\s*$/, "").trimEnd();
}

function answerLines(lang: Lang, m: StoredMessage): string[] {
  const w = WORDS[lang];
  const out: string[] = [];
  out.push(
    `## ${w.answer}${m.done ? ` (${m.done.model}, ${m.done.timings.totalMs} ms)` : ""}${m.status !== "done" ? ` — ${w.status[m.status]}` : ""}`,
    "",
  );
  out.push(withoutTrailingEmptyItem(m.text) || w.noText, "");
  if (m.done?.settings) {
    const { temperature, topK, filters } = m.done.settings;
    out.push(w.settings(temperature, topK, describeFilters(filters, lang)), "");
  }
  if (m.annotation) {
    const codebook = m.codebookVersion ? ` · codebook ${m.codebookVersion}` : "";
    out.push(`**${w.questionAnnotation}:** ${annotationLine(w, m.annotation)}${codebook}`, "");
  }
  if (m.done?.grounding) out.push(...groundingLines(w, m.done.grounding));
  if (m.done?.refine) out.push(refineLine(w, m.done.refine), "");
  if (m.done?.fallbacks.length) {
    out.push(`**${w.fallbacks}:** ${m.done.fallbacks.map((f) => `${f.model} (${f.reason})`).join("; ")}`, "");
  }
  if (m.sources?.length) {
    out.push(`**${w.sources}:**`, "");
    m.sources.forEach((s, i) => {
      const meta = s.meta.attachment
        ? `${s.meta.source} (${w.attachment})`
        : [s.meta.source, s.meta.platform && platformName(lang, s.meta.platform), w.date(s.meta)]
            .filter(Boolean)
            .join(" · ");
      out.push(`${i + 1}. ${meta}${s.meta.url ? ` — <${s.meta.url}>` : ""}`);
      out.push(`   > ${s.text.replace(/\s+/g, " ")}`);
      if (s.annotation) out.push(`   _${annotationLine(w, { annotation: s.annotation, model: "" })}_`);
    });
    out.push("");
  }
  return out;
}
