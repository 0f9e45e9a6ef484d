// `npm run cli -- import <files...>`: brings CSV, JSONL, TXT, RSS/Atom and yt-dlp comment files into
// `<corpusDir>/raw/`, printing per file what was imported, skipped and detected.
import path from "node:path";
import cliProgress from "cli-progress";
import { formatBytes } from "../../contract/fileSize";
import { importFiles, type ImportResult, type SkipReason } from "../../corpus/pipeline/import/index";
import { corpusPaths, loadConfig } from "../config";
import { defineCommand, UsageError } from "./args";
import { waitForCorpusWriterOrStop } from "./corpusWriter";
import { countWith, type NounForms } from "../../contract/plural";
import type { Lang } from "../../contract/errors";
import { formatDetailText, IMPORT_SKIP_LABELS } from "../../contract/importDetails";
import { importWarningText } from "../../contract/importWarnings";
import { IMPORT_MESSAGES_EN, type ImportError } from "../../corpus/pipeline/import/errors";
import { cliLang, decimal, locale, say } from "./lang";

const USAGE = {
  ro: [
    "npm run cli -- import <fișiere...> [--text-col C] [--id-col C] [--date-col C] [--title-col C] [--url-col C]",
    "                                   [--platform P] [--source S] [--encoding E]",
    "  C: numele coloanei (sau al câmpului JSON), ori numărul ei (1 = prima) într-un CSV",
    "  E: utf-8, windows-1250, iso-8859-2, iso-8859-16 sau windows-1252 (implicit: detectată automat)",
  ].join("\n"),
  en: [
    "npm run cli -- import <files...> [--text-col C] [--id-col C] [--date-col C] [--title-col C] [--url-col C]",
    "                                 [--platform P] [--source S] [--encoding E]",
    "  C: the column's name (or the JSON field's), or its number (1 = the first) in a CSV",
    "  E: utf-8, windows-1250, iso-8859-2, iso-8859-16 or windows-1252 (default: detected)",
  ].join("\n"),
};

// Files smaller than this import in a blink: no progress bar for them.
const PROGRESS_MIN_BYTES = 5 * 1024 * 1024;

const ENCODING_METHODS: Record<Lang, Record<ImportResult["encodingMethod"], string>> = {
  ro: {
    bom: "după BOM",
    utf8: "UTF-8 valid",
    ascii: "doar ASCII",
    chardet: "detectată statistic",
    declared: "declarată în XML",
    flag: "din --encoding",
  },
  en: {
    bom: "from the BOM",
    utf8: "valid UTF-8",
    ascii: "ASCII only",
    chardet: "detected statistically",
    declared: "declared in the XML",
    flag: "from --encoding",
  },
};

const FIELD_LABELS: Record<Lang, Record<string, string>> = {
  ro: {
    text: "text",
    id: "id",
    date: "dată",
    title: "titlu",
    url: "link",
    source: "sursă",
    platform: "platformă",
    author: "autor",
  },
  en: {
    text: "text",
    id: "id",
    date: "date",
    title: "title",
    url: "link",
    source: "source",
    platform: "platform",
    author: "author",
  },
};

const FORMAT_NAMES: Record<Lang, Record<ImportResult["format"], string>> = {
  ro: {
    csv: "CSV",
    xlsx: "XLSX",
    jsonl: "JSON Lines",
    json: "JSON",
    txt: "text",
    feed: "flux XML",
    youtube: "comentarii YouTube",
  },
  en: {
    csv: "CSV",
    xlsx: "XLSX",
    jsonl: "JSON Lines",
    json: "JSON",
    txt: "text",
    feed: "XML feed",
    youtube: "YouTube comments",
  },
};

/** The words of the import's summary, in both languages. */
const TEXT = {
  ro: {
    lines: ["linia", "liniile"] as NounForms,
    positions: ["poziția", "pozițiile"] as NounForms,
    encoding: "codificare",
    columns: "coloane",
    generatedIds: " (id-uri generate)",
    skipped: "sărite",
    imported: "înregistrări importate",
    warning: "atenție",
    nothing: "Nu s-a importat nimic: corectați fișierele de mai sus și reluați comanda.",
    filesImported: ["fișier importat", "fișiere importate"] as NounForms,
    records: ["înregistrare", "înregistrări"] as NounForms,
    skippedCount: (n: number) => `${n} ${n === 1 ? "sărită" : "sărite"}`,
    withErrors: (n: number) => `${countWith(n, ["fișier", "fișiere"])} cu erori`,
    in: "în",
    next: "Pasul următor: npm run cli -- clean",
    bar: "{file} |{bar}| {percentage}% | {done} din {size}",
    noFiles: "indicați cel puțin un fișier de importat",
    summary: "Importă fișiere CSV, XLSX, JSONL, TXT, RSS/Atom sau comentarii YouTube (yt-dlp) în corpus/raw/",
  },
  en: {
    lines: ["line", "lines"] as NounForms,
    positions: ["position", "positions"] as NounForms,
    encoding: "encoding",
    columns: "columns",
    generatedIds: " (ids generated)",
    skipped: "skipped",
    imported: "records imported",
    warning: "warning",
    nothing: "Nothing was imported: correct the files above and run the command again.",
    filesImported: ["file imported", "files imported"] as NounForms,
    records: ["record", "records"] as NounForms,
    skippedCount: (n: number) => `${n} skipped`,
    withErrors: (n: number) => `${countWith(n, ["file", "files"], "en")} with errors`,
    in: "in",
    next: "Next step: npm run cli -- clean",
    bar: "{file} |{bar}| {percentage}% | {done} of {size}",
    noFiles: "name at least one file to import",
    summary: "Imports CSV, XLSX, JSONL, TXT, RSS/Atom files or YouTube comments (yt-dlp) into corpus/raw/",
  },
};

