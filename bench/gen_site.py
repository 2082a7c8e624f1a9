#!/usr/bin/env python3
"""Write a synthetic jindu site of N tasks x 4 periods, for benchmarking.

    python3 bench/gen_site.py DIR N [--seed S]

DIR must not exist or be empty. The output depends only on N and the seed, so two runs
with the same arguments write byte-identical sites.

The shape follows content/ (the example site) and the 2020 Jiangmen report in
/work/shared/seeds: one Markdown file per task under content/tasks/<plan-dir>/, one per
progress entry under content/progress/<period-id>/<task-id>.md. Text is assembled from
phrase fragments in the style of the reports, with random figures, so that page sizes are
realistic (narratives of 2-4 paragraphs, ~150-400 characters).

Standard library only.
"""

import argparse
import os
import random
import sys

# --------------------------------------------------------------------------- vocabulary

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余"
    "于杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤赖区元邝芶"
)
GIVEN = (
    "长青 燕芬 晓雄 德威 立坚 津明 小文 露华 鸿猷 文聪 培招 慧琳 锐楼 少强 晓彤 达华 杰润 "
    "健生 炳盛 焱冰 劲龙 一宁 中华 建新 广义 瑞思 积康 钊俊 君明 其波 明建 少谋 品高 加伟 "
    "惠镇 良伟 辉文 显勇 春绵 志强 国平 海燕 丽娟 建华 永红 卫东 秀英 振华 文斌 伟明 "
    "晓东 建军 红梅 志明 俊杰 美玲 家豪 宇航 思远 子涵 雪梅 国栋 庆丰 耀祖 兆麟 素芳 "
    "冠华 锦荣 汉光 德明 婉仪 凤英 启航 铭轩 绍康 毅 兵 璐 敏 静 磊 军 涛 勇 峰"
).split()

# county-level areas (区/市) and towns (镇/街道), for unit names and narratives
DISTRICTS = (
    "蓬江区 江海区 新会区 台山市 开平市 鹤山市 恩平市 东城区 西城区 南山区 北湖区 长安区 "
    "滨海新区 高新区 经开区 城北区 城南区 临港区 大江新区 空港新区"
).split()
TOWNS = (
    "杜阮 棠下 荷塘 潮连 礼乐 外海 会城 司前 罗坑 双水 崖门 沙堆 古井 三江 睦洲 大鳌 "
    "台城 大江 水步 四九 白沙 三合 冲蒌 斗山 都斛 赤溪 广海 海宴 汶村 深井 北陡 长塘 "
    "三江 苍城 龙胜 大沙 马冈 塘口 赤坎 百合 蚬冈 金鸡 赤水 月山 水口 沙塘 苍城 址山 "
    "鹤城 共和 雅瑶 古劳 桃源 宅梧 双合 沙湖 牛江 圣堂 良西 大田 那吉 君堂 东成 横陂 "
    "大槐 恩城 新塘 石龙 大良 容桂 龙江 乐从 北滘 杏坛 均安 沙溪 横栏 小榄 古镇 坦洲"
).split()
TOWNS = list(dict.fromkeys(TOWNS))
PLACES = DISTRICTS[:7]  # the areas narratives mention

CITY_UNITS = (
    "市发展改革局 市教育局 市科技局 市工业和信息化局 市公安局 市民政局 市司法局 市财政局 "
    "市人力资源社会保障局 市自然资源局 市生态环境局 市住房城乡建设局 市交通运输局 市水利局 "
    "市农业农村局 市商务局 市文化广电旅游体育局 市卫生健康局 市退役军人事务局 市应急管理局 "
    "市审计局 市国资委 市市场监管局 市统计局 市医保局 市城市管理综合执法局 市政务服务数据管理局 "
    "市林业局 市金融工作局 市社保局 市总工会 团市委 市妇联 市残联 市消防救援支队 市税务局 "
    "市供销社 市侨务局 市信访局 市机关事务管理局 市港口管理局 市气象局"
).split()

