package index_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/shohyo/shohyo/internal/index"
)

// The text analyzer (shohyo_text) must make exactly the tokens of the
// chain it replaces: unicode tokenizer, to_lower, cjk_bigram, and the
// English filters on Latin words. Indexes built before it, queries and
// highlights all rely on that.

func textAnalyzers(tb testing.TB) (fused, chain analysis.Analyzer) {
	tb.Helper()
	c := registry.NewCache()
	fused, err := c.AnalyzerNamed("shohyo_text")
	if err != nil {
		tb.Fatal(err)
	}
	tok, err := c.TokenizerNamed("unicode")
	if err != nil {
		tb.Fatal(err)
	}
	ref := &analysis.DefaultAnalyzer{Tokenizer: tok}
	var english refEnglish
	for _, name := range []string{"to_lower", "cjk_bigram", "possessive_en", "stop_en", "stemmer_en_snowball"} {
		f, err := c.TokenFilterNamed(name)
		if err != nil {
			tb.Fatal(err)
		}
		if len(ref.TokenFilters) < 2 {
			ref.TokenFilters = append(ref.TokenFilters, f)
		} else {
			english = append(english, f)
		}
	}
	ref.TokenFilters = append(ref.TokenFilters, english)
	return fused, ref
}

// refEnglish is shohyo_english as it was before the fused analyzer and
// its cache of stems: bleve's English filters on each Latin word alone.
type refEnglish []analysis.TokenFilter

func (f refEnglish) Filter(in analysis.TokenStream) analysis.TokenStream {
	out, one := in[:0], make(analysis.TokenStream, 1)
	for _, t := range in {
		if t.Type == analysis.Ideographic || t.Type == analysis.Numeric || !index.HasLatinLetter(t.Term) {
			out = append(out, t)
			continue
		}
		ts := one[:1]
		ts[0] = t
		for _, tf := range f {
			ts = tf.Filter(ts)
		}
		out = append(out, ts...)
	}
	return out
}

