// Preloaded into each measured command (`node --import`): at exit, writes the process's own CPU
// time, which a busy machine inflates far less than wall time.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_PROBE_FILE;
if (file)
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(file, JSON.stringify({ cpuMs: (user + system) / 1000 }));
  });
