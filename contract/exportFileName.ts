// The file names of what the workbench lets people download: the data set's name, a word for what the file holds
// and the (UTC) day, `fb-adnotari-2026-12-07.csv`, `fb-progres-2026-12-07.csv`. One scheme whatever the page's
// language, so that the same download always has the same name; never the uploaded file's own name (a data set "fb"
// from fb.csv used to come back as fb.csv, and saving it beside the source replaced the researcher's original).
// A comparison's files are named after its run: `comparatie-2026-12-08-0945-3f2a9c1b.md` (.csv, .json).

/** `<data set>-<what>-<day>.<extension>`; a name that is a file's (fb.csv) loses its extension. */
export function datasetFileName(
  datasetName: string,
  what: string,
  extension: string,
  now: Date = new Date(),
): string {
  const base = datasetName
    .replace(/\.(csv|tsv|txt|xlsx|jsonl|json)$/i, "")
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return `${base ? `${base}-` : ""}${what}-${now.toISOString().slice(0, 10)}.${extension}`;
}

/**
 * A comparison's report (.md) and results (.csv, .json): `comparatie-<day>-<HHMM>-<id>.md` (`comparison-…` in English), the run's start
 * in UTC (the only clock the server and every browser share, as the workbench's names) and the first 8 letters and
 * digits of its id, so that several runs saved together keep apart (they all came as report.md, then report (1).md).
 * The server sends it as the download's name; the page writes the same on its link.
 */
export function comparisonReportName(
  createdAt: string,
  runId: string,
  lang: "ro" | "en",
  extension: "md" | "csv" | "json" = "md",
): string {
  const date = new Date(createdAt);
  const when = Number.isNaN(date.getTime())
    ? ""
    : `${date.toISOString().slice(0, 10)}-${date.toISOString().slice(11, 16).replace(":", "")}-`;
  const id = runId.replace(/[^A-Za-z0-9]/g, "").slice(0, 8);
  return `${lang === "en" ? "comparison" : "comparatie"}-${when}${id || "run"}.${extension}`;
}
