// Package synth renders synthetic Japanese invoices (請求書) and receipts
// (領収書, レシート) as scanned images, each with the truth an extractor
// should read from it. It feeds OCR and extraction tests and demos with
// documents whose every value is known, without keeping real customers'
// papers in the repository.
//
// Everything is drawn from a seeded math/rand/v2 source, so one seed always
// gives the same bytes: content (vendor, items, dates, number styles) and
// scan degradations (rotation, blur, noise, grayscale, JPEG) use separate
// streams, so changing the degradation of a seed keeps its content.
//
// Terms:
//   - Kind is "invoice" (A4 portrait 請求書) or "receipt" (a narrow
//     thermal-printer slip titled 領収書, 領収証 or レシート).
//   - Truth is a record.Fields holding what is printed, normalised as the
//     record contract asks: dates YYYY-MM-DD, amounts as plain decimal
//     strings, registration numbers "T" + 13 ASCII digits, document_type
//     "invoice" or "receipt", currency "JPY". Source holds the text exactly
//     as drawn (full-width digits, ￥, 和暦 and all); BBox is where it was
//     drawn, in pixels of the final image (after rotation).
//
// Conventions of the truth that an extractor test has to agree with:
//   - Tax is computed once per rate per document and floored: for
//     tax-exclusive documents tax = base × rate / 100, for tax-inclusive
//     receipts (内消費税) tax = gross × rate / (100 + rate). A TaxLine's
//     Base is the amount printed after "N%対象", which is the tax-included
//     amount on tax-inclusive receipts.
//   - Subtotal is 小計 (net on exclusive documents, gross on inclusive
//     ones); Total is 合計 / ご請求金額. お預り and お釣り are never a total.
//   - Recipient is the name without 御中 or 様; "上様" names nobody, so
//     Recipient is nil.
//   - Issuer address is "〒NNN-NNNN " followed by the address lines joined
//     with a space, NFKC-normalised.
//   - TransactionDate is set on invoices only when a 納品日 or 取引日 is
//     printed; on receipts it is the date of the sale.
package synth
