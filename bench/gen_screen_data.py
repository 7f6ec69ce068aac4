#!/usr/bin/python3
"""Generate deterministic list exports and a partners file for the screening benchmark.

    gen_screen_data.py OUTDIR [--entries N] [--partners N] [--seed S] [--names MODE]

Writes OUTDIR/lists/<list>.csv (columns of the list_entries record type),
OUTDIR/partners.csv and OUTDIR/planted.csv: which partner line was planted as
what (uscc, name, similar, near_miss, conflict, branch, city, bracket,
traditional, spacing, branch_bracket, status_note, latin, both_scripts) against which list
entry, and the band screening should give that pair, so a run at full scale can be checked,
not only timed.

Names are built like real registered names: region + trade name (字号) +
industry + legal form, with bracketed regions, branch offices and English
names mixed in; with registry and adversarial names, one entry in a hundred is written in
Chinese and in Latin letters, as foreign-trade lists write it (华鑫电子有限公司（Shanghai
Huaxin Electronics Co., Ltd.）), and one in a hundred in Latin letters alone. The Latin
spelling is made of syllables shaped like pinyin, given to each character by its code point
(not its reading: no pinyin table is at hand offline), with the region and the industry in
English. --names registry (the default) draws trade names, regions and
industries from skewed (Zipf-like) distributions and keeps names unique per
region, as registration does; --names adversarial draws trade names from 36
characters; --names legacy is the earlier generator (trade-name characters
spread evenly), kept to compare with figures measured on it. The traditional
spellings of planted names come from the opencc tool (Debian package opencc).
The same seed always gives the same files.
"""
import argparse
import csv
import os
import random
import subprocess

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"

REGIONS = [("上海", "310000"), ("北京", "110000"), ("广州", "440100"), ("深圳", "440300"),
           ("杭州", "330100"), ("南京", "320100"), ("苏州", "320500"), ("成都", "510100"),
           ("武汉", "420100"), ("天津", "120000"), ("重庆", "500000"), ("西安", "610100"),
           ("青岛", "370200"), ("宁波", "330200"), ("厦门", "350200"), ("长沙", "430100"),
           ("郑州", "410100"), ("济南", "370100"), ("合肥", "340100"), ("福州", "350100"),
           ("东莞", "441900"), ("佛山", "440600"), ("无锡", "320200"), ("大连", "210200")]
INDUSTRIES = ["电子", "科技", "贸易", "物流", "建筑工程", "餐饮管理", "信息技术", "商贸", "机械设备",
              "食品", "服装", "医药", "化工", "房地产开发", "广告", "文化传媒", "农业发展", "环保科技",
              "汽车销售", "装饰工程", "电子元件", "网络科技", "实业", "投资管理", "供应链管理",
              "新材料", "精密机械", "生物科技", "能源", "包装制品", "家具", "五金", "纺织", "印刷",
              "劳务派遣", "人力资源", "教育咨询", "医疗器械", "电气设备", "光电"]
LEGAL = ["有限公司"] * 14 + ["有限责任公司"] * 3 + ["股份有限公司", "集团有限公司"]
CHARS = ("华东西南北中新恒泰鑫源盛达通宏远信德安康丰汇金银海天地人和兴隆祥瑞嘉禾明光辉永昌"
         "鼎丰瀚博雅睿智诚正阳春秋冬夏云峰山川江河湖泽林森木火土石玉宝珠晶彩虹星月日辰宇宙"
         "乾坤龙凤麒麟鹏程万里千百佳美优尚品质量精工创立志远航启帆锦绣卓越领先腾飞跃升凯旋"
         "振邦国民众合力同心协作聚贤纳英才俊豪杰伟业宏图展望未来开拓进取奋发图强长久旺福寿"
         "喜乐吉利祥云霞飞燕鸿雁鹤松柏竹梅兰菊荷桂樱桃李杏苹果橙柚葡萄瓜蔬菜粮油米面茶酒")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强志明海燕海波红梅玉兰文斌晓东晓明春梅秋菊冬梅"