/**
 * Why a file failed: the importer's Romanian message, or its English one with --lang en, its detail and hint in
 * English too (ImportError says its coded detail and hint in both languages).
 */
function failureText(error: ImportError): string {
  if (cliLang() === "ro") return error.message;
  const params: Record<string, string | number> = {
    ...error.params,
    detail: error.params.detailEn ?? error.params.detail ?? "",
    hint: error.params.hintEn ?? "",
  };
  return IMPORT_MESSAGES_EN[error.code]
    .replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? ""))
    .trim();
}

function describeSkips(result: ImportResult): string {
  // Line formats report line numbers; whole documents (feeds, JSON) report positions (1 = first item).
  const byLine = ["csv", "xlsx", "jsonl", "txt"].includes(result.format);
  const t = say(TEXT);
  const labels = IMPORT_SKIP_LABELS[cliLang()];
  const parts = Object.entries(result.skipped).map(([reason, summary]) => {
    const many = summary.where.length > 1;
    const unit = (byLine ? t.lines : t.positions)[many ? 1 : 0];
    const more = summary.count > summary.where.length ? ", …" : "";
    return `${labels[reason as SkipReason]}: ${summary.count} (${unit} ${summary.where.join(", ")}${more})`;
  });
  return parts.join("; ");
}

/** A path relative to the working directory when it lies inside it, else absolute. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
}

function printResult(result: ImportResult): void {
  const lang = cliLang();
  const t = TEXT[lang];
  console.log(`✔ ${path.basename(result.file)} → ${displayPath(result.output)}`);
  const format = FORMAT_NAMES[lang][result.format];
  const detail = formatDetailText(result.codedFormatDetail, lang);
  console.log(
    `  format: ${format}${detail ? ` (${detail})` : ""}; ` +
      `${t.encoding}: ${result.encoding} (${ENCODING_METHODS[lang][result.encodingMethod]}); ${formatBytes(result.bytes, locale())}`,
  );
  if (result.mapping) {
    const columns = Object.entries(result.mapping)
      .filter(([, column]) => column !== undefined)
      .map(([field, column]) => `${FIELD_LABELS[lang][field] ?? field}=${column}`)
      .join(", ");
    console.log(`  ${t.columns}: ${columns}${result.mapping.id === undefined ? t.generatedIds : ""}`);
  }
  const skipped =
    result.skippedTotal > 0
      ? `; ${t.skipped}: ${result.skippedTotal} — ${describeSkips(result)}`
      : `; ${t.skipped}: 0`;
  console.log(`  ${t.imported}: ${result.records}${skipped}`);
  for (const warning of result.warnings) console.log(`  ${t.warning}: ${importWarningText(warning, lang)}`);
}

export const command = defineCommand({
  name: "import",
  summary: { ro: TEXT.ro.summary, en: TEXT.en.summary },
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
    const t = say(TEXT);
    if (positionals.length === 0) throw new UsageError(t.noFiles);
    const corpusDir = corpusPaths(loadConfig()).root;

    const showBar = process.stdout.isTTY === true;
    const bar = new cliProgress.SingleBar({
      format: t.bar,
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
          const payload = {
            file,
            done: formatBytes(bytesRead, locale()),
            size: formatBytes(totalBytes, locale()),
          };
          if (barFile !== file) {
            stopBar();
            barFile = file;
            bar.start(totalBytes, bytesRead, payload);
          } else bar.update(bytesRead, payload);
        },
      });
      stopBar();
      for (const result of results) printResult(result);
      for (const { file, error } of failures)
        console.error(`✖ ${path.basename(file)}: ${failureText(error)}`);
      if (results.length === 0 && failures.length > 0) console.error(t.nothing);
      const records = results.reduce((n, r) => n + r.records, 0);
      const skipped = results.reduce((n, r) => n + r.skippedTotal, 0);
      const seconds = decimal((performance.now() - started) / 1000, 1);
      const lang = cliLang();
      console.log(
        `Total: ${countWith(results.length, t.filesImported, lang)}, ` +
          `${countWith(records, t.records, lang)}, ${t.skippedCount(skipped)}` +
          `${failures.length > 0 ? `, ${t.withErrors(failures.length)}` : ""}, ${t.in} ${seconds} s.`,
      );
      if (results.length > 0) console.log(t.next);
      return failures.length > 0 ? 1 : 0;
    } finally {
      stopBar();
      process.off("SIGINT", onInterrupt);
      await release?.();
    }
  },
});
