// The words of the corpus page's cleaning report (kept and dropped, a row per reason, near-duplicates, diacritics,
// what the import skipped and the index build did), in Romanian and English; spread into the corpus page's dictionaries
// (./i18nCorpus.ts).
import { CLEAN_REASONS, type CleanReason } from "../../contract/corpusPage";
import { CLEAN_REASON_HEADINGS } from "../../contract/dropReasons";
import type { Lang } from "../../contract/errors";

/**
 * The cleaning report's rows (`corpus.report.reason.<row>`), named in the contract's one table of the clean step's
 * reasons, which the server's messages read too.
 */
function reasonHeadings(lang: Lang) {
  return Object.fromEntries(
    CLEAN_REASONS.map((row) => [`corpus.report.reason.${row}`, CLEAN_REASON_HEADINGS[lang][row]]),
  ) as Record<`corpus.report.reason.${CleanReason}`, string>;
}

export const corpusReportRo = {
  "corpus.report.title": "Raportul curățării",
  "corpus.report.kept": "Păstrate: {kept} din {read} · eliminate: {dropped}",
  "corpus.report.corpus": "Tot corpusul importat, după curățare — păstrate: {kept} din {read}.",
  "corpus.report.reason": "Motiv",
  "corpus.report.count": "Înregistrări",
  "corpus.report.examples": "Exemple",
  "corpus.report.line": "rândul {line}",
  "corpus.report.repeats": "repetă {id}",
  "corpus.report.removedEarlier": "șters anterior: {id}",
  "corpus.report.removedTitled": "șters anterior: „{title}” ({id})",
  "corpus.report.language": "limba: {lang}",
  ...reasonHeadings("ro"),
  "corpus.report.clusters": "Aproape-duplicate, alături de textul păstrat",
  "corpus.report.clusterKept": "Păstrat: {id}",
  "corpus.report.clusterKeptIn": "Păstrat: {id} (din {collection})",
  "corpus.report.clusterDropped": "Eliminat: {id}",
  "corpus.report.diacritics": "Diacritice corectate (ş ţ cu sedilă → ș ț cu virgulă): {count}",
  "corpus.report.before": "Înainte",
  "corpus.report.after": "După",
  "corpus.report.changes": "Alte modificări",
  "corpus.report.change.html_tags": "etichete HTML eliminate",
  "corpus.report.change.html_entities": "entități HTML decodate",
  "corpus.report.change.nfc": "litere recompuse (NFC)",
  "corpus.report.change.cedilla": "ş ţ → ș ț",
  "corpus.report.change.invisible_chars": "caractere invizibile eliminate",
  "corpus.report.change.urls": "linkuri mutate în metadate",
  "corpus.report.change.mentions": "mențiuni @ mutate în metadate",
  "corpus.report.change.whitespace": "spații comprimate",
  "corpus.report.change.title": "titluri curățate",
  "corpus.report.change.id_renamed": "id-uri repetate redenumite",
  "corpus.report.change.defaults_filled": "câmpuri lipsă completate",
  "corpus.report.change.platform_known": "platforme cunoscute numite prin id-ul lor (news → stiri)",
  "corpus.report.import": "Citite {records} ({format}, {encoding}); sărite la import: {skipped}.",
  "corpus.report.skipped": "{reason}: {count} ({where})",
  "corpus.report.skippedOne": "{reason}: {count}",
  "corpus.report.atLine": "rândul {line}",
  "corpus.report.atLines": "rândurile {lines}",
  "corpus.report.skip.csv_malformed": "rând CSV invalid",
  "corpus.report.skip.json_malformed": "linie JSON invalidă",
  "corpus.report.skip.not_object": "element care nu e obiect",
  "corpus.report.skip.empty_text": "text gol",
  "corpus.report.index": "Index: {documents}, {chunks}; {added}, {changed}, {removed}; {embedded}, {reused}.",
  "corpus.report.indexUnchanged":
    "Corpusul curățat a ieșit la fel ca cel indexat: indexul nu a fost reconstruit.",
  "corpus.report.none": "Nicio înregistrare eliminată.",
  "corpus.report.ledgerUnreadableOne":
    "Atenție: un rând din registrul ștergerilor (corpus/removed.jsonl) nu poate fi citit (nu e JSON sau nu are forma unei intrări): curățarea l-a sărit, deci nu ține niciun text deoparte. A rămas în fișier; corectați-l sau ștergeți-l de mână.",
  "corpus.report.ledgerUnreadable":
    "Atenție: {lines} din registrul ștergerilor (corpus/removed.jsonl) nu pot fi citite (nu sunt JSON sau nu au forma unei intrări): curățarea le-a sărit, deci nu țin niciun text deoparte. Au rămas în fișier; corectați-le sau ștergeți-le de mână.",
  "corpus.report.undated":
    "{count}: data importului le ține doar locul, așa că nu apar în intervalul de date, în cronologie și nici la filtrele de dată.",
  "corpus.report.undatedOne":
    "{count}: data importului îi ține doar locul, așa că nu apare în intervalul de date, în cronologie și nici la filtrele de dată.",
};