// sameTokens reports how the two analyzers differ on s, or "".
func sameTokens(fused, chain analysis.Analyzer, s string) string {
	a, b := []byte(s), []byte(s)
	got, want := fused.Analyze(a), chain.Analyze(b)
	if string(a) != string(b) { // both lowercase the text in place
		return fmt.Sprintf("text after analysis %q, want %q", a, b)
	}
	if len(got) != len(want) {
		return fmt.Sprintf("%d tokens %s, want %d %s", len(got), dump(got), len(want), dump(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if string(g.Term) != string(w.Term) || g.Start != w.Start || g.End != w.End ||
			g.Position != w.Position || g.Type != w.Type || g.KeyWord != w.KeyWord {
			return fmt.Sprintf("token %d: %s, want %s", i, dump(got), dump(want))
		}
	}
	return ""
}

func dump(ts analysis.TokenStream) string {
	var b strings.Builder
	for _, t := range ts {
		fmt.Fprintf(&b, "[%s %d-%d @%d t%d]", t.Term, t.Start, t.End, t.Position, t.Type)
	}
	return b.String()
}

func TestTextAnalyzerCorpus(t *testing.T) {
	fused, chain := textAnalyzers(t)
	texts := []string{
		"", "請求書\nコピー用紙 A4 10箱\n合計 11,000円", "領 収 書\nコ ピ ー 用 紙", "ｺﾋﾟｰ用紙 5箱",
		"INVOICE\nAcme Trading Co.,Ltd.\nBill to: Aoba Foods\nToner cartridges 3 12.50\nThank you for your business",
		"The company's invoices aren't paid; it's 3.5% of ¥12,000 (tax 8%)", "佐々木様 人々 々 1々 a々b",
		"〒123-4567 東京都港区1丁目2-3\nTEL 03-1234-5678\n登録番号 T1234567890123", "発行日 2024年3月31日 10:30",
		"ア_1 _ア __ a_b 1_ _1_ a.b 1.2 a.2 a'b 1,2 a:b 1:2 a;b a’s 1’2", "ゝゞヽヾ゠ア゠ア ・ア・イ ー ーー あーあ",
		"お振込先 青葉銀行 港支店 普通 0123456", "Ｔｏｎｅｒ　ｃａｒｔｒｉｄｇｅ", "café naïve Straße ΣΑΣ", "한국어 ไทย", "e\u0301 ア\u3099",
		"A4用紙 用紙A4 USBメモリ 3M", "漢 字", "漢", "ア", "a", "1", "〇〇", "★☆■□※→", "\xff\xfe broken utf8 漢字",
	}
	for _, name := range []string{"fulltext_ja", "fulltext_en", "combined", "counterparty_ja"} {
		var entries []index.Entry
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "search", name, "entries.json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &entries); err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			texts = append(texts, e.Text, e.IssuerName, e.Recipient)
		}
	}
	for _, s := range texts {
		for _, in := range []string{s, index.Fold(s)} {
			if d := sameTokens(fused, chain, in); d != "" {
				t.Errorf("%q: %s", in, d)
			}
		}
	}
}

// TestTextAnalyzerChars puts each character of the ranges the analyzer
// classes (and their neighbours) among the characters it treats
// differently: a character classed wrongly splits or joins a word there.
func TestTextAnalyzerChars(t *testing.T) {
	fused, chain := textAnalyzers(t)
	partners := []string{"a", "Z", "0", "9", ":", ",", ";", ".", "'", "_", " ", "\n", "ア", "ー", "あ", "漢", "々", "、", "’", "-", "¥", "\u0301"}
	ranges := [][2]rune{{0, 0x2FF}, {0x2000, 0x206F}, {0x2190, 0x21FF}, {0x25A0, 0x26FF}, {0x3000, 0x30FF},
		{0x3400, 0x3410}, {0x4DB0, 0x4DBF}, {0x4E00, 0x4E10}, {0x9FC0, 0x9FFF}, {0xF900, 0xF910}, {0xFF00, 0xFFEF}}
	for _, rg := range ranges {
		for r := rg[0]; r <= rg[1]; r++ {
			c := string(r)
			for _, p := range partners {
				for _, s := range []string{c, p + c + p, c + p + c, c + c + p + c, p + p + c + p + p, "a" + c + "1" + p} {
					if d := sameTokens(fused, chain, s); d != "" {
						t.Fatalf("U+%04X in %q: %s", r, s, d)
					}
				}
			}
		}
	}
}

// textAlphabet is what random texts are made of: every kind of
// character the analyzer classes, and a few it does not.
var textAlphabet = []string{"a", "B", "z", "0", "7", ":", ",", ";", ".", "'", "_", " ", "\n", "\t", "-", "(", ")",
	"ア", "イ", "ー", "ヽ", "あ", "ゝ", "漢", "字", "〇", "々", "、", "。", "・", "「", "」", "’", "‘", "¥", "×",
	"é", "\u3099", "Σ", "한", "\u200d", "s", "'s", "the", "and", "invoices", "カード"}

func TestTextAnalyzerRandom(t *testing.T) {
	fused, chain := textAnalyzers(t)
	r := rand.New(rand.NewPCG(1, 2))
	for range 50_000 {
		var b strings.Builder
		for range r.IntN(24) {
			b.WriteString(textAlphabet[r.IntN(len(textAlphabet))])
		}
		if d := sameTokens(fused, chain, b.String()); d != "" {
			t.Fatalf("%q: %s", b.String(), d)
		}
	}
}

func FuzzTextAnalyzer(f *testing.F) {
	for _, s := range []string{"コピー用紙A4 10箱", "The company's invoices", "a.b 1,2 ア_1 佐々木", "12,000円"} {
		f.Add(s)
	}
	fused, chain := textAnalyzers(f)
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			t.Skip("cjk_bigram panics on a broken character; Fold makes every text valid UTF-8")
		}
		if d := sameTokens(fused, chain, s); d != "" {
			t.Errorf("%q: %s", s, d)
		}
	})
}

// BenchmarkTextAnalyzer compares the analyzer with the chain it replaces
// on texts like the benchmark's (docs/benchmarks.md).
func BenchmarkTextAnalyzer(b *testing.B) {
	fused, chain := textAnalyzers(b)
	texts := []string{
		index.Fold("請求書\n株式会社青葉商事 御中\n東和サプライ株式会社\n〒105-0011 東京都港区芝公園3丁目4-5\nTEL 03-1234-5678\n登録番号 T1234567890123\n発行日 2024年3月31日\n品名 数量 単価 金額\nコピー用紙A4 10 500 5000\nトナーカートリッジ 2 12000 24000\nボールペン 黒 20 100 2000\n小計 ¥31,000\n消費税 ¥3,100\n合計 ¥34,100\nお振込先 みずほ銀行 港支店 普通 1234567\n"),
		index.Fold("INVOICE\nNova Trading Sdn Bhd\n12 Alice Street, Kuala Lumpur\nInvoice No: 4711  Date: 31/03/2024\nBill to: Aoba Foods\nDescription Qty Price Amount\nBob printer paper 3 12.50\nCarol toner cartridges 2 45.00\nSubtotal MYR 127.50\nTax 10.20\nTOTAL MYR 137.70\nThank you for your business\n"),
	}
	for _, c := range []struct {
		name string
		a    analysis.Analyzer
	}{{"fused", fused}, {"chain", chain}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				for _, s := range texts {
					c.a.Analyze([]byte(s))
				}
			}
		})
	}
}
