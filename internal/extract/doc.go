// Package extract reads the fields an accountant needs (issuer, date,
// total, tax per rate, registration number, ...) from a layout.Document,
// and validates them against the qualified-invoice rules.
//
// The rules are structural and language-independent: a label announces a
// value on the same row to its right or on the row below; the issuer is a
// name-like line in the top block followed by its address; totals are
// amounts after a total label, never cash tendered or change. Words are
// supplied per language by a Vocabulary, so another language is a table,
// not new code (see English and Japanese).
//
// Rows are rebuilt from word boxes rather than taken from the OCR engine's
// lines, because engines put a label and its amount in different blocks
// when a receipt has columns ("TOTAL" left, "9.00" right).
//
// Every field carries a confidence: the strength of the rule that found it
// times the mean OCR confidence of the words it was read from.
package extract
