import type { Catalogue } from '../catalogue.js';

/** Meetings: server messages shared by the console, the projector and participants' phones. */
export const meeting = {
  'zh-CN': {
    'meeting.error.staff': '召集人和记录员必须是本村（社区）的工作人员。',
    'meeting.error.closed': '会议已结束，不能再修改。',
    'meeting.error.transition': '会议当前状态下不能进行这个操作。',
    'meeting.error.topic': '只能把本村（社区）已受理的议题列入议程。',
    'meeting.error.reorder': '排序必须包含全部议程项，且不能重复。',
    'meeting.error.item': '议程中没有这一项。',
    'meeting.error.invitee': '参会名单中没有这个人。',
    'meeting.error.screen_token': '投屏链接已失效，请在主持台重新生成。',
    'meeting.error.checkin_closed': '这个会议现在不能签到。',
    'meeting.error.checkin_expired': '签到码已过期，请重新扫描大屏上的二维码。',
    'meeting.error.ends_before_start': '结束时间必须晚于开始时间。',
    'field.ends_before_start': '结束时间必须晚于开始时间。',
    'topic.event.placed_on_agenda': '已列入会议议程',
    'meeting.error.agenda_required': '村民会议的通知须写明议题，请先添加议程再发布。',
    'meeting.error.topic_on_agenda': '这个议题已经在议程中。',
    'meeting.error.already_invited': '此人已在参会名单中。',
    'meeting.error.body_fixed': '会议已开始，议事主体和应到人数来源不能再改。',
    'meeting.error.body_has_stage':
      '本会议议程中有“四议两公开”的表决环节，议事主体和应到人数来源不能再改；如需更改，请先将该环节移出议程。',
    'meeting.error.pass': '这个参会链接已失效，请向会议召集人索取新的链接，或扫描大屏上的二维码签到。',
    'meeting.error.checkin_login': '工作人员请先登录再签到。',
    'meeting.error.checkin_not_you': '您登录的账号不是这位参会人，不能替他人签到。',
  },
  en: {
    'meeting.error.staff': 'The convener and secretaries must be staff of this village or community.',
    'meeting.error.closed': 'The meeting is closed and can no longer be changed.',
    'meeting.error.transition': 'This cannot be done in the meeting’s current state.',
    'meeting.error.topic': 'Only accepted topics of this village or community can be put on the agenda.',
    'meeting.error.reorder': 'The new order must list every agenda item exactly once.',
    'meeting.error.item': 'That item is not on the agenda.',
    'meeting.error.invitee': 'That person is not on the list of participants.',
    'meeting.error.screen_token': 'This projector link is no longer valid. Issue a new one from the console.',
    'meeting.error.checkin_closed': 'Check-in is not open for this meeting.',
    'meeting.error.checkin_expired': 'The check-in code has expired. Please scan the code on the big screen again.',
    'meeting.error.ends_before_start': 'The end must be after the start.',
    'field.ends_before_start': 'The end must be after the start.',
    'topic.event.placed_on_agenda': 'Placed on a meeting’s agenda',
    'meeting.error.agenda_required':
      'The notice of a villagers’ assembly must name its matters: add the agenda before publishing.',
    'meeting.error.topic_on_agenda': 'This topic is already on the agenda.',
    'meeting.error.already_invited': 'This person is already on the list of participants.',
    'meeting.error.body_fixed': 'The meeting has started: its deliberating body and member count can no longer change.',
    'meeting.error.body_has_stage':
      'A stage of a 四议两公开 matter is on this meeting’s agenda, so its deliberating body and member count cannot change; take the stage off the agenda first.',
    'meeting.error.pass':
      'This meeting link no longer works. Ask the convener for a new one, or scan the code on the big screen.',
    'meeting.error.checkin_login': 'Staff members log in before checking in.',
    'meeting.error.checkin_not_you': 'You are logged in as someone else and cannot check in for this person.',
  },
} satisfies Catalogue;
