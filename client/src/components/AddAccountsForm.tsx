// The "Conturi" page's add form: a list of names (one per line, or separated by commas or spaces) and a role. The names
// are checked as the server checks them (contract/accounts.ts) before anything is sent; the list stays until it is added.
import { useState, type FormEvent } from "react";
import type { UserError } from "../../../contract/errors";
import type { Role } from "../../../contract/auth";
import { useI18n } from "../i18nContext";
import { namesToAdd, ROLE_CHOICES } from "../state/accounts";

export function AddAccountsForm({
  busy,
  onAdd,
  onError,
}: {
  busy: boolean;
  /** Resolves true when the accounts were made (the list is then emptied). */
  onAdd: (names: string[], role: Role) => Promise<boolean>;
  onError: (error: UserError | undefined) => void;
}) {
  const { t } = useI18n();
  const [text, setText] = useState("");
  const [role, setRole] = useState<Role>("member");
  const { names, error } = namesToAdd(text);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (error) return onError(error);
    if (names.length === 0 || busy) return;
    if (await onAdd(names, role)) setText("");
  }

  return (
    <section className="compare-section accounts-add" aria-labelledby="accounts-add-title">
      <h3 id="accounts-add-title">{t("access.accounts.add.title")}</h3>
      <form className="compare-form" onSubmit={(e) => void submit(e)}>
        <label className="field accounts-names-field" htmlFor="accounts-add-names">
          {t("access.accounts.add.names")}
          <textarea
            id="accounts-add-names"
            data-testid="accounts-add-names"
            rows={4}
            spellCheck={false}
            autoCapitalize="none"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        <div className="compare-options">
          <label className="field" htmlFor="accounts-add-role">
            {t("access.accounts.add.role")}
            <select
              id="accounts-add-role"
              data-testid="accounts-add-role"
              value={role}
              onChange={(e) => setRole(e.target.value as Role)}
            >
              {ROLE_CHOICES.map((r) => (
                <option key={r} value={r}>
                  {t(`access.role.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <button
            type="submit"
            className="primary-button"
            data-testid="accounts-add-submit"
            disabled={busy || names.length === 0}
          >
            {t("access.accounts.add.submit")}
          </button>
        </div>
        <p className="small-note muted" aria-live="polite">
          {busy ? t("access.accounts.add.working") : t("access.accounts.add.count", { n: names.length })}
        </p>
      </form>
    </section>
  );
}
