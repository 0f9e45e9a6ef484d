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

const USAGE = `npm run cli -- users add NUME [NUME...] [--role member|admin|guest] [--password-stdin] [--json]
npm run cli -- users list [--json]
npm run cli -- users remove NUME
npm run cli -- users reset NUME [--role ROL] [--password-stdin] [--json]

  --json  un rând JSON în loc de tabel: pentru add/reset, [{"username", "role", "password"}] (de pus într-o
          îmbinare de corespondență sau pe fișe pentru clasă)

  add    creează conturi (rol implicit: member); parola fiecăruia este generată și afișată o singură dată,
         sau citită de la intrarea standard cu --password-stdin (un singur nume)
  reset  parolă nouă (și, opțional, alt rol); sesiunile contului se închid
  remove șterge contul și îi închide sesiunile (datele lui rămân, vizibile administratorilor)`;

const MIN_PASSWORD = 8;

function roleFlag(value: string | undefined): Role | undefined {
  if (value === undefined) return undefined;
  if (!(ROLES as readonly string[]).includes(value)) {
    throw new UsageError(`--role este unul din ${ROLES.join(", ")} (primit „${value}”)`);
  }
  return value as Role;
}

async function readStdinPassword(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
  if (password.length < MIN_PASSWORD) {
    throw new UsageError(`parola citită de la intrarea standard are sub ${MIN_PASSWORD} caractere`);
  }
  return password;
}

export const command = defineCommand({
  name: "users",
  summary: "Conturile pentru AUTH=users: add, list, remove, reset.",
  usage: USAGE,
  positionals: true,
  options: {
    role: { type: "string" },
    "password-stdin": { type: "boolean" },
    json: { type: "boolean" },
  },
  async run({ values, positionals }) {
    const [action, ...names] = positionals;
    const role = roleFlag(values.role);
    const fromStdin = values["password-stdin"] === true;
    if (!action || !["add", "list", "remove", "reset"].includes(action)) {
      throw new UsageError(
        action ? `acțiune necunoscută „${action}”` : "lipsește acțiunea (add, list, remove, reset)",
      );
    }
    if (action !== "list" && names.length === 0) throw new UsageError("lipsește numele contului");
    if ((action === "remove" || action === "reset") && names.length > 1) {
      throw new UsageError(`${action} primește un singur nume`);
    }
    if (fromStdin && names.length > 1) throw new UsageError("--password-stdin merge cu un singur nume");
    for (const name of names) {
      if (!isValidAccountName(name)) {
        throw new UsageError(`numele „${name}” are 2–40 litere, cifre, „.”, „_” sau „-”`);
      }
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
          const table = new Table({ head: ["cont", "rol", "creat"] });
          for (const u of users) table.push([u.username, u.role, u.createdAt.slice(0, 16).replace("T", " ")]);
          process.stdout.write(`${users.length ? table.toString() : "Niciun cont."}\n`);
        }
        return 0;
      }
      if (action === "remove") {
        const removed = await store.removeUser(names[0]!);
        process.stderr.write(
          removed ? `Contul „${names[0]}” a fost șters.\n` : `Contul „${names[0]}” nu există.\n`,
        );
        return removed ? 0 : 1;
      }
      const given = fromStdin ? await readStdinPassword() : undefined;
      const created = new Table({ head: ["cont", "rol", "parolă"] });
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
          process.stderr.write(
            action === "add" ? `Contul „${name}” există deja.\n` : `Contul „${name}” nu există.\n`,
          );
          continue;
        }
        created.push([user.username, user.role, given ? "(de la intrarea standard)" : password]);
        createdRows.push({ username: user.username, role: user.role, password: given ? null : password });
      }
      if (created.length > 0) {
        process.stdout.write(values.json ? `${JSON.stringify(createdRows)}\n` : `${created.toString()}\n`);
        if (config.AUTH !== "users") {
          process.stderr.write(
            `Atenție: AUTH=${config.AUTH}; conturile se folosesc cu AUTH=users (sau AUTH=code).\n`,
          );
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
