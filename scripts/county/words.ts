import { DEFAULT_CATEGORIES } from '../../shared/rules/intake.js';
import { FEMALE, MALE, SURNAMES } from '../../server/services/register/demo-register.js';

/**
 * The county demo's vocabulary: the demo village's matters (server/services/demo-content.ts and
 * demo-resolutions.ts) and names (the demo register's), widened to a county. `{place}` and `{n}`
 * are filled per topic, so 200,000 topics do not read as one.
 */

export { FEMALE, MALE };
/** The demo register's surnames without its village's weighting. */
export const SURNAME_LIST = [...new Set(SURNAMES)];

export const COUNTY_NAME = '清河县（演示）';

export const TOWNSHIPS = [
  '青山镇',
  '柳河镇',
  '石桥镇',
  '白沙镇',
  '杨庄乡',
  '东湖街道',
  '龙泉镇',
  '双河镇',
  '新集乡',
  '马坊镇',
  '花园街道',
  '北岗镇',
];

/** Village names are a first part and a second (桃 + 园村); pairs run out long after 250 villages. */
const FIRST = '桃李杏梨枣槐柳杨松竹梅兰石沙河湖泉溪东西南北前后上下大小新老王张刘陈赵黄周吴'.split('');
const SECOND = ['园', '庄', '湾', '营', '屯', '寨', '坡', '岭', '沟', '洼', '坝', '桥', '林', '店', '集', '铺'];

export function villageName(index: number, community: boolean): string {
  const first = FIRST[index % FIRST.length]!;
  const second = SECOND[Math.floor(index / FIRST.length) % SECOND.length]!;
  const round = Math.floor(index / (FIRST.length * SECOND.length));
  return `${first}${second}${round ? round + 1 : ''}${community ? '社区' : '村'}`;
}

export const GRID_NAMES = [
  '第一网格',
  '第二网格',
  '第三网格',
  '第四网格',
  '第五网格',
  '第六网格',
  '第七网格',
  '第八网格',
];

const PLACES = [
  '村东头',
  '村西头',
  '村口',
  '小学门口',
  '文化广场',
  '卫生室旁',
  '老槐树下',
  '村委会门前',
  '河堤边',
  '桥头',
  '后山脚下',
  '集市路口',
];
const GROUP = (n: number) => `${n}组`;

export interface TopicTemplate {
  title: string;
  details: string;
  /** What a meeting decides or a unit does about it (决议的事项). */
  action: string;
}

export const TOPICS: Record<(typeof DEFAULT_CATEGORIES)[number], TopicTemplate[]> = {
  道路交通: [
    { title: '{place}路面坑洼需要修补', details: '下雨天积水，电动车经过容易滑倒。', action: '修补{place}道路坑洼' },
    { title: '{place}没有减速带', details: '接送孩子的时候车开得很快，不安全。', action: '在{place}设置减速带' },
    { title: '{group}到镇上的路太窄', details: '两辆车会不了车，农忙时经常堵。', action: '拓宽{group}通往镇上的道路' },
    { title: '{place}缺少路牌', details: '外地车经常走错路。', action: '在{place}增设路牌' },
  ],
  环境卫生: [
    { title: '{group}垃圾清运不及时', details: '垃圾箱满了好几天，天热有味道。', action: '调整{group}垃圾清运班次' },
    { title: '{place}排水沟堵塞', details: '一下雨就漫到路上。', action: '疏通{place}排水沟' },
    {
      title: '{place}有人乱倒建筑垃圾',
      details: '堆了一大片，孩子在上面玩很危险。',
      action: '清理{place}建筑垃圾并设置告示牌',
    },
    { title: '河道两岸垃圾堆积', details: '{place}一段最严重，夏天有蚊虫。', action: '清理河道两岸堆积垃圾' },
  ],
  养老助老: [
    {
      title: '希望建一个老年食堂',
      details: '独居老人吃饭不方便，{group}就有十几位。',
      action: '在村委会旁设立老年食堂',
    },
    {
      title: '{group}独居老人需要定期探访',
      details: '子女都在外地，老人生病没人知道。',
      action: '组织志愿者定期探访{group}独居老人',
    },
    { title: '老年活动室冬天太冷', details: '没有取暖设备，老人都不愿意来。', action: '为老年活动室添置取暖设备' },
  ],
  产业发展: [
    {
      title: '麦收缺少收割机和人手',
      details: '家里劳力都在城里打工，{n}0 亩小麦等着收。',
      action: '为缺劳力农户协调农机麦收',
    },
    {
      title: '希望统一收购{group}的葡萄',
      details: '散户卖不上价，去年烂在地里不少。',
      action: '联系合作社统一收购葡萄',
    },
    { title: '灌溉水渠年久失修', details: '{place}一段漏水严重，地浇不上。', action: '维修{place}灌溉水渠' },
    { title: '想学电商直播卖土特产', details: '年轻人想试试，不知道找谁培训。', action: '联系县商务局开展电商培训' },
  ],
  矛盾纠纷: [
    { title: '广场舞音响太吵', details: '晚上九点以后还在放，影响休息。', action: '约定广场舞活动时间和音量' },
    { title: '{group}宅基地边界有争议', details: '两家为一堵墙吵了半年。', action: '组织双方调解宅基地边界' },
    { title: '{place}停车占道', details: '大车停在路边，消防车都进不来。', action: '在{place}划定停车位' },
  ],
  公共设施: [
    { title: '{place}路灯坏了{n}盏', details: '晚上从地里回来看不见路，老人容易摔倒。', action: '修复{place}路灯' },
    { title: '{group}自来水水压低', details: '三楼以上用不上水。', action: '更换{group}加压泵' },
    { title: '{place}健身器材损坏', details: '有一个器材断了，孩子玩很危险。', action: '修复{place}健身器材' },
    { title: '村卫生室屋顶漏雨', details: '下雨天药柜都要挪开。', action: '维修村卫生室屋顶' },
  ],
  其他: [
    { title: '希望开通{group}到县城的公交', details: '去县医院看病要转两次车。', action: '向县交通局申请延伸公交线路' },
    { title: '{place}网络信号差', details: '孩子上网课经常断线。', action: '协调运营商在{place}增设基站' },
    { title: '村务公开栏信息太旧', details: '上面还是去年的通知。', action: '按月更新村务公开栏' },
  ],
};

