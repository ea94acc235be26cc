import type { Catalogue } from '../catalogue.js';

/** Co-signs matched to the register (附议核验): server errors, the resident's steps, the desk. */
export const cosign = {
  'zh-CN': {
    'cosign.error.sms_too_often': '验证码发送太频繁，请 {seconds} 秒后再试；每个号码每小时最多 5 次。',
    'cosign.error.sms_failed': '短信暂时发不出去，请稍后再试，或到村（社区）服务台当面附议。',
    'cosign.error.code_expired': '验证码已失效（超过有效期或错误次数过多），请重新获取。',
    'cosign.error.code_wrong': '验证码不对，还可以再试 {left} 次。',
    'cosign.error.person': '在本村（社区）名册中找不到这个人，或其状态不是在册村民。',
    'cosign.error.already': '这位村民已经附议过这个议题。',
    'cosign.verify.open': '用手机验证码附议（计入提议人数）',
    'cosign.verify.why':
      '只有与村民名册核对过的附议，才计入"十分之一村民提议召开村民会议"的人数。验证码只发到名册上登记的手机号。',
    'cosign.verify.phone': '名册上登记的手机号',
    'cosign.verify.send': '获取验证码',
    'cosign.verify.sent':
      '如果这个号码登记在本村（社区）名册上，验证码已发出，{minutes} 分钟内有效。没有收到？可以到村（社区）服务台当面附议。',
    'cosign.verify.resend': '{seconds} 秒后可重新获取',
    'cosign.verify.code': '短信验证码（6 位数字）',
    'cosign.verify.notify': '议题有结果时，用短信告诉我',
    'cosign.verify.submit': '核验并附议',
    'cosign.verify.done': '已核验附议。现在共 {count} 人附议，其中 {verified} 人已与名册核对。',
    'cosign.verify.already': '您已经核验附议过了（已核对 {verified} 人）。',
    'cosign.summary': '{count} 人附议 · 名册核对 {verified} 人',
    'cosign.summary.needed': '达到 {needed} 人（本村成年村民 {adults} 人的十分之一）可提请召开村民会议',
    'cosign.desk.title': '当面附议（服务台）',
    'cosign.desk.hint': '村民本人到场、没有手机时，按名册找到本人后代为登记附议。会记录是谁登记的。',
    'cosign.desk.search': '按姓名查找',
    'cosign.desk.none': '名册中没有找到这个名字。',
    'cosign.desk.pick': '登记 {name} 附议',
    'cosign.desk.signed': '已附议',
    'cosign.desk.person': '{name}（{year} 年生，户号 {household}，身份证尾号 {suffix}）',
    'cosign.desk.done': '已为 {name} 登记附议。名册核对共 {verified} 人。',
    'cosign.desk.confirm': '确认 {name} 本人在场并同意附议这个议题？',
    'cosign.told.reported': '已办结，请凭回执码评价',
    'cosign.told.closed': '已办结销号',
  },
  en: {
    'cosign.error.sms_too_often':
      'Codes are being sent too often: try again in {seconds} s; at most 5 per number per hour.',
    'cosign.error.sms_failed':
      'Text messages cannot be sent right now. Try again later, or co-sign in person at the village desk.',
    'cosign.error.code_expired': 'This code is no longer valid (expired or tried too often). Ask for a new one.',
    'cosign.error.code_wrong': 'Wrong code: {left} more tries.',
    'cosign.error.person': 'This person is not on the village register, or is not a current villager.',
    'cosign.error.already': 'This villager has already co-signed this topic.',
    'cosign.verify.open': 'Co-sign with a code by text message (counts toward a demand)',
    'cosign.verify.why':
      'Only co-signs checked against the village register count toward "one tenth of villagers demand an assembly". The code is sent only to numbers on the register.',
    'cosign.verify.phone': 'Mobile number on the register',
    'cosign.verify.send': 'Send code',
    'cosign.verify.sent':
      'If this number is on the village register, a code is on its way, valid for {minutes} minutes. Nothing came? Co-sign in person at the village desk.',
    'cosign.verify.resend': 'New code in {seconds} s',
    'cosign.verify.code': 'Code from the text message (6 digits)',
    'cosign.verify.notify': 'Tell me by text message when the topic has a result',
    'cosign.verify.submit': 'Check and co-sign',
    'cosign.verify.done':
      'Co-signed and checked. {count} people support it; {verified} are checked against the register.',
    'cosign.verify.already': 'You have already co-signed with a check ({verified} checked).',
    'cosign.summary': '{count} co-signed · {verified} checked against the register',
    'cosign.summary.needed':
      '{needed} checked (one tenth of the village’s {adults} adults) can demand a villagers’ assembly',
    'cosign.desk.title': 'Co-sign in person (desk)',
    'cosign.desk.hint':
      'For a villager who is here in person without a phone: find them on the register and record their co-sign. Who recorded it is kept.',
    'cosign.desk.search': 'Find by name',
    'cosign.desk.none': 'Nobody of that name on the register.',
    'cosign.desk.pick': 'Record {name}’s co-sign',
    'cosign.desk.signed': 'Co-signed',
    'cosign.desk.person': '{name} (born {year}, household {household}, ID ending {suffix})',
    'cosign.desk.done': 'Co-sign recorded for {name}. {verified} checked against the register.',
    'cosign.desk.confirm': 'Is {name} here in person and agrees to co-sign this topic?',
    'cosign.told.reported': 'done: rate it with your receipt code',
    'cosign.told.closed': 'done and closed out',
  },
} satisfies Catalogue;