LISTS = [("abnormal_operations", 40), ("serious_illegal", 15), ("judgment_defaulter", 25),
         ("major_tax_violation", 8), ("wage_arrears", 5), ("customs_untrustworthy", 4), ("red_list", 3)]
AUTHORITIES = ["市场监管局", "税务局", "人民法院", "海关", "人社局"]
REASONS = ["未报送年度报告", "住所无法联系", "提供虚假材料", "拒不履行生效判决", "偷税逃税",
           "拖欠工资", "公示信息弄虚作假", "异常名录届满三年"]
BRANCHES = ["上海分公司", "北京分公司", "苏州分公司", "杭州分公司", "浦东分公司", "北京办事处"]
EN_WORDS = ["Global", "Pacific", "Star", "Union", "Bright", "Ocean", "Summit", "Golden", "Crown",
            "Eagle", "Harbor", "Delta", "Prime", "Vertex", "Nova", "Apex"]
EN_INDUSTRY = ["Trading", "Electronics", "Logistics", "Technology", "Industrial", "Materials"]


# English for the regions and industries, as bilingual names write them
REGION_EN = {"上海": "Shanghai", "北京": "Beijing", "广州": "Guangzhou", "深圳": "Shenzhen",
             "杭州": "Hangzhou", "南京": "Nanjing", "苏州": "Suzhou", "成都": "Chengdu", "武汉": "Wuhan",
             "天津": "Tianjin", "重庆": "Chongqing", "西安": "Xi'an", "青岛": "Qingdao", "宁波": "Ningbo",
             "厦门": "Xiamen", "长沙": "Changsha", "郑州": "Zhengzhou", "济南": "Jinan", "合肥": "Hefei",
             "福州": "Fuzhou", "东莞": "Dongguan", "佛山": "Foshan", "无锡": "Wuxi", "大连": "Dalian"}
INDUSTRY_EN = {"电子": "Electronics", "科技": "Technology", "贸易": "Trading", "物流": "Logistics",
               "建筑工程": "Construction Engineering", "餐饮管理": "Catering Management",
               "信息技术": "Information Technology", "商贸": "Commerce and Trade",
               "机械设备": "Machinery and Equipment", "食品": "Food", "服装": "Garments", "医药": "Pharmaceutical",
               "化工": "Chemical", "房地产开发": "Real Estate Development", "广告": "Advertising",
               "文化传媒": "Culture and Media", "农业发展": "Agricultural Development",
               "环保科技": "Environmental Technology", "汽车销售": "Automobile Sales",
               "装饰工程": "Decoration Engineering", "电子元件": "Electronic Components",
               "网络科技": "Network Technology", "实业": "Industrial", "投资管理": "Investment Management",
               "供应链管理": "Supply Chain Management", "新材料": "New Materials",
               "精密机械": "Precision Machinery", "生物科技": "Biotechnology", "能源": "Energy",
               "包装制品": "Packaging Products", "家具": "Furniture", "五金": "Hardware", "纺织": "Textile",
               "印刷": "Printing", "劳务派遣": "Labour Dispatch", "人力资源": "Human Resources",
               "教育咨询": "Education Consulting", "医疗器械": "Medical Devices",
               "电气设备": "Electrical Equipment", "光电": "Optoelectronics", "电子科技": "Electronic Technology"}
# syllables shaped like pinyin; a character gets one by its code point
SYLLABLES = [i + f for i in ("b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "zh", "ch",
                             "sh", "r", "z", "c", "s", "y", "w")
             for f in ("a", "ai", "an", "ang", "ao", "e", "ei", "en", "eng", "i", "ian", "ing", "o", "ong",
                       "ou", "u", "uan", "un")]


def org_code(rng):
    body = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    s = sum((int(ch) if ch.isdigit() else ord(ch) - 55) * w for ch, w in zip(body, ORG_WEIGHTS))
    c = 11 - s % 11
    return body + ("X" if c == 10 else "0" if c == 11 else str(c))


