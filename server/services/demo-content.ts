import type { Principal } from './access.js';
import { checkinCode } from './checkin-code.js';
import type { Services } from './index.js';
import { seedDemoMinutes } from './minutes/demo-minutes.js';
import { seedDemoVotes } from './demo-votes.js';
import { seedDemoResolutions } from './demo-resolutions.js';
import { loadSharp } from './photos.js';

export interface DemoContent {
  intakeUrls: { organisation: string; url: string }[];
  /** The demo studio's take-a-number page (its printed QR) and its waiting-room screen. */
  studio?: { name: string; url: string };
  /** The live demo meeting: where to run it, the projector link (shown once) and a remote member's link. */
  meeting?: DemoMeeting;
}

export interface DemoMeeting {
  title: string;
  consoleUrl: string;
  screenUrl: string;
  inviteUrl: string;
  inviteName: string;
}

/** A resident's topic for the demo, and what the village did with it. */
const DEMO_TOPICS: {
  title: string;
  details: string;
  category: string;
  then?: 'review' | 'accept' | 'decline' | 'refer' | 'merge';
  cosigns?: number;
  photo?: boolean;
}[] = [
  {
    title: '村东头路灯坏了三盏',
    details: '晚上从地里回来看不见路，老人容易摔倒。',
    category: '公共设施',
    then: 'accept',
    cosigns: 12,
    photo: true,
  },
  {
    title: '麦收缺少收割机和人手',
    details: '家里劳力都在城里打工，200 亩小麦等着收。',
    category: '产业发展',
    then: 'accept',
    cosigns: 5,
  },
  { title: '垃圾清运不及时', details: '二组垃圾箱满了好几天，天热有味道。', category: '环境卫生', then: 'review' },
  { title: '希望建一个老年食堂', details: '独居老人吃饭不方便。', category: '养老助老' },
  { title: '广场舞音响太吵', details: '晚上九点以后还在放。', category: '矛盾纠纷', then: 'decline' },
  { title: '村口路灯坏了', details: '和东头一样，也不亮了。', category: '公共设施', then: 'merge' },
  { title: '自来水水压低', details: '三楼以上用不上水。', category: '公共设施', then: 'refer' },
];

