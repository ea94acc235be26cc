import type { Catalogue } from '../catalogue.js';

/**
 * What the staff shell shows before any page loads: the menu's labels and the one-time password
 * dialog. Every other page's messages load with the page (client/app/pages/), so they stay out
 * of the staff entry.
 */
export const shell = {
  'zh-CN': {
    'nav.bodies': '议事主体',
    'nav.register': '村民名册',
    'procedure.menu': '四议两公开',
    'console.prepare': '会议准备',
    'admin.users.issued': '用户 {username} 的一次性密码如下，只显示这一次，请当面或电话告知本人：',
    'admin.users.issued_done': '我已记下',
    'admin.users.password_title': '一次性密码',
    'admin.users.copied': '已复制。',
    'admin.users.copy_failed': '无法自动复制，请手动抄写。',
    'nav.meetings': '会议',
    'nav.follow': '决议跟踪',
    'nav.inbox': '承办事项',
    'nav.notifications': '消息通知',
    'nav.webhooks': '群机器人推送',
    'nav.review': '议题审定',
    'nav.intake_codes': '议题码',
    'nav.reception': '接待日',
    'nav.badge': '{count} 条待处理',
    'nav.stats': '统计',
  },
  en: {
    'nav.bodies': 'Bodies',
    'nav.register': 'Register',
    'procedure.menu': 'Major matters',
    'console.prepare': 'Prepare the meeting',
    'admin.users.issued':
      'The one-time password for {username} is shown only this once. Tell them in person or by phone:',
    'admin.users.issued_done': 'I have noted it',
    'admin.users.password_title': 'One-time password',
    'admin.users.copied': 'Copied.',
    'admin.users.copy_failed': 'Could not copy automatically. Please write it down.',
    'nav.meetings': 'Meetings',
    'nav.follow': 'Resolutions',
    'nav.inbox': 'My unit’s work',
    'nav.notifications': 'Notifications',
    'nav.webhooks': 'Group robots',
    'nav.review': 'Review',
    'nav.intake_codes': 'Topic codes',
    'nav.reception': 'Reception days',
    'nav.badge': '{count} awaiting review',
    'nav.stats': 'Statistics',
  },
} satisfies Catalogue;
