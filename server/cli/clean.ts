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
import { LEDGER_FILE } from "../../corpus/pipeline/removalLedger";
import type { Lang } from "../../contract/errors";
import { cliLang, decimal, locale, say } from "./lang";

const USAGE = {
  ro: [
    `npm run cli -- clean [--min-chars N] [--near-dup-threshold T] [--keep-lang ro]`,
    `  --min-chars N            texte mai scurte de N caractere sunt eliminate (implicit ${DEFAULT_MIN_CHARS})`,
    `  --near-dup-threshold T   distanța Hamming SimHash 0..${MAX_NEAR_DUP_THRESHOLD} pentru aproape-duplicate (implicit ${DEFAULT_NEAR_DUP_THRESHOLD}; 0 = doar identice)`,
    `  --keep-lang L            limbile păstrate, de ex. ro sau ro,en (implicit ${DEFAULT_KEEP_LANGS.join(",")})`,
  ].join("\n"),
  en: [
    `npm run cli -- clean [--min-chars N] [--near-dup-threshold T] [--keep-lang ro]`,
    `  --min-chars N            texts shorter than N characters are dropped (default ${DEFAULT_MIN_CHARS})`,
    `  --near-dup-threshold T   SimHash Hamming distance 0..${MAX_NEAR_DUP_THRESHOLD} for near-duplicates (default ${DEFAULT_NEAR_DUP_THRESHOLD}; 0 = identical only)`,
    `  --keep-lang L            the languages kept, e.g. ro or ro,en (default ${DEFAULT_KEEP_LANGS.join(",")})`,
  ].join("\n"),
};

const CHANGE_LABELS: Record<Lang, Record<ChangeRule, string>> = {
  ro: {
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
  },
  en: {
    html_tags: "HTML tags removed",
    html_entities: "HTML entities decoded",
    nfc: "Unicode NFC normalisation",
    cedilla: "ş ţ with cedilla → ș ț with comma",
    invisible_chars: "invisible characters removed",
    urls: "links moved to metadata (urls)",
    mentions: "@ mentions moved to metadata (mentions)",
    whitespace: "whitespace collapsed",
    title: "title cleaned",
    id_renamed: "id renamed (repeated)",
    defaults_filled: "missing fields filled in",
    platform_known: "known platform named by its id (news → stiri)",
  },
};

