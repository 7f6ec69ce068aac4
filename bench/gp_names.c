/*
 * genpack: invented company and person names, USCCs and identity numbers.
 *
 * Unplanted names must never look alike, or screening would find matches
 * nobody planted. So the two pools (partners and the audited company on
 * one side, list entries on the other) draw regions, trade-name characters,
 * industry words and surnames from disjoint sets: an unplanted partner and
 * an unplanted list entry share no character trigram once legal forms are
 * stripped. Within a pool a trade name is a bijection of the company's
 * index, so no two companies share one.
 */
#include <string.h>

#include "cscs/ident/uscc.h"
#include "gp.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Even entries for the partner pool, odd ones for the list pool. */
static const struct gp_region regions[] = {
	{"上海", "Shanghai", "310115", "上海市浦东新区", "沪"},
	{"北京", "Beijing", "110108", "北京市海淀区", "京"},
	{"苏州", "Suzhou", "320505", "江苏省苏州市虎丘区", "苏"},
	{"天津", "Tianjin", "120116", "天津市滨海新区", "津"},
	{"深圳", "Shenzhen", "440305", "广东省深圳市南山区", "粤"},
	{"重庆", "Chongqing", "500112", "重庆市渝北区", "渝"},
	{"杭州", "Hangzhou", "330106", "浙江省杭州市西湖区", "浙"},
	{"西安", "Xi'an", "610113", "陕西省西安市雁塔区", "陕"},
	{"宁波", "Ningbo", "330212", "浙江省宁波市鄞州区", "浙"},
	{"郑州", "Zhengzhou", "410105", "河南省郑州市金水区", "豫"},
	{"无锡", "Wuxi", "320214", "江苏省无锡市新吴区", "苏"},
	{"长沙", "Changsha", "430104", "湖南省长沙市岳麓区", "湘"},
	{"东莞", "Dongguan", "441900", "广东省东莞市", "粤"},
	{"济南", "Jinan", "370102", "山东省济南市历下区", "鲁"},
	{"佛山", "Foshan", "440606", "广东省佛山市顺德区", "粤"},
	{"沈阳", "Shenyang", "210106", "辽宁省沈阳市铁西区", "辽"},
	{"厦门", "Xiamen", "350206", "福建省厦门市湖里区", "闽"},
	{"昆明", "Kunming", "530102", "云南省昆明市五华区", "云"},
	{"青岛", "Qingdao", "370211", "山东省青岛市黄岛区", "鲁"},
	{"南昌", "Nanchang", "360102", "江西省南昌市东湖区", "赣"},
	{"合肥", "Hefei", "340104", "安徽省合肥市蜀山区", "皖"},
	{"太原", "Taiyuan", "140105", "山西省太原市小店区", "晋"},
	{"成都", "Chengdu", "510107", "四川省成都市武侯区", "川"},
	{"贵阳", "Guiyang", "520102", "贵州省贵阳市南明区", "黔"},
};

const struct gp_region *gp_regions(size_t *n)
{
	*n = N(regions);
	return regions;
}

/* Trade-name characters; the two sets share none. */
static const char *const trade_partner[] = {
	"华", "明", "远", "恒", "通", "盛", "达", "鑫", "隆", "源", "泰", "昌", "宏", "伟", "信", "德",
	"兴", "丰", "瑞", "祥", "安", "康", "嘉", "诚", "力", "博", "创", "联", "亿", "金", "海", "云",
	"星", "辰", "阳", "光", "辉", "腾", "飞", "鹏", "润", "佳", "优", "尚", "卓", "越", "正", "邦",
	"方", "立", "合", "众", "汇", "聚", "鼎", "峰", "宇", "航", "智", "捷", "凯", "威", "锐", "晟",
	"骏", "峻", "澜", "沣", "川", "岳", "松", "柏", "榕", "桦", "杉", "楠", "朗", "晖", "昊", "旭",
	"晨", "曦", "霖", "霆", "瀚", "涵", "泽", "淳", "清", "沛", "渊", "浩", "弘", "毅", "恺", "悦",
};
static const char *const trade_list[] = {
	"福", "禄", "寿", "喜", "财", "富", "贵", "荣", "昇", "升", "发", "茂", "旺", "顺", "吉", "利",
	"万", "千", "百", "宝", "玉", "珍", "珠", "翠", "锦", "绣", "彩", "虹", "霞", "雪", "梅", "兰",
	"竹", "菊", "荷", "莲", "桂", "桃", "李", "杏", "梨", "橙", "龙", "凤", "麟", "虎", "豹", "鹤",
	"雁", "燕", "莺", "鹰", "骐", "骥", "驰", "骋", "江", "河", "湖", "溪", "泉", "潭", "洲", "岛",
	"山", "峦", "石", "岩", "田", "园", "林", "森", "禾", "谷", "麦", "稻", "粮", "仓", "库", "坊",
	"铭", "钰", "铖", "锋", "镇", "钧", "铄", "銮", "坤", "乾", "震", "巽", "坎", "离", "艮", "兑",
};