# 某某区 + agency and 某某镇 + office combinations
LOCAL_AGENCIES = (
    "政府 发展改革局 教育局 财政局 民政局 卫生健康局 住房城乡建设局 农业农村局 "
    "交通运输局 水利局 市场监管局 自然资源分局 生态环境分局 人力资源社会保障局 "
    "城市管理综合执法局 应急管理局 公安分局 商务局 文化广电旅游体育局 政务服务数据管理局"
).split()
TOWN_OFFICES = "政府 农业农村办 社会事务局 规划建设办 经济发展办 综合行政执法办 公共服务办 应急管理办".split()

CN_NUM = "一二三四五六七八九十"

SECTION_THEMES = (
    "经济发展类 项目建设类 改革创新类 城市建设类 乡村振兴类 生态环保类 民生保障类 社会治理类 "
    "营商环境类 对外开放类 科技创新类 文化旅游类 安全生产类 政府建设类 教育卫生类 交通水利类"
).split()

PLAN_DOMAINS = (
    "重点工作 民生实事 重点项目 改革任务 营商环境优化 乡村振兴 生态环境保护 城市更新 "
    "科技创新 招商引资 安全生产 教育发展 卫生健康 交通建设 水利建设 文化建设 社会治理 "
    "数字政府 就业创业 养老服务 住房保障 食品安全 产业升级 对外开放 基层治理"
).split()
PLAN_KINDS = ["任务", "专项行动", "攻坚计划", "工作要点", "实施方案"]

# Task texts: (verb phrase, object, measure unit)
TASK_ACTIONS = [
    ("完成", "老旧小区改造", "个"),
    ("新建", "区域性养老服务中心", "家"),
    ("新建", "长者食堂", "家"),
    ("建成", "5G基站", "座"),
    ("完成", "农村公路建设", "公里"),
    ("改造", "危桥", "座"),
    ("新增", "公办幼儿园学位", "个"),
    ("培训", "各类劳动者", "人次"),
    ("完成", "食品抽检", "批次"),
    ("实现", "高频政务服务事项全城通办", "项"),
    ("推动", "规模以上工业企业数字化改造", "家"),
    ("新增", "高新技术企业", "家"),
    ("完成", "自然村集中供水", "条"),
    ("建设", "污水管网", "公里"),
    ("整治", "黑臭水体", "条"),
    ("新建", "城市公园", "个"),
    ("引进", "亿元以上产业项目", "个"),
    ("完成", "固定资产投资", "亿元"),
    ("新增", "城镇就业", "人"),
    ("建设", "保障性租赁住房", "套"),
    ("完成", "高标准农田建设", "万亩"),
    ("新建", "充电桩", "个"),
    ("完成", "中小学校舍改造", "所"),
    ("建设", "社区卫生服务站", "个"),
    ("清拆", "违法建设", "万平方米"),
    ("完成", "垃圾分类示范片区建设", "个"),
    ("推动", "政务服务事项“秒批”", "项"),
    ("完成", "河道综合整治", "公里"),
]
TASK_PREFIXES = [
    "2020年底前，", "年内", "加快推进", "大力推进", "全面推进", "持续推进", "", "",
    "坚持问题导向，", "对标先进地区，",
]
TASK_TAILS = [
    "进一步提升群众获得感和满意度。",
    "确保按时保质完成年度目标。",
    "形成一批可复制可推广的经验做法。",
    "推动工作取得实质性进展。",
    "切实解决群众急难愁盼问题。",
    "为全市高质量发展提供有力支撑。",
    "建立健全长效管理机制。",
    "实现动态清零、常态长效。",
]
TASK_EXTRAS = [
    "完善配套政策，落实专项资金{m}万元",
    "覆盖率达到{p}%以上",
    "群众满意度达到{p}%以上",
    "其中{place}完成不少于{k}{u}",
    "同比增长{q}%",
    "惠及群众{w}万人",
    "建立健全工作台账，实行挂图作战、销号管理",
]