/** Fills a template's blanks the same way for title, details and action. */
export function fill(text: string, fillers: { place: string; group: string; n: number }): string {
  return text.replace('{place}', fillers.place).replace('{group}', fillers.group).replace('{n}', String(fillers.n));
}

export const fillers = (pick: <T>(xs: readonly T[]) => T, int: (a: number, b: number) => number) => ({
  place: pick(PLACES),
  group: GROUP(int(1, 9)),
  n: int(2, 6),
});

export const DECLINE_REPLIES = [
  '已与相关各方协商，按现有约定执行，请您理解。',
  '该事项属于个人事务，村里已提供政策咨询，建议走法律途径。',
  '经核实问题已解决，如仍有困难请再次反映。',
  '该事项不属于村级职责，已告知您向县相关部门反映的渠道。',
];

export const REFERRAL_NOTES = [
  '请派人现场查看，尽快处理。',
  '群众反映多次，请优先安排。',
  '',
  '请与村委会对接后上门处理。',
];

export const PROGRESS_NOTES = [
  '已到现场查看，制定方案中',
  '材料已采购，下周进场施工',
  '已完成一半',
  '已联系施工队，等天气好转开工',
];
export const RESULTS = [
  '已全部完成，经村民代表验收',
  '已处理完毕，现场已恢复',
  '问题已解决，设立长效管护',
  '已按方案完成',
];
export const RETURN_REASONS = ['不属于本单位职责，请改派', '需村里先明确具体位置', '资金来源未落实，请村里先协调'];
export const WITHDRAW_REASONS = ['与上级规划冲突，另行研究', '情况已变化，不再实施', '已并入其他事项办理'];
export const RATING_COMMENTS = {
  satisfied: ['办得好，谢谢', '晚上出门亮堂了', '很及时', ''],
  basically_satisfied: ['基本解决，还有点小问题', '速度可以再快一点', ''],
  dissatisfied: ['问题还在，没有解决', '只做了一半就走了', '和说的不一样'],
} as const;

export const VENUES = ['村委会二楼会议室', '党群服务中心', '村文化礼堂', '村委会一楼大厅', '老年活动室'];

/** Paragraphs a secretary types under an item, with the item's title filled in. */
export const MINUTES_LINES = [
  '召集人介绍了{item}的情况和初步方案。',
  '代表们就{item}发表意见，建议先摸清底数再实施。',
  '有代表提出费用分摊问题，经讨论由村集体经济和镇级奖补共同承担。',
  '与会人员一致认为应尽快办理，明确责任人和完成时限。',
  '会后由村委会将意见整理上报，并在公开栏公示。',
];
