// The file names of what the workbench lets people download: the data set's name, a word for what the file holds
// and the (UTC) day, `fb-adnotari-2026-12-07.csv`, `fb-progres-2026-12-07.csv`. One scheme whatever the page's
// language, so that the same download always has the same name; never the uploaded file's own name (a data set "fb"
// from fb.csv used to come back as fb.csv, and saving it beside the source replaced the researcher's original).

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
