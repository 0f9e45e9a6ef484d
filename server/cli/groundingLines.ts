// The grounding of an answer as the terminal shows it after `ask`: the score, the invalid citations and each
// unsupported sentence with its reason.
import type { Grounding } from "../../contract/grounding";
import type { Lang } from "../../contract/errors";
import { countWith } from "../../contract/plural";

const TEXT = {
  ro: {
    judge: "judecător",
    lexical: "măsură lexicală",
    grounding: "Fundamentare",
    of: "din",
    claims: ["afirmație susținută", "afirmații susținute"] as const,
    invalid: "citări inexistente",
    note: "notă",
  },
  en: {
    judge: "judge",
    lexical: "lexical measure",
    grounding: "Grounding",
    of: "of",
    claims: ["claim supported", "claims supported"] as const,
    invalid: "citations of no source",
    note: "note",
  },
};

function oneLine(text: string, max = 100): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function groundingLines(g: Grounding, lang: Lang = "ro"): string {
  const t = TEXT[lang];
  const how = g.method === "judge" ? `${t.judge} ${g.judge}` : t.lexical;
  const lines = [
    `\n${t.grounding}: ${g.score.toFixed(2)} (${g.claims - g.unsupported.length} ${t.of} ${countWith(g.claims, t.claims, lang)}; ${how})`,
  ];
  if (g.invalidCitations.length)
    lines.push(`  ${t.invalid}: ${g.invalidCitations.map((n) => `[${n}]`).join(" ")}`);
  const [open, close] = lang === "ro" ? ["„", "”"] : ['"', '"'];
  for (const u of g.unsupported) lines.push(`  ✗ ${open}${oneLine(u.sentence)}${close} — ${u.reason}`);
  if (g.note) lines.push(`  ${t.note}: ${g.note}`);
  return `${lines.join("\n")}\n`;
}
