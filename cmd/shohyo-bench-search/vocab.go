package main

import "strings"

// Word lists for synthetic invoices. Names are made of common surnames,
// place words and trade words, as small Japanese businesses are named;
// none is meant to be a real company.
var (
	jpCores = strings.Fields(`青葉 緑川 東京 大阪 名古屋 札幌 福岡 横浜 神戸 京都 山田 田中 鈴木 佐藤
		高橋 伊藤 渡辺 中村 小林 加藤 吉田 山本 松本 井上 木村 清水 山口 池田 橋本 阿部 石川 前田 藤田
		小川 岡田 後藤 長谷川 村上 近藤 坂本 遠藤 青木 藤井 西村 福田 太田 三浦 藤原 岡本 松田 中川 中野
		原田 小野 田村 竹内 金子 和田 中山 石井 上田 森田 柴田 酒井 工藤 横山 宮崎 宮本 内田 高木 安藤
		谷口 大野 丸山 今井 河野 藤本 村田 武田 上野 杉山 増田 平野 大塚 千葉 久保 松井 小島 岩崎 桜井
		野口 松尾 野村 木下 菊地 佐々木 富士 日本 中央 北斗 三和 大和 旭 昭和 東洋 太平洋 日の出 朝日
		新光 協和 共栄 第一 さくら みどり ひかり あおば アオバ サクラ ミドリ ヒカリ コスモ エース ユニオン
		ネクスト フューチャー グローバル 北海 湘南 信濃 瀬戸内 若葉 白樺 紅葉 萩 椿 菊水 松竹 鶴亀`)
	jpTrades = strings.Fields(`商事 工業 運輸 建設 電機 食品 印刷 物産 製作所 システム ソリューションズ
		サービス 不動産 商店 薬品 産業 電設 設備 興業 化学 精機 物流 技研 開発 企画 事務所 会計事務所
		法律事務所 テクノロジー エンジニアリング 食堂 珈琲店 書店 文具店 タクシー 交通 酒店 青果 鮮魚
		米穀店 クリーニング 塗装 造園 金属 樹脂 紙業 包装 電子 通信 観光 旅館 ホテル 薬局 眼鏡店`)
	jpForms = []string{"株式会社", "有限会社", "合同会社"}
	// printed forms of 株式会社 and 有限会社, as OCR reads them off seals
	jpFormVariants = map[string][]string{"株式会社": {"株式会社", "㈱", "(株)"}, "有限会社": {"有限会社", "㈲", "(有)"}}

	enFirst = strings.Fields(`Acme Blue Leaf North Pacific Global Sun River Harbor Summit Silver Golden Red
		Green Oak Pine Maple Cedar Eagle Falcon Lion Tiger Star Moon Ocean Bay Coast Valley Mountain Prime
		Apex Vertex Nova Orion Atlas Delta Sigma Omega Alpha Unity Bright Clear Swift Rapid Smart Crystal`)
	enSecond = strings.Fields(`Trading Foods Logistics Systems Supplies Consulting Solutions Digital Print
		Office Freight Electric Engineering Stationery Catering Travel Motors Hardware Software Media Design`)
	enSuffixes = []string{"Ltd", "Co., Ltd.", "Inc.", "LLC", "Sdn Bhd", "Pte Ltd", "Corporation", "KK"}

	ownNames = []string{"株式会社ショウヒョウ", "ショウヒョウ株式会社 経理部", "㈱ショウヒョウ 総務部", "Shohyo KK"}

	jpItems = strings.Fields(`コピー用紙A4 トナーカートリッジ ボールペン クリアファイル 付箋 ホッチキス
		封筒長3 段ボール箱 ガムテープ 蛍光灯 LED電球 乾電池 プリンター保守 複合機リース料 運送料 配送料
		梱包材 会議室利用料 交通費 タクシー代 駐車場代 弁当 お茶 コーヒー豆 ミネラルウォーター 名刺印刷
		チラシ印刷 パンフレット制作 ウェブサイト保守 サーバー利用料 ソフトウェアライセンス ノートパソコン
		モニター キーボード マウス USBメモリ LANケーブル ルーター 清掃費 警備費 電気工事 水道修理
		エアコン清掃 観葉植物レンタル 新聞購読料 書籍 雑誌 郵便切手 収入印紙 宅配便 工具 作業服 安全靴
		軍手 消毒液 マスク 文具一式 事務机 椅子 書類棚 シュレッダー 電話料金 インターネット回線 広告掲載料
		翻訳料 通訳料 研修費 講師謝礼 宿泊費 航空券 新幹線乗車券 手数料 振込手数料 修繕費 外注加工費`)
	enItems = strings.Fields(`paper toner pens folders envelopes boxes tape batteries maintenance lease
		delivery freight packaging catering coffee water printing brochures hosting license laptop monitor
		keyboard cables router cleaning security repairs consulting training accommodation airfare taxi
		parking stationery furniture shredder subscription advertising translation commission`)

	prefectures = strings.Fields(`東京都 大阪府 愛知県 神奈川県 福岡県 北海道 京都府 兵庫県 埼玉県 千葉県 広島県 宮城県`)
	cities      = strings.Fields(`中央区 港区 新宿区 渋谷区 北区 西区 中区 南区 東区 青葉区 緑区 若葉区 浜松市 豊田市`)
	banks       = strings.Fields(`みずほ 三菱UFJ 三井住友 りそな ゆうちょ 横浜 千葉 静岡 福岡 北洋`)
)

// docTypes are the document types with their share of an archive.
var docTypes = []struct {
	code, ja, en string
	weight       float64
}{
	{"invoice", "請求書", "TAX INVOICE", 0.45},
	{"receipt", "領収書", "RECEIPT", 0.35},
	{"delivery_note", "納品書", "DELIVERY ORDER", 0.10},
	{"quotation", "御見積書", "QUOTATION", 0.05},
	{"purchase_order", "注文書", "PURCHASE ORDER", 0.03},
	{"simplified_invoice", "適格簡易請求書", "CASH BILL", 0.02},
}
