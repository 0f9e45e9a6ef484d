// A row's metadata columns (date, platform, source, an upload's own columns) as a definition list, one for the row
// panel (./ItemPanel.tsx) and the review card (./ReviewView.tsx); nothing when the row has none to list.
import { useI18n } from "../../i18nContext";
import { itemMetaEntries } from "./itemMeta";

export function ItemMetaList({
  meta,
  testId,
}: {
  meta: Record<string, string> | undefined;
  testId?: string;
}) {
  const { lang } = useI18n();
  const entries = meta ? itemMetaEntries(meta, lang) : [];
  if (entries.length === 0) return null;
  return (
    <dl className="wb-meta-list" data-testid={testId}>
      {entries.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