static const char *const industry_partner[] = {
	"电子", "精密机械", "物流", "包装材料", "化工", "纺织品", "供应链管理", "汽车零部件",
	"新材料", "医疗器械", "食品", "模具", "光电", "仪器仪表", "塑胶制品", "五金制品",
};
static const char *const industry_list[] = {
	"商贸", "餐饮管理", "建筑工程", "房地产开发", "文化传媒", "企业管理咨询", "农业开发", "装饰工程",
	"投资管理", "网络服务", "劳务派遣", "广告", "旅游开发", "教育咨询", "酒店管理", "建材",
};
static const char *const industry_planted[] = {
	"轴承", "阀门", "线缆", "泵业", "纸业", "玻璃", "陶瓷", "钢构",
	"涂料", "照明", "家具", "服饰", "乳业", "茶业", "制药", "印务",
};
static const char *const forms_zh[] = {"有限公司", "有限公司", "有限公司", "有限责任公司", "股份有限公司"};

static const char *const en_a_partner[] = {
	"Pacific", "Golden", "Eastern", "Harbour", "Summit", "Pioneer", "Crystal", "Evergreen",
	"Silverline", "Northstar", "Bright", "Orient", "Horizon", "Sunrise", "Unity", "Prime",
};
static const char *const en_b_partner[] = {
	"Rim", "Bridge", "Gate", "River", "Peak", "Wave", "Field", "Stone",
	"Crest", "Point", "Ridge", "Bay", "Port", "Lake", "Hill", "Vale",
};
static const char *const en_c_partner[] = {
	"Components", "Electronics", "Logistics", "Packaging", "Precision", "Materials", "Trading", "Textiles",
	"Instruments", "Plastics", "Chemicals", "Machinery", "Optics", "Metals", "Foods", "Devices",
};
static const char *const en_d_partner[] = {
	"", "(Asia)", "(Hong Kong)", "(Singapore)", "(Europe)", "(Japan)", "(Korea)", "(Germany)",
	"International", "Global", "Worldwide", "(Thailand)", "(Vietnam)", "(Malaysia)", "(Australia)", "(America)",
};
static const char *const en_a_list[] = {
	"Dragon", "Lotus", "Jade", "Phoenix", "Imperial", "Royal", "Grand", "Great",
	"Fortune", "Prosper", "Lucky", "Glory", "Wealth", "Treasure", "Harmony", "Jubilee",
};
static const char *const en_b_list[] = {
	"Star", "Moon", "Sky", "Sea", "Cloud", "Sun", "Wind", "Fire",
	"Mountain", "Garden", "Palace", "Tower", "Temple", "Forest", "Island", "Valley",
};
static const char *const en_c_list[] = {
	"Holdings", "Investment", "Resources", "Capital", "Ventures", "Enterprises", "Development", "Industrial",
	"Realty", "Finance", "Media", "Tourism", "Consulting", "Agriculture", "Construction", "Hospitality",
};
static const char *const en_d_list[] = {
	"", "(Macau)", "(Cayman)", "(BVI)", "(Labuan)", "(Mauritius)", "(Seychelles)", "(Samoa)",
	"Overseas", "Offshore", "Pan-Asia", "Universal", "Continental", "Federal", "Metropolitan", "(Panama)",
};
static const char *const en_a_planted[] = {
	"Azure", "Cedar", "Falcon", "Granite", "Indigo", "Juniper", "Kestrel", "Lumen",
	"Maple", "Nimbus", "Onyx", "Quartz", "Raven", "Sable", "Titan", "Zephyr",
};
static const char *const en_b_planted[] = {
	"Arc", "Beacon", "Canyon", "Delta", "Echo", "Fjord", "Grove", "Haven",
	"Isle", "Junction", "Knoll", "Mesa", "Nexus", "Orbit", "Plaza", "Quay",
};
static const char *const en_c_planted[] = {
	"Robotics", "Semiconductors", "Batteries", "Polymers", "Fasteners", "Ceramics", "Adhesives", "Bearings",
	"Valves", "Cables", "Pumps", "Coatings", "Lighting", "Furniture", "Apparel", "Glassware",
};
static const char *const en_d_planted[] = {
	"", "(Canada)", "(Mexico)", "(Brazil)", "(India)", "(France)", "(Italy)", "(Spain)",
	"(Sweden)", "(Poland)", "(Chile)", "(Peru)", "(Egypt)", "(Kenya)", "(Qatar)", "(Oman)",
};
static const char *const forms_en[] = {"Co., Ltd.", "Limited", "Ltd.", "Inc.", "Pte. Ltd.", "Company Limited"};

