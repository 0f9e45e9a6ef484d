// The compare page's table of every case (CaseTable.tsx): its columns, the filters "only failures" and "only
// differences", the search, the count of cases shown and what an empty result says, in Romanian and English; merged
// into the dictionaries of i18n.ts.

export const compareCasesRo = {
  "compareCases.title": "Toate cazurile",
  "compareCases.hint":
    "Un rând pe caz, o coloană pe model: răspunsurile trecute din cele judecate, la toate rulările și temperaturile. Apăsați pe un rând (sau Enter) ca să-l deschideți alături, mai jos.",
  "compareCases.running": "Comparația rulează: rândurile se completează pe măsură ce vin răspunsurile.",
  "compareCases.filter": "Arată",
  "compareCases.filter.all": "Toate",
  "compareCases.filter.failures": "Doar eșecurile",
  "compareCases.filter.differences": "Doar diferențele",
  "compareCases.filter.option": "{filter} ({n})",
  "compareCases.rule.failures": "Eșecuri: cazurile în care un răspuns judecat a picat sau un apel a eșuat.",
  "compareCases.rule.differences":
    "Diferențe: cazurile în care modelele care au răspuns au trecut în proporții diferite (apelurile eșuate contează ca picate) sau, la adnotări, au dat alte etichete pe câmpurile cu etichete așteptate.",
  "compareCases.search": "Caută în cazuri",
  "compareCases.searchPlaceholder": "titlu sau text, cu sau fără diacritice",
  "compareCases.count": "{shown} din {cases}",
  "compareCases.col.criterion": "Criteriu",
  "compareCases.col.case": "Caz",
  "compareCases.col.expected": "Etichete așteptate",
  "compareCases.cell.pending": "se așteaptă",
  "compareCases.cell.none": "fără răspuns",
  "compareCases.cell.timeout": "timp depășit",
  "compareCases.cell.passed": "Trecute: {passed} din {answers}",
  "compareCases.cell.errors": "apeluri eșuate: {n}",
  "compareCases.empty.failures": "Niciun caz cu eșecuri: toate răspunsurile judecate au trecut.",
  "compareCases.empty.differences":
    "Niciun caz în care modelele să difere: fiecare caz a trecut sau a picat la fel la toate modelele care au răspuns, cu aceleași etichete.",
  "compareCases.empty.oneModel": "Diferențele cer cel puțin două modele, iar comparația are unul.",
  "compareCases.empty.search": "Niciun caz nu se potrivește căutării „{query}”.",
  "compareCases.empty.searchFiltered":
    "Niciun caz dintre cele arătate de filtrul „{filter}” nu se potrivește căutării „{query}”.",
  "compareCases.empty.soFar": "Comparația rulează încă.",
  "compareCases.detail": "Cazul deschis: {title}",
};

export type CompareCasesKey = keyof typeof compareCasesRo;

export const compareCasesEn: Record<CompareCasesKey, string> = {
  "compareCases.title": "All cases",
  "compareCases.hint":
    "One row a case, one column a model: the answers passed of those judged, over every run and temperature. Click a row (or press Enter) to open it side by side below.",
  "compareCases.running": "The comparison is running: the rows fill in as the answers come.",
  "compareCases.filter": "Show",
  "compareCases.filter.all": "All",
  "compareCases.filter.failures": "Only failures",
  "compareCases.filter.differences": "Only differences",
  "compareCases.filter.option": "{filter} ({n})",
  "compareCases.rule.failures": "Failures: the cases where a judged answer failed or a call failed.",
  "compareCases.rule.differences":
    "Differences: the cases where the models that answered passed in different shares (failed calls count as failed) or, on annotation cases, gave other labels on the fields with expected labels.",
  "compareCases.search": "Search the cases",
  "compareCases.searchPlaceholder": "title or text, with or without diacritics",
  "compareCases.count": "{shown} of {cases}",
  "compareCases.col.criterion": "Criterion",
  "compareCases.col.case": "Case",
  "compareCases.col.expected": "Expected labels",
  "compareCases.cell.pending": "waiting",
  "compareCases.cell.none": "no answer",
  "compareCases.cell.timeout": "timed out",
  "compareCases.cell.passed": "Passed: {passed} of {answers}",
  "compareCases.cell.errors": "failed calls: {n}",
  "compareCases.empty.failures": "No case with failures: every judged answer passed.",
  "compareCases.empty.differences":
    "No case where the models differ: every case passed or failed alike for every model that answered, with the same labels.",
  "compareCases.empty.oneModel": "Differences need at least two models, and the comparison has one.",
  "compareCases.empty.search": 'No case matches the search "{query}".',
  "compareCases.empty.searchFiltered": 'No case shown by the filter "{filter}" matches the search "{query}".',
  "compareCases.empty.soFar": "The comparison is still running.",
  "compareCases.detail": "The case opened: {title}",
};
