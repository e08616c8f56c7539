package ocr

import (
	"image"
	"math"
	"testing"

	"github.com/shohyo/shohyo/internal/imagefmt"
	"github.com/shohyo/shohyo/internal/imagefmt/imagefmttest"
)

// deskewLines is a receipt's worth of text: the skew search needs rows.
var deskewLines = []string{
	"御請求書", "株式会社テスト商事 御中", "2024年4月1日", "登録番号 T7010705000725",
	"コピー用紙 A4 5冊 ¥2,500", "ボールペン 黒 10本 ¥1,200", "ファイル 20冊 ¥3,000",
	"クリップ 3箱 ¥450", "封筒 角2 100枚 ¥1,800", "ノート B5 10冊 ¥1,500",
	"小計 ¥10,450", "消費税 10% ¥1,045", "合計金額 ¥11,495",
	"お支払期限 2024年4月30日", "振込先 青葉銀行 本店 普通 1234567",
}

// fullLines runs each line across the page twice over: the skew search
// scores rows of ink, and short lines leave it unsure.
func fullLines() []string {
	var out []string
	for _, l := range append(deskewLines, deskewLines...) {
		out = append(out, l+" "+l)
	}
	return out
}

// skewedPage draws the lines at 200 dpi and turns them by deg with the
// same nearest-pixel rotation a tilted sheet on a scanner bed gives.
func skewedPage(t testing.TB, deg float64) *image.Gray {
	img, err := imagefmttest.Page(fullLines(), 200, 3.5, 10)
	if err != nil {
		t.Skip(err) // no Japanese font: the OCR tests report it
	}
	g := imagefmt.Gray(img)
	out := image.NewGray(g.Rect)
	sin, cos := math.Sincos(deg * math.Pi / 180)
	cx, cy := float64(g.Rect.Dx())/2, float64(g.Rect.Dy())/2
	for y := 0; y < g.Rect.Dy(); y++ {
		for x := 0; x < g.Rect.Dx(); x++ {
			sx := cos*(float64(x)-cx) + sin*(float64(y)-cy) + cx
			sy := -sin*(float64(x)-cx) + cos*(float64(y)-cy) + cy
			v := uint8(0xFF)
			if p := (image.Point{int(sx), int(sy)}); p.In(g.Rect) {
				v = g.GrayAt(p.X, p.Y).Y
			}
			out.Pix[y*out.Stride+x] = v
		}
	}
	return out
}

func TestDeskew(t *testing.T) {
	for _, deg := range []float64{-3, -1.5, 1, 2.5} {
		_, got := deskew(skewedPage(t, deg))
		// Leptonica reports the angle to turn back by, within its search step.
		if math.Abs(math.Abs(got)-math.Abs(deg)) > 0.3 {
			t.Errorf("skewed %.1f°: found %.2f°", deg, got)
		}
	}
	if g, got := deskew(skewedPage(t, 0)); got != 0 || g == nil {
		t.Errorf("straight page: turned by %.2f°", got)
	}
}

func BenchmarkDeskew(b *testing.B) {
	g := skewedPage(b, 1.5)
	for b.Loop() {
		deskew(g)
	}
}
