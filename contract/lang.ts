// The two languages of the product: Romanian by default, English as a switch. A module of its own, so that the
// number and plural helpers can name it without importing the error messages that use them.
export type Lang = "ro" | "en";
