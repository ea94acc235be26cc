import { Op } from 'sequelize';
import type { Rating } from '../../shared/rules/resolution.js';
import { DispatchBody } from '../../shared/schemas/resolution.js';
import type { Principal } from './access.js';
import type { Services } from './index.js';
import { draftFields } from './resolution-drafts.js';

const DAY = 86_400_000;

async function principal(s: Services, username: string): Promise<Principal | null> {
  const user = await s.db.models.User.findOne({ where: { username } });
  if (!user) return null;
  const memberships = await s.db.models.Membership.findAll({ where: { userId: user.id } });
  return {
    userId: user.id,
    memberships: memberships.map((m) => ({ id: m.id, organisationId: m.organisationId, role: m.role })),
  };
}

/**
 * Resolutions of the demo village in every state, through the real services: awaiting dispatch,
 * dispatched, accepted, returned, in progress (one overdue, one due within three days), reported,
 * rated and awaiting close-out, reopened after 不满意, closed out with the unit rated, withdrawn.
 */
export async function seedDemoResolutions(s: Services, villageId: number): Promise<void> {
  const convener = await principal(s, 'demo-convener');
  const unit = await principal(s, 'demo-department');
  const township = await s.db.models.Organisation.findOne({ where: { kind: 'township', isDemo: true } });
  if (!convener || !unit || !township) return;
  const topics = await s.db.models.Topic.findAll({
    where: { organisationId: villageId, status: { [Op.in]: ['accepted', 'received', 'under_review'] } },
    order: [['id', 'ASC']],
  });
  let nextTopic = 0;
  const now = () => s.clock.now();

  /** A draft as a consensus item would leave it, answering the next demo topic (if any is left). */
  const draft = async (text: string, category: string) => {
    const topic = topics[nextTopic++] ?? null;
    return s.db.tx(async (t) => {
      const r = await s.db.models.Resolution.create(
        {
          organisationId: villageId,
          sourceKind: 'consensus',
          sourceId: null,
          meetingId: null,
          decisionId: null,
          referralId: null,
          text,
          category,
          responsibleOrganisationId: null,
          responsibleUserId: null,
          collaborators: [],
          ...draftFields(now()),
        },
        { transaction: t },
      );
      if (topic)
        await s.db.models.ResolutionTopic.create({ resolutionId: r.id, topicId: topic.id }, { transaction: t });
      await s.db.models.ResolutionEvent.create(
        {
          resolutionId: r.id,
          kind: 'drafted',
          fromState: null,
          toState: 'draft',
          actorId: null,
          note: null,
          public: true,
          at: now(),
        },
        { transaction: t },
      );
      return { id: r.id, receipt: topic?.receipt ?? null };
    });
  };
  const dispatch = (id: number, days?: number) =>
    s.resolutions.dispatch(
      convener,
      id,
      DispatchBody.parse({
        responsibleOrganisationId: township.id,
        ...(days ? { deadline: new Date(now().getTime() + days * DAY).toISOString() } : {}),
      }),
    );
  const rate = async (receipt: string | null, id: number, rating: Rating, comment: string) => {
    if (receipt)
      await s.resolutionRatings.bySubmitter(receipt, {
        resolutionId: id,
        rating,
        comment,
        deviceId: 'demo-resident-phone',
      });
  };
  const working = async (text: string, category: string, days?: number) => {
    const r = await draft(text, category);
    await dispatch(r.id, days);
    await s.resolutions.accept(unit, r.id);
    return r;
  };

  await draft('同意在村委会旁增设老年人日间照料点', '社会保障');
  await dispatch((await draft('疏通村西排水沟，汛期前完成', '环境卫生')).id);
  await working('修补村东道路坑洼三处', '道路交通');
  const returned = await draft('更换村小学门口破损护栏', '公共设施');
  await dispatch(returned.id);
  await s.resolutions.returnToOwner(unit, returned.id, '护栏属于县教育局资产，请改派');
  const progressing = await working('为缺劳力农户协调农机麦收', '农业生产');
  await s.resolutions.progress(unit, progressing.id, '已联系 4 台收割机，明日进场');
  const late = await working('清理河道两岸堆积垃圾', '环境卫生');
  await s.resolutions.progress(unit, late.id, '已清运一半');
  // Demo only: a deadline already passed (dispatch refuses a past one), so the dashboard shows red.
  await s.db.models.Resolution.update({ deadline: new Date(now().getTime() - 2 * DAY) }, { where: { id: late.id } });
  await working('修复文化广场健身器材', '公共设施', 2);
  const reported = await working('维修村卫生室漏雨屋顶', '公共设施');
  await s.resolutions.report(unit, reported.id, '屋顶防水层已重新铺设');
  const rated = await working('村东头三盏路灯修复', '公共设施');
  await s.resolutions.report(unit, rated.id, '已更换 3 盏 LED 路灯');
  await rate(rated.receipt, rated.id, 'satisfied', '晚上出门亮堂了');
  const reopened = await working('整治村口垃圾乱倒', '环境卫生');
  await s.resolutions.report(unit, reopened.id, '已设置垃圾收集点');
  await rate(reopened.receipt, reopened.id, 'dissatisfied', '收集点没人清运，还是满的');
  const closed = await working('自来水管网压力不足', '公共设施');
  await s.resolutions.report(unit, closed.id, '更换加压泵，入户水压恢复正常');
  await rate(closed.receipt, closed.id, 'basically_satisfied', '基本解决，早高峰还有点小');
  if (closed.receipt) await s.resolutions.close(convener, closed.id, { speed: 4, quality: 4, note: '' });
  const withdrawn = await draft('拆除村口旧牌楼', '公共设施');
  await s.resolutions.withdraw(convener, withdrawn.id, '与上级规划冲突，另行研究');
  await s.resolutionJobs.markDeadlines();
}
