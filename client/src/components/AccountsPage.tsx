// The "Conturi" page (admins, AUTH=users): the accounts in a table with a new password, a role and removal per row,
// a form that adds many names at once, and the generated passwords shown once (./IssuedPasswords.tsx). The page
// holds the passwords in memory only; the server keeps hashes, so the page asks before it is closed or reloaded while
// accounts are being made or passwords are shown and not yet copied or downloaded. Opened from the account menu
// (./AccountMenu.tsx).
import { useCallback, useEffect, useState } from "react";
import type { AccountSummary, IssuedPassword } from "../../../contract/accounts";
import type { Role } from "../../../contract/auth";
import { inLanguage, type UserError } from "../../../contract/errors";
import { addAccounts, changeAccount, fetchAccounts, removeAccount } from "../accountsApi";
import { useAccess } from "../AccessGate";
import { ApiError } from "../api";
import { useI18n } from "../i18nContext";
import { addInBatches, leavingLosesPasswords, mergeIssued } from "../state/accounts";
import { useLeaveWarning } from "../useLeaveWarning";
import { AccountsTable } from "./AccountsTable";
import { AddAccountsForm, type AddProgress } from "./AddAccountsForm";
import { IssuedPasswords } from "./IssuedPasswords";
import "./accounts.css";

/** A failed call as a coded error, so that the page says it again when the language is switched. */
function asUserError(err: unknown): UserError {
  if (err instanceof ApiError) return err.error;
  if (err instanceof TypeError) return { code: "client:network", message: err.message };
  return { code: "client:error", message: err instanceof Error ? err.message : String(err) };
}

/** The last action on a row, kept as facts so that a language switch says it again. */
export type AccountsStatus =
  { done: "reset" | "removed"; name: string } | { done: "role"; name: string; role: Role };

export interface AccountsViewProps {
  /** Undefined while the first list loads. */
  accounts: AccountSummary[] | undefined;
  /** The signed-in admin's account id: their own row offers no removal, demotion or reset. */
  selfId: string;
  issued: IssuedPassword[];
  existing: string[];
  error: UserError | undefined;
  /** What the last action on a row did, said in the page's language. */
  status: AccountsStatus | undefined;
  /** The account an action is running on ("" for the add form). */
  busy: string | undefined;
  /** While a long list is made in batches: how far it is. */
  progress?: AddProgress | undefined;
  onAdd: (names: string[], role: Role) => Promise<boolean>;
  onReset: (username: string) => void;
  onRole: (username: string, role: Role) => void;
  onRemove: (username: string) => Promise<boolean>;
  onDismissPasswords: () => void;
  /** The shown passwords were copied or downloaded. */
  onKeptPasswords?: () => void;
}

/** The page as it looks for given data: rendered by the page, and by tests without a server. */
export function AccountsView(props: AccountsViewProps) {
  const { t, lang } = useI18n();
  const { accounts, issued, existing, error, status } = props;
  return (
    <main
      id="main"
      className="compare-page accounts-page"
      data-testid="accounts-page"
      aria-labelledby="accounts-title"
    >
      <div className="compare-inner">
        <h2 className="compare-heading" id="accounts-title">
          {t("access.accounts.title")}
        </h2>
        <p className="muted">{t("access.accounts.intro")}</p>
        {error && (
          <p className="error-text" role="alert" data-testid="accounts-error">
            {error.code === "client:network" ? t("access.unreachable") : inLanguage(error, lang)}
          </p>
        )}
        {status && (
          <p className="small-note" role="status">
            {status.done === "role"
              ? t("access.accounts.done.role", { name: status.name, role: t(`access.role.${status.role}`) })
              : t(`access.accounts.done.${status.done}`, { name: status.name })}
          </p>
        )}
        {existing.length > 0 && (
          <p className="small-note" data-testid="accounts-existing">
            {t("access.accounts.existing", { names: existing.join(", ") })}
          </p>
        )}
        {issued.length > 0 && (
          <IssuedPasswords
            issued={issued}
            onDismiss={props.onDismissPasswords}
            onKept={props.onKeptPasswords}
          />
        )}
        <AddAccountsForm
          accounts={accounts}
          busy={props.busy === ""}
          progress={props.progress}
          onAdd={props.onAdd}
        />
        {accounts === undefined ? (
          <p className="small-note" role="status">
            {t("access.accounts.loading")}
          </p>
        ) : (
          <AccountsTable
            accounts={accounts}
            selfId={props.selfId}
            busy={props.busy}
            onReset={props.onReset}
            onRole={props.onRole}
            onRemove={props.onRemove}
          />
        )}
      </div>
    </main>
  );
}

