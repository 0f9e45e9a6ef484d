// The "Conturi" page rendered without a browser, and its pure parts: the table (one row per account, headers, no
// actions on one's own row), the passwords box shown only after an add or reset, errors in either language, the add
// form's names checked as the server checks them, and the copied lines and CSV the teacher takes away.
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  isValidAccountName,
  MAX_ACCOUNTS_PER_REQUEST,
  splitAccountNames,
  type AccountSummary,
  type IssuedPassword,
} from "../../contract/accounts";
import { AccountsView, type AccountsViewProps } from "../../client/src/components/AccountsPage";
import { NamesReviewNotes } from "../../client/src/components/AddAccountsForm";
import { I18nProvider } from "../../client/src/i18nContext";
import {
  accountsAllowed,
  addInBatches,
  appPageFromSearch,
  issuedAsCsv,
  issuedAsLines,
  leavingLosesPasswords,
  mergeIssued,
  namesLeft,
  reviewNames,
  urlWithAppPage,
} from "../../client/src/state/accounts";

function render(node: ReactElement, lang: "ro" | "en" = "ro"): string {
  vi.stubGlobal("localStorage", { getItem: () => lang, setItem: () => {} });
  return renderToStaticMarkup(<I18nProvider>{node}</I18nProvider>);
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const account = (username: string, role: AccountSummary["role"], id = `id-${username}`): AccountSummary => ({
  id,
  username,
  role,
  createdAt: "2026-03-01T09:00:00.000Z",
  updatedAt: "2026-03-02T10:30:00.000Z",
});

const ISSUED: IssuedPassword[] = [
  { username: "elev01", role: "member", password: "abcDEF234ghjKL" },
  { username: "elev02", role: "member", password: "mnpQRS567tuvWX" },
];

const view = (over: Partial<AccountsViewProps> = {}, lang: "ro" | "en" = "ro") =>
  render(
    <AccountsView
      accounts={[account("ana", "member"), account("prof", "admin")]}
      selfId="id-prof"
      issued={[]}
      existing={[]}
      error={undefined}
      status={undefined}
      busy={undefined}
      onAdd={async () => true}
      onReset={() => {}}
      onRole={() => {}}
      onRemove={async () => true}
      onDismissPasswords={() => {}}
      {...over}
    />,
    lang,
  );

const count = (html: string, testId: string) =>
  html.match(new RegExp(`data-testid="${testId}"`, "g"))?.length ?? 0;

describe("the accounts page", () => {
  it("lists one row per account under column headers, with no actions on the admin's own row", () => {
    const html = view();
    expect(count(html, "accounts-page")).toBe(1);
    expect(count(html, "accounts-table")).toBe(1);
    expect(count(html, "accounts-row")).toBe(2);
    expect(html).toMatch(/<th scope="col">Cont<\/th><th scope="col">Rol<\/th>/);
    expect(html).toContain("Ultima schimbare");
    // ana may be reset and removed; prof (who is signed in) may not.
    expect(count(html, "accounts-reset")).toBe(1);
    expect(count(html, "accounts-remove")).toBe(1);
    expect(html).toContain('aria-label="Parolă nouă pentru ana"');
    expect(html).toContain("(dumneavoastră)");
    // The add form, labelled.
    expect(html).toContain('<label class="field accounts-names-field" for="accounts-add-names">');
    for (const id of ["accounts-add-names", "accounts-add-role", "accounts-add-submit"]) {
      expect(count(html, id)).toBe(1);
    }
    expect(count(html, "accounts-passwords")).toBe(0);
    expect(count(html, "accounts-error")).toBe(0);
  });

  it("shows new passwords once, with copy, CSV and the warning, and says so in English too", () => {
    const html = view({ issued: ISSUED });
    expect(count(html, "accounts-passwords")).toBe(1);
    expect(count(html, "accounts-copy")).toBe(1);
    expect(count(html, "accounts-download")).toBe(1);
    expect(html).toContain("abcDEF234ghjKL");
    expect(html).toContain("nu vor mai fi afișate");
    expect(html).toContain("Parolele se afișează o singură dată");
    expect(html).toContain("Dacă închideți sau reîncărcați pagina, se pierd");
    expect(html).toContain(">Copiază<");
    expect(html).toContain(">Descarcă CSV<");
    const en = view({ issued: ISSUED }, "en");
    expect(en).toContain("will not be shown again");
    expect(en).toContain("Closing or reloading the page loses them");
    expect(en).toContain(">Download CSV<");
    expect(en).toContain(">Accounts<");
  });

  it("says a server's error in the page's language, from its code", () => {
    const error = { code: "account:self", message: "Nu vă puteți șterge…" };
    expect(view({ error })).toMatch(/data-testid="accounts-error">Nu vă puteți șterge, retrograda/);
    expect(view({ error }, "en")).toMatch(/data-testid="accounts-error">You cannot remove, demote/);
    expect(view({ existing: ["ana"] })).toContain("Existau deja și au rămas neschimbate: ana.");
    const status = { done: "role", name: "ana", role: "guest" } as const;
    expect(view({ status })).toContain("ana este acum invitat; sesiunile contului s-au închis.");
    expect(view({ status }, "en")).toContain("ana is now guest; the account&#x27;s sessions have ended.");
  });
});

describe("the accounts page's pure parts", () => {
  it("splits a pasted list by lines, commas and semicolons, each name once; a full name is refused, not halved", () => {
    expect(splitAccountNames("ana\nion, maria;  Ana\r\n\telev-01 ")).toEqual([
      "ana",
      "ion",
      "maria",
      "elev-01",
    ]);
    // A class list of full names: one person a line, never an account for each half.
    expect(reviewNames("Ștefan Pop\nana").invalid).toEqual([
      { name: "Ștefan Pop", problem: "space", hint: "Ștefan.Pop" },
    ]);
    expect(reviewNames("ana, x\ncu/bară").invalid.map((i) => i.name)).toEqual(["x", "cu/bară"]);
    // Dots alone would be the folder above in the account's address (/api/accounts/..): never reachable again.
    expect(["..", "...", "a.", ".b", "ion.pop"].map(isValidAccountName)).toEqual([
      false,
      false,
      true,
      true,
      true,
    ]);
    const many = Array.from({ length: MAX_ACCOUNTS_PER_REQUEST + 1 }, (_, i) => `elev${i}`).join("\n");
    expect(reviewNames(many).batches).toBe(2);
  });

  it("reads the list as it is typed: invalid names with why, existing ones, and only the valid new ones counted", () => {
    const accounts = [account("Ana", "member"), account("prof", "admin")];
    const review = reviewNames("Ștefan\nmaria popescu\nana\nelev_3, elev_4", accounts);
    expect(review.add).toEqual(["Ștefan", "elev_3", "elev_4"]);
    expect(review.invalid).toEqual([{ name: "maria popescu", problem: "space", hint: "maria.popescu" }]);
    // Compared as the server compares names (lower-cased), said as the account is spelled.
    expect(review.existing).toEqual(["Ana"]);
    expect(review.batches).toBe(1);
    // After "Creează conturile" only the names to correct stay in the box.
    expect(namesLeft(review)).toBe("maria popescu");

    const why = reviewNames("x\ncu/bară@\n...\n" + "a".repeat(41)).invalid.map((n) => [n.problem, n.hint]);
    expect(why).toEqual([
      ["short", undefined],
      ["chars", "/ @"],
      ["dots", undefined],
      ["long", undefined],
    ]);
    // More new names than one request takes go in batches; existing names do not count towards them.
    const many = Array.from({ length: MAX_ACCOUNTS_PER_REQUEST + 1 }, (_, i) => `elev${i}`);
    expect(reviewNames(many.join("\n")).batches).toBe(2);
    expect(reviewNames(many.join("\n"), [account("elev0", "member")]).batches).toBe(1);
    // Before the accounts load, no name is said to exist.
    expect(reviewNames("ana", undefined).add).toEqual(["ana"]);
  });

  it("says the names that cannot be accounts and why, and the existing ones, in Romanian and English", () => {
    const review = reviewNames("Ștefan\nmaria popescu\nana\nion/pop", [account("ana", "member")]);
    const ro = render(<NamesReviewNotes review={review} />, "ro");
    expect(ro).toContain(
      "„maria popescu” are spații: scrieți-l „maria.popescu”, sau puneți fiecare nume pe rândul lui",
    );
    expect(ro).toContain("„ion/pop” conține /: un nume are doar litere, cifre, „.”, „_” și „-”");
    expect(ro).toContain("Au deja cont și rămân neschimbate: ana.");
    const en = render(<NamesReviewNotes review={review} />, "en");
    expect(en).toContain("&quot;maria popescu&quot; has spaces: write it &quot;maria.popescu&quot;");
    expect(en).toContain("Already have an account and stay unchanged: ana.");
    expect(render(<NamesReviewNotes review={reviewNames("elev01")} />)).toBe("");
  });

  it("copies name<TAB>password lines and writes a formula-safe CSV with the app's address, roles in the page's language", () => {
    expect(issuedAsLines(ISSUED)).toBe("elev01\tabcDEF234ghjKL\nelev02\tmnpQRS567tuvWX\n");
    const csv = issuedAsCsv(
      [...ISSUED, { username: "-ana", role: "admin", password: "x" }],
      "http://lab:3000",
      "ro",
    );
    expect(csv.split("\n")).toEqual([
      "\ufeffutilizator,parola,rol,adresa",
      "elev01,abcDEF234ghjKL,membru,http://lab:3000",
      "elev02,mnpQRS567tuvWX,membru,http://lab:3000",
      "'-ana,x,administrator,http://lab:3000",
      "",
    ]);
    expect(
      issuedAsCsv(
        [...ISSUED, { username: "oaspete", role: "guest", password: "y" }],
        "http://lab",
        "en",
      ).split("\n"),
    ).toEqual([
      "\ufeffusername,password,role,address",
      "elev01,abcDEF234ghjKL,member,http://lab",
      "elev02,mnpQRS567tuvWX,member,http://lab",
      "oaspete,y,guest,http://lab",
      "",
    ]);
  });

  it("makes a class longer than one request in batches, one after another, handing each batch's passwords over", async () => {
    const names = Array.from({ length: 55 }, (_, i) => `elev${String(i + 1).padStart(2, "0")}`);
    const sent: string[][] = [];
    const add = async (usernames: string[]) => {
      sent.push(usernames);
      return {
        created: usernames.map((username) => ({
          username,
          role: "member" as const,
          password: `p-${username}`,
        })),
        existing: [],
      };
    };
    let issued: IssuedPassword[] = [];
    const progress: number[] = [];
    await addInBatches(names, add, (added, done) => {
      issued = mergeIssued(issued, added.created);
      progress.push(done);
    });
    expect(sent.map((b) => b.length)).toEqual([MAX_ACCOUNTS_PER_REQUEST, 5]);
    expect(sent.flat()).toEqual(names);
    expect(progress).toEqual([50, 55]);
    // One list of passwords, so one CSV: a header and 55 rows.
    expect(issuedAsCsv(issued, "http://lab", "ro").trimEnd().split("\n")).toHaveLength(56);

    // A later batch that fails: the first batch's passwords were handed over already, then the error comes.
    const kept: string[] = [];
    const failing = async (usernames: string[]) => {
      if (usernames[0] === "elev51") throw new Error("server down");
      return add(usernames);
    };
    await expect(
      addInBatches(names, failing, (added) => kept.push(...added.created.map((p) => p.username))),
    ).rejects.toThrow("server down");
    expect(kept).toHaveLength(50);
  });

  it("says live that a long list goes in batches, and how far the batches are, in Romanian and English", () => {
    const names = Array.from({ length: 55 }, (_, i) => `elev${i + 1}`).join("\n");
    const review = reviewNames(names);
    expect(review.add).toHaveLength(55);
    expect(render(<NamesReviewNotes review={review} />, "ro")).toContain(
      "Serverul primește cel mult 50 de nume o dată: se trimit în 2 tranșe, una după alta",
    );
    expect(render(<NamesReviewNotes review={review} />, "en")).toContain(
      "The server takes at most 50 names at once: they are sent in 2 batches, one after another",
    );
    expect(
      count(render(<NamesReviewNotes review={reviewNames("elev1\nelev2")} />), "accounts-add-batches"),
    ).toBe(0);
    const working = view({ busy: "", progress: { done: 50, total: 55 } });
    expect(working).toContain("Se creează: 50 din 55");
    expect(view({ busy: "", progress: { done: 50, total: 55 } }, "en")).toContain("Creating: 50 of 55");
    // A list of one request says it is working, as before.
    expect(view({ busy: "", progress: { done: 0, total: 3 } })).toContain("Se creează (fiecare parolă");
  });

  it("says while accounts are made that the page must stay open, and when leaving would lose passwords", () => {
    expect(view({ busy: "", progress: { done: 0, total: 3 } })).toContain(
      "Nu închideți pagina: parolele apar aici o singură dată.",
    );
    expect(view({ busy: "", progress: { done: 50, total: 55 } }, "en")).toContain(
      "Do not close the page: the passwords show here only once.",
    );
    expect(leavingLosesPasswords({ adding: true, shown: 0, kept: false })).toBe(true);
    expect(leavingLosesPasswords({ adding: false, shown: 2, kept: false })).toBe(true);
    expect(leavingLosesPasswords({ adding: false, shown: 2, kept: true })).toBe(false);
    expect(leavingLosesPasswords({ adding: true, shown: 2, kept: true })).toBe(true);
    expect(leavingLosesPasswords({ adding: false, shown: 0, kept: false })).toBe(false);
  });

  it("keeps the newest password of an account shown (a reset after an add)", () => {
    const reset = { username: "ELEV01", role: "member" as const, password: "newPASS2345678" };
    expect(mergeIssued(ISSUED, [reset]).map((p) => p.password)).toEqual(["mnpQRS567tuvWX", "newPASS2345678"]);
  });

  it("is a page of the address for admins with AUTH=users only", () => {
    expect(appPageFromSearch("?page=accounts&thread=t1")).toBe("accounts");
    expect(appPageFromSearch("?page=corpus")).toBe("corpus");
    expect(urlWithAppPage("http://h/?thread=t1", "accounts")).toBe("/?thread=t1&page=accounts");
    expect(urlWithAppPage("http://h/?page=accounts", "chat")).toBe("/");
    expect(accountsAllowed("users", { role: "admin" })).toBe(true);
    expect(accountsAllowed("users", { role: "member" })).toBe(false);
    expect(accountsAllowed("code", { role: "admin" })).toBe(false);
    expect(accountsAllowed("off", { role: "admin" })).toBe(false);
  });
});
