// `--write-config` edits .env line by line: the three keys change, every other line and comment stays.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { describeChanges, updateEnvText, writeEnvFile } from "../../server/compare/writeConfig";

const VALUES = {
  MODEL_PRIMARY: "google-genai:gemini-2.5-flash",
  MODEL_FALLBACK: "ollama:qwen2.5:3b",
  TEMPERATURE: "0",
};
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("updateEnvText", () => {
  it("rewrites the keys in place and keeps comments, blank lines and other keys", () => {
    const before = [
      "# Modele",
      "MODEL_PRIMARY=offline:extractive",
      "",
      "# rezerve, separate prin virgulă",
      "MODEL_FALLBACK=",
      "TEMPERATURE=0.2",
      "GOOGLE_API_KEY=cheie-secreta",
      "",
    ].join("\n");
    const { text, changes } = updateEnvText(before, VALUES);
    expect(text).toBe(
      [
        "# Modele",
        "MODEL_PRIMARY=google-genai:gemini-2.5-flash",
        "",
        "# rezerve, separate prin virgulă",
        "MODEL_FALLBACK=ollama:qwen2.5:3b",
        "TEMPERATURE=0",
        "GOOGLE_API_KEY=cheie-secreta",
        "",
      ].join("\n"),
    );
    expect(changes).toEqual([
      { key: "MODEL_PRIMARY", before: "offline:extractive", after: "google-genai:gemini-2.5-flash" },
      { key: "MODEL_FALLBACK", before: "", after: "ollama:qwen2.5:3b" },
      { key: "TEMPERATURE", before: "0.2", after: "0" },
    ]);
  });

  it("keeps `export`, spacing and inline comments, and rewrites every duplicate", () => {
    const { text } = updateEnvText(
      'export MODEL_PRIMARY = "offline:extractive" # implicit\nTEMPERATURE=0.2\nTEMPERATURE=0.9\n',
      { MODEL_PRIMARY: "openai:gpt-4o-mini", TEMPERATURE: "0.7" },
    );
    expect(text).toBe(
      "export MODEL_PRIMARY = openai:gpt-4o-mini # implicit\nTEMPERATURE=0.7\nTEMPERATURE=0.7\n",
    );
  });

  it("appends missing keys after a note, and keeps Windows line ends", () => {
    const { text, changes } = updateEnvText("PORT=8000\r\nMODEL_PRIMARY=x\r\n", VALUES, "Scris de compare");
    expect(text).toBe(
      "PORT=8000\r\nMODEL_PRIMARY=google-genai:gemini-2.5-flash\r\n\r\n# Scris de compare\r\nMODEL_FALLBACK=ollama:qwen2.5:3b\r\nTEMPERATURE=0\r\n",
    );
    expect(changes.find((c) => c.key === "TEMPERATURE")?.before).toBeNull();
  });

  it("describes the change as before → after", () => {
    expect(
      describeChanges([
        { key: "MODEL_PRIMARY", before: "offline:extractive", after: "openai:gpt-4o-mini" },
        { key: "MODEL_FALLBACK", before: null, after: "" },
        { key: "TEMPERATURE", before: "0", after: "0" },
      ]),
    ).toEqual([
      "  MODEL_PRIMARY: offline:extractive → openai:gpt-4o-mini",
      "  MODEL_FALLBACK: (lipsea) → (gol)",
      "  TEMPERATURE: 0 → 0 (neschimbat)",
    ]);
  });
});

describe("writeEnvFile", () => {
  it("creates the file when it is missing and updates it in place when it exists", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-env-"));
    dirs.push(dir);
    const file = path.join(dir, ".env");
    expect(writeEnvFile(file, VALUES, "notă").created).toBe(true);
    expect(readFileSync(file, "utf8")).toBe(
      "# notă\nMODEL_PRIMARY=google-genai:gemini-2.5-flash\nMODEL_FALLBACK=ollama:qwen2.5:3b\nTEMPERATURE=0\n",
    );
    writeFileSync(file, "# cheia mea\nOPENAI_API_KEY=sk-1\nTEMPERATURE=1\n");
    const second = writeEnvFile(file, { TEMPERATURE: "0.7" });
    expect(second.created).toBe(false);
    expect(readFileSync(file, "utf8")).toBe("# cheia mea\nOPENAI_API_KEY=sk-1\nTEMPERATURE=0.7\n");
  });
});