export default function AccountsPage() {
  const { user } = useAccess();
  const [accounts, setAccounts] = useState<AccountSummary[]>();
  const [issued, setIssued] = useState<IssuedPassword[]>([]);
  const [existing, setExisting] = useState<string[]>([]);
  const [error, setError] = useState<UserError>();
  const [status, setStatus] = useState<AccountsStatus>();
  const [busy, setBusy] = useState<string>();
  const [progress, setProgress] = useState<AddProgress>();
  // Whether the passwords shown were copied or downloaded since the last of them came in.
  const [kept, setKept] = useState(false);
  useLeaveWarning(leavingLosesPasswords({ adding: busy === "", shown: issued.length, kept }));
  /** New passwords join those shown; they have not been taken away yet. */
  const showIssued = useCallback((fresh: IssuedPassword[]) => {
    if (fresh.length === 0) return;
    setIssued((shown) => mergeIssued(shown, fresh));
    setKept(false);
  }, []);

  const reload = useCallback(async (signal?: AbortSignal) => {
    try {
      setAccounts((await fetchAccounts(signal)).accounts);
    } catch (err) {
      if (signal?.aborted) return;
      setError(asUserError(err));
    }
  }, []);
  useEffect(() => {
    const controller = new AbortController();
    void reload(controller.signal);
    return () => controller.abort();
  }, [reload]);

  /** Runs one action on `target`, says what it did, and reads the list again; false when it failed. */
  const act = useCallback(
    async (target: string, action: () => Promise<AccountsStatus | undefined>): Promise<boolean> => {
      setBusy(target);
      setError(undefined);
      setStatus(undefined);
      setExisting([]);
      try {
        setStatus(await action());
        return true;
      } catch (err) {
        setError(asUserError(err));
        return false;
      } finally {
        setBusy(undefined);
        await reload();
      }
    },
    [reload],
  );

  const onAdd = useCallback(
    (names: string[], role: Role) =>
      act("", async () => {
        // More names than one request takes go in batches; each batch's passwords join the list (and the one CSV)
        // as it comes back, so that a failure later keeps them shown.
        setProgress({ done: 0, total: names.length });
        try {
          await addInBatches(
            names,
            (usernames) => addAccounts({ usernames, role }),
            (added, done) => {
              showIssued(added.created);
              setExisting((shown) => [...shown, ...added.existing]);
              setProgress({ done, total: names.length });
            },
          );
        } finally {
          setProgress(undefined);
        }
        return undefined;
      }),
    [act, showIssued],
  );

  const onReset = useCallback(
    (username: string) =>
      void act(username, async () => {
        const { account, password } = await changeAccount(username, { resetPassword: true });
        if (password) showIssued([{ ...account, password }]);
        return { done: "reset", name: account.username };
      }),
    [act, showIssued],
  );

  const onRole = useCallback(
    (username: string, role: Role) =>
      void act(username, async () => {
        const { account } = await changeAccount(username, { role });
        return { done: "role", name: account.username, role: account.role };
      }),
    [act],
  );

  const onRemove = useCallback(
    (username: string) =>
      act(username, async () => {
        await removeAccount(username);
        setIssued((shown) => shown.filter((p) => p.username !== username));
        return { done: "removed", name: username };
      }),
    [act],
  );

  return (
    <AccountsView
      accounts={accounts}
      selfId={user.id}
      issued={issued}
      existing={existing}
      error={error}
      status={status}
      busy={busy}
      progress={progress}
      onAdd={onAdd}
      onReset={onReset}
      onRole={onRole}
      onRemove={onRemove}
      onDismissPasswords={() => setIssued([])}
      onKeptPasswords={() => setKept(true)}
    />
  );
}
