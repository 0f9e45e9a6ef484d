// "Acord pe dovezi" / "Evidence agreement": the Agreement page's section on whether people marked the same words as
// evidence (character-level F1 per pair and field), in Romanian and English; merged into the dictionaries of i18n.ts.

export const evidenceAgreementRo = {
  "wb.evidenceAgreement.title": "Acord pe dovezi",
  "wb.evidenceAgreement.intro":
    "Cât de mult se suprapun cuvintele marcate ca dovadă de două persoane pe același rând: F1 la nivel de caractere, 2·|comune| / (|ale unuia| + |ale celuilalt|), 1 pentru aceleași cuvinte, 0 pentru niciun cuvânt comun; media pe rândurile etichetate de amândoi unde cel puțin unul a marcat ceva. Un rând marcat de unul singur contează 0; rândurile fără dovezi nu intră.",
  "wb.evidenceAgreement.pair": "Pereche",
  "wb.evidenceAgreement.all": "Toate dovezile",
  "wb.evidenceAgreement.whole": "Toată eticheta",
  "wb.evidenceAgreement.mean": "Media perechilor ({pairs})",
  "wb.evidenceAgreement.rows": "n = {n}",
  "wb.evidenceAgreement.cellTitle": "F1 {f1} pe {rows}",
  "wb.evidenceAgreement.tooFewAll":
    "Prea puține rânduri cu dovezi pentru un acord sigur (n = {n}): cifrele sunt sigure de la {min} în sus; sub atât un singur rând le schimbă cu o zecime sau mai mult.",
  "wb.evidenceAgreement.noPairs":
    "Acordul pe dovezi are nevoie de cel puțin două persoane care au etichetat aceleași rânduri.",
  "wb.evidenceAgreement.chart": "F1 pe dovezi, toate câmpurile",
};

export const evidenceAgreementEn: Record<keyof typeof evidenceAgreementRo, string> = {
  "wb.evidenceAgreement.title": "Evidence agreement",
  "wb.evidenceAgreement.intro":
    "How far the words two people marked as evidence on the same row overlap: character-level F1, 2·|shared| / (|one's| + |the other's|), 1 for the same words, 0 for none in common; the mean over the rows both labelled where at least one marked something. A row only one of them marked counts as 0; rows with no evidence are left out.",
  "wb.evidenceAgreement.pair": "Pair",
  "wb.evidenceAgreement.all": "All evidence",
  "wb.evidenceAgreement.whole": "Whole label",
  "wb.evidenceAgreement.mean": "Mean over pairs ({pairs})",
  "wb.evidenceAgreement.rows": "n = {n}",
  "wb.evidenceAgreement.cellTitle": "F1 {f1} on {rows}",
  "wb.evidenceAgreement.tooFewAll":
    "Too few rows with evidence for a firm figure (n = {n}): figures hold from {min} up; below that one row moves them by a tenth or more.",
  "wb.evidenceAgreement.noPairs": "Evidence agreement needs at least two people who labelled the same rows.",
  "wb.evidenceAgreement.chart": "Evidence F1, all fields",
};
