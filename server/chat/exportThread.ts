// A thread as a Markdown document (questions, answers with their numbered sources and annotations) for
// reports and appendices: the path to the newest message (contract/answerVersions.ts), each turn saying how many
// versions it had and which one the path takes. The JSON export is the stored thread itself, every version and branch
// included, with their marks (`regenerates`, `follows`).
import { currentVersion, groupTurns } from "../../contract/answerVersions";
import { citedDate } from "../../contract/corpus";
import type { Grounding } from "../../contract/grounding";
import type { RefineReport } from "../../contract/refine";
import type { MessageStatus, StoredMessage, Thread } from "../../contract/threads";

function annotationLine(a: NonNullable<StoredMessage["annotation"]>): string {
  const l = a.annotation;
  const dims = [l.anti_elitism && "anti-elitism", l.popor_central && "popor central"]
    .filter(Boolean)
    .join(", ");
  return `ton ${l.ton}; populism ${l.populism ? "da" : "nu"}${dims ? ` (${dims})` : ""}; temă ${l.tema}; încredere ${l.incredere.toFixed(2)} — ${a.model}`;
}

const STATUS_WORDS: Record<MessageStatus, string> = {
  done: "gata",
  stopped: "oprit",
  error: "eroare",
  streaming: "în curs",
  interrupted: "întrerupt",
};

function groundingLines(g: Grounding): string[] {
  const how = g.method === "judge" ? `judecător ${g.judge}` : "măsură lexicală";
  const out = [
    `**Fundamentare:** ${g.score.toFixed(2)} — ${g.claims - g.unsupported.length} din ${g.claims} afirmații susținute de sursele citate (${how})`,
  ];
  if (g.invalidCitations.length)
    out.push(`**Citări inexistente:** ${g.invalidCitations.map((n) => `[${n}]`).join(" ")}`);
  for (const u of g.unsupported) out.push(`- ⚠ „${u.sentence.replace(/\s+/g, " ")}” — ${u.reason}`);
  return [...out, ""];
}

function refineLine(r: RefineReport): string {
  const part = (p: { model: string; ms: number }) => `${p.model}, ${p.ms} ms`;
  return r.refined && r.refine
    ? `**Ciornă → rafinare:** ciornă ${part(r.draft)}; rafinare ${part(r.refine)} (${r.reason})`
    : `**Ciornă → rafinare:** ciornă ${part(r.draft)}, nerafinată (${r.reason})`;
}

/** The texts attached to a question, by name and size (their text is in the JSON export). */
function attachmentLines(attachments: NonNullable<StoredMessage["attachments"]>): string[] {
  const sized = (chars: number) => `${chars.toLocaleString("ro-RO")} caractere`;
  return [
    "**Atașamente:**",
    "",
    ...attachments.map((a) => `- ${a.name.replace(/\s+/g, " ")} (${sized(a.chars)})`),
    "",
  ];
}

export function threadToMarkdown(thread: Thread, messages: StoredMessage[]): string {
  const out = [
    `# ${thread.title}`,
    "",
    `Exportat din EchoChamber la ${new Date().toISOString()} · creat ${thread.createdAt}`,
    "",
  ];
  for (const turn of groupTurns(messages)) {
    const { question, answer } = currentVersion(turn);
    if (question) out.push(`## Întrebare`, "", question.text, "");
    if (question?.attachments?.length) out.push(...attachmentLines(question.attachments));
    if (turn.versions.length > 1) {
      const n = turn.versions.length;
      const k = turn.selected + 1;
      out.push(
        `_${n} versiuni ale răspunsului (regenerat sau întrebare editată); aici versiunea ${k}, de pe ramura cu cel mai nou mesaj. Toate, cu ramurile lor, sunt în exportul JSON._`,
        "",
      );
    }
    if (answer) out.push(...answerLines(answer));
  }
  return out.join("\n");
}

function answerLines(m: StoredMessage): string[] {
  const out: string[] = [];
  out.push(
    `## Răspuns${m.done ? ` (${m.done.model}, ${m.done.timings.totalMs} ms)` : ""}${m.status !== "done" ? ` — ${STATUS_WORDS[m.status]}` : ""}`,
    "",
  );
  out.push(m.text || "_(fără text)_", "");
  if (m.annotation) {
    const codebook = m.codebookVersion ? ` · codebook ${m.codebookVersion}` : "";
    out.push(`**Adnotarea întrebării:** ${annotationLine(m.annotation)}${codebook}`, "");
  }
  if (m.done?.grounding) out.push(...groundingLines(m.done.grounding));
  if (m.done?.refine) out.push(refineLine(m.done.refine), "");
  if (m.done?.fallbacks.length) {
    out.push(
      `**Modele de rezervă:** ${m.done.fallbacks.map((f) => `${f.model} (${f.reason})`).join("; ")}`,
      "",
    );
  }
  if (m.sources?.length) {
    out.push("**Surse:**", "");
    m.sources.forEach((s, i) => {
      const meta = s.meta.attachment
        ? `${s.meta.source} (atașament)`
        : [s.meta.source, s.meta.platform, citedDate(s.meta)].filter(Boolean).join(" · ");
      out.push(`${i + 1}. ${meta}${s.meta.url ? ` — <${s.meta.url}>` : ""}`);
      out.push(`   > ${s.text.replace(/\s+/g, " ")}`);
      if (s.annotation)
        out.push(`   _${annotationLine({ annotation: s.annotation, model: "" }).replace(/ — $/, "")}_`);
    });
    out.push("");
  }
  return out;
}