/** The other words of the clean report, in both languages. */
const TEXT = {
  ro: {
    files: ["Fișier", "Citite", "Păstrate", "Eliminate"],
    rules: ["", "Regulă", "Înregistrări"],
    dropped: "eliminat",
    changed: "modificat",
    languageName: (code: string) => LANGUAGE_NAMES[code] ?? code,
    languages: (m: CleanReport["languageMethods"]) =>
      `Limbă: ${m.diacritics} după diacritice, ${m.markers} după cuvinte frecvente, ${m.franc} cu franc, ` +
      `${m.script} după alfabet, ${countWith(m.short, ["text scurt", "texte scurte"])} (< 40 de caractere) ` +
      `${m.short === 1 ? "păstrat" : "păstrate"} ca română.`,
    undated: (n: number) =>
      `Fără dată: ${countNoun(n, "înregistrare păstrată are", "înregistrări păstrate au")} data importului; ` +
      "intervalul de date, cronologia și filtrele de dată le lasă deoparte.",
    emptied: (name: string, all: string, reasons: string) =>
      `Atenție: colecția „${name}” nu păstrează niciun document: curățarea a eliminat ${all} ` +
      `(${reasons}). Verificați coloana de text (npm run cli -- import ... --text-col C) și importați ` +
      `fișierul din nou, sau scoateți raw/${name}.jsonl.`,
    removedHead: (n: number) =>
      `Lăsate deoparte ca texte șterse anterior din corpus (${LEDGER_FILE}): ${n}. ` +
      `Ca să readuceți unul: npm run cli -- corpus restore <id>, apoi curățați din nou.`,
    removedExample: (id: string, file: string, removed: { id: string; title?: string }) =>
      `  ${file}/${id}: șters anterior: ${removed.title ? `„${removed.title}” (${removed.id})` : removed.id}`,
    ledgerUnreadable: (n: number) =>
      `Atenție: registrul ștergerilor (${LEDGER_FILE}) are ${countWith(n, ["rând care nu poate fi citit", "rânduri care nu pot fi citite"])} ` +
      "(nu e JSON sau nu are forma unei intrări): curățarea le-a sărit, deci nu țin niciun text deoparte. " +
      "Au rămas în fișier; corectați-le sau ștergeți-le de mână.",
    summary:
      "Curăță corpus/raw/*.jsonl în corpus/cleaned/ (HTML, linkuri, duplicate, limbă) și afișează raportul",
    noLanguage: "--keep-lang are nevoie de cel puțin o limbă (de ex. ro)",
    bar: "curățare |{bar}| {percentage}% | {records} înregistrări | {done} din {size}",
    done: (seconds: string, perSecond: number, kept: number, read: number, report: string) =>
      `Gata în ${seconds} s (${perSecond} înregistrări/s). Păstrate ${kept} din ${read}. Raport: ${report}`,
  },
  en: {
    files: ["File", "Read", "Kept", "Dropped"],
    rules: ["", "Rule", "Records"],
    dropped: "dropped",
    changed: "changed",
    languageName: (code: string) => {
      try {
        const name = new Intl.DisplayNames(["en"], { type: "language" }).of(code);
        return code === "und" ? "undetermined" : (name ?? code);
      } catch {
        return code;
      }
    },
    languages: (m: CleanReport["languageMethods"]) =>
      `Language: ${m.diacritics} by diacritics, ${m.markers} by frequent words, ${m.franc} with franc, ` +
      `${m.script} by script, ${countWith(m.short, ["short text", "short texts"], "en")} (< 40 characters) ` +
      "kept as Romanian.",
    undated: (n: number) =>
      `Undated: ${countWith(n, ["kept record has", "kept records have"], "en")} the import's date; ` +
      "the date range, the timeline and the date filters leave them out.",
    emptied: (name: string, all: string, reasons: string) =>
      `Warning: the collection "${name}" keeps no document: cleaning dropped ${all} ` +
      `(${reasons}). Check the text column (npm run cli -- import ... --text-col C) and import ` +
      `the file again, or remove raw/${name}.jsonl.`,
    removedHead: (n: number) =>
      `Left out as texts removed earlier from the corpus (${LEDGER_FILE}): ${n}. ` +
      `To bring one back: npm run cli -- corpus restore <id>, then clean again.`,
    removedExample: (id: string, file: string, removed: { id: string; title?: string }) =>
      `  ${file}/${id}: removed earlier: ${removed.title ? `"${removed.title}" (${removed.id})` : removed.id}`,
    ledgerUnreadable: (n: number) =>
      `Warning: the removal ledger (${LEDGER_FILE}) has ${countWith(n, ["line that cannot be read", "lines that cannot be read"], "en")} ` +
      "(not JSON, or not an entry's shape): the clean skipped them, so they keep no text out. " +
      "They are still in the file; fix or delete them by hand.",
    summary:
      "Cleans corpus/raw/*.jsonl into corpus/cleaned/ (HTML, links, duplicates, language) and prints the report",
    noLanguage: "--keep-lang needs at least one language (e.g. ro)",
    bar: "cleaning |{bar}| {percentage}% | {records} records | {done} of {size}",
    done: (seconds: string, perSecond: number, kept: number, read: number, report: string) =>
      `Done in ${seconds} s (${perSecond} records/s). Kept ${kept} of ${read}. Report: ${report}`,
  },
};

// No colours (the report is also read from logs and pipes) and no rule between rows.
const plain = { head: [], border: [], compact: true };

