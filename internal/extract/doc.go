// Package extract reads the fields an accountant needs (issuer, date,
// total, tax per rate, registration number, ...) from a layout.Document,
// and validates them against the qualified-invoice rules.
//
// The rules are structural and language-independent: a label announces a
// value on the same row to its right or on the row below; the issuer is a
// name-like line in the top block followed by its address (on Japanese
// documents, the block around the registration number, up to the
// recipient, the title or the document's own date); totals are amounts
// after a total label, never cash tendered or change. Words are supplied
// per language by a Vocabulary, so another language is a table, not new
// code (see English and Japanese).
//
// Rows are rebuilt from word boxes rather than taken from the OCR engine's
// lines, because engines put a label and its amount in different blocks
// when a receipt has columns ("TOTAL" left, "9.00" right). Conversely,
// lines that cross a column gap are split for names and addresses:
// engines join the recipient at the left of an invoice with the issuer at
// the right.
//
// OCR noise is expected, not only tolerated. Titles are read one letter
// off or from the body's phrases when the engine garbles them; dates and
// registration numbers are read with the engine's usual misreadings
// undone (O for 0, T as 1 or 7) where a check confirms them. Yen amounts
// state the same money several times (per-rate tax, subtotal, total,
// tendered minus change), so reconcile tries the known digit misreadings
// (a 0 before 円 read as 6, a slashed 0 as 9, 円 read as a digit) together
// and keeps the reading that adds up, and fills in a rate OCR lost where
// two printed amounts agree on it.
//
// Line items are read under an item table's header row by the columns
// its headings stand over (品名 数量 単価 金額, ITEM QTY PRICE AMOUNT), or,
// on a receipt without one, as the run of rows ending in an amount right
// above the first subtotal or total. Totals, tax, tendered cash and
// change end a table and are never items; quantity and unit price come
// from the columns, from "@price × qty", or from two numbers whose
// product is the amount. A reduced-rate mark (※) takes the rate the
// document's legend gives it. Items are read after the money fields and
// never change them; in yen, their amounts are reread with the same
// digit misreadings as reconcile until they add up to the subtotal.
//
// Every field carries a confidence: the strength of the rule that found it
// times the mean OCR confidence of the words it was read from. Stage runs
// Improvers (the vendor register) after extraction and before validation.
package extract
