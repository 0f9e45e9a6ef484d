// The "Conturi" page's add form: a list of names (one per line, or separated by commas or semicolons) and a role. The
// names are checked as they are typed, as the server checks them (contract/accounts.ts) and against the accounts
// listed: the invalid ones are said with why, the existing ones too, and only the valid new ones are counted and sent
// (more than the server takes at once in batches, with the progress said).
// The list stays until it is added; then only the names still to correct stay in it.
import { useState, type FormEvent } from "react";
import { MAX_ACCOUNTS_PER_REQUEST, type AccountSummary } from "../../../contract/accounts";
import type { Role } from "../../../contract/auth";
import { countWith, type NounForms } from "../../../contract/plural";
import { formatCount } from "../format";
import { useI18n } from "../i18nContext";
import type { Lang } from "../i18n";
import { namesLeft, reviewNames, ROLE_CHOICES, type NamesReview } from "../state/accounts";

const BATCH_NOUN: Record<Lang, NounForms> = { ro: ["tranșă", "tranșe"], en: ["batch", "batches"] };

/** A list made in batches: how many names have been sent, of how many. */
export interface AddProgress {
  done: number;
  total: number;
}

/**
 * What the typed list holds besides new accounts: the names that cannot be accounts and why, those that exist, and
 * whether the new ones go in more than one request (more than the server takes at once).
 */
export function NamesReviewNotes({ review }: { review: NamesReview }) {
  const { t, lang } = useI18n();
  return (
    <>
      {review.batches > 1 && (
        <p className="small-note" data-testid="accounts-add-batches">
          {t("access.accounts.add.batches", {
            limit: formatCount(MAX_ACCOUNTS_PER_REQUEST, lang),
            batches: countWith(review.batches, BATCH_NOUN[lang], lang, (n) => formatCount(n, lang)),
          })}
        </p>
      )}
      {review.invalid.length > 0 && (
        <div className="small-note" data-testid="accounts-add-invalid">
          <p>{t("access.accounts.add.invalid")}</p>
          <ul>
            {review.invalid.map((n) => (
              <li key={n.name}>
                {t(`access.accounts.add.why.${n.problem}`, { name: n.name, hint: n.hint ?? "" })}
              </li>
            ))}
          </ul>
        </div>
      )}
      {review.existing.length > 0 && (
        <p className="small-note" data-testid="accounts-add-existing">
          {t("access.accounts.add.existing", { names: review.existing.join(", ") })}
        </p>
      )}
    </>
  );
}

export function AddAccountsForm({
  accounts,
  busy,
  progress,
  onAdd,
}: {
  /** The accounts listed (undefined while they load): a name among them is said to exist, not counted. */
  accounts: readonly AccountSummary[] | undefined;
  busy: boolean;
  /** While a long list is made in batches: the names sent so far, of all. */
  progress?: AddProgress | undefined;
  /** Resolves true when the accounts were made (the list is then emptied). */
  onAdd: (names: string[], role: Role) => Promise<boolean>;
}) {
  const { t, lang } = useI18n();
  const [text, setText] = useState("");
  const [role, setRole] = useState<Role>("member");
  const review = reviewNames(text, accounts);
  const count = review.add.length;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (count === 0 || busy) return;
    if (await onAdd(review.add, role)) setText(namesLeft(review));
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
            disabled={busy || count === 0}
          >
            {t("access.accounts.add.submit")}
          </button>
        </div>
        <p className="small-note muted" aria-live="polite" data-testid="accounts-add-count">
          {busy && progress && progress.total > MAX_ACCOUNTS_PER_REQUEST
            ? t("access.accounts.add.progress", {
                done: formatCount(progress.done, lang),
                total: formatCount(progress.total, lang),
              })
            : busy
              ? t("access.accounts.add.working")
              : t("access.accounts.add.count", { n: formatCount(count, lang) })}
        </p>
        <NamesReviewNotes review={review} />
      </form>
    </section>
  );
}
