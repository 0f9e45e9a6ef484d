// The column mapping of an uploaded file: the text column, the id, metadata, gold columns with their value maps
// (and what each raw value of the preview becomes), the name, the encoding and the review sample.
import { encodingName, FORCED_ENCODINGS } from "../../../../contract/encodings";
import { REVIEW_FIELDS, type ReviewField, type UploadPreview } from "../../../../contract/workbench";
import type { Lang, MessageKey } from "../../i18n";
import { useI18n } from "../../i18nContext";
import {
  goldColumnCandidate,
  goldValuePreview,
  hasTextEncoding,
  nextGoldField,
  randomSeed,
  type GoldDraft,
  type MappingDraft,
  type MappingProblem,
} from "../../state/datasetMapping";
import { fieldName, labelText } from "../../labelWords";
import { countOf, NOUNS } from "../../plural";

interface Props {
  preview: UploadPreview;
  draft: MappingDraft;
  onChange: (draft: MappingDraft) => void;
  problems: MappingProblem[];
}

export function problemText(
  p: MappingProblem,
  t: (key: MessageKey, params?: Record<string, string | number>) => string,
  lang: Lang,
): string {
  switch (p.key) {
    case "mapping.textMissing":
    case "mapping.nameMissing":
      return t(`wb.${p.key}`);
    case "mapping.columnUnknown":
    case "mapping.textReused":
      return t(`wb.${p.key}`, { column: p.column });
    case "mapping.goldColumnMissing":
    case "mapping.goldFieldTwice":
      return t(`wb.${p.key}`, { field: fieldName(p.field, t) });
    case "mapping.tooManyMeta":
      return t("wb.mapping.tooManyMeta", { limit: countOf(p.limit, NOUNS.metaColumn, lang) });
    case "mapping.goldUnmapped":
      return t("wb.mapping.goldUnmapped", {
        field: fieldName(p.field, t),
        column: p.column,
        values: p.values.map((v) => `„${v}”`).join(", "),
      });
    default:
      return t(`wb.${p.key}`, { field: fieldName(p.field, t), detail: p.detail });
  }
}