DEADLINES = [
    "2020年12月底", "2020年12月底", "2020年12月底", "2020年底前", "12月底",
    "2020年6月底前", "2020年9月底", "2020年10月31日", "持续推进", "持续推进",
    "2020年11月底前", "2021年6月底前",
]

DOCS = [
    "《{city}{x}实施方案》", "《关于加快推进{x}的通知》", "《{city}{x}工作指引》",
    "《{city}2020年{x}工作计划》", "《关于进一步做好{x}工作的意见》",
]
# first sentence of a narrative, by status
NARR_OPEN = {
    "done": [
        "已全面完成年度任务。截至{mon}底，{city}累计{verb}{obj}{k}{u}，完成年度任务的{p}%。",
        "截至{mon}底，{city}已{verb}{obj}{k}{u}，超额完成年度目标任务。",
        "{obj}工作已全部完成，累计{verb}{k}{u}，项目已通过竣工验收并投入使用。",
    ],
    "going": [
        "截至{mon}底，已{verb}{obj}{k}{u}，完成年度任务的{p}%。",
        "截至{mon}底，{city}累计{verb}{obj}{k}{u}，占全年目标{p}%。",
        "已印发{doc}，明确责任分工和时间节点，{obj}工作有序推进。截至{mon}底，已完成{k}{u}。",
        "已制定实施{doc}，成立工作专班，统筹推进{obj}各项工作，目前已完成{k}{u}。",
        "{obj}工作正按计划推进，已完成{k}{u}，其余项目正在开工建设中。",
        "已完成{obj}{k}{u}，其中{place}{k2}{u}，剩余任务正在加快推进。",
    ],
    "stalled": [
        "{obj}工作推进缓慢，截至{mon}底，仅完成{k}{u}，完成年度任务的{p}%。",
        "受多种因素影响，{obj}工作进度滞后，截至{mon}底，已完成{k}{u}。",
        "项目前期工作仍在推进中，{obj}已完成{k}{u}，占全年目标{p}%。",
    ],
    "paused": [
        "经研究，{obj}项目暂缓实施，待条件成熟后再行推进。",
        "因规划调整，{obj}工作暂缓实施，已完成的{k}{u}正在做好后续衔接。",
    ],
}
NARR_MID = [
    "{unit}会同{unit2}开展专项督导{n}次，发现并整改问题{n2}个，跟踪落实整改情况。",
    "累计投入资金{m}万元，其中市级财政安排{m2}万元，各市（区）配套资金已按比例落实。",
    "组织召开工作推进会{n}次，协调解决项目用地、资金、审批等问题{n2}项。",
    "开展业务培训{n}场次，培训相关人员{n3}人次，进一步提升基层工作人员业务水平。",
    "已有{n}个项目完成验收，{n2}个项目进入施工阶段，{n4}个项目正在开展前期工作。",
    "{place}、{place2}已提前完成年度任务，其余市（区）正按进度推进。",
    "建立月调度、季通报工作机制，每月跟踪项目进展情况，对进度滞后的市（区）进行督办。",
    "通过线上线下相结合方式开展宣传活动{n}场，发放宣传资料{n3}份，群众知晓率明显提高。",
    "出动执法人员{n3}人次，检查生产经营主体{n5}家次，立案查处违法行为{n}宗。",
    "受疫情影响，部分项目开工时间有所推迟，目前已全面复工复产，正抢抓工期加快建设。",
    "已完成项目招标工作，中标金额{m}万元，施工单位已进场施工。",
    "{place}已完成{k2}{u}，占该区任务量的{p2}%；{place2}完成{k3}{u}。",
    "依托“互联网+监管”平台，实现全流程线上办理，累计办理业务{n3}宗，平均办理时限压缩{p3}%。",
    "将{obj}纳入绩效考核，对工作落实不力的单位进行约谈，压实各方责任。",
]
NARR_CLOSE = [
    "下一步，将继续加大统筹协调力度，确保{end}底前全面完成年度任务。",
    "下一步，{unit}将加强跟踪督导，及时协调解决存在问题，确保按时保质完成任务。",
    "计划{mon2}底前完成剩余工作，并组织开展验收。",
    "全年任务预计可按时完成。",
    "下一步，将进一步完善长效管理机制，巩固提升工作成效。",
]
PROBLEMS = [
    "受疫情影响，项目开工时间推迟，施工进度滞后。",
    "项目用地报批手续尚未完成，影响工程进度。",
    "专项资金未能及时到位，部分子项目暂停施工。",
    "征地拆迁工作难度较大，尚有{n}户未签订补偿协议。",
    "设计方案调整，需重新履行审批程序。",
    "施工单位组织力量不足，工程推进缓慢。",
]

