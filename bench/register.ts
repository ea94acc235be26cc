import { printBench } from './lib.js';
import { runCheckinBench } from './register-checkin.js';
import { runImportBench } from './register-import.js';

/**
 * `npm run bench:register` (issue 13): importing a 10,000-person register from XLSX against
 * parsing the file alone, then 300 members checking in by pass within a minute against a bare
 * Socket.IO echo. Each half also runs alone (bench/register-import.ts, bench/register-checkin.ts).
 */
const imported = await runImportBench();
console.log(`Register import: ${imported.people} people from a ${imported.fileKb} KB XLSX (median of runs)`);
console.log(`  ours ${imported.ours.seconds} s, RSS +${imported.ours.rssMb} MB (target ≤ 5 s, ≤ 150 MB)`);
console.log(`  baseline (exceljs parsing alone) ${imported.baseline.seconds} s, RSS +${imported.baseline.rssMb} MB`);
const checkin = await runCheckinBench();
printBench({
  name: 'register',
  ours: {
    importSeconds: imported.ours.seconds,
    importRssMb: imported.ours.rssMb,
    checkinP50: checkin.ours.p50,
    checkinP99: checkin.ours.p99,
    refused: checkin.ours.refused,
  },
  baseline: {
    parseSeconds: imported.baseline.seconds,
    echoP50: checkin.baseline.p50,
    echoP99: checkin.baseline.p99,
  },
  ratio: { import: imported.ratio.seconds, checkinP50: checkin.ratio.p50, checkinP99: checkin.ratio.p99 },
  units: {
    importSeconds: 's',
    importRssMb: 'MB',
    checkinP50: 'ms',
    checkinP99: 'ms',
    refused: 'check-ins',
  },
});
process.exit(0);
