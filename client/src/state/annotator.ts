// The person reviewing (a name for now; accounts come with issue #16) and their blind-mode choice, remembered
// in localStorage so that a reload keeps who is working. No React.
import { AnnotatorSchema } from "../../../contract/workbench";

const NAME_KEY = "echochamber.annotator";
const BLIND_KEY = "echochamber.review.blind";
const RECENT_KEY = "echochamber.annotators";
/** Names offered in the name field's suggestions (several people can share one browser in a class). */
export const RECENT_NAMES = 8;

type Reader = Pick<Storage, "getItem"> | undefined;
type Writer = Pick<Storage, "setItem"> | undefined;

/** The remembered name, if it is still a valid one. */
export function loadAnnotator(storage: Reader): string {
  const parsed = AnnotatorSchema.safeParse(storage?.getItem(NAME_KEY) ?? "");
  return parsed.success ? parsed.data : "";
}

/** Blind unless the person turned it off: it is the setting that keeps agreement figures honest. */
export function loadBlind(storage: Reader): boolean {
  return storage?.getItem(BLIND_KEY) !== "off";
}

function remember(storage: Writer, key: string, value: string): void {
  try {
    storage?.setItem(key, value);
  } catch (err) {
    // A full or blocked storage only costs the preference.
    console.warn("could not remember", key, err);
  }
}

export function saveAnnotator(name: string, storage: Writer): void {
  remember(storage, NAME_KEY, name.trim());
}

export function saveBlind(blind: boolean, storage: Writer): void {
  remember(storage, BLIND_KEY, blind ? "on" : "off");
}

/** A name the server accepts (1–100 characters once trimmed), or an empty string. */
export function validAnnotator(name: string): string {
  const parsed = AnnotatorSchema.safeParse(name);
  return parsed.success ? parsed.data : "";
}

/** The names used in this browser, most recent first. */
export function loadRecentNames(storage: Reader): string[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(RECENT_KEY) ?? "[]");
    return Array.isArray(parsed)
      ? parsed
          .filter((n): n is string => typeof n === "string" && validAnnotator(n) !== "")
          .slice(0, RECENT_NAMES)
      : [];
  } catch (err) {
    console.warn("unreadable list of names", err);
    return [];
  }
}

/** Puts a name first in the remembered list (invalid names are not kept); returns the new list. */
export function rememberName(name: string, storage: (Reader & Writer) | Storage | undefined): string[] {
  const valid = validAnnotator(name);
  const names = loadRecentNames(storage);
  if (!valid) return names;
  const next = [valid, ...names.filter((n) => n !== valid)].slice(0, RECENT_NAMES);
  remember(storage, RECENT_KEY, JSON.stringify(next));
  return next;
}