def uscc(rng, region):
    first = "91" + region + org_code(rng)
    s = sum(USCC_ALPHABET.index(ch) * w for ch, w in zip(first, USCC_WEIGHTS))
    return first + USCC_ALPHABET[(31 - s % 31) % 31]


def resident_id(rng, region):
    body = region + "%04d%02d%02d" % (rng.randint(1950, 2000), rng.randint(1, 12), rng.randint(1, 28)) \
        + "%03d" % rng.randint(0, 999)
    return body + ID_CHECK[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS)) % 11]


# GB 2312 level 1: the 3755 most common hanzi. Trade names favour a few
# hundred auspicious characters (CHARS) but draw on the whole set.
LEVEL1 = "".join(bytes([hi, lo]).decode("gb2312") for hi in range(0xB0, 0xD8) for lo in range(0xA1, 0xFF)
                 if not (hi == 0xD7 and lo > 0xF9))


def trade_char(rng):
    return rng.choice(CHARS) if rng.random() < 0.6 else rng.choice(LEVEL1)


def trade_name(rng):
    return "".join(trade_char(rng) for _ in range(rng.choice((2, 2, 2, 3, 3, 4))))


# ---- names that look like the registry (--names registry, the default) ----
#
# Trade names (字号) are not drawn evenly: a few dozen auspicious characters head
# every count of registered names, and a long tail of the 3,755 common characters
# follows. Modelled here (an assumption, not registry statistics) as a
# Zipf-Mandelbrot law, weight 1 / (rank + 3), over HEAD, then the rest of CHARS,
# then the rest of GB 2312 level 1: the most common character is in about one trade
# name in ten, the ten most common make a fifth of all trade-name characters, the
# hundred most common half.
HEAD = ("华鑫达恒泰源新海金东盛兴宏信博天安德瑞佳美通利丰祥汇鼎中诚嘉隆昌创凯永和顺鸿明"
        "辉远正祥光宇腾飞晟科合丰联亿众成锦富荣旺发腾辰泓森卓越启航鹏振星阳润峰益康久福")


def _ranked_chars():
    seen, out = set(), []
    for ch in HEAD + CHARS + LEVEL1:
        if ch not in seen:
            seen.add(ch)
            out.append(ch)
    return out


RANKED = _ranked_chars()
RANKED_CUM = []
_acc = 0.0
for _r in range(len(RANKED)):
    _acc += 1.0 / (_r + 3)
    RANKED_CUM.append(_acc)
# where the region prefixes come from: large cities first, as registrations are
REGION_CUM = []
_acc = 0.0
for _r in range(len(REGIONS)):
    _acc += 1.0 / (_r + 2)
    REGION_CUM.append(_acc)
# industry words by how often names carry them (科技 and 贸易 far ahead), as a
# Zipf law over the list ordered by that judgement
INDUSTRY_RANKED = ["科技", "贸易", "商贸", "电子", "实业", "机械设备", "建筑工程", "信息技术",
                   "网络科技", "供应链管理", "装饰工程", "餐饮管理", "文化传媒", "电子科技",
                   "投资管理", "物流", "食品", "服装", "医药", "化工", "新材料", "环保科技",
                   "生物科技", "广告", "农业发展", "汽车销售", "电气设备", "五金", "包装制品",
                   "家具", "纺织", "印刷", "劳务派遣", "人力资源", "教育咨询", "医疗器械", "光电",
                   "精密机械", "能源", "房地产开发"]
INDUSTRY_CUM = []
_acc = 0.0
for _r in range(len(INDUSTRY_RANKED)):
    _acc += 1.0 / (_r + 1)
    INDUSTRY_CUM.append(_acc)
# organisation forms as registrations carry them: limited companies nearly always
REG_LEGAL = ["有限公司"] * 80 + ["有限责任公司"] * 10 + ["股份有限公司"] * 3 + \
    ["集团有限公司"] * 2 + ["合伙企业（有限合伙）"] * 2 + ["经营部", "商行", "厂"]
