// `npm run cli -- clean`: cleans `<corpusDir>/raw/*.jsonl` into `<corpusDir>/cleaned/` and prints the report
// (what each rule changed, what was dropped and why) as a table.
import path from "node:path";
import cliProgress from "cli-progress";
import Table from "cli-table3";
import {
  type ChangeRule,
  CHANGE_RULES,
  cleanCorpus,
  CleanError,
  type CleanReport,
  DEFAULT_KEEP_LANGS,
  DEFAULT_MIN_CHARS,
  DEFAULT_NEAR_DUP_THRESHOLD,
  type DropReason,
  DROP_REASONS,
} from "../../corpus/pipeline/clean";
import { MAX_NEAR_DUP_THRESHOLD } from "../../corpus/pipeline/dedup";
import { formatBytes } from "../../contract/fileSize";
import { countNoun } from "../../corpus/pipeline/import/errors";
import { LANGUAGE_NAMES } from "../../corpus/pipeline/language";
import { corpusPaths, loadConfig } from "../config";
import { defineCommand, intFlag, listFlag, UsageError } from "./args";
import { waitForCorpusWriterOrStop } from "./corpusWriter";
import { displayPath } from "./import";
import { countWith } from "../../contract/plural";
import { allRecords, dropReasons, emptiedFiles } from "../corpus/allDropped";
import { DROP_REASON_LABELS } from "../../contract/dropReasons";

const USAGE = [
  `npm run cli -- clean [--min-chars N] [--near-dup-threshold T] [--keep-lang ro]`,
  `  --min-chars N            texte mai scurte de N caractere sunt eliminate (implicit ${DEFAULT_MIN_CHARS})`,
  `  --near-dup-threshold T   distanța Hamming SimHash 0..${MAX_NEAR_DUP_THRESHOLD} pentru aproape-duplicate (implicit ${DEFAULT_NEAR_DUP_THRESHOLD}; 0 = doar identice)`,
  `  --keep-lang L            limbile păstrate, de ex. ro sau ro,en (implicit ${DEFAULT_KEEP_LANGS.join(",")})`,
].join("\n");

const DROP_LABELS: Record<DropReason, string> = DROP_REASON_LABELS.ro;

const CHANGE_LABELS: Record<ChangeRule, string> = {
  html_tags: "etichete HTML eliminate",
  html_entities: "entități HTML decodate",
  nfc: "normalizare Unicode NFC",
  cedilla: "ş ţ cu sedilă → ș ț cu virgulă",
  invisible_chars: "caractere invizibile eliminate",
  urls: "linkuri mutate în metadate (urls)",
  mentions: "mențiuni @ mutate în metadate (mentions)",
  whitespace: "spații comprimate",
  title: "titlu curățat",
  id_renamed: "id redenumit (repetat)",
  defaults_filled: "câmpuri lipsă completate",
  platform_known: "platformă cunoscută numită prin id-ul ei (news → stiri)",
};

// No colours (the report is also read from logs and pipes) and no rule between rows.
const plain = { head: [], border: [], compact: true };

/** The report as tables: files, then every drop and change with its count. */
export function formatReport(report: CleanReport): string {
  const files = new Table({ head: ["Fișier", "Citite", "Păstrate", "Eliminate"], style: plain });
  for (const f of report.files) files.push([f.name, f.read, f.kept, f.dropped]);
  files.push(["total", report.totals.read, report.totals.kept, report.totals.dropped]);

  const rules = new Table({ head: ["", "Regulă", "Înregistrări"], style: plain });
  for (const reason of DROP_REASONS) {
    rules.push(["eliminat", DROP_LABELS[reason], report.dropped[reason]]);
    if (reason === "language") {
      const languages = Object.entries(report.droppedByLanguage).sort((a, b) => b[1] - a[1]);
      for (const [code, count] of languages) {
        rules.push(["", `  ${LANGUAGE_NAMES[code] ?? code} (${code})`, count]);
      }
    }
  }
  // Every reason to drop is listed, even at 0; changes only when they happened.
  for (const rule of CHANGE_RULES) {
    if (report.changes[rule] > 0) rules.push(["modificat", CHANGE_LABELS[rule], report.changes[rule]]);
  }
  const methods = report.languageMethods;
  const lines = [
    files.toString(),
    rules.toString(),
    `Limbă: ${methods.diacritics} după diacritice, ${methods.markers} după cuvinte frecvente, ${methods.franc} cu franc, ` +
      `${methods.script} după alfabet, ${countWith(methods.short, ["text scurt", "texte scurte"])} (< 40 de caractere) ` +
      `${methods.short === 1 ? "păstrat" : "păstrate"} ca română.`,
  ];
  const undated = report.totals.undated;
  if (undated > 0) {
    lines.push(
      `Fără dată: ${countNoun(undated, "înregistrare păstrată are", "înregistrări păstrate au")} data importului; ` +
        "intervalul de date, cronologia și filtrele de dată le lasă deoparte.",
    );
  }
  return lines.join("\n");
}

