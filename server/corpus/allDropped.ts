// A collection whose every record the clean step dropped (most often a wrong Text column: "platform" or "date" give
// texts too short to keep), said as what it is, with the reasons counted, in both languages: the page's import fails
// with it (nothing committed), and the command line's `clean` warns with the same counts.
import { AppError, type Lang } from "../../contract/errors";
import { countWith } from "../../contract/plural";
import { DROP_REASON_LABELS, DROP_REASONS, type DropReason } from "../../contract/dropReasons";
import type { CleanFileReport, CleanReport } from "../../corpus/pipeline/clean";

/** The files of a clean report that read records and kept none of them. */
export function emptiedFiles(report: CleanReport): CleanFileReport[] {
  return report.files.filter((f) => f.read > 0 && f.kept === 0);
}

/** "text prea scurt: 4, duplicat exact: 2", the largest first. */
export function dropReasons(file: Pick<CleanFileReport, "droppedBy">, lang: Lang): string {
  return DROP_REASONS.filter((r) => file.droppedBy[r] > 0)
    .sort((a, b) => file.droppedBy[b] - file.droppedBy[a])
    .map((r) => `${DROP_REASON_LABELS[lang][r]}: ${file.droppedBy[r]}`)
    .join(", ");
}

/** "toate cele 4 înregistrări", "singura înregistrare"; "all 4 records", "the only record". */
export function allRecords(n: number, lang: Lang): string {
  if (lang === "en") return n === 1 ? "the only record" : `all ${countWith(n, ["record", "records"], "en")}`;
  return n === 1 ? "singura înregistrare" : `toate cele ${countWith(n, ["înregistrare", "înregistrări"])}`;
}

const DUPLICATES: readonly DropReason[] = ["exact_duplicate", "near_duplicate"];

/**
 * The page's failure for an import that kept nothing: the counts, and where to look (the Text column it was read
 * from; the corpus, when every record repeats one already there; the removal ledger, when some repeat a document
 * deleted from the collection and the rest are duplicates).
 */
export function allDroppedError(
  file: Pick<CleanFileReport, "read" | "droppedBy">,
  fileName: string,
  textColumn: string | undefined,
): AppError {
  const onlyDuplicates = DROP_REASONS.every((r) => DUPLICATES.includes(r) || file.droppedBy[r] === 0);
  const onlyRemovedOrDuplicates = DROP_REASONS.every(
    (r) => r === "removed" || DUPLICATES.includes(r) || file.droppedBy[r] === 0,
  );
  const hint = onlyDuplicates
    ? {
        hint: "Textele lor sunt deja în corpus.",
        hintEn: "Their texts are already in the corpus.",
      }
    : onlyRemovedOrDuplicates
      ? {
          hint:
            "Textele lor au fost șterse din corpus mai devreme (sau sunt deja în corpus). " +
            "Ca să readuceți un text șters: „Documente șterse” pe pagina Corpus (sau npm run cli -- corpus restore <id>, apoi importați din nou).",
          hintEn:
            "Their texts were deleted from the corpus earlier (or are already in the corpus). " +
            'To bring a deleted text back: "Deleted documents" on the Corpus page (or npm run cli -- corpus restore <id>, then import again).',
        }
      : textColumn !== undefined
        ? {
            hint: `Textul a fost citit din coloana „${textColumn}”: verificați ce coloană este Text.`,
            hintEn: `The text was read from the column "${textColumn}": check which column is Text.`,
          }
        : { hint: "Verificați ce conține fișierul.", hintEn: "Check what the file holds." };
  return new AppError("corpus:all_dropped", {
    file: fileName,
    records: allRecords(file.read, "ro"),
    recordsEn: allRecords(file.read, "en"),
    reasons: dropReasons(file, "ro"),
    reasonsEn: dropReasons(file, "en"),
    ...hint,
  });
}
