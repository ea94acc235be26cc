import { pathToFileURL } from 'node:url';
import { median, printBench, round, startBenchServer, type BenchServer } from './lib.js';

/**
 * Importing a 10,000-person register from XLSX (issue 13): target ≤ 5 s and ≤ 150 MB RSS growth.
 * Ours: the whole import through HTTP — upload, parse, map, check every row, plan against the
 * register and write it in one transaction. Baseline: exceljs parsing the same file alone, which
 * any import must do. Each run imports into a fresh village, so every run writes 10,000 people.
 */
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = '建国伟强军磊秀英芳娟敏静丽艳霞玲燕红梅兰凤桂珍';

/** A register sheet of `people` rows as villages keep them: title row, headers, households of 2–4. */
async function buildSheet(people: number): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  ws.addRow(['某村村民花名册']);
  ws.mergeCells('A1:K1');
  ws.addRow([
    '序号',
    '姓名',
    '性别',
    '出生年月',
    '户号',
    '与户主关系',
    '网格',
    '联系电话',
    '身份证号码',
    '状态',
    '政治面貌',
  ]);
  let household = 0;
  let left = 0;
  for (let i = 0; i < people; i++) {
    if (left === 0) {
      household++;
      left = 2 + (household % 3);
    }
    const first = left === 2 + (household % 3);
    left--;
    const name = SURNAMES[i % 20]! + GIVEN[(i * 7) % 23]! + GIVEN[(i * 13) % 23]! + (i >= 9_000 ? String(i) : '');
    const year = 1940 + (i % 66);
    ws.addRow([
      i + 1,
      name,
      i % 2 ? '女' : '男',
      `${year}年${1 + (i % 12)}月`,
      String(household).padStart(5, '0'),
      first ? '户主' : i % 2 ? '配偶' : '子',
      i % 2 ? '第一网格' : '第二网格',
      i % 3 ? `139${String(i).padStart(8, '0')}` : '',
      `330102${year}0101${String(i % 10_000).padStart(4, '0')}`,
      i % 10 === 0 ? '外出务工' : '在村',
      i % 25 === 0 ? '中共党员' : '群众',
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Peak RSS growth over `fn`, sampled every 20 ms, in MB; and its wall time in seconds. */
async function measure(fn: () => Promise<void>): Promise<{ seconds: number; rssMb: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage.rss();
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  const start = performance.now();
  await fn();
  const seconds = (performance.now() - start) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage.rss());
  return { seconds, rssMb: (peak - before) / 1024 / 1024 };
}

async function login(srv: BenchServer): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${srv.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: srv.logins.admin.password }),
  });
  const body = (await res.json()) as { csrfToken: string };
  return {
    cookie: res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; '),
    csrf: body.csrfToken,
  };
}

/** A fresh village with the sheet's two grids, so every run writes the whole register. */
async function freshVillage(srv: BenchServer, run: number): Promise<number> {
  const { Organisation } = srv.db.models;
  const township = (await Organisation.findOne({ where: { kind: 'township' } }))!;
  const village = await Organisation.create({
    name: `基准村${run}`,
    kind: 'village',
    parentId: township.id,
    settings: {},
  });
  for (const name of ['第一网格', '第二网格'])
    await Organisation.create({ name, kind: 'grid', parentId: village.id, settings: {} });
  await srv.app.services.tree.reload();
  return village.id;
}

export async function runImportBench(): Promise<{
  ours: { seconds: number; rssMb: number };
  baseline: { seconds: number; rssMb: number };
  ratio: { seconds: number; rssMb: number };
  people: number;
  fileKb: number;
}> {
  const file = await buildSheet(PEOPLE);
  const srv = await startBenchServer();
  try {
    const session = await login(srv);
    const { default: ExcelJS } = await import('exceljs');
    const baseline: { seconds: number; rssMb: number }[] = [];
    const ours: { seconds: number; rssMb: number }[] = [];
    for (let run = 0; run < RUNS; run++) {
      baseline.push(
        await measure(async () => {
          const wb = new ExcelJS.Workbook();
          await wb.xlsx.load(file as unknown as ArrayBuffer);
          let cells = 0;
          wb.worksheets[0]!.eachRow((row) => (cells += row.cellCount));
          if (!cells) throw new Error('nothing parsed');
        }),
      );
      const villageId = await freshVillage(srv, run);
      ours.push(
        await measure(async () => {
          const form = new FormData();
          form.append('file', new Blob([new Uint8Array(file)]), 'register.xlsx');
          const res = await fetch(`${srv.url}/api/organisations/${villageId}/register/import`, {
            method: 'POST',
            headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
            body: form,
          });
          const body = (await res.json()) as { counts?: { new: number } };
          if (res.status !== 200 || body.counts?.new !== PEOPLE)
            throw new Error(`import failed: ${res.status} ${JSON.stringify(body).slice(0, 500)}`);
        }),
      );
    }
    const pick = (xs: { seconds: number; rssMb: number }[]) => ({
      seconds: round(median(xs.map((x) => x.seconds))),
      rssMb: round(median(xs.map((x) => x.rssMb)), 1),
    });
    const o = pick(ours);
    const b = pick(baseline);
    return {
      ours: o,
      baseline: b,
      ratio: { seconds: round(o.seconds / b.seconds), rssMb: round(o.rssMb / Math.max(1, b.rssMb)) },
      people: PEOPLE,
      fileKb: Math.round(file.length / 1024),
    };
  } finally {
    await srv.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await runImportBench();
  console.log(`Register import: ${r.people} people from a ${r.fileKb} KB XLSX, median of ${RUNS} runs`);
  console.log(`  ours (upload, parse, check, write in one transaction): ${r.ours.seconds} s, RSS +${r.ours.rssMb} MB`);
  console.log(
    `  baseline (exceljs parsing the same file alone):        ${r.baseline.seconds} s, RSS +${r.baseline.rssMb} MB`,
  );
  console.log(`  target: ≤ 5 s and ≤ 150 MB RSS growth`);
  printBench({
    name: 'register-import',
    ours: r.ours,
    baseline: r.baseline,
    ratio: r.ratio,
    units: { seconds: 's', rssMb: 'MB' },
    notes: `${r.people} people, ${r.fileKb} KB XLSX, SQLite unless BENCH_DATABASE_URL`,
  });
}
