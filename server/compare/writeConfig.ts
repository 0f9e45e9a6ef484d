// `--write-config`: puts the recommended MODEL_PRIMARY, MODEL_FALLBACK and TEMPERATURE into .env, line by line, so
// that every other line, comment and blank line stays where it was; keys that are missing are appended.
import type { Lang } from "../../contract/errors";
import { existsSync, readFileSync } from "node:fs";
import { writeFileAtomicSync } from "../../corpus/pipeline/atomicFile";

export interface ConfigChange {
  key: string;
  /** null when the key was not in the file. */
  before: string | null;
  after: string;
}

export interface EnvUpdate {
  text: string;
  changes: ConfigChange[];
}

const ASSIGNMENT = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_]*)(\s*=\s*)(.*)$/;

/** The value of a dotenv line's right-hand side: quotes removed, an inline ` # comment` left out. */
function valueOf(raw: string): { value: string; comment: string } {
  const trimmed = raw.trim();
  if (trimmed.startsWith("#")) return { value: "", comment: ` ${trimmed}` };
  const quoted = /^(["'])(.*?)\1(\s+#.*)?$/.exec(trimmed);
  if (quoted) return { value: quoted[2] ?? "", comment: quoted[3] ?? "" };
  const hash = trimmed.search(/\s+#/);
  return hash >= 0
    ? { value: trimmed.slice(0, hash).trim(), comment: trimmed.slice(hash) }
    : { value: trimmed, comment: "" };
}

/**
 * Sets keys in dotenv text. Every assignment of a key is rewritten (its `export`, spacing and inline comment kept),
 * so a duplicate line cannot override the new value; "before" is the last one, the value a loader ends up with.
 * Missing keys are appended after a comment saying where they came from.
 */
export function updateEnvText(text: string, values: Record<string, string>, note?: string): EnvUpdate {
  const newline = text.includes("\r\n") ? "\r\n" : "\n";
  const lines = text === "" ? [] : text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  const before = new Map<string, string>();
  for (let i = 0; i < lines.length; i++) {
    const match = ASSIGNMENT.exec(lines[i]!);
    if (!match) continue;
    const [, prefix = "", key = "", equals = "=", raw = ""] = match;
    if (!(key in values)) continue;
    const { value, comment } = valueOf(raw);
    before.set(key, value);
    lines[i] = `${prefix}${key}${equals}${values[key]}${comment}`;
  }
  const changes: ConfigChange[] = Object.keys(values)
    .filter((key) => before.has(key))
    .map((key) => ({ key, before: before.get(key)!, after: values[key]! }));
  const missing = Object.keys(values).filter((k) => !before.has(k));
  if (missing.length) {
    if (lines.length && lines[lines.length - 1]!.trim() !== "") lines.push("");
    if (note) lines.push(`# ${note}`);
    for (const key of missing) {
      lines.push(`${key}=${values[key]}`);
      changes.push({ key, before: null, after: values[key]! });
    }
  }
  return { text: lines.join(newline) + newline, changes };
}

/** Reads (or starts) the .env file, updates the keys and writes it back atomically. */
export function writeEnvFile(
  file: string,
  values: Record<string, string>,
  note?: string,
): EnvUpdate & { created: boolean } {
  const created = !existsSync(file);
  const text = created ? "" : readFileSync(file, "utf8");
  const update = updateEnvText(text, values, note);
  writeFileAtomicSync(file, update.text);
  return { ...update, created };
}

const CHANGE_WORDS: Record<Lang, { missing: string; empty: string; unchanged: string }> = {
  ro: { missing: "(lipsea)", empty: "(gol)", unchanged: " (neschimbat)" },
  en: { missing: "(missing)", empty: "(empty)", unchanged: " (unchanged)" },
};

/** "KEY: before → after" lines, Romanian (or English), for the terminal. */
export function describeChanges(changes: ConfigChange[], lang: Lang = "ro"): string[] {
  const w = CHANGE_WORDS[lang];
  return changes.map((c) => {
    const before = c.before === null ? w.missing : c.before === "" ? w.empty : c.before;
    const after = c.after === "" ? w.empty : c.after;
    return `  ${c.key}: ${before} → ${after}${c.before === c.after ? w.unchanged : ""}`;
  });
}
