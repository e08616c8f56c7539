package index_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/shohyo/shohyo/internal/index"
)

func TestFold(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"㈱青葉商事", "株式会社青葉商事"},
		{"（株）青葉商事", "株式会社青葉商事"},
		{"青葉商事 ( 株 )", "青葉商事株式会社"},
		{"㍿青葉", "株式会社青葉"},
		{"㈲みどり", "有限会社みどり"},
		{"(一社)日本会計協会", "一般社団法人日本会計協会"},
		{"(注)", "(注)"}, // not a legal form: left alone
		{"ｱｵﾊﾞ ﾌｰｽﾞ", "アオバフーズ"},
		{"霞ヶ関", "霞ケ関"},
		{"ＡＢＣ　Ｃｏ．，Ｌｔｄ．", "ABC Co.,Ltd."},
		{"コ ピ ー 用 紙", "コピー用紙"},
		{"コピー用紙  A4\n\n10箱", "コピー用紙 A4\n10箱"},
		{"10箱\n合計", "10箱\n合計"}, // a line break still ends a word
		{"  padded  ", "padded"},
	} {
		if got := index.Fold(c.in); got != c.want {
			t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
		}
		if again := index.Fold(index.Fold(c.in)); again != index.Fold(c.in) {
			t.Errorf("Fold is not idempotent on %q: %q", c.in, again)
		}
	}
}

func FuzzFoldIdempotent(f *testing.F) {
	for _, s := range []string{"㈱青葉 ｱｵﾊﾞ", "（ 有 ）x", "a  b\n c", "①②", "ﾊﾟﾊﾟ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := index.Fold(s)
		if twice := index.Fold(once); twice != once {
			t.Errorf("Fold(%q) = %q, Fold of that = %q", s, once, twice)
		}
	})
}

func TestSyntaxErrorCaret(t *testing.T) {
	_, err := index.ParseQuery("取引先:青葉 amount:abc")
	var se *index.SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("error %v is not a *SyntaxError", err)
	}
	// 取引先:青葉 is 6 characters, 11 columns wide on a terminal.
	want := "取引先:青葉 amount:abc\n" + "                   ^"
	if se.Column != 15 || se.Caret() != want {
		t.Errorf("column %d, caret\n%s\nwant column 15 and\n%s", se.Column, se.Caret(), want)
	}
}

func ExampleParseQuery() {
	q, err := index.ParseQuery(`取引先:青葉 date:2024-01..2024-03 amount:10000..50000 text:"コピー用紙"`)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(q.Counterparty, q.From.Format("2006-01-02"), q.To.Format("2006-01-02"), *q.Min, *q.Max, q.Text)
	fmt.Println(q.Values().Encode())

	_, err = index.ParseQuery("取引先:青葉 amount:abc")
	fmt.Println(err)
	// Output:
	// 青葉 2024-01-01 2024-03-31 10000 50000 コピー用紙
	// counterparty=%E9%9D%92%E8%91%89&from=2024-01-01&max=50000&min=10000&text=%E3%82%B3%E3%83%94%E3%83%BC%E7%94%A8%E7%B4%99&to=2024-03-31
	// query: column 15: amount: "abc" is not an amount: use a number such as 10000, 10,000 or 9.50
}
