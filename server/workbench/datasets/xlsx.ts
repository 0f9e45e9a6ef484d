// Rows of the first sheet of an XLSX workbook: the corpus importer's streaming reader (corpus/pipeline/import/xlsx.ts).
export { cellToText, headerNames, readXlsx, type SheetRow } from "../../../corpus/pipeline/import/xlsx";
