package demo

import "strings"

// Chinese personal names: a surname drawn by its real frequency (the most common hundred
// cover about 85 % of people; weights are per ten thousand, after the 2020 census lists),
// then a one- or two-character given name from characters usual for the holder's gender.

var surnames = newWeighted[string](
	"王", 715, "李", 710, "张", 686, "刘", 542, "陈", 454, "杨", 308, "黄", 226, "赵", 223, "吴", 205, "周", 197,
	"徐", 167, "孙", 154, "马", 149, "朱", 135, "胡", 132, "郭", 118, "何", 117, "林", 114, "罗", 111, "高", 110,
	"郑", 100, "梁", 98, "谢", 87, "宋", 80, "唐", 79, "许", 76, "韩", 72, "邓", 71, "冯", 71, "曹", 68,
	"彭", 68, "曾", 67, "肖", 65, "田", 63, "董", 61, "潘", 58, "袁", 58, "蔡", 56, "蒋", 56, "余", 55,
	"于", 54, "杜", 52, "叶", 52, "程", 51, "魏", 49, "苏", 49, "吕", 48, "丁", 47, "任", 46, "卢", 44,
	"姚", 44, "沈", 43, "钟", 42, "姜", 42, "崔", 42, "谭", 42, "陆", 41, "范", 39, "汪", 39, "廖", 38,
	"石", 38, "金", 37, "韦", 36, "贾", 36, "夏", 35, "付", 35, "方", 34, "邹", 33, "熊", 33, "白", 33,
	"孟", 32, "秦", 32, "邱", 32, "侯", 31, "江", 31, "尹", 30, "薛", 30, "闫", 29, "段", 29, "雷", 29,
	"龙", 28, "黎", 28, "史", 28, "陶", 27, "贺", 27, "毛", 26, "郝", 26, "顾", 25, "龚", 25, "邵", 24,
	"万", 23, "覃", 23, "武", 23, "钱", 22, "戴", 21, "严", 21, "莫", 20, "孔", 19, "向", 19, "常", 19,
	"汤", 18, "康", 18, "易", 17, "乔", 17, "赖", 17, "文", 16, "施", 15, "洪", 15, "牟", 12, "冉", 10,
	"欧阳", 8, "司马", 1, "诸葛", 1, "上官", 1,
)

var givenMale = strings.Split("伟 强 磊 军 勇 杰 涛 明 超 辉 刚 平 鹏 华 飞 斌 宇 浩 凯 健 俊 帆 建 国 志 文 海 波 林 峰 "+
	"东 晨 博 远 嘉 轩 然 昊 宏 亮 成 龙 毅 诚 翔 鑫 磊 睿 哲 彬 坤 锋 洋 庆 民 荣 德 兵 松 阳 旭 桐 川 渝 "+
	"子 天 宁 泽 航 铭 一 安 晓 思 景 立 永 家 新 正", " ")

var givenFemale = strings.Split("芳 娜 敏 静 丽 艳 娟 霞 燕 玲 婷 雪 慧 颖 琳 晶 倩 洁 欣 怡 梦 佳 雨 萱 悦 璐 瑶 琪 蕾 莉 "+
	"红 梅 兰 凤 丹 英 秀 云 月 蓉 薇 婧 妍 茜 楠 岚 然 晓 思 子 诗 涵 馨 宁 欢 露 冰 青 素 华 秋 春 萍 "+
	"一 文 嘉 可 安 语", " ")

// personName returns a full name for a woman (female) or a man.
func personName(g *rng, female bool) string {
	chars := givenMale
	if female {
		chars = givenFemale
	}
	given := pick(g, chars)
	if g.chance(0.72) { // two-character given names are the large majority since the 1970s
		second := pick(g, chars)
		for second == given {
			second = pick(g, chars)
		}
		given += second
	}
	return surnames.draw(g) + given
}