/** A drawn photo for the demo topic (a dark village road, one lamp still lit), so reviewers see photos work. */
async function demoPhoto(): Promise<Buffer> {
  const lamp = (x: number, lit: boolean) =>
    `<rect x="${x}" y="120" width="8" height="260" fill="#555"/><circle cx="${x + 4}" cy="118" r="14" fill="${lit ? '#ffd54f' : '#333'}"/>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600">
    <rect width="800" height="600" fill="#101826"/><polygon points="250,600 550,600 430,330 370,330" fill="#3b3f45"/>
    ${lamp(180, false)}${lamp(330, true)}${lamp(600, false)}</svg>`;
  return (await loadSharp())(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

/**
 * Demo content through the real services (so the demo exercises the same paths as users do):
 * one intake code per demo village, and topics in every review state.
 */
export async function seedDemoContent(s: Services): Promise<DemoContent> {
  const villages = await s.db.models.Organisation.findAll({
    where: { kind: 'village', isDemo: true },
    order: [['id', 'ASC']],
  });
  const reviewer = await s.db.models.User.findOne({ where: { username: 'demo-reviewer' } });
  const representative = await s.db.models.User.findOne({ where: { username: 'demo-representative' } });
  const department = await s.db.models.Organisation.findOne({ where: { kind: 'township', isDemo: true } });
  const intakeUrls: DemoContent['intakeUrls'] = [];
  for (const village of villages) {
    const code = await s.intakeCodes.create(null, village.id, '村委会公开栏');
    intakeUrls.push({ organisation: village.name, url: code.url });
  }
  if (!reviewer || !representative || !villages[0]) return { intakeUrls };
  const memberships = await s.db.models.Membership.findAll({ where: { userId: reviewer.id } });
  const principal: Principal = {
    userId: reviewer.id,
    memberships: memberships.map((m) => ({ id: m.id, organisationId: m.organisationId, role: m.role })),
  };
  const firstCode = intakeUrls[0]!.url.split('/').pop()!;
  let first: number | null = null;
  let device = 0;
  for (const topic of DEMO_TOPICS) {
    const { receipt } = await s.intake.submit(
      firstCode,
      {
        title: topic.title,
        details: topic.details,
        category: topic.category,
        location: '',
        gridId: null,
        name: '',
        phone: '',
        anonymous: false,
        website: '',
      },
      topic.photo ? [await demoPhoto()] : [],
      null,
    );
    const id = (await s.intake.findByReceipt(receipt)).id;
    first ??= id;
    if (topic.then === 'review') await s.review.startReview(principal, id);
    if (topic.then === 'accept') await s.review.accept(principal, id, representative.id);
    if (topic.then === 'decline')
      await s.review.decline(principal, id, '已与广场舞队协商，晚上八点半前结束，请您理解。');
    if (topic.then === 'merge' && first !== id) await s.review.merge(principal, id, first);
    if (topic.then === 'refer' && department)
      await s.review.refer(principal, id, {
        organisationId: department.id,
        assigneeId: null,
        note: '请镇自来水站检查加压泵。',
      });
    for (let i = 0; i < (topic.cosigns ?? 0); i++) await s.intake.cosign(id, `demo-device-${device++}`, undefined);
  }
  const meeting = await seedDemoMeetings(s, villages[0].id);
  await seedDemoVotes(s, villages[0].id);
  await seedDemoResolutions(s, villages[0].id);
  const studio = await seedDemoStudio(s, villages[0].id);
  const convener = await s.db.models.User.findOne({ where: { username: 'demo-convener' } });
  if (convener) {
    const memberships = await s.db.models.Membership.findAll({ where: { userId: convener.id } });
    await seedDemoMinutes(s, villages[0].id, {
      userId: convener.id,
      memberships: memberships.map((m) => ({ id: m.id, organisationId: m.organisationId, role: m.role })),
    });
  }
  return { intakeUrls, ...(meeting ? { meeting } : {}), ...(studio ? { studio } : {}) };
}

const REPRESENTATIVES = ['王建国', '李秀英', '张志强', '刘桂兰', '陈德明', '杨玉梅', '赵文华', '周海涛', '吴淑珍'];

/**
 * A live consultation session on the accepted demo topics — some members checked in by the
 * projector's code, one marked by hand, one following from the city by a personal link — with a
 * projector link to print at start; and a round-table next week.
 */
async function seedDemoMeetings(s: Services, villageId: number): Promise<DemoMeeting | null> {
  const convener = await s.db.models.User.findOne({ where: { username: 'demo-convener' } });
  const secretary = await s.db.models.User.findOne({ where: { username: 'demo-secretary' } });
  if (!convener || !secretary) return null;
  const memberships = await s.db.models.Membership.findAll({ where: { userId: convener.id } });
  const principal: Principal = {
    userId: convener.id,
    memberships: memberships.map((m) => ({ id: m.id, organisationId: m.organisationId, role: m.role })),
  };
  const now = s.clock.now();
  const at = (days: number, hours: number) =>
    new Date(now.getTime() + days * 86_400_000 + hours * 3_600_000).toISOString();
  const live = await s.meetings.create(principal, {
    organisationId: villageId,
    kind: 'consultation',
    title: '桃园村村民代表协商议事会（演示）',
    venue: '村委会二楼会议室',
    startsAt: at(0, -1),
    endsAt: at(0, 1),
    body: 'representatives_meeting',
    membersFrom: 'roster',
    convenerId: convener.id,
    secretaryIds: [secretary.id],
  });
  const accepted = await s.db.models.Topic.findAll({
    where: { organisationId: villageId, status: 'accepted' },
    order: [['id', 'ASC']],
  });
  for (const topic of accepted) await s.meetings.addItem(principal, live.id, { topicId: topic.id });
  await s.meetings.addItem(principal, live.id, { title: '其他事项', notes: '' });
  for (const name of REPRESENTATIVES)
    await s.meetings.addInvitee(principal, live.id, {
      name,
      affiliation: '村民代表',
      category: 'representative',
      member: true,
    });
  await s.meetings.addInvitee(principal, live.id, {
    name: '孙乡贤',
    affiliation: '乡贤',
    category: 'notable',
    member: false,
  });
  await s.meetings.transition(principal, live.id, 'scheduled');
  await s.meetings.transition(principal, live.id, 'live');
  const invitees = await s.meetings.invitees(live.id);
  // Five scanned the projector's code and the desk confirmed them; one elderly member was marked present by hand.
  const row = await s.db.models.Meeting.findByPk(live.id);
  for (const invitee of invitees.slice(0, 5))
    await s.checkin.claimAndConfirm(
      principal,
      live.id,
      checkinCode(row!.checkinSecret, s.clock.now()).code,
      invitee.id,
    );
  await s.meetings.mark(principal, live.id, invitees[5]!.id, true);
  const remote = invitees[REPRESENTATIVES.length - 1]!;
  const invite = await s.meetings.issueInvite(principal, live.id, remote.id, s.config.publicUrl);
  const screen = await s.live.issueScreenToken(principal, live.id);

  const roundtable = await s.meetings.create(principal, {
    organisationId: villageId,
    kind: 'roundtable',
    title: '党代表圆桌会议：长期未决事项（演示）',
    venue: '党群服务中心',
    startsAt: at(7, 0),
    endsAt: at(7, 2),
    body: 'free_consultation',
    membersFrom: 'roster',
    convenerId: convener.id,
    secretaryIds: [secretary.id],
  });
  await s.meetings.addItem(principal, roundtable.id, { title: '村集体经济合作社分红办法', notes: '' });
  await s.meetings.transition(principal, roundtable.id, 'scheduled');
  return {
    title: live.title,
    consoleUrl: `${s.config.publicUrl}/m/${live.id}/console`,
    screenUrl: screen.url,
    inviteUrl: invite.url,
    inviteName: remote.name,
  };
}

/** Representatives who take turns on the demo studio's roster after 赵代表; their passwords are never shown (an admin can reset them). */
const ROSTER_REPRESENTATIVES = [
  { username: 'demo-rep-qian', displayName: '钱代表（演示）' },
  { username: 'demo-rep-sun', displayName: '孙代表（演示）' },
];

/**
 * A studio on the 15th of every month with a roster of three that rotates monthly, and today's
 * queue at the desk: five numbers handed out, two called and received (one visit became a topic),
 * three waiting.
 */
async function seedDemoStudio(s: Services, villageId: number): Promise<DemoContent['studio']> {
  const admin = await s.db.models.User.findOne({ where: { username: 'admin' } });
  const rep = await s.db.models.User.findOne({ where: { username: 'demo-representative' } });
  if (!admin || !rep) return undefined;
  const principalOf = async (userId: number): Promise<Principal> => {
    const memberships = await s.db.models.Membership.findAll({ where: { userId } });
    return {
      userId,
      memberships: memberships.map((m) => ({ id: m.id, organisationId: m.organisationId, role: m.role })),
    };
  };
  const adminPrincipal = await principalOf(admin.id);
  const roster = [rep.id];
  for (const u of ROSTER_REPRESENTATIVES) {
    const issued = await s.users.create(adminPrincipal, {
      ...u,
      locale: 'zh-CN',
      organisationId: villageId,
      role: 'representative',
    });
    roster.push(issued.user.id);
  }
  const studio = await s.reception.create(adminPrincipal, {
    organisationId: villageId,
    name: '桃园村党代表工作室（演示）',
    location: '党群服务中心一楼',
    schedule: { dayOfMonth: 15, start: '09:00', end: '11:30' },
    roster,
  });
  const repPrincipal = await principalOf(rep.id);
  for (let i = 0; i < 5; i++) await s.desk.issueTicket(repPrincipal, studio.id);
  await s.reception.callNext(repPrincipal, studio.id);
  const first = await s.reception.recordVisit(repPrincipal, studio.id, {
    ticketNumber: 1,
    visitorName: '',
    visitorPhone: '',
    matter: '村小学门口没有减速带，接送孩子不安全',
    category: '道路交通',
    answer: '已记录，将提交村两委研究',
    followUp: true,
  });
  await s.desk.visitToTopic(repPrincipal, first.id);
  await s.reception.callNext(repPrincipal, studio.id);
  await s.reception.recordVisit(repPrincipal, studio.id, {
    ticketNumber: 2,
    visitorName: '',
    visitorPhone: '',
    matter: '咨询新农合缴费时间',
    category: '其他',
    answer: '已当场解答：每年 9 月至 12 月',
    followUp: false,
  });
  return { name: studio.name, url: studio.url };
}
