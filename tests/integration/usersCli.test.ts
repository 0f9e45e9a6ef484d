// `npm run cli -- users ...` in-process against a DATA_DIR of its own: accounts created with a generated password
// that then logs in, listed, given a new role and password (which ends their sessions), and removed.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { verifyPassword } from "../../server/auth/passwords";
import { SqliteAuthStore } from "../../server/auth/sqliteStore";
import { command } from "../../server/cli/users";

let dir: string;
let out: string;
let err: string;

async function cli(...args: string[]): Promise<number> {
  out = "";
  err = "";
  const stdout = vi
    .spyOn(process.stdout, "write")
    .mockImplementation((chunk) => ((out += String(chunk)), true));
  const stderr = vi
    .spyOn(process.stderr, "write")
    .mockImplementation((chunk) => ((err += String(chunk)), true));
  const log = vi.spyOn(console, "error").mockImplementation((line) => void (err += `${String(line)}\n`));
  try {
    return await command.run(args);
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    log.mockRestore();
  }
}

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-users-"));
  vi.stubEnv("DATA_DIR", path.join(dir, "data"));
  vi.stubEnv("AUTH", "users");
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

describe("users CLI", () => {
  it("adds accounts with generated passwords that work, lists, resets and removes them", async () => {
    expect(await cli("add", "ana", "ion")).toBe(0);
    const generated = Object.fromEntries(
      [...out.matchAll(/(ana|ion)\s*\S*\s*member\s*\S*\s*([A-Za-z0-9]{14})/g)].map((m) => [m[1], m[2]]),
    );
    expect(Object.keys(generated).sort()).toEqual(["ana", "ion"]);

    const store = new SqliteAuthStore(path.join(dir, "data", "echochamber.db"));
    const ana = await store.findUser("ana");
    expect(await verifyPassword(generated.ana!, ana!.passwordHash)).toBe(true);
    await store.setSession("s1", ana!.id, { data: "{}", expiresAt: Date.now() + 60_000 });

    expect(await cli("add", "ana")).toBe(1);
    expect(err).toMatch(/există deja/);

    expect(await cli("list", "--json")).toBe(0);
    expect(JSON.parse(out)).toEqual([
      expect.objectContaining({ username: "ana", role: "member" }),
      expect.objectContaining({ username: "ion", role: "member" }),
    ]);

    expect(await cli("reset", "ana", "--role", "admin")).toBe(0);
    const reset = await store.findUser("ana");
    expect(reset?.role).toBe("admin");
    expect(await verifyPassword(generated.ana!, reset!.passwordHash)).toBe(false);
    expect(await store.getSession("s1")).toBeNull();

    expect(await cli("remove", "ion")).toBe(0);
    expect(await store.findUser("ion")).toBeNull();
    expect(await cli("remove", "ion")).toBe(1);
    await store.close();
  }, 60_000);

  it("adds a class with --json: one line of accounts with their passwords, each of which works", async () => {
    const names = ["elev01", "elev02", "elev03"];
    expect(await cli("add", ...names, "--json")).toBe(0);
    const rows = JSON.parse(out) as { username: string; role: string; password: string }[];
    expect(rows.map((r) => [r.username, r.role])).toEqual(names.map((n) => [n, "member"]));
    const store = new SqliteAuthStore(path.join(dir, "data", "echochamber.db"));
    for (const row of rows) {
      expect(row.password).toMatch(/^[A-Za-z0-9]{14}$/);
      expect(await verifyPassword(row.password, (await store.findUser(row.username))!.passwordHash)).toBe(
        true,
      );
    }
    await store.close();
  }, 60_000);

  it("refuses a bad name, a bad role or a missing action with the usage (exit code 2)", async () => {
    expect(await cli("add", "a b")).toBe(2);
    expect(err).toMatch(/numele „a b”/);
    expect(await cli("add", "maria", "--role", "rege")).toBe(2);
    expect(err).toMatch(/--role este unul din guest, member, admin/);
    expect(await cli()).toBe(2);
    expect(err).toMatch(/lipsește acțiunea/);
  });
});