PERIODS = [
    ("2020-q1", "2020年1-3月", "2020-01-01", "2020-03-31", "3月", "6月"),
    ("2020-h1", "2020年1-6月", "2020-01-01", "2020-06-30", "6月", "9月"),
    ("2020-q3", "2020年1-9月", "2020-01-01", "2020-09-30", "9月", "12月"),
    ("2020-fy", "2020年全年", "2020-01-01", "2020-12-31", "12月", "2021年3月"),
]

# status per period, conditional on the previous one (None: no entry before)
DONE, ON, MOSTLY, BEHIND, PAUSED = "已完成", "按进度完成", "基本按进度完成", "未按进度完成", "暂缓实施"


def next_status(rng, prev, period_idx):
    if prev == DONE:
        return DONE
    if prev == PAUSED and rng.random() < 0.7:
        return PAUSED
    done_p = [0.03, 0.08, 0.15, 0.55][period_idx]
    if rng.random() < done_p:
        return DONE
    # most tasks keep their status from one report to the next
    if prev is not None and rng.random() < 0.65:
        return prev
    r = rng.random()
    if r < 0.70:
        return ON
    if r < 0.84:
        return MOSTLY
    if r < 0.97:
        return BEHIND
    return PAUSED


# --------------------------------------------------------------------------- pools


def person_pool(rng, n, taken=None):
    """n distinct plausible names."""
    taken = set() if taken is None else taken
    out = []
    while len(out) < n:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        if name not in taken:
            taken.add(name)
            out.append(name)
    return out


def unit_pool(rng, n):
    """n distinct unit names: the city bureaus first, then 某某区 + agency, 某某镇 + office."""
    out = list(CITY_UNITS)
    combos = [d + a for d in DISTRICTS for a in LOCAL_AGENCIES]
    combos += [t + "镇" + a for t in TOWNS for a in TOWN_OFFICES]
    rng.shuffle(combos)
    out += combos
    if n > len(out):
        sys.exit(f"gen_site: at most {len(out)} units available, {n} asked")
    return out[:n]


# --------------------------------------------------------------------------- text


