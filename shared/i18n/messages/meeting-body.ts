import type { Catalogue } from '../catalogue.js';

/** A meeting's deliberating body picked on the meeting form, and the list it gives (issue 13). */
export const meetingBody = {
  'zh-CN': {
    'meetingbody.label': '参会名单来自议事主体',
    'meetingbody.none': '不选：在会议页面逐个添加参会人员',
    'meetingbody.option': '{name}（{members} 人）',
    'meetingbody.none_hint': '不选议事主体时，应到人数按下方“应到人数来源”计算。',
    'meetingbody.from': '名单来自议事主体：{name}（{members} 人，开会时冻结）',
    'meetingbody.frozen': '名单来自议事主体：{name}（开会时已冻结：应到 {count} 人）',
    'meetingbody.unknown': '议事主体',
    'meetingbody.none_here': '本组织还没有这一类型的议事主体，可在“议事主体”页面新建。',
    'meetingbody.warning.representatives_below_four_fifths': '村民代表少于五分之四',
    'meetingbody.warning.women_below_one_third': '妇女少于三分之一',
    'meetingbody.invitees_note': '名单随名册和席位变化，开会时冻结。另外邀请的人员列席，不计入法定人数。',
  },
  en: {
    'meetingbody.label': 'Participants come from a deliberating body',
    'meetingbody.none': 'None: add participants one by one on the meeting page',
    'meetingbody.option': '{name} ({members} people)',
    'meetingbody.none_hint': 'Without a body, the number expected follows “Members counted from” below.',
    'meetingbody.from': 'List from the body {name} ({members} people, frozen when the meeting opens)',
    'meetingbody.frozen': 'List from the body {name} (frozen when the meeting opened: {count} entitled)',
    'meetingbody.unknown': 'the deliberating body',
    'meetingbody.none_here': 'This organisation has no body of this kind yet: create one on the Bodies page.',
    'meetingbody.warning.representatives_below_four_fifths': 'representatives under four fifths',
    'meetingbody.warning.women_below_one_third': 'women under one third',
    'meetingbody.invitees_note':
      'The list follows the register and the seats until the meeting opens, then it is frozen. Anyone else invited attends as a guest and does not count toward the quorum.',
  },
} satisfies Catalogue;
