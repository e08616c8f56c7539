package synth

// Word lists the generator draws from. Readings are written the way banks
// print account holders (small kana as large: シヨウジ), because they are
// only used for 口座名義.

// kanaWord is a name part with its reading for the account holder.
type kanaWord struct{ Text, Kana string }

var namePrefixes = []kanaWord{
	{"山田", "ヤマダ"}, {"東洋", "トウヨウ"}, {"日本", "ニホン"}, {"大和", "ヤマト"},
	{"青葉", "アオバ"}, {"三協", "サンキヨウ"}, {"北斗", "ホクト"}, {"富士", "フジ"},
	{"桜井", "サクライ"}, {"中央", "チユウオウ"}, {"丸和", "マルワ"}, {"新星", "シンセイ"},
	{"旭", "アサヒ"}, {"高橋", "タカハシ"}, {"光和", "コウワ"}, {"千代田", "チヨダ"},
	{"サンライズ", "サンライズ"}, {"ミライ", "ミライ"}, {"グリーンフィールド", "グリーンフイールド"},
	{"ネクスト", "ネクスト"}, {"アルファ", "アルフア"}, {"そよかぜ", "ソヨカゼ"},
}

var nameSuffixes = []kanaWord{
	{"商事", "シヨウジ"}, {"産業", "サンギヨウ"}, {"物産", "ブツサン"}, {"電機", "デンキ"},
	{"システム", "システム"}, {"印刷", "インサツ"}, {"食品", "シヨクヒン"}, {"興業", "コウギヨウ"},
	{"工業", "コウギヨウ"}, {"企画", "キカク"}, {"ソリューションズ", "ソリユーシヨンズ"},
	{"テクノ", "テクノ"}, {"製作所", "セイサクシヨ"}, {"運輸", "ウンユ"}, {"設計", "セツケイ"},
	{"フーズ", "フーズ"}, {"オフィス", "オフイス"}, {"デザイン", "デザイン"},
}

// corpForm is a legal form: how it is written in full, abbreviated, and as
// the account-holder prefix (カ） for 株式会社 before the name, （カ after).
type corpForm struct {
	Full       string
	Abbrevs    []string
	KanaBefore string
	KanaAfter  string
}

var corpForms = []corpForm{
	{"株式会社", []string{"(株)", "（株）", "㈱"}, "カ）", "（カ"},
	{"株式会社", []string{"(株)", "（株）", "㈱"}, "カ）", "（カ"},
	{"株式会社", []string{"(株)", "（株）", "㈱"}, "カ）", "（カ"},
	{"有限会社", []string{"(有)", "（有）", "㈲"}, "ユ）", "（ユ"},
	{"合同会社", []string{"(同)", "（同）"}, "ド）", "（ド"},
}

// town is a place with a plausible postal code prefix and phone area code.
type town struct {
	Pref, City, Town string
	Postal           string // first three digits
	Area             string // phone area code
}

var towns = []town{
	{"東京都", "千代田区", "丸の内", "100", "03"},
	{"東京都", "千代田区", "神田小川町", "101", "03"},
	{"東京都", "中央区", "日本橋本町", "103", "03"},
	{"東京都", "中央区", "銀座", "104", "03"},
	{"東京都", "港区", "芝浦", "108", "03"},
	{"東京都", "港区", "赤坂", "107", "03"},
	{"東京都", "新宿区", "西新宿", "160", "03"},
	{"東京都", "渋谷区", "道玄坂", "150", "03"},
	{"東京都", "品川区", "大崎", "141", "03"},
	{"東京都", "豊島区", "東池袋", "170", "03"},
	{"東京都", "台東区", "浅草橋", "111", "03"},
	{"東京都", "武蔵野市", "吉祥寺本町", "180", "0422"},
	{"東京都", "八王子市", "旭町", "192", "042"},
	{"神奈川県", "横浜市西区", "みなとみらい", "220", "045"},
	{"大阪府", "大阪市北区", "梅田", "530", "06"},
	{"愛知県", "名古屋市中村区", "名駅", "450", "052"},
	{"福岡県", "福岡市博多区", "博多駅前", "812", "092"},
}

var buildings = []string{"ビル", "ビルディング", "センタービル", "第二ビル", "スクエア", "タワー"}

// Given and family names for people as recipients and staff.
var familyNames = []string{"佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤"}
var givenNames = []string{"太郎", "花子", "健一", "美咲", "大輔", "陽子", "翔", "由美", "誠", "直子"}

var departments = []string{"", "", "", "経理部", "総務部", "管理部 経理課"}

var banks = []string{"みずほ銀行", "三菱UFJ銀行", "三井住友銀行", "りそな銀行", "横浜銀行", "城南信用金庫", "きらぼし銀行"}
var branches = []string{"本店営業部", "新宿支店", "渋谷支店", "丸の内支店", "日本橋支店", "梅田支店", "横浜駅前支店", "池袋支店"}

