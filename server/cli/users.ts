// `users add|list|remove|reset`: the accounts of AUTH=users (and the named logins beside the code of AUTH=code), in
// DATA_DIR's database. Passwords never go on the command line (shell history): one is generated and printed once,
// or read from standard input with --password-stdin. `reset` and `remove` end the account's sessions.
import path from "node:path";
import Table from "cli-table3";
import { isValidAccountName } from "../../contract/accounts";
import { ROLES, type Role } from "../../contract/auth";
import { generatePassword, hashPassword } from "../auth/passwords";
import { SqliteAuthStore } from "../auth/sqliteStore";
import type { AuthStore } from "../auth/store";
import { loadConfig, type Config } from "../config";
import { createLogger } from "../log";
import { openStores } from "../storage/open";
import { defineCommand, UsageError } from "./args";
import { say } from "./lang";

const USAGE_RO = `npm run cli -- users add NUME [NUME...] [--role member|admin|guest] [--password-stdin] [--json]
npm run cli -- users list [--json]
npm run cli -- users remove NUME
npm run cli -- users reset NUME [--role ROL] [--password-stdin] [--json]

  --json  un rând JSON în loc de tabel: pentru add/reset, [{"username", "role", "password"}] (de pus într-o
          îmbinare de corespondență sau pe fișe pentru clasă)

  add    creează conturi (rol implicit: member); parola fiecăruia este generată și afișată o singură dată,
         sau citită de la intrarea standard cu --password-stdin (un singur nume)
  reset  parolă nouă (și, opțional, alt rol); sesiunile contului se închid
  remove șterge contul și îi închide sesiunile (datele lui rămân, vizibile administratorilor)`;

const USAGE_EN = `npm run cli -- users add NAME [NAME...] [--role member|admin|guest] [--password-stdin] [--json]
npm run cli -- users list [--json]
npm run cli -- users remove NAME
npm run cli -- users reset NAME [--role ROLE] [--password-stdin] [--json]

  --json  one JSON line instead of a table: for add/reset, [{"username", "role", "password"}] (for a mail merge
          or a class's handouts)

  add    creates accounts (default role: member); each one's password is generated and shown once,
         or read from the standard input with --password-stdin (one name only)
  reset  a new password (and, optionally, another role); the account's sessions end
  remove deletes the account and ends its sessions (its data stays, visible to admins)`;

const TEXT = {
  ro: {
    role: (roles: string, got: string) => `--role este unul din ${roles} (primit „${got}”)`,
    shortPassword: (min: number) => `parola citită de la intrarea standard are sub ${min} caractere`,
    unknownAction: (action: string) => `acțiune necunoscută „${action}”`,
    noAction: "lipsește acțiunea (add, list, remove, reset)",
    noName: "lipsește numele contului",
    oneName: (action: string) => `${action} primește un singur nume`,
    stdinOneName: "--password-stdin merge cu un singur nume",
    badName: (name: string) => `numele „${name}” are 2–40 litere, cifre, „.”, „_” sau „-”`,
    listHead: ["cont", "rol", "creat"],
    none: "Niciun cont.",
    removed: (name: string) => `Contul „${name}” a fost șters.\n`,
    missing: (name: string) => `Contul „${name}” nu există.\n`,
    exists: (name: string) => `Contul „${name}” există deja.\n`,
    createdHead: ["cont", "rol", "parolă"],
    fromStdin: "(de la intrarea standard)",
    authMode: (mode: string) =>
      `Atenție: AUTH=${mode}; conturile se folosesc cu AUTH=users (sau AUTH=code).\n`,
    summary: "Conturile pentru AUTH=users: add, list, remove, reset.",
  },
  en: {
    role: (roles: string, got: string) => `--role is one of ${roles} (got "${got}")`,
    shortPassword: (min: number) =>
      `the password read from the standard input is shorter than ${min} characters`,
    unknownAction: (action: string) => `unknown action "${action}"`,
    noAction: "the action is missing (add, list, remove, reset)",
    noName: "the account's name is missing",
    oneName: (action: string) => `${action} takes one name only`,
    stdinOneName: "--password-stdin goes with one name only",
    badName: (name: string) => `the name "${name}" has 2–40 letters, digits, ".", "_" or "-"`,
    listHead: ["account", "role", "created"],
    none: "No account.",
    removed: (name: string) => `The account "${name}" was deleted.\n`,
    missing: (name: string) => `The account "${name}" does not exist.\n`,
    exists: (name: string) => `The account "${name}" already exists.\n`,
    createdHead: ["account", "role", "password"],
    fromStdin: "(from the standard input)",
    authMode: (mode: string) => `Warning: AUTH=${mode}; accounts are used with AUTH=users (or AUTH=code).\n`,
    summary: "The accounts for AUTH=users: add, list, remove, reset.",
  },
};

