// The accounts of the "Conturi" page, one row each: name, role (a select), created, last change, and a new password
// or removal. Removal asks first (Esc or Cancel takes it back; focus starts on Cancel, as the thread list's delete
// does). The signed-in admin's own row offers none of these: the server refuses them (the session would end).
import { useRef, useState } from "react";
import type { AccountSummary } from "../../../contract/accounts";
import type { Role } from "../../../contract/auth";
import { useI18n } from "../i18nContext";
import { formatWhen, ROLE_CHOICES } from "../state/accounts";
import { useFocusAfterRender } from "../useFocusAfterRender";

interface RowProps {
  account: AccountSummary;
  self: boolean;
  busy: boolean;
  onReset: (username: string) => void;
  onRole: (username: string, role: Role) => void;
  onRemove: (username: string) => Promise<boolean>;
}

function AccountRow({ account, self, busy, onReset, onRole, onRemove }: RowProps) {
  const { t, lang } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const removeButton = useRef<HTMLButtonElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const name = account.username;
  const questionId = `accounts-remove-${account.id}`;

  const cancel = () => {
    setConfirming(false);
    focusAfterRender(removeButton);
  };

  return (
    <tr data-testid="accounts-row" data-username={name} aria-busy={busy || undefined}>
      <th scope="row">
        {name} {self && <span className="muted">{t("access.accounts.you")}</span>}
      </th>
      <td>
        {self ? (
          t(`access.role.${account.role}`)
        ) : (
          <select
            aria-label={t("access.accounts.roleOf", { name })}
            data-testid="accounts-role"
            value={account.role}
            disabled={busy}
            onChange={(e) => onRole(name, e.target.value as Role)}
          >
            {ROLE_CHOICES.map((r) => (
              <option key={r} value={r}>
                {t(`access.role.${r}`)}
              </option>
            ))}
          </select>
        )}
      </td>
      <td>{formatWhen(account.createdAt, lang)}</td>
      <td>{formatWhen(account.updatedAt, lang)}</td>
      <td>
        {self ? (
          <span className="muted">—</span>
        ) : confirming ? (
          <div
            className="thread-confirm"
            role="alertdialog"
            aria-labelledby={questionId}
            onKeyDown={(e) => {
              // Not while the removal is under way: its answer ends the question (or asks it again if refused).
              if (e.key !== "Escape" || busy) return;
              e.preventDefault();
              cancel();
            }}
          >
            <p id={questionId}>{t("access.accounts.confirmRemove", { name })}</p>
            <div className="confirm-actions">
              <button
                type="button"
                className="danger-button small"
                data-testid="accounts-remove-confirm"
                disabled={busy}
                onClick={() => void onRemove(name).then((removed) => !removed && cancel())}
              >
                {t("access.accounts.removeYes")}
              </button>
              {/* Focus lands on the safe answer: a stray Enter keeps the account. */}
              <button
                type="button"
                className="ghost-button small"
                data-testid="accounts-remove-cancel"
                autoFocus
                disabled={busy}
                onClick={cancel}
              >
                {t("common.cancel")}
              </button>
            </div>
          </div>
        ) : (
          <div className="accounts-actions">
            <button
              type="button"
              className="ghost-button small"
              data-testid="accounts-reset"
              aria-label={t("access.accounts.resetOf", { name })}
              disabled={busy}
              onClick={() => onReset(name)}
            >
              {t("access.accounts.reset")}
            </button>
            <button
              ref={removeButton}
              type="button"
              className="link-button danger"
              data-testid="accounts-remove"
              aria-label={t("access.accounts.removeOf", { name })}
              disabled={busy}
              onClick={() => setConfirming(true)}
            >
              {t("access.accounts.remove")}
            </button>
          </div>
        )}
      </td>
    </tr>
  );
}

export function AccountsTable({
  accounts,
  selfId,
  busy,
  ...actions
}: {
  accounts: AccountSummary[];
  selfId: string;
  busy: string | undefined;
} & Pick<RowProps, "onReset" | "onRole" | "onRemove">) {
  const { t } = useI18n();
  if (accounts.length === 0) return <p className="small-note">{t("access.accounts.empty")}</p>;
  return (
    <div className="table-scroll compare-section">
      <table className="compare-table" data-testid="accounts-table">
        <caption>{t("access.accounts.caption", { n: accounts.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("access.accounts.col.name")}</th>
            <th scope="col">{t("access.accounts.col.role")}</th>
            <th scope="col">{t("access.accounts.col.created")}</th>
            <th scope="col">{t("access.accounts.col.updated")}</th>
            <th scope="col">{t("access.accounts.col.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((account) => (
            <AccountRow
              key={account.id}
              account={account}
              self={account.id === selfId}
              busy={busy === account.username}
              {...actions}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
