// A data set's annotation guidelines on the page, without React: which version of them a person has seen (remembered
// per browser, per account (or this browser alone) and data set, as the guidelines' updatedAt), whether the labelling panel opens by itself
// (the first time that person labels the data set, and again once the guidelines changed since), and what the
// owner's editor may send.
import { GUIDELINES_MAX_CHARS, guidelinesText, type DatasetGuidelines } from "../../../contract/workbench";

type Reader = Pick<Storage, "getItem"> | undefined;
type Writer = Pick<Storage, "setItem"> | undefined;

const SEEN_PREFIX = "echochamber.guidelines.seen";

/** The storage key of what one person has seen of one data set's guidelines. */
export function seenKey(datasetId: string, person: string): string {
  return `${SEEN_PREFIX}:${datasetId}:${person.trim().toLowerCase()}`;
}

/** The updatedAt of the guidelines this person last had open for this data set, or null if never. */
export function loadSeen(storage: Reader, datasetId: string, person: string): string | null {
  try {
    return storage?.getItem(seenKey(datasetId, person)) ?? null;
  } catch {
    // A blocked storage: as if never seen, so the panel opens (the safe side).
    return null;
  }
}

export function markSeen(storage: Writer, datasetId: string, person: string, updatedAt: string): void {
  try {
    storage?.setItem(seenKey(datasetId, person), updatedAt);
  } catch (err) {
    // A full or blocked storage only costs the memory: the panel opens again next time.
    console.warn("could not remember the guidelines seen", err);
  }
}

/** How the panel starts for this person: closed without guidelines; open if never seen or changed since. */
export type GuidelinesStart = "none" | "first" | "changed" | "seen";

export function guidelinesStart(
  guidelines: DatasetGuidelines | null | undefined,
  seen: string | null,
): GuidelinesStart {
  if (!guidelines) return "none";
  if (seen === null) return "first";
  return seen === guidelines.updatedAt ? "seen" : "changed";
}

/** Whether the panel opens by itself. */
export function opensByItself(start: GuidelinesStart): boolean {
  return start === "first" || start === "changed";
}

/** What the owner's editor says about its draft: the characters that will be kept, and whether the server takes it. */
export function draftCheck(draft: string): { chars: number; tooLong: boolean; clears: boolean } {
  const text = guidelinesText(draft);
  const chars = text?.length ?? 0;
  return { chars, tooLong: chars > GUIDELINES_MAX_CHARS, clears: text === null };
}

/** Whether the draft differs from what is stored (both trimmed: spaces around do not count). */
export function draftChanged(draft: string, stored: DatasetGuidelines | null | undefined): boolean {
  return guidelinesText(draft) !== (stored?.text ?? null);
}
