import fs from 'node:fs';
const files = fs.readdirSync('shared/i18n/messages');
const owners = new Map<string, Set<string>>();
for (const f of files) { const mod = await import(`./shared/i18n/messages/${f.replace('.ts','.js')}`); const c: any = Object.values(mod)[0]; for (const k of Object.keys(c['zh-CN'])) (owners.get(k) ?? owners.set(k, new Set()).get(k)!).add(f); }
const res = new Map<string, number>();
for (const k of fs.readFileSync('/tmp/opsm/missing.txt','utf8').trim().split('\n')) for (const o of owners.get(k) ?? ['?']) res.set(o, (res.get(o) ?? 0) + 1);
console.log(res);