export const corpusReportEn: Record<keyof typeof corpusReportRo, string> = {
  "corpus.report.title": "Cleaning report",
  "corpus.report.kept": "Kept: {kept} of {read} · dropped: {dropped}",
  "corpus.report.corpus": "The whole imported corpus, after cleaning — kept: {kept} of {read}.",
  "corpus.report.reason": "Reason",
  "corpus.report.count": "Records",
  "corpus.report.examples": "Examples",
  "corpus.report.line": "line {line}",
  "corpus.report.repeats": "repeats {id}",
  "corpus.report.removedEarlier": "removed earlier: {id}",
  "corpus.report.removedTitled": 'removed earlier: "{title}" ({id})',
  "corpus.report.language": "language: {lang}",
  ...reasonHeadings("en"),
  "corpus.report.clusters": "Near-duplicates, beside the text that was kept",
  "corpus.report.clusterKept": "Kept: {id}",
  "corpus.report.clusterKeptIn": "Kept: {id} (from {collection})",
  "corpus.report.clusterDropped": "Dropped: {id}",
  "corpus.report.diacritics": "Diacritics fixed (ş ţ with a cedilla → ș ț with a comma): {count}",
  "corpus.report.before": "Before",
  "corpus.report.after": "After",
  "corpus.report.changes": "Other changes",
  "corpus.report.change.html_tags": "HTML tags removed",
  "corpus.report.change.html_entities": "HTML entities decoded",
  "corpus.report.change.nfc": "letters recomposed (NFC)",
  "corpus.report.change.cedilla": "ş ţ → ș ț",
  "corpus.report.change.invisible_chars": "invisible characters removed",
  "corpus.report.change.urls": "links moved to metadata",
  "corpus.report.change.mentions": "@mentions moved to metadata",
  "corpus.report.change.whitespace": "spaces collapsed",
  "corpus.report.change.title": "titles cleaned",
  "corpus.report.change.id_renamed": "repeated ids renamed",
  "corpus.report.change.defaults_filled": "missing fields filled in",
  "corpus.report.change.platform_known": "known platforms given their id (news → stiri)",
  "corpus.report.import": "Read {records} ({format}, {encoding}); skipped at import: {skipped}.",
  "corpus.report.skipped": "{reason}: {count} ({where})",
  "corpus.report.skippedOne": "{reason}: {count}",
  "corpus.report.atLine": "line {line}",
  "corpus.report.atLines": "lines {lines}",
  "corpus.report.skip.csv_malformed": "malformed CSV row",
  "corpus.report.skip.json_malformed": "malformed JSON line",
  "corpus.report.skip.not_object": "not an object",
  "corpus.report.skip.empty_text": "empty text",
  "corpus.report.index": "Index: {documents}, {chunks}; {added}, {changed}, {removed}; {embedded}, {reused}.",
  "corpus.report.indexUnchanged":
    "The cleaned corpus came out the same as the indexed one: the index was not rebuilt.",
  "corpus.report.none": "No record was dropped.",
  "corpus.report.ledgerUnreadableOne":
    "Warning: a line of the removal ledger (corpus/removed.jsonl) cannot be read (not JSON, or not an entry's shape): the clean skipped it, so it keeps no text out. It is still in the file; fix or delete it by hand.",
  "corpus.report.ledgerUnreadable":
    "Warning: {lines} of the removal ledger (corpus/removed.jsonl) cannot be read (not JSON, or not an entry's shape): the clean skipped them, so they keep no text out. They are still in the file; fix or delete them by hand.",
  "corpus.report.undated":
    "{count}: the import day only stands in for their date, so they are left out of the date range, the timeline and date filters.",
  "corpus.report.undatedOne":
    "{count}: the import day only stands in for its date, so it is left out of the date range, the timeline and date filters.",
};
