package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// text is what OCR would read off the document: a header, the parties,
// the item lines and the totals, in the document's language.
func (g *generator) text(r *rand.Rand, c company, issuer, recipient, titleJa, titleEn string, issue time.Time,
	subtotal, tax, total float64, currency string) string {
	var b strings.Builder
	line := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	items := 2 + r.IntN(8)
	if c.english {
		line("%s", titleEn)
		line("%s", issuer)
		line("%d %s Street, %s", 1+r.IntN(200), pick(r, enFirst), pick(r, []string{"Kuala Lumpur", "Singapore", "Tokyo", "Osaka"}))
		line("Invoice No: %d  Date: %s", r.IntN(100000), issue.Format("02/01/2006"))
		if recipient != "" && recipient != "上様" {
			line("Bill to: %s", recipient)
		}
		line("Description Qty Price Amount")
		for range items {
			q := 1 + r.IntN(20)
			line("%s %s %d %.2f", pick(r, enFirst), pick(r, enItems), q, float64(1+r.IntN(9999))/100)
		}
		line("Subtotal %s %.2f", currency, subtotal)
		line("Tax %.2f", tax)
		line("TOTAL %s %.2f", currency, total)
		line("Thank you for your business")
		return b.String()
	}
	line("%s", titleJa)
	if recipient != "" {
		line("%s 御中", recipient)
	}
	line("%s", issuer)
	line("〒%03d-%04d %s%s%d丁目%d-%d", r.IntN(1000), r.IntN(10000), pick(r, prefectures), pick(r, cities), 1+r.IntN(9), 1+r.IntN(30), 1+r.IntN(20))
	line("TEL 0%d-%04d-%04d", 3+r.IntN(90), r.IntN(10000), r.IntN(10000))
	line("登録番号 %s", c.reg)
	line("発行日 %d年%d月%d日", issue.Year(), issue.Month(), issue.Day())
	line("品名 数量 単価 金額")
	for range items {
		q, unit := 1+r.IntN(20), 100*(1+r.IntN(300))
		line("%s %d %d %d", pick(r, jpItems), q, unit, q*unit)
	}
	line("小計 ¥%s", yen(subtotal))
	line("消費税 ¥%s", yen(tax))
	line("合計 ¥%s", yen(total))
	if r.Float64() < 0.5 {
		line("お振込先 %s銀行 %s支店 普通 %07d", pick(r, banks), pick(r, cities), r.IntN(10000000))
	}
	return b.String()
}
