// The README's configuration table and .env.example name every variable the server reads: a variable added to
// server/config.ts without its line in both fails here.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CONFIG_KEYS } from "../../server/config";

const root = path.resolve(__dirname, "../..");
const readme = readFileSync(path.join(root, "README.md"), "utf8");
const example = readFileSync(path.join(root, ".env.example"), "utf8");

describe("the configuration's documentation", () => {
  it("reads dozens of variables (the list is the schema's, not empty)", () => {
    expect(CONFIG_KEYS.length).toBeGreaterThan(40);
    expect(CONFIG_KEYS).toContain("REDIS_SOCKET_EVENTS");
  });

  it("lists every variable in the README and in .env.example", () => {
    expect(CONFIG_KEYS.filter((key) => !readme.includes(`\`${key}\``))).toEqual([]);
    expect(CONFIG_KEYS.filter((key) => !new RegExp(`^(# ?)?${key}=`, "m").test(example))).toEqual([]);
  });
});
