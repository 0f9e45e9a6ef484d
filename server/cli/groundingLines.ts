// The grounding of an answer as the terminal shows it after `ask`: the score, the invalid citations and each
// unsupported sentence with its reason.
import type { Grounding } from "../../contract/grounding";
import { countWith } from "../../contract/plural";

function oneLine(text: string, max = 100): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function groundingLines(g: Grounding): string {
  const how = g.method === "judge" ? `judecător ${g.judge}` : "măsură lexicală";
  const lines = [
    `\nFundamentare: ${g.score.toFixed(2)} (${g.claims - g.unsupported.length} din ${countWith(g.claims, ["afirmație susținută", "afirmații susținute"])}; ${how})`,
  ];
  if (g.invalidCitations.length)
    lines.push(`  citări inexistente: ${g.invalidCitations.map((n) => `[${n}]`).join(" ")}`);
  for (const u of g.unsupported) lines.push(`  ✗ „${oneLine(u.sentence)}” — ${u.reason}`);
  if (g.note) lines.push(`  notă: ${g.note}`);
  return `${lines.join("\n")}\n`;
}