// product is something sold: name, unit, a price range in yen (net of tax
// on invoices, as shown on receipts) and whether it takes the reduced 8%
// rate (food and drink other than alcohol and eating in).
type product struct {
	Name    string
	Unit    string
	Lo, Hi  int64
	Reduced bool
	MaxQty  int
}

// invoiceCatalog groups B2B items by what a vendor sells; an invoice draws
// from one or two groups so its lines belong together.
var invoiceCatalog = [][]product{
	{ // office supplies
		{"コピー用紙 A4 500枚×5冊", "箱", 2400, 3600, false, 10},
		{"ボールペン 黒 0.5mm 10本入", "箱", 800, 1400, false, 5},
		{"クリアファイル A4 100枚", "袋", 1200, 1900, false, 5},
		{"トナーカートリッジ 黒", "本", 12000, 19800, false, 3},
		{"ホッチキス針 No.10", "箱", 300, 600, false, 10},
		{"付箋 75×75mm", "冊", 150, 320, false, 20},
	},
	{ // drinks and snacks for the office
		{"ミネラルウォーター 500ml×24本", "ケース", 1800, 2600, true, 6},
		{"緑茶ティーバッグ 100袋", "箱", 900, 1600, true, 4},
		{"コーヒー豆 1kg", "袋", 2200, 3800, true, 3},
		{"菓子詰合せ", "箱", 1500, 3000, true, 5},
		{"缶ビール 350ml×24本", "ケース", 4800, 5800, false, 2},
	},
	{ // catering
		{"会議用弁当 幕の内", "個", 800, 1500, true, 30},
		{"お茶 500ml", "本", 110, 160, true, 30},
		{"サンドイッチ盛合せ", "皿", 2500, 4500, true, 4},
		{"配達料", "式", 500, 1500, false, 1},
	},
	{ // IT and design services
		{"システム保守費用", "式", 30000, 250000, false, 1},
		{"Webサイト更新作業", "式", 20000, 180000, false, 1},
		{"デザイン制作費", "式", 50000, 300000, false, 1},
		{"サーバー利用料", "月", 5000, 40000, false, 3},
		{"出張交通費", "式", 3000, 25000, false, 1},
	},
	{ // printing and logistics
		{"名刺印刷 100枚", "箱", 1500, 3200, false, 10},
		{"チラシ印刷 A4 カラー", "枚", 8, 25, false, 5000},
		{"梱包資材", "式", 2000, 9000, false, 1},
		{"配送料", "件", 600, 1800, false, 20},
	},
}

// shop is a kind of store a receipt comes from, with its items.
type shop struct {
	Names    []string
	Products []product
}

var shops = []shop{
	{[]string{"サクラマート", "ミドリストア", "ハッピーマート"}, []product{
		{"おにぎり 鮭", "", 140, 190, true, 3},
		{"サンドイッチ", "", 260, 380, true, 2},
		{"緑茶 500ml", "", 120, 160, true, 3},
		{"カップ麺", "", 180, 260, true, 2},
		{"ボールペン", "", 110, 180, false, 2},
		{"乾電池 単3 4本", "", 420, 580, false, 1},
		{"レジ袋", "", 3, 5, false, 1},
		{"缶コーヒー", "", 120, 150, true, 2},
	}},
	{[]string{"カフェ・ソレイユ", "喫茶 こもれび", "珈琲館 あおば"}, []product{
		{"ブレンドコーヒー(店内)", "", 420, 560, false, 2},
		{"カフェラテ(店内)", "", 480, 620, false, 2},
		{"ケーキセット(店内)", "", 850, 1200, false, 2},
		{"コーヒー豆 200g", "", 1200, 1800, true, 1},
		{"焼菓子(持帰り)", "", 250, 480, true, 3},
	}},
	{[]string{"ひかり文具", "オフィス館", "文具のまるや"}, []product{
		{"ノート B5", "", 150, 300, false, 5},
		{"ボールペン 3色", "", 180, 400, false, 3},
		{"クリアファイル 10枚", "", 280, 450, false, 2},
		{"封筒 長3 100枚", "", 400, 900, false, 2},
		{"印鑑マット", "", 500, 900, false, 1},
	}},
	{[]string{"青葉ベーカリー", "パン工房 こむぎ"}, []product{
		{"食パン 1斤", "", 320, 450, true, 2},
		{"クロワッサン", "", 180, 260, true, 4},
		{"カレーパン", "", 200, 280, true, 3},
		{"ホットコーヒー(店内)", "", 250, 350, false, 2},
	}},
}

var shopBranches = []string{"新宿西口店", "渋谷店", "丸の内店", "池袋東口店", "吉祥寺店", "大崎駅前店", "本店"}