/**
 * A warning for each collection that keeps no document (every record dropped: often the import's text column was
 * the wrong one), with the same counts as the corpus page's failure.
 */
export function emptiedWarnings(report: CleanReport): string[] {
  return emptiedFiles(report).map(
    (f) =>
      `Atenție: colecția „${f.name}” nu păstrează niciun document: curățarea a eliminat ${allRecords(f.read, "ro")} ` +
      `(${dropReasons(f, "ro")}). Verificați coloana de text (npm run cli -- import ... --text-col C) și importați ` +
      `fișierul din nou, sau scoateți raw/${f.name}.jsonl.`,
  );
}

export const command = defineCommand({
  name: "clean",
  summary:
    "Curăță corpus/raw/*.jsonl în corpus/cleaned/ (HTML, linkuri, duplicate, limbă) și afișează raportul",
  usage: USAGE,
  options: {
    "min-chars": { type: "string" },
    "near-dup-threshold": { type: "string" },
    "keep-lang": { type: "string", multiple: true },
  },
  async run({ values }) {
    const minChars = intFlag(
      "--min-chars",
      values["min-chars"],
      { min: 0, max: 1_000_000 },
      DEFAULT_MIN_CHARS,
    );
    const threshold = intFlag(
      "--near-dup-threshold",
      values["near-dup-threshold"],
      { min: 0, max: MAX_NEAR_DUP_THRESHOLD },
      DEFAULT_NEAR_DUP_THRESHOLD,
    );
    const keepLangs = listFlag(values["keep-lang"] ?? [...DEFAULT_KEEP_LANGS]);
    if (keepLangs.length === 0)
      throw new UsageError("--keep-lang are nevoie de cel puțin o limbă (de ex. ro)");
    const paths = corpusPaths(loadConfig());

    const bar = new cliProgress.SingleBar({
      format: "curățare |{bar}| {percentage}% | {records} înregistrări | {done} din {size}",
      hideCursor: true,
      clearOnComplete: true,
    });
    let barStarted = false;
    const controller = new AbortController();
    const onInterrupt = () => controller.abort();
    process.once("SIGINT", onInterrupt);
    let release: (() => Promise<void>) | null = null;
    try {
      release = await waitForCorpusWriterOrStop(paths.root, controller.signal);
      if (!release) return 130;
      const report = await cleanCorpus({
        corpusDir: paths.root,
        minChars,
        nearDupThreshold: threshold,
        keepLangs,
        signal: controller.signal,
        onProgress: ({ bytesRead, totalBytes, records }) => {
          if (!process.stdout.isTTY) return;
          const payload = { records, done: formatBytes(bytesRead), size: formatBytes(totalBytes) };
          if (!barStarted) {
            barStarted = true;
            bar.start(totalBytes, bytesRead, payload);
          } else bar.update(bytesRead, payload);
        },
      });
      if (barStarted) bar.stop();
      barStarted = false;
      console.log(formatReport(report));
      for (const warning of emptiedWarnings(report)) console.error(warning);
      const reportPath = displayPath(path.join(paths.cleaned, "report.json"));
      console.log(
        `Gata în ${(report.durationMs / 1000).toFixed(1).replace(".", ",")} s (${report.recordsPerSecond} înregistrări/s). ` +
          `Păstrate ${report.totals.kept} din ${report.totals.read}. Raport: ${reportPath}`,
      );
      return 0;
    } catch (err) {
      if (err instanceof CleanError) {
        console.error(err.message);
        return 1;
      }
      throw err;
    } finally {
      if (barStarted) bar.stop();
      process.off("SIGINT", onInterrupt);
      await release?.();
    }
  },
});
