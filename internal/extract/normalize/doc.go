// Package normalize turns the text of invoices and receipts into normal
// forms that can be compared and stored: folded text for matching, ISO
// dates, exact decimal amounts and checked registration numbers.
//
// Every function works on one string and knows nothing about layout; the
// extract package decides which strings to feed it. Raw text is never
// modified in place: Fold returns a copy for matching, and callers keep the
// original for display.
//
// Money is never a float64: amounts are integers in units of 10^-Scale
// (see Decimal), so "1,100" and "9.00" keep their exact printed value.
package normalize
