#include "cscs/ident/region.h"

#include <stddef.h>

struct province {
	char prefix[3];
	const char *en;
	const char *zh;
};

/* GB/T 2260 province-level divisions; "10" is the national level (100000). */
static const struct province provinces[] = {
	{"10", "national", "全国"},
	{"11", "Beijing", "北京市"},
	{"12", "Tianjin", "天津市"},
	{"13", "Hebei", "河北省"},
	{"14", "Shanxi", "山西省"},
	{"15", "Inner Mongolia", "内蒙古自治区"},
	{"21", "Liaoning", "辽宁省"},
	{"22", "Jilin", "吉林省"},
	{"23", "Heilongjiang", "黑龙江省"},
	{"31", "Shanghai", "上海市"},
	{"32", "Jiangsu", "江苏省"},
	{"33", "Zhejiang", "浙江省"},
	{"34", "Anhui", "安徽省"},
	{"35", "Fujian", "福建省"},
	{"36", "Jiangxi", "江西省"},
	{"37", "Shandong", "山东省"},
	{"41", "Henan", "河南省"},
	{"42", "Hubei", "湖北省"},
	{"43", "Hunan", "湖南省"},
	{"44", "Guangdong", "广东省"},
	{"45", "Guangxi", "广西壮族自治区"},
	{"46", "Hainan", "海南省"},
	{"50", "Chongqing", "重庆市"},
	{"51", "Sichuan", "四川省"},
	{"52", "Guizhou", "贵州省"},
	{"53", "Yunnan", "云南省"},
	{"54", "Tibet", "西藏自治区"},
	{"61", "Shaanxi", "陕西省"},
	{"62", "Gansu", "甘肃省"},
	{"63", "Qinghai", "青海省"},
	{"64", "Ningxia", "宁夏回族自治区"},
	{"65", "Xinjiang", "新疆维吾尔自治区"},
	{"71", "Taiwan", "台湾省"},
	{"81", "Hong Kong", "香港特别行政区"},
	{"82", "Macao", "澳门特别行政区"},
};

const char *cscs_region_province(const char *code, bool zh)
{
	if (!code || !code[0] || !code[1])
		return NULL;
	for (size_t i = 0; i < sizeof(provinces) / sizeof(provinces[0]); i++)
		if (provinces[i].prefix[0] == code[0] && provinces[i].prefix[1] == code[1])
			return zh ? provinces[i].zh : provinces[i].en;
	return NULL;
}
