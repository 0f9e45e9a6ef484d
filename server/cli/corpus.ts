// `npm run cli -- corpus restore <id> [--collection C]`: undoes what the removal ledger (<corpusDir>/removed.jsonl)
// keeps of a document deleted on the corpus page, so that the next clean keeps again the records (of any collection)
// that repeat its text. It first finishes a commit that a stopped server left half done (recoverTransactions), so that
// the commit's ledger cannot later be renamed over this change. The document itself left raw/ and cleaned/ with its removal: importing its file again (or
// putting its line back from removed/) brings it back; this command only stops the ledger keeping it out. Other entries
// that keep out the same text (copies deleted too, in its collection or another) stay, and the command names them.
import { DEFAULT_NEAR_DUP_THRESHOLD } from "../../corpus/pipeline/cleanTypes";
import { recoverTransactions } from "../../corpus/pipeline/corpusTransaction";
import {
  LEDGER_FILE,
  readLedger,
  restoreFromLedger,
  sameText,
  type LedgerEntry,
} from "../../corpus/pipeline/removalLedger";
import { agreeing, countWith } from "../../contract/plural";
import { corpusPaths, loadConfig } from "../config";
import { defineCommand, UsageError } from "./args";
import { waitForCorpusWriterOrStop } from "./corpusWriter";
import { say } from "./lang";

const USAGE = {
  ro: `npm run cli -- corpus restore ID [--collection C]

  restore  scoate documentul ID (șters pe pagina Corpus) din registrul ștergerilor (${LEDGER_FILE}): curățarea
           următoare păstrează din nou textele care îl repetă; cu --collection, doar intrarea din acea colecție`,
  en: `npm run cli -- corpus restore ID [--collection C]

  restore  takes the document ID (deleted on the Corpus page) out of the removal ledger (${LEDGER_FILE}): the next
           clean keeps again the texts that repeat it; with --collection, only the entry of that collection`,
};

const name = (e: LedgerEntry) => (e.title ? `„${e.title}” (${e.id})` : e.id);
const nameEn = (e: LedgerEntry) => (e.title ? `"${e.title}" (${e.id})` : e.id);
/** An entry that still keeps the text out: its id, its collection, and where it keeps it out. */
const keptBy = (e: LedgerEntry) =>
  `  ${e.id} (colecția „${e.collection}”${e.scope === "collection" ? ", doar în colecția ei" : ", în tot corpusul"})`;
const keptByEn = (e: LedgerEntry) =>
  `  ${e.id} (collection "${e.collection}"${e.scope === "collection" ? ", in its own collection only" : ", in the whole corpus"})`;

const TEXT = {
  ro: {
    summary: "Readuce un document șters de pe pagina Corpus: îl scoate din registrul ștergerilor",
    noAction: "lipsește acțiunea (restore)",
    unknownAction: (action: string) => `acțiune necunoscută „${action}”`,
    oneId: "restore primește un singur id",
    notFound: (id: string) => `Registrul ștergerilor (${LEDGER_FILE}) nu are documentul „${id}”.`,
    restored: (e: LedgerEntry) =>
      `Scos din registru: ${name(e)}, colecția „${e.collection}”, șters la ${e.removedAt}.`,
    stillKept: (others: readonly LedgerEntry[]) =>
      [
        `Atenție: ${countWith(others.length, ["altă intrare", "alte intrări"])} din registru ` +
          `${agreeing(others.length, ["are", "au"])} același text (sau aproape același) și îl lasă deoparte în ` +
          "continuare la curățare:",
        ...others.map(keptBy),
        `${agreeing(others.length, ["Scoateți-o și pe ea", "Scoateți-le și pe ele"])} dacă vreți textul înapoi: ` +
          "npm run cli -- corpus restore <id> --collection <colecție>.",
      ].join("\n"),
    next:
      "Curățarea următoare (npm run cli -- clean, sau următorul import de pe pagină) păstrează din nou " +
      "copiile textului aflate în raw/. Documentul însuși a ieșit din raw/ la ștergere: importați din nou fișierul lui " +
      "ca să-l readuceți (liniile lui sunt și în removed/).",
  },
  en: {
    summary: "Brings back a document deleted on the Corpus page: takes it out of the removal ledger",
    noAction: "the action is missing (restore)",
    unknownAction: (action: string) => `unknown action "${action}"`,
    oneId: "restore takes one id",
    notFound: (id: string) => `The removal ledger (${LEDGER_FILE}) has no document "${id}".`,
    restored: (e: LedgerEntry) =>
      `Taken out of the ledger: ${nameEn(e)}, collection "${e.collection}", removed at ${e.removedAt}.`,
    stillKept: (others: readonly LedgerEntry[]) =>
      [
        `Warning: ${countWith(others.length, ["other entry", "other entries"], "en")} of the ledger ` +
          `${agreeing(others.length, ["has", "have"], "en")} the same (or nearly the same) text and still ` +
          `${agreeing(others.length, ["leaves", "leave"], "en")} it out at cleaning:`,
        ...others.map(keptByEn),
        `Take ${agreeing(others.length, ["it", "them"], "en")} out too if you want the text back: ` +
          "npm run cli -- corpus restore <id> --collection <collection>.",
      ].join("\n"),
    next:
      "The next clean (npm run cli -- clean, or the next import on the page) keeps again the copies of " +
      "the text still in raw/. The document itself left raw/ when it was deleted: import its file again to bring it " +
      "back (its lines are also in removed/).",
  },
};

export const command = defineCommand({
  name: "corpus",
  summary: { ro: TEXT.ro.summary, en: TEXT.en.summary },
  usage: USAGE,
  positionals: true,
  options: { collection: { type: "string" } },
  async run({ values, positionals }) {
    const t = say(TEXT);
    const [action, ...ids] = positionals;
    if (!action) throw new UsageError(t.noAction);
    if (action !== "restore") throw new UsageError(t.unknownAction(action));
    if (ids.length !== 1) throw new UsageError(t.oneId);
    const id = ids[0]!;
    const paths = corpusPaths(loadConfig());
    const controller = new AbortController();
    const onInterrupt = () => controller.abort();
    process.once("SIGINT", onInterrupt);
    try {
      const release = await waitForCorpusWriterOrStop(paths.root, controller.signal);
      if (!release) return 130;
      try {
        await recoverTransactions(paths.root);
        const restored = await restoreFromLedger(paths.root, id, values.collection);
        if (restored.length === 0) {
          console.error(t.notFound(id));
          return 1;
        }
        for (const entry of restored) console.log(t.restored(entry));
        const others = await sameTextEntries(paths.root, restored);
        if (others.length > 0) console.error(t.stillKept(others));
        console.log(t.next);
        return 0;
      } finally {
        await release();
      }
    } finally {
      process.off("SIGINT", onInterrupt);
    }
  },
});

/**
 * The entries left in the ledger that keep out the text of one of `restored` (the clean's default near-duplicate
 * threshold): another deletion of a copy, in the same collection or another.
 */
async function sameTextEntries(corpusDir: string, restored: readonly LedgerEntry[]): Promise<LedgerEntry[]> {
  // An entry kept to its own collection keeps the text out of that collection only.
  return (await readLedger(corpusDir)).filter((entry) =>
    restored.some(
      (r) =>
        sameText(entry, r, DEFAULT_NEAR_DUP_THRESHOLD) &&
        (entry.scope !== "collection" || entry.collection === r.collection),
    ),
  );
}