const MIN_PASSWORD = 8;

function roleFlag(value: string | undefined): Role | undefined {
  if (value === undefined) return undefined;
  if (!(ROLES as readonly string[]).includes(value)) {
    throw new UsageError(say(TEXT).role(ROLES.join(", "), value));
  }
  return value as Role;
}

async function readStdinPassword(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
  if (password.length < MIN_PASSWORD) {
    throw new UsageError(say(TEXT).shortPassword(MIN_PASSWORD));
  }
  return password;
}

export const command = defineCommand({
  name: "users",
  summary: { ro: TEXT.ro.summary, en: TEXT.en.summary },
  usage: { ro: USAGE_RO, en: USAGE_EN },
  positionals: true,
  options: {
    role: { type: "string" },
    "password-stdin": { type: "boolean" },
    json: { type: "boolean" },
  },
  async run({ values, positionals }) {
    const [action, ...names] = positionals;
    const t = say(TEXT);
    const role = roleFlag(values.role);
    const fromStdin = values["password-stdin"] === true;
    if (!action || !["add", "list", "remove", "reset"].includes(action)) {
      throw new UsageError(action ? t.unknownAction(action) : t.noAction);
    }
    if (action !== "list" && names.length === 0) throw new UsageError(t.noName);
    if ((action === "remove" || action === "reset") && names.length > 1) {
      throw new UsageError(t.oneName(action));
    }
    if (fromStdin && names.length > 1) throw new UsageError(t.stdinOneName);
    for (const name of names) {
      if (!isValidAccountName(name)) throw new UsageError(t.badName(name));
    }

    const config = loadConfig();
    const { store, close } = await openAccounts(config);
    try {
      if (action === "list") {
        const users = await store.listUsers();
        if (values.json) {
          const rows = users.map(({ username, role: r, createdAt }) => ({ username, role: r, createdAt }));
          process.stdout.write(JSON.stringify(rows) + "\n");
        } else {
          const table = new Table({ head: t.listHead });
          for (const u of users) table.push([u.username, u.role, u.createdAt.slice(0, 16).replace("T", " ")]);
          process.stdout.write(`${users.length ? table.toString() : t.none}\n`);
        }
        return 0;
      }
      if (action === "remove") {
        const removed = await store.removeUser(names[0]!);
        process.stderr.write(removed ? t.removed(names[0]!) : t.missing(names[0]!));
        return removed ? 0 : 1;
      }
      const given = fromStdin ? await readStdinPassword() : undefined;
      const created = new Table({ head: t.createdHead });
      const createdRows: { username: string; role: Role; password: string | null }[] = [];
      let failed = 0;
      // scrypt runs in libuv's thread pool: a class's passwords are hashed side by side, not one after another.
      const passwords = names.map(() => given ?? generatePassword());
      const hashes = await Promise.all(passwords.map((password) => hashPassword(password)));
      for (const [i, name] of names.entries()) {
        const password = passwords[i]!;
        const passwordHash = hashes[i]!;
        const user =
          action === "add"
            ? await store.addUser({ username: name, role: role ?? "member", passwordHash })
            : await store.updateUser(name, { passwordHash, role });
        if (!user) {
          failed++;
          process.stderr.write(action === "add" ? t.exists(name) : t.missing(name));
          continue;
        }
        created.push([user.username, user.role, given ? t.fromStdin : password]);
        createdRows.push({ username: user.username, role: user.role, password: given ? null : password });
      }
      if (created.length > 0) {
        process.stdout.write(values.json ? `${JSON.stringify(createdRows)}\n` : `${created.toString()}\n`);
        if (config.AUTH !== "users") {
          process.stderr.write(t.authMode(config.AUTH));
        }
      }
      return failed > 0 ? 1 : 0;
    } finally {
      await close();
    }
  },
});

/** The accounts the server reads: in PostgreSQL with DATABASE_URL (every instance's), the DATA_DIR file otherwise. */
async function openAccounts(config: Config): Promise<{ store: AuthStore; close(): Promise<void> }> {
  if (!config.DATABASE_URL) {
    const store = new SqliteAuthStore(path.join(path.resolve(config.DATA_DIR), "echochamber.db"));
    return { store, close: () => store.close() };
  }
  const stores = await openStores(config, createLogger({ ...config, LOG_LEVEL: "warn" }), { role: "cli" });
  if (!stores.auth) throw new Error("the PostgreSQL stores opened without accounts");
  return { store: stores.auth, close: () => stores.close() };
}
