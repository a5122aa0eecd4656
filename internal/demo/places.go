package demo

// Places: the region codes that go into ID numbers and credit codes, and the names of the
// towns and streets of the district model.

// Birthplaces of the enterprise's staff: mostly Hangzhou (including the district codes
// retired in 2021, which stay in ID numbers issued before), some from the rest of Zhejiang.
var hangzhouBirthplaces = newWeighted[string](
	"330102", 8, "330103", 6, "330104", 6, "330105", 8, "330106", 12, "330108", 10, "330109", 10, "330110", 12,
	"330111", 4, "330112", 3, "330122", 2, "330127", 2, "330182", 2,
	"330203", 3, "330302", 3, "330402", 2, "330502", 2, "330602", 3, "330702", 3, "331002", 2,
)

// hangzhouUnitRegion is where the company is registered (Binjiang, the high-tech zone).
const hangzhouUnitRegion = "330108"

// Birthplaces in the district model: Yongchuan itself, and its neighbours.
var yongchuanBirthplaces = newWeighted[string](
	"500118", 82, "500116", 5, "500153", 4, "500120", 3, "500151", 2, "500106", 2, "510502", 2,
)

const yongchuanRegion = "500118"

// The district's seven streets and sixteen towns (Yongchuan's 23 镇街).
var yongchuanTowns = []string{
	"中山路街道", "胜利路街道", "南大街街道", "茶山竹海街道", "大安街道", "陈食街道", "卫星湖街道",
	"青峰镇", "金龙镇", "临江镇", "何埂镇", "松溉镇", "仙龙镇", "吉安镇", "五间镇", "来苏镇", "宝峰镇",
	"双石镇", "红炉镇", "永荣镇", "三教镇", "板桥镇", "朱沱镇",
}

// The industrial parks with their own working committees (园区党工委).
var yongchuanParks = []string{"凤凰湖工业园", "港桥工业园", "三教工业园"}

// Birthplaces in the synthetic region: the districts and counties of Chongqing.
var chongqingBirthplaces = []string{"500101", "500102", "500103", "500104", "500105", "500106", "500107",
	"500108", "500109", "500110", "500111", "500112", "500113", "500114", "500115", "500116", "500117",
	"500118", "500119", "500120", "500151", "500152", "500153", "500154", "500155", "500156"}

// Words for made-up company and association names. None is meant to name a real company.
var (
	unitPrefixes = []string{"渝西", "永荣", "兴川", "鑫源", "恒达", "宏发", "瑞丰", "金鼎", "华茂", "德润", "博远",
		"汇通", "茶竹", "凤凰湖", "港桥", "箕山", "黄瓜山", "卫星湖", "川渝", "长隆", "天元", "聚力", "信达",
		"嘉禾", "昌隆", "永盛", "万和", "中鼎", "佳美", "同创", "利民", "宏图", "双龙", "汇丰源", "广源"}
	unitTrades = []string{"机械制造", "汽车零部件", "电子科技", "食品", "茶业", "建材", "物流", "陶瓷", "纺织",
		"农业开发", "生物科技", "智能装备", "新材料", "商贸", "酒店管理", "建筑工程", "医药", "包装", "印务",
		"电力设备", "环保科技", "精密铸造", "塑胶", "家具", "农产品", "旅游开发", "物业服务", "供应链"}
	unitSuffixes = newWeighted[string]("有限公司", 70, "股份有限公司", 12, "有限责任公司", 18)
	associations = []string{"个体劳动者协会", "物流协会", "茶叶协会", "餐饮行业协会", "汽车维修行业协会", "建筑业协会",
		"家政服务协会", "电子商务协会", "中小企业商会", "江西商会", "福建商会", "浙江商会", "律师协会", "注册会计师协会",
		"社会工作者协会", "养老服务协会", "乡村旅游协会", "民办教育协会"}
	serviceUnits = []string{"社会工作服务中心", "养老服务中心", "职业培训学校", "幼儿园", "志愿服务中心", "民办医院"}
)

// Synthetic place names for the benchmark region: two syllables and 镇.
var (
	placeFirst  = []rune("青白石龙凤金银平安新长永兴太三双高黄河云天清碧古柳桂松梅兰竹荷")
	placeSecond = []rune("山水桥溪坝林河湾岭田塘坪场沟岩口关台")
)
