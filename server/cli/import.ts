// `npm run cli -- import <files...>`: brings CSV, JSONL, TXT, RSS/Atom and yt-dlp comment files into
// `<corpusDir>/raw/`, printing per file what was imported, skipped and detected.
import path from "node:path";
import cliProgress from "cli-progress";
import { formatBytes } from "../../contract/fileSize";
import {
  importFiles,
  SKIP_LABELS,
  type ImportResult,
  type SkipReason,
} from "../../corpus/pipeline/import/index";
import { corpusPaths, loadConfig } from "../config";
import { defineCommand, UsageError } from "./args";
import { waitForCorpusWriterOrStop } from "./corpusWriter";
import { countWith } from "../../contract/plural";

const USAGE = [
  "npm run cli -- import <fișiere...> [--text-col C] [--id-col C] [--date-col C] [--title-col C] [--url-col C]",
  "                                   [--platform P] [--source S] [--encoding E]",
  "  C: numele coloanei (sau al câmpului JSON), ori numărul ei (1 = prima) într-un CSV",
  "  E: utf-8, windows-1250, iso-8859-2, iso-8859-16 sau windows-1252 (implicit: detectată automat)",
].join("\n");

// Files smaller than this import in a blink: no progress bar for them.
const PROGRESS_MIN_BYTES = 5 * 1024 * 1024;

const ENCODING_METHODS: Record<ImportResult["encodingMethod"], string> = {
  bom: "după BOM",
  utf8: "UTF-8 valid",
  ascii: "doar ASCII",
  chardet: "detectată statistic",
  declared: "declarată în XML",
  flag: "din --encoding",
};

const FIELD_LABELS: Record<string, string> = {
  text: "text",
  id: "id",
  date: "dată",
  title: "titlu",
  url: "link",
  source: "sursă",
  platform: "platformă",
  author: "autor",
};

const FORMAT_NAMES: Record<ImportResult["format"], string> = {
  csv: "CSV",
  xlsx: "XLSX",
  jsonl: "JSON Lines",
  json: "JSON",
  txt: "text",
  feed: "flux XML",
  youtube: "comentarii YouTube",
};

function describeSkips(result: ImportResult): string {
  // Line formats report line numbers; whole documents (feeds, JSON) report positions (1 = first item).
  const byLine = ["csv", "xlsx", "jsonl", "txt"].includes(result.format);
  const parts = Object.entries(result.skipped).map(([reason, summary]) => {
    const many = summary.where.length > 1;
    const unit = byLine ? (many ? "liniile" : "linia") : many ? "pozițiile" : "poziția";
    const more = summary.count > summary.where.length ? ", …" : "";
    return `${SKIP_LABELS[reason as SkipReason]}: ${summary.count} (${unit} ${summary.where.join(", ")}${more})`;
  });
  return parts.join("; ");
}

/** A path relative to the working directory when it lies inside it, else absolute. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
}

function printResult(result: ImportResult): void {
  console.log(`✔ ${path.basename(result.file)} → ${displayPath(result.output)}`);
  const format = FORMAT_NAMES[result.format];
  console.log(
    `  format: ${format}${result.formatDetail ? ` (${result.formatDetail})` : ""}; ` +
      `codificare: ${result.encoding} (${ENCODING_METHODS[result.encodingMethod]}); ${formatBytes(result.bytes)}`,
  );
  if (result.mapping) {
    const columns = Object.entries(result.mapping)
      .filter(([, column]) => column !== undefined)
      .map(([field, column]) => `${FIELD_LABELS[field] ?? field}=${column}`)
      .join(", ");
    console.log(`  coloane: ${columns}${result.mapping.id === undefined ? " (id-uri generate)" : ""}`);
  }
  const skipped =
    result.skippedTotal > 0 ? `; sărite: ${result.skippedTotal} — ${describeSkips(result)}` : "; sărite: 0";
  console.log(`  înregistrări importate: ${result.records}${skipped}`);
  for (const warning of result.warnings) console.log(`  atenție: ${warning}`);
}

export const command = defineCommand({
  name: "import",
  summary: "Importă fișiere CSV, XLSX, JSONL, TXT, RSS/Atom sau comentarii YouTube (yt-dlp) în corpus/raw/",
  usage: USAGE,
  positionals: true,
  options: {
    "text-col": { type: "string" },
    "id-col": { type: "string" },
    "date-col": { type: "string" },
    "title-col": { type: "string" },
    "url-col": { type: "string" },
    platform: { type: "string" },
    source: { type: "string" },
    encoding: { type: "string" },
  },
  async run({ values, positionals }) {
    if (positionals.length === 0) throw new UsageError("indicați cel puțin un fișier de importat");
    const corpusDir = corpusPaths(loadConfig()).root;

    const showBar = process.stdout.isTTY === true;
    const bar = new cliProgress.SingleBar({
      format: "{file} |{bar}| {percentage}% | {done} din {size}",
      hideCursor: true,
      clearOnComplete: true,
    });
    let barFile: string | undefined;
    const stopBar = () => {
      if (barFile !== undefined) bar.stop();
      barFile = undefined;
    };
    // Ctrl-C stops the file being imported; its temporary output is removed, raw/ stays as it was.
    const controller = new AbortController();
    const onInterrupt = () => controller.abort();
    process.once("SIGINT", onInterrupt);

    let release: (() => Promise<void>) | null = null;
    try {
      release = await waitForCorpusWriterOrStop(corpusDir, controller.signal);
      if (!release) return 130;
      const started = performance.now();
      const { results, failures } = await importFiles(positionals, {
        corpusDir,
        textCol: values["text-col"],
        idCol: values["id-col"],
        dateCol: values["date-col"],
        titleCol: values["title-col"],
        urlCol: values["url-col"],
        platform: values.platform,
        source: values.source,
        encoding: values.encoding,
        signal: controller.signal,
        onProgress: ({ file, bytesRead, totalBytes }) => {
          if (!showBar || totalBytes < PROGRESS_MIN_BYTES) return;
          const payload = { file, done: formatBytes(bytesRead), size: formatBytes(totalBytes) };
          if (barFile !== file) {
            stopBar();
            barFile = file;
            bar.start(totalBytes, bytesRead, payload);
          } else bar.update(bytesRead, payload);
        },
      });
      stopBar();
      for (const result of results) printResult(result);
      for (const { file, error } of failures) console.error(`✖ ${path.basename(file)}: ${error.message}`);
      if (results.length === 0 && failures.length > 0) {
        console.error("Nu s-a importat nimic: corectați fișierele de mai sus și reluați comanda.");
      }
      const records = results.reduce((n, r) => n + r.records, 0);
      const skipped = results.reduce((n, r) => n + r.skippedTotal, 0);
      const seconds = ((performance.now() - started) / 1000).toFixed(1).replace(".", ",");
      console.log(
        `Total: ${countWith(results.length, ["fișier importat", "fișiere importate"])}, ` +
          `${countWith(records, ["înregistrare", "înregistrări"])}, ${skipped} ${skipped === 1 ? "sărită" : "sărite"}` +
          `${failures.length > 0 ? `, ${countWith(failures.length, ["fișier", "fișiere"])} cu erori` : ""}, în ${seconds} s.`,
      );
      if (results.length > 0) console.log("Pasul următor: npm run cli -- clean");
      return failures.length > 0 ? 1 : 0;
    } finally {
      stopBar();
      process.off("SIGINT", onInterrupt);
      await release?.();
    }
  },
});