def task_text(rng):
    verb, obj, u = rng.choice(TASK_ACTIONS)
    k = rng.choice([rng.randint(3, 60), rng.randint(50, 500), rng.randint(1000, 50000)])
    first = f"{rng.choice(TASK_PREFIXES)}{verb}{obj}{k}{u}"
    extras = rng.sample(TASK_EXTRAS, rng.randint(1, 3))
    fill = dict(
        m=rng.randint(100, 20000), p=rng.choice([60, 70, 80, 85, 90, 95, 100]),
        place=rng.choice(PLACES), k=max(1, k // rng.randint(3, 8)), u=u,
        q=round(rng.uniform(3, 15), 1), w=round(rng.uniform(0.5, 30), 1),
    )
    body = first + "，" + "，".join(e.format(**fill) for e in extras) + "，" + rng.choice(TASK_TAILS)
    title = f"{verb}{obj}{k}{u}"
    return title, body, (verb, obj, u, k)


def narrative(rng, what, units, period, status):
    """2-4 paragraphs, about 150-400 characters."""
    verb, obj, u, k = what
    share = {DONE: 100 + rng.choice([0, 0, 0, rng.randint(1, 30)]), ON: rng.randint(55, 98),
             MOSTLY: rng.randint(45, 85), BEHIND: rng.randint(10, 50),
             PAUSED: rng.randint(0, 20)}[status]
    done_k = max(0, k * share // 100)

    def fill():
        # fresh figures for every sentence
        return dict(
            mon=period[4], mon2=period[5], end="12月", verb=verb, obj=obj, u=u, k=done_k,
            p=share, city=rng.choice(["全市", "我市"]),
            k2=max(1, done_k // rng.randint(2, 6)), k3=max(1, done_k // rng.randint(4, 9)),
            p2=rng.randint(40, 100), p3=rng.randint(20, 70),
            place=rng.choice(PLACES), place2=rng.choice(PLACES), unit=units[0],
            unit2=rng.choice(units[1:] or CITY_UNITS), n=rng.randint(2, 30),
            n2=rng.randint(3, 120), n3=rng.randint(100, 20000), n4=rng.randint(1, 9),
            n5=rng.randint(50, 3000), m=rng.randint(200, 90000), m2=rng.randint(50, 9000),
            doc=rng.choice(DOCS).format(city=rng.choice(["某市", "全市"]), x=obj),
        )

    kind = {DONE: "done", ON: "going", MOSTLY: "going", BEHIND: "stalled", PAUSED: "paused"}[status]
    sentences = [rng.choice(NARR_OPEN[kind]).format(**fill())]
    mids = rng.sample(NARR_MID, len(NARR_MID))
    target = rng.randint(150, 380)
    while sum(map(len, sentences)) < target - 40 and mids:
        sentences.append(mids.pop().format(**fill()))
    if status != DONE and rng.random() < 0.6:
        sentences.append(rng.choice(NARR_CLOSE).format(**fill()))
    while len(sentences) > 1 and sum(map(len, sentences)) > 400:
        sentences.pop(-2)
    # group the sentences into 2-4 paragraphs
    n_par = min(len(sentences), rng.randint(2, 4))
    cuts = sorted(rng.sample(range(1, len(sentences)), n_par - 1)) if n_par > 1 else []
    bounds = [0] + cuts + [len(sentences)]
    paras = ["".join(sentences[bounds[i]:bounds[i + 1]]) for i in range(len(bounds) - 1)]
    if len(paras) >= 2 and rng.random() < 0.6:
        paras = [f"（{i + 1}）{p}" for i, p in enumerate(paras)]
    return "\n\n".join(paras)


# --------------------------------------------------------------------------- site


def write(path, text):
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def flow(items):
    return "[" + ", ".join(items) + "]"


def generate(root, n, seed):
    rng = random.Random(seed)
    n_plans = max(1, round(n / 500))
    leaders = person_pool(rng, n // 250 + 5)
    units = unit_pool(rng, n // 50 + 30)
    # one responsible person per unit, fixed for the whole site
    owners = dict(zip(units, person_pool(rng, len(units), set(leaders))))

    os.makedirs(os.path.join(root, "content", "tasks"), exist_ok=True)
    write(os.path.join(root, "jindu.yaml"),
          "# Synthetic benchmark site written by bench/gen_site.py"
          f" (N={n}, seed={seed}).\n"
          f"title: 某市重点工作任务进展情况（基准测试，{n}项）\n"
          "base_url: https://example.gov.cn/bench/\n"
          "language: zh-CN\n")
    write(os.path.join(root, "content", "periods.yaml"), "".join(
        f"- id: {pid}\n  title: {title}\n  start: {start}\n  end: {end}\n"
        for pid, title, start, end, _, _ in PERIODS))
    for pid, *_ in PERIODS:
        os.makedirs(os.path.join(root, "content", "progress", pid), exist_ok=True)

    plan_names = [f"2020年某市{d}{k}" for k in PLAN_KINDS for d in PLAN_DOMAINS]
    rng.shuffle(plan_names)
    if n_plans > len(plan_names):
        sys.exit(f"gen_site: at most {len(plan_names)} plans available")

    counts = {"tasks": 0, "progress": 0}
    # tasks spread evenly over the plans
    per_plan = [n // n_plans + (1 if i < n % n_plans else 0) for i in range(n_plans)]
    for pi, size in enumerate(per_plan):
        plan = plan_names[pi]
        plan_dir = f"2020-p{pi + 1:03d}"
        os.makedirs(os.path.join(root, "content", "tasks", plan_dir))
        themes = rng.sample(SECTION_THEMES, 8)
        sections = [f"{CN_NUM[i]}、{t}" for i, t in enumerate(themes)]
        # section boundaries: tasks in number order, sections of uneven size
        cuts = sorted(rng.sample(range(1, size), min(7, size - 1))) if size > 1 else []
        bounds = [0] + cuts + [size]
        for si in range(len(bounds) - 1):
            for num in range(bounds[si] + 1, bounds[si + 1] + 1):
                task_id = f"{plan_dir}-{num:05d}"
                title, body, what = task_text(rng)
                k_units = min(len(units), rng.choice([1, 1, 2, 2, 3, 3, 4, 5, 6, 8]))
                # the city bureaus lead most tasks, as in the reports
                lead = (rng.choice(CITY_UNITS) if rng.random() < 0.6 else rng.choice(units))
                co = [x for x in rng.sample(units, k_units + 1) if x != lead][: k_units - 1]
                t_units = [lead] + co
                t_leaders = rng.sample(leaders, 1 if rng.random() < 0.8 else 2)
                body = f"{body}（牵头单位：{lead}）"
                write(os.path.join(root, "content", "tasks", plan_dir, f"{num:05d}.md"),
                      "---\n"
                      f"title: {title}\n"
                      f"plan: {plan}\n"
                      f"section: {sections[si]}\n"
                      f"number: {num}\n"
                      f"leaders: {flow(t_leaders)}\n"
                      f"lead_unit: {lead}\n"
                      f"units: {flow(t_units)}\n"
                      f"owners: {flow(owners[x] for x in t_units)}\n"
                      f"deadline: {rng.choice(DEADLINES)}\n"
                      "---\n"
                      f"{body}\n")
                counts["tasks"] += 1
                # Most tasks report in every period; some are added later in the year,
                # some stop reporting once complete, and a few miss a report. About 90%
                # of the (task, period) pairs get an entry.
                status = None
                first = 0 if rng.random() < 0.93 else rng.randint(1, 3)
                for idx, period in enumerate(PERIODS):
                    if idx < first:
                        continue
                    was_done = status == DONE
                    status = next_status(rng, status, idx)
                    if was_done and rng.random() < 0.35:
                        break
                    if rng.random() < 0.02:
                        continue
                    head = (f"---\ntask: {task_id}\nperiod: {period[0]}\nstatus: {status}\n")
                    if status == BEHIND:
                        head += f"problems: {rng.choice(PROBLEMS).format(n=rng.randint(2, 40))}\n"
                    text = narrative(rng, what, t_units, period, status)
                    write(os.path.join(root, "content", "progress", period[0], f"{task_id}.md"),
                          f"{head}---\n{text}\n")
                    counts["progress"] += 1
    return counts


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir")
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=2020)
    a = ap.parse_args()
    if a.n < 1:
        sys.exit("gen_site: N must be at least 1")
    if os.path.exists(a.dir) and os.listdir(a.dir):
        sys.exit(f"gen_site: {a.dir} exists and is not empty")
    c = generate(a.dir, a.n, a.seed)
    print(f"gen_site: {a.dir}: {c['tasks']} tasks, {c['progress']} progress entries")


if __name__ == "__main__":
    main()