/** The report as tables: files, then every drop and change with its count. */
export function formatReport(report: CleanReport, lang: Lang = cliLang()): string {
  const t = TEXT[lang];
  const files = new Table({ head: t.files, style: plain });
  for (const f of report.files) files.push([f.name, f.read, f.kept, f.dropped]);
  files.push(["total", report.totals.read, report.totals.kept, report.totals.dropped]);

  const rules = new Table({ head: t.rules, style: plain });
  for (const reason of DROP_REASONS) {
    rules.push([t.dropped, DROP_REASON_LABELS[lang][reason], report.dropped[reason]]);
    if (reason === "language") {
      const languages = Object.entries(report.droppedByLanguage).sort((a, b) => b[1] - a[1]);
      for (const [code, count] of languages) {
        rules.push(["", `  ${t.languageName(code)} (${code})`, count]);
      }
    }
  }
  // Every reason to drop is listed, even at 0; changes only when they happened.
  for (const rule of CHANGE_RULES) {
    if (report.changes[rule] > 0) rules.push([t.changed, CHANGE_LABELS[lang][rule], report.changes[rule]]);
  }
  const lines = [files.toString(), rules.toString(), t.languages(report.languageMethods)];
  const undated = report.totals.undated;
  if (undated > 0) lines.push(t.undated(undated));
  if (report.dropped.removed > 0) {
    lines.push(t.removedHead(report.dropped.removed));
    for (const e of report.removedExamples ?? []) lines.push(t.removedExample(e.id, e.file, e.removed));
  }
  return lines.join("\n");
}

/**
 * A warning for each collection that keeps no document (every record dropped: often the import's text column was
 * the wrong one), with the same counts as the corpus page's failure.
 */
export function emptiedWarnings(report: CleanReport, lang: Lang = cliLang()): string[] {
  return emptiedFiles(report).map((f) =>
    TEXT[lang].emptied(f.name, allRecords(f.read, lang), dropReasons(f, lang)),
  );
}

/**
 * The warnings of a clean for the command line: each collection that keeps no document (emptiedWarnings), then the
 * removal ledger's unreadable lines, if any.
 */
export function cleanWarnings(report: CleanReport, lang: Lang = cliLang()): string[] {
  const warnings = emptiedWarnings(report, lang);
  if ((report.ledgerUnreadable ?? 0) > 0)
    warnings.push(TEXT[lang].ledgerUnreadable(report.ledgerUnreadable!));
  return warnings;
}

/** The clean step's failures (corpus/pipeline/clean.ts words them in Romanian) in the CLI's language. */
const CLEAN_ERRORS_EN: Record<CleanError["code"], (params: Record<string, string | number>) => string> = {
  "clean:no_raw": (p) =>
    `There are no .jsonl files in "${p.dir}". Import data first with "npm run cli -- import <files>".`,
  "clean:bad_option": (p) => `Invalid option: ${p.detail}`,
  "clean:aborted": () => "Cleaning was interrupted; the files in cleaned/ are unchanged.",
};

function cleanErrorText(err: CleanError): string {
  return cliLang() === "en" ? CLEAN_ERRORS_EN[err.code](err.params) : err.message;
}

export const command = defineCommand({
  name: "clean",
  summary: { ro: TEXT.ro.summary, en: TEXT.en.summary },
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
    const t = say(TEXT);
    const keepLangs = listFlag(values["keep-lang"] ?? [...DEFAULT_KEEP_LANGS]);
    if (keepLangs.length === 0) throw new UsageError(t.noLanguage);
    const paths = corpusPaths(loadConfig());

    const bar = new cliProgress.SingleBar({
      format: t.bar,
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
          const payload = {
            records,
            done: formatBytes(bytesRead, locale()),
            size: formatBytes(totalBytes, locale()),
          };
          if (!barStarted) {
            barStarted = true;
            bar.start(totalBytes, bytesRead, payload);
          } else bar.update(bytesRead, payload);
        },
      });
      if (barStarted) bar.stop();
      barStarted = false;
      console.log(formatReport(report));
      for (const warning of cleanWarnings(report)) console.error(warning);
      const reportPath = displayPath(path.join(paths.cleaned, "report.json"));
      console.log(
        t.done(
          decimal(report.durationMs / 1000, 1),
          report.recordsPerSecond,
          report.totals.kept,
          report.totals.read,
          reportPath,
        ),
      );
      return 0;
    } catch (err) {
      if (err instanceof CleanError) {
        console.error(cleanErrorText(err));
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
