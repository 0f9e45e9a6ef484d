// Markdown pieces of a comparison's report.md: a table whose cells cannot break it (pipes escaped, line breaks
// folded, a missing value written n/a) and a model id set as code.

export type Cell = string | number | null;

function cell(value: Cell | undefined): string {
  if (value === null || value === undefined) return "n/a";
  return String(value)
    .replace(/\|/g, "\\|")
    .replace(/\s*\n\s*/g, " ");
}

export function table(header: string[], rows: Cell[][]): string {
  const line = (cells: Cell[]) => `| ${cells.map(cell).join(" | ")} |`;
  return [line(header), `|${header.map(() => "---").join("|")}|`, ...rows.map(line)].join("\n");
}

export const code = (model: string) => `\`${model}\``;