/* Surnames: compound ones for the partner pool (the audited company's representative), common ones for lists. */
static const char *const surname_partner[] = {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙"};
static const char *const surname_list[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
	"何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
};
static const char *const given[] = {
	"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
	"超", "秀英", "霞", "平", "刚", "桂英", "建华", "国强", "志刚", "晓东", "海燕", "春梅", "文博", "子涵",
};

/* A bijection of [0, m) for m = base^digits, to scatter consecutive indexes. */
static uint64_t scatter(uint64_t index, uint64_t m)
{
	/* 3^18 is coprime with every modulus used here (powers of 96, 16 and 31). */
	return (index % m * 387420489ULL + 1234567ULL) % m;
}

/* The modular inverse of 3^18 modulo m (extended Euclid), for gp_trade_index. */
static uint64_t inverse(uint64_t m)
{
	int64_t t = 0, new_t = 1, rr = (int64_t)m, new_r = 387420489 % (int64_t)m;
	while (new_r) {
		int64_t q = rr / new_r, tmp = t - q * new_t;
		t = new_t;
		new_t = tmp;
		tmp = rr - q * new_r;
		rr = new_r;
		new_r = tmp;
	}
	return (uint64_t)(t < 0 ? t + (int64_t)m : t);
}

uint64_t gp_trade_index(enum gp_name_pool pool, const char *trade)
{
	bool partner = pool != GP_POOL_LIST;
	const char *const *set = partner ? trade_partner : trade_list;
	size_t nt = partner ? N(trade_partner) : N(trade_list);
	uint64_t m = (uint64_t)nt * nt * nt * nt, v = 0, mul = 1;
	const char *p = trade;
	for (int i = 0; i < 4; i++) {
		size_t k = 0;
		while (k < nt && strncmp(p, set[k], strlen(set[k])) != 0)
			k++;
		if (k == nt)
			return UINT64_MAX;
		v += k * mul;
		mul *= nt;
		p += strlen(set[k]);
	}
	/* v = (index * 3^18 + 1234567) mod m */
	uint64_t x = (v + m - 1234567 % m) % m;
	return x * inverse(m) % m; /* both below 2^27: the product fits */
}

const char *gp_trade_char(enum gp_name_pool pool, size_t k)
{
	return pool != GP_POOL_LIST ? trade_partner[k % N(trade_partner)] : trade_list[k % N(trade_list)];
}

void gp_company_parts(struct gp_company_parts *p, enum gp_name_pool pool, uint64_t index, struct gp_rng *r)
{
	bool partner = pool != GP_POOL_LIST;
	const char *const *trade = partner ? trade_partner : trade_list;
	size_t nt = partner ? N(trade_partner) : N(trade_list);
	uint64_t m = (uint64_t)nt * nt * nt * nt;
	uint64_t v = scatter(index, m);
	size_t o = 0;
	for (int i = 0; i < 4; i++) {
		size_t n = strlen(trade[v % nt]); /* four 3-byte characters fit in 32 bytes */
		memcpy(p->trade + o, trade[v % nt], n);
		o += n;
		v /= nt;
	}
	p->trade[o] = '\0';
	size_t nr = N(regions) / 2;
	p->region = &regions[2 * gp_rng_below(r, nr) + (partner ? 0 : 1)];
	p->industry = pool == GP_POOL_PLANTED ? GP_PICK(r, industry_planted)
		      : partner ? GP_PICK(r, industry_partner) : GP_PICK(r, industry_list);
	p->form = GP_PICK(r, forms_zh);
}

void gp_company_zh(struct cscs_buf *out, enum gp_name_pool pool, uint64_t index, struct gp_rng *r,
		   const struct gp_region **region_out)
{
	struct gp_company_parts p;
	gp_company_parts(&p, pool, index, r);
	cscs_buf_addf(out, "%s%s%s%s", p.region->city, p.trade, p.industry, p.form);
	if (region_out)
		*region_out = p.region;
}

void gp_company_en(struct cscs_buf *out, enum gp_name_pool pool, uint64_t index, struct gp_rng *r)
{
	const char *const *a = pool == GP_POOL_PARTNER ? en_a_partner : pool == GP_POOL_LIST ? en_a_list : en_a_planted;
	const char *const *b = pool == GP_POOL_PARTNER ? en_b_partner : pool == GP_POOL_LIST ? en_b_list : en_b_planted;
	const char *const *c = pool == GP_POOL_PARTNER ? en_c_partner : pool == GP_POOL_LIST ? en_c_list : en_c_planted;
	const char *const *d = pool == GP_POOL_PARTNER ? en_d_partner : pool == GP_POOL_LIST ? en_d_list : en_d_planted;
	uint64_t v = scatter(index, GP_EN_NAMES);
	const char *place = d[v / 4096 % 16];
	cscs_buf_addf(out, "%s %s %s%s%s %s", a[v % 16], b[v / 16 % 16], c[v / 256 % 16], *place ? " " : "", place,
		      GP_PICK(r, forms_en));
}

const char *gp_person(char *buf, size_t len, enum gp_name_pool pool, struct gp_rng *r)
{
	const char *s = pool == GP_POOL_LIST ? GP_PICK(r, surname_list) : GP_PICK(r, surname_partner);
	snprintf(buf, len, "%s%s", s, GP_PICK(r, given));
	return buf;
}

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

void gp_uscc(char out[19], const char *region_code, uint64_t index)
{
	uint64_t v = scatter(index, 887503681ULL); /* 31^6 */
	out[0] = '9';
	out[1] = '1';
	memcpy(out + 2, region_code, 6);
	out[8] = 'M';
	out[9] = 'A';
	for (int i = 15; i >= 10; i--) {
		out[i] = alphabet[v % 31];
		v /= 31;
	}
	out[16] = cscs_org_code_check_char(out + 8);
	out[17] = cscs_uscc_check_char(out);
	out[18] = '\0';
}

void gp_uscc_invalid(char out[24], const char *valid, struct gp_rng *r)
{
	switch (gp_rng_below(r, 3)) {
	case 0: /* a typo in the check character */
		memcpy(out, valid, 19);
		out[17] = alphabet[(strchr(alphabet, valid[17]) - alphabet + 1 + (long)gp_rng_below(r, 29)) % 31];
		break;
	case 1: /* a character dropped */
		memcpy(out, valid, 12);
		memcpy(out + 12, valid + 13, 7);
		break;
	default: /* a letter O for a zero, or an I for a one (outside the alphabet) */
		memcpy(out, valid, 19);
		for (int i = 2; i < 8; i++) {
			if (out[i] == '0') {
				out[i] = 'O';
				break;
			}
			if (out[i] == '1') {
				out[i] = 'I';
				break;
			}
		}
		break;
	}
	if (cscs_uscc_valid(out)) { /* never happens for the cases above, but be sure */
		memcpy(out, valid, 19);
		out[17] = valid[17] == '0' ? '1' : '0';
	}
}

void gp_resident_id(char out[19], const char *region_code, cscs_date born, struct gp_rng *r)
{
	static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	static const char checks[] = "10X98765432";
	struct cscs_ymd t = cscs_date_to_ymd(born);
	char tmp[32];
	snprintf(tmp, sizeof(tmp), "%.6s%04d%02d%02d%03d", region_code, t.year, t.month, t.day,
		 (int)gp_rng_range(r, 1, 999));
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (tmp[i] - '0') * weights[i];
	memcpy(out, tmp, 17);
	out[17] = checks[sum % 11];
	out[18] = '\0';
}

void gp_fullwidth(struct cscs_buf *out, const char *s)
{
	for (const char *p = s; *p; p++) {
		char c = *p;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			/* U+FF01..U+FF5E mirror ASCII 0x21..0x7E. */
			unsigned cp = 0xFF01u + (unsigned)(c - 0x21);
			char enc[4] = {(char)(0xE0 | (cp >> 12)), (char)(0x80 | ((cp >> 6) & 0x3F)),
				       (char)(0x80 | (cp & 0x3F)), 0};
			cscs_buf_adds(out, enc);
		} else {
			cscs_buf_addc(out, c);
		}
	}
}
