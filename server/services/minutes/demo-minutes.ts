import type { MinutesNode } from '../../../shared/minutes/content.js';
import type { Principal } from '../access.js';
import type { Services } from '../index.js';

const text = (t: string, bold = false): MinutesNode => ({
  type: 'text',
  text: t,
  ...(bold ? { marks: [{ type: 'strong' }] } : {}),
});
const p = (...content: MinutesNode[]): MinutesNode => ({ type: 'paragraph', content });
const list = (type: 'bullet_list' | 'ordered_list', ...items: string[]): MinutesNode => ({
  type,
  content: items.map((i) => ({ type: 'list_item', content: [p(text(i))] })),
});

/**
 * Demo minutes: the live demo meeting's minutes already hold some notes (open /m/<id>/minutes as
 * demo-secretary or demo-convener to keep typing), and last month's closed meeting has final,
 * published minutes with a vote result — on the public board at /api/board/<villageId>/minutes.
 */
export async function seedDemoMinutes(s: Services, villageId: number, convener: Principal): Promise<void> {
  const live = await s.db.models.Meeting.findOne({ where: { organisationId: villageId, status: 'live' } });
  if (live) {
    const [first, second] = await s.meetings.agenda(live.id);
    if (first)
      await s.minutes.appendToItem(live.id, first.id, [
        p(text('王审定介绍：村东头三盏路灯已坏两周，'), text('夜间有老人摔倒', true), text('。')),
        list('bullet_list', '村委会本周联系镇供电所检修', '费用从村级公益事业经费列支'),
      ]);
    if (second)
      await s.minutes.appendToItem(live.id, second.id, [p(text('讨论中，代表们建议联系邻村的收割机合作社。'))]);
  }

  const secretary = await s.db.models.User.findOne({ where: { username: 'demo-secretary' } });
  const now = s.clock.now().getTime();
  const at = (days: number, hours: number) => new Date(now + days * 86_400_000 + hours * 3_600_000).toISOString();
  const past = await s.meetings.create(convener, {
    organisationId: villageId,
    kind: 'consultation',
    title: '桃园村文化广场改造协商会（演示）',
    venue: '村委会二楼会议室',
    startsAt: at(-30, 0),
    endsAt: at(-30, 2),
    body: 'representatives_meeting',
    membersFrom: 'roster',
    convenerId: convener.userId,
    secretaryIds: secretary ? [secretary.id] : [],
  });
  await s.meetings.addItem(convener, past.id, { title: '文化广场改造方案', notes: '' });
  await s.meetings.addItem(convener, past.id, { title: '广场使用时间约定', notes: '' });
  for (const name of ['王建国', '李秀英', '张志强', '刘桂兰', '陈德明'])
    await s.meetings.addInvitee(convener, past.id, {
      name,
      affiliation: '村民代表',
      category: 'representative',
      member: true,
    });
  await s.meetings.transition(convener, past.id, 'scheduled');
  await s.meetings.transition(convener, past.id, 'live');
  const invitees = await s.meetings.invitees(past.id);
  for (const invitee of invitees.slice(0, 4)) await s.meetings.mark(convener, past.id, invitee.id, true);
  const [square, hours] = await s.meetings.agenda(past.id);
  await s.minutes.appendToItem(past.id, square!.id, [
    { type: 'heading', attrs: { level: 3 }, content: [text('方案说明')] },
    p(text('召集人介绍改造方案：更换地砖、增设健身器材和'), text('无障碍坡道', true), text('。')),
    list('ordered_list', '施工期两个月，避开农忙', '资金由村集体经济和镇级奖补共同承担'),
    { type: 'blockquote', content: [p(text('李秀英：希望多留树荫，老人夏天好乘凉。'))] },
  ]);
  await s.minutes.insertVoteResult(past.id, square!.id, {
    title: '文化广场改造方案',
    lines: ['应到 5 人，实到 4 人', '赞成 4 票，反对 0 票，弃权 0 票', '超过实到人数的一半，通过'],
  });
  await s.minutes.appendToItem(past.id, hours!.id, [
    p(text('经协商，广场舞活动时间为每晚七点至八点半，音响音量以不影响周边住户为准。')),
  ]);
  await s.meetings.transition(convener, past.id, 'closed');
  await s.minutesPublishing.publish(convener, past.id);
}