function GoldRow({
  gold,
  columns,
  rows,
  onChange,
  onRemove,
}: {
  gold: GoldDraft;
  columns: string[];
  rows: UploadPreview["rows"];
  onChange: (gold: GoldDraft) => void;
  onRemove: () => void;
}) {
  const { t, lang } = useI18n();
  const values = goldValuePreview(rows, gold);
  return (
    <li className="wb-gold" data-testid="dataset-gold">
      <label className="field">
        <span>{t("wb.mapping.goldField")}</span>
        <select
          data-testid="dataset-gold-field"
          value={gold.field}
          onChange={(e) => onChange({ ...gold, field: e.target.value as ReviewField })}
        >
          {REVIEW_FIELDS.map((f) => (
            <option key={f} value={f}>
              {fieldName(f, t)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t("wb.mapping.goldColumn")}</span>
        <select
          data-testid="dataset-gold-col"
          value={gold.column}
          onChange={(e) => onChange({ ...gold, column: e.target.value })}
        >
          {gold.column === "" && <option value="">{t("wb.mapping.goldColumnChoose")}</option>}
          {columns.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <label className="field wb-grow">
        <span>{t("wb.mapping.valueMap")}</span>
        <input
          type="text"
          data-testid="dataset-gold-map"
          value={gold.valueMap}
          placeholder={t("wb.mapping.valueMapHint")}
          onChange={(e) => onChange({ ...gold, valueMap: e.target.value })}
        />
      </label>
      <button type="button" className="ghost-button small" onClick={onRemove}>
        {t("wb.remove")}
      </button>
      {values.length > 0 && (
        <p className="wb-gold-values hint">
          {values.map((v) => (
            <span key={v.raw} className={v.label ? "mapped" : "unmapped"}>
              <code>{v.raw}</code> →{" "}
              {v.label ? labelText(gold.field, v.label, t, lang) : t("wb.mapping.noLabel")}
            </span>
          ))}
        </p>
      )}
    </li>
  );
}

export function MappingForm({ preview, draft, onChange, problems }: Props) {
  const { t, lang } = useI18n();
  const { columns } = preview;
  const set = (patch: Partial<MappingDraft>) => onChange({ ...draft, ...patch });
  const metaChoices = columns.filter((c) => c !== draft.text && c !== draft.id);
  const addGold = () => {
    const field = nextGoldField(draft.gold);
    if (!field) return;
    const column = goldColumnCandidate(columns, preview.rows, draft, field);
    set({ gold: [...draft.gold, { field, column, valueMap: "" }] });
  };

  return (
    <div className="wb-mapping">
      <div className="wb-row">
        <label className="field">
          <span>{t("wb.mapping.text")}</span>
          <select
            data-testid="dataset-text-col"
            value={draft.text}
            onChange={(e) => set({ text: e.target.value })}
          >
            {columns.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("wb.mapping.id")}</span>
          <select data-testid="dataset-id-col" value={draft.id} onChange={(e) => set({ id: e.target.value })}>
            <option value="">{t("wb.mapping.noId")}</option>
            {columns.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("wb.mapping.name")}</span>
          <input
            type="text"
            data-testid="dataset-name"
            value={draft.name}
            maxLength={200}
            onChange={(e) => set({ name: e.target.value })}
          />
        </label>
        {hasTextEncoding(preview.format) && (
          <label className="field">
            <span>{t("wb.mapping.encoding")}</span>
            <select
              data-testid="dataset-encoding"
              value={draft.encoding}
              onChange={(e) => set({ encoding: e.target.value })}
            >
              <option value="">
                {t("wb.mapping.detected", { encoding: encodingName(preview.encoding) })}
              </option>
              {FORCED_ENCODINGS.map((e) => (
                <option key={e} value={e}>
                  {encodingName(e)}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>

      {metaChoices.length > 0 && (
        <fieldset className="wb-meta">
          <legend>{t("wb.mapping.meta")}</legend>
          {metaChoices.map((c) => {
            // A gold column is kept as metadata too, with its values as written (the server adds it).
            const gold = draft.gold.some((g) => g.column === c);
            return (
              <label key={c} className="check">
                <input
                  type="checkbox"
                  data-testid="dataset-meta-col"
                  value={c}
                  checked={gold || draft.meta.includes(c)}
                  disabled={gold}
                  onChange={(e) =>
                    set({ meta: e.target.checked ? [...draft.meta, c] : draft.meta.filter((m) => m !== c) })
                  }
                />
                {c}
                {gold && <span className="hint"> {t("wb.mapping.metaGold")}</span>}
              </label>
            );
          })}
        </fieldset>
      )}

      <fieldset className="wb-golds">
        <legend>{t("wb.mapping.gold")}</legend>
        <p className="hint">{t("wb.mapping.goldHint")}</p>
        <ul>
          {draft.gold.map((g, i) => (
            <GoldRow
              key={i}
              gold={g}
              columns={columns}
              rows={preview.rows}
              onChange={(next) => set({ gold: draft.gold.map((x, j) => (j === i ? next : x)) })}
              onRemove={() => set({ gold: draft.gold.filter((_, j) => j !== i) })}
            />
          ))}
        </ul>
        {nextGoldField(draft.gold) && (
          <button
            type="button"
            className="ghost-button small"
            data-testid="dataset-gold-add"
            onClick={addGold}
          >
            {t("wb.mapping.addGold")}
          </button>
        )}
      </fieldset>

      <fieldset className="wb-sample">
        <legend>{t("wb.mapping.sample")}</legend>
        <p className="hint">{t("wb.mapping.sampleHint")}</p>
        <label className="field">
          <span>{t("wb.mapping.sampleSize")}</span>
          <input
            type="number"
            min={0}
            max={5000}
            data-testid="dataset-sample-size"
            value={draft.sampleSize}
            onChange={(e) =>
              set({ sampleSize: Math.max(0, Math.min(5000, Math.round(Number(e.target.value) || 0))) })
            }
          />
        </label>
        <label className="field">
          <span>{t("wb.mapping.seed")}</span>
          <input
            type="number"
            min={0}
            data-testid="dataset-sample-seed"
            value={draft.sampleSeed}
            onChange={(e) => set({ sampleSeed: Math.max(0, Math.round(Number(e.target.value) || 0)) })}
          />
        </label>
        <button
          type="button"
          className="ghost-button small"
          onClick={() => set({ sampleSeed: randomSeed() })}
        >
          {t("wb.mapping.newSeed")}
        </button>
      </fieldset>

      {problems.length > 0 && (
        <ul className="wb-problems" data-testid="dataset-problems" role="alert">
          {problems.map((p, i) => (
            <li key={i}>{problemText(p, t, lang)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