# adversarial: every trade name from these 36 characters, evenly
ADVERSARIAL = HEAD[:36]
NAMES = "registry"  # set by main()
# Registered names are unique where they are registered: one region's trade name and
# industry belong to one company. The keys taken so far (a name without region
# belongs to the whole country).
TAKEN = set()


def registry_trade(rng):
    if NAMES == "adversarial":
        return "".join(rng.choice(ADVERSARIAL) for _ in range(rng.choice((2, 2, 3))))
    n = rng.choices((2, 3, 4), (55, 25, 20))[0]
    return "".join(rng.choices(RANKED, cum_weights=RANKED_CUM, k=n))


class Company:
    __slots__ = ("region", "code_region", "trade", "industry", "legal", "style", "uscc", "city")

    def __init__(self, rng):
        if NAMES == "legacy":
            self.region, self.code_region = rng.choice(REGIONS)
            self.trade = trade_name(rng)
            self.industry = rng.choice(INDUSTRIES)
            self.legal = rng.choice(LEGAL)
            self.city = False
        else:
            self.region, self.code_region = rng.choices(REGIONS, cum_weights=REGION_CUM)[0]
            self.trade = registry_trade(rng)
            self.industry = rng.choices(INDUSTRY_RANKED, cum_weights=INDUSTRY_CUM)[0]
            if NAMES == "adversarial":
                self.industry = INDUSTRY_RANKED[rng.randrange(4)]
            self.legal = rng.choice(REG_LEGAL)
            self.city = rng.random() < 0.15  # 上海市华鑫电子有限公司: the level written out
        r = rng.random()
        self.style = "prefix" if r < 0.6 else "bracket" if r < 0.7 else "plain"
        if NAMES != "legacy":
            tries = 0
            while True:
                key = ("" if self.style == "plain" else self.region) + "|" + self.trade + "|" + self.industry
                if key not in TAKEN:
                    TAKEN.add(key)
                    break
                tries += 1
                # taken: another trade name, a character longer after a few tries
                self.trade = registry_trade(rng) + ("".join(rng.choices(RANKED, cum_weights=RANKED_CUM,
                                                                        k=tries // 8)))
        self.uscc = uscc(rng, self.code_region)

    def place(self, city=None):
        city = self.city if city is None else city
        return self.region + ("市" if city else "")

    def name(self, style=None, legal=None, core=None, city=None):
        style = style or self.style
        legal = legal or self.legal
        core = core or self.trade + self.industry
        if style == "prefix":
            return self.place(city) + core + legal
        if style == "bracket":
            return core + "（" + self.place(city) + "）" + legal
        return core + legal


def latin_name(c):
    """The company in Latin letters: Shanghai Huaxin Electronics Co., Ltd."""
    trade = "".join(SYLLABLES[ord(ch) % len(SYLLABLES)] for ch in c.trade).capitalize()
    region = REGION_EN[c.region] + " " if c.style != "plain" else ""
    return region + trade + " " + INDUSTRY_EN.get(c.industry, "Trading") + " Co., Ltd."


def person(rng):
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def date(rng, y0, y1):
    return "%04d-%02d-%02d" % (rng.randint(y0, y1), rng.randint(1, 12), rng.randint(1, 28))


def near_miss(rng, trade):
    """Another trade name: half of the characters (at least one) replaced."""
    def draw():
        if NAMES == "legacy":
            return trade_char(rng)
        if NAMES == "adversarial":
            return rng.choice(ADVERSARIAL)
        return rng.choices(RANKED, cum_weights=RANKED_CUM)[0]
    chars = list(trade)
    for i in rng.sample(range(len(chars)), (len(chars) + 1) // 2):
        ch = draw()
        while ch == chars[i]:
            ch = draw()
        chars[i] = ch
    return "".join(chars)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--entries", type=int, default=5_000_000)
    ap.add_argument("--partners", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=20250301)
    ap.add_argument("--names", choices=("registry", "adversarial", "legacy"), default="registry",
                    help="registry: skewed like registered names (default); adversarial: trade names"
                    " from 36 characters; legacy: the generator before (trade names spread evenly)")
    a = ap.parse_args()
    global NAMES
    NAMES = a.names
    rng = random.Random(a.seed)
    scripts_rng = random.Random(a.seed + 1)  # which entries are written in Latin letters
    os.makedirs(os.path.join(a.outdir, "lists"), exist_ok=True)

    list_names = [n for n, _ in LISTS]
    list_weights = [w for _, w in LISTS]
    files = {}
    writers = {}
    header = ["list", "name", "uscc", "legal_rep_name", "legal_rep_id", "listed_on", "removed_on",
              "reason", "authority"]
    for n in list_names:
        f = open(os.path.join(a.outdir, "lists", n + ".csv"), "w", newline="", encoding="utf-8")
        files[n] = f
        writers[n] = csv.writer(f, lineterminator="\n")
        writers[n].writerow(header)

    # Listed companies to plant among the partners: every 1000th entry.
    plant_pool = []
    list_line = {n: 1 for n in list_names}
    for i in range(a.entries):
        c = Company(rng)
        lst = rng.choices(list_names, list_weights)[0]
        r = rng.random()
        code = c.uscc if r < 0.8 else "" if r < 0.95 else c.uscc[:-1] + ("0" if c.uscc[-1] != "0" else "1")
        rep = person(rng)
        rep_id = resident_id(rng, c.code_region) if rng.random() < 0.5 else ""
        removed = date(rng, 2019, 2024) if rng.random() < 0.2 else ""
        name = c.name()
        form = "zh"
        if rng.random() < 0.02:
            name = rng.choice(EN_WORDS) + " " + rng.choice(EN_WORDS) + " " + rng.choice(EN_INDUSTRY) \
                + " Co., Ltd."
            form = "en"
        elif NAMES != "legacy":
            # drawn apart, so that the rest of the data is what it was without them; more
            # often among the entries that may be planted, so that both kinds are planted
            # about as often as the others
            r2 = scripts_rng.random()
            share = 0.07 if i % 1000 == 17 else 0.01
            if r2 < share:
                name = name + ("（%s）" if r2 < share / 2 else " %s") % latin_name(c)
                form = "both"
            elif r2 < 2 * share:
                name = latin_name(c)
                form = "latin"
        writers[lst].writerow([lst, name, code, rep, rep_id, date(rng, 2015, 2024), removed,
                               rng.choice(REASONS), c.region + "市" + rng.choice(AUTHORITIES)])
        list_line[lst] += 1
        if i % 1000 == 17 and lst != "red_list" and code == c.uscc and form != "en" \
                and c.legal in ("有限公司", "有限责任公司", "股份有限公司", "集团有限公司") \
                and (NAMES == "legacy" or c.style != "plain"):
            plant_pool.append((c, lst, removed, name, list_line[lst], form))
    for f in files.values():
        f.close()

    # Partners: planted cases first come from the pool, the rest are new companies.
    if NAMES == "legacy":
        kinds = ["uscc", "name", "similar", "near_miss", "conflict", "branch"]
    else:
        kinds = ["uscc", "name", "similar", "near_miss", "conflict", "branch", "city", "bracket",
                 "traditional", "spacing", "branch_bracket", "status_note"]
    # the traditional spelling of each pool entry's name, by OpenCC (the opencc tool, run once)
    trad = {}
    if "traditional" in kinds and plant_pool:
        names = [p[3] for p in plant_pool]
        out = subprocess.run(["opencc", "-c", "s2hk.json"], input="\n".join(names) + "\n",
                             capture_output=True, text=True, check=True).stdout.split("\n")
        trad = dict(zip(names, out))
    planted = []
    with open(os.path.join(a.outdir, "partners.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["name", "uscc", "country", "role", "spend", "contract_start", "contract_end"])
        pool = iter(plant_pool)
        for line in range(2, a.partners + 2):
            spend = "%d.%02d" % (rng.randint(1000, 5_000_000), rng.randint(0, 99))
            role = rng.choice(("supplier", "customer", "both"))
            item = next(pool, None) if line % 20 == 0 else None
            if item:
                c, lst, removed, listed_name, entry_line, form = item
                kind = kinds[(line // 20) % len(kinds)]
                if form == "both":
                    kind = "latin"
                elif form == "latin":
                    kind = "both_scripts"
                band = "match"
                code = ""
                if kind == "uscc":
                    # a differently written name, the same code
                    name, code = c.name(style="plain", legal="有限责任公司"), c.uscc
                elif kind == "name":
                    # another organisation form
                    name = c.name(legal="集团股份有限公司" if "集团" in c.legal else
                                  "有限责任公司" if c.legal == "股份有限公司" else "股份有限公司")
                elif kind == "similar":
                    # the same company with a generic word added
                    extra = "科技" if "科技" not in c.industry else "实业"
                    if NAMES == "adversarial" and extra == "实业":
                        # 实业 is in no adversarial name: rare, so heavy enough to keep the pair
                        # below review; a generic word of this vocabulary instead
                        extra = "贸易"
                    name = c.name(core=c.trade + c.industry + extra)
                    band = "review"
                elif kind == "near_miss":
                    # another company: half of the trade name differs
                    name = c.name(core=near_miss(rng, c.trade) + c.industry)
                    band = "clear"
                elif kind == "conflict":
                    name, code = listed_name, uscc(rng, c.code_region)
                    band = "clear"
                elif kind == "branch":
                    name = listed_name + rng.choice(BRANCHES)
                    band = "review"
                elif kind == "branch_bracket":
                    # the branch in brackets, as licences and list exports write it, full or half width
                    branch = rng.choice(BRANCHES)
                    name = listed_name + ("（%s）" % branch if line % 40 else "(%s)" % branch)
                    band = "review"
                elif kind == "city":
                    # 上海市华鑫电子 / 上海华鑫电子: the city's level written on one side only
                    name = c.name(city=not c.city)
                elif kind == "bracket":
                    # full-width brackets half-width or the other way round; a bracketed region
                    if "（" in listed_name:
                        name = listed_name.replace("（", "(").replace("）", ")")
                    elif "(" in listed_name:
                        name = listed_name.replace("(", "【").replace(")", "】")
                    else:
                        name = c.name(style="bracket").replace("（", "(").replace("）", ")")
                elif kind == "status_note":
                    # a vendor marked as no longer used, as ERP vendor masters mark them
                    name = listed_name + rng.choice(("（停用）", "(停用)", "-停用", "（已注销）", "【作废】"))
                elif kind == "latin":
                    # the entry is written in both scripts; the ledger in English alone
                    name = latin_name(c)
                elif kind == "both_scripts":
                    # the entry is in English alone; the ledger writes both scripts
                    name = c.name() + ("（%s）" if line % 40 else " %s") % latin_name(c)
                elif kind == "traditional":
                    name = trad.get(listed_name, listed_name)
                else:  # spacing
                    # blanks and a middle dot, as hand-typed names and some exports have them
                    chars = list(listed_name)
                    cut = max(1, len(chars) // 2)
                    name = " ".join(chars[:2]) + "".join(chars[2:cut]) + " · " + "".join(chars[cut:])
                status = {"match": "listed", "review": "review", "clear": "clear"}[band]
                if removed:
                    status = "clear"
                planted.append((line, kind, lst, entry_line, band, status, removed))
            else:
                c = Company(rng)
                name, code = c.name(), c.uscc if rng.random() < 0.7 else ""
            w.writerow([name, code, "CN", role, spend, date(rng, 2020, 2024), date(rng, 2025, 2028)])
    with open(os.path.join(a.outdir, "planted.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["line", "kind", "list", "entry_line", "band", "status", "removed_on"])
        w.writerows(planted)


if __name__ == "__main__":
    main()
