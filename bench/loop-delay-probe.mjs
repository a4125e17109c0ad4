// Bench-only: loaded into the host process with `node --import` (NODE_OPTIONS) by bench/audience.bench.ts,
// so the host's own code is unchanged. Measures the host's event-loop delay with monitorEventLoopDelay and
// answers the benchmark through two files: it writes `<file>.cmd` = "reset" or "dump", the probe resets
// the histogram or writes the figures (ms) to `<file>`.
import fs from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';

const file = process.env.BROADCART_LOOP_DELAY_FILE;
// `--import` in NODE_OPTIONS also runs in the host's worker threads (language detection, checkpoints):
// only the main thread's loop is the host's, and only its probe may answer (the first to read the
// command file takes it).
if (file && isMainThread) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const ms = (ns) => ns / 1e6;
  // BROADCART_CPU_PROFILE_DIR: the host's CPU profile from each reset to the next dump, as .cpuprofile.
  const profileDir = process.env.BROADCART_CPU_PROFILE_DIR;
  const inspector = profileDir ? new Session() : null;
  inspector?.connect();
  const post = (method) => new Promise((resolve, reject) => inspector.post(method, (error, result) => (error ? reject(error) : resolve(result))));
  const startProfile = () => inspector && post('Profiler.enable').then(() => post('Profiler.start'));
  const writeProfile = () =>
    inspector &&
    post('Profiler.stop').then(({ profile }) => {
      fs.mkdirSync(profileDir, { recursive: true });
      fs.writeFileSync(path.join(profileDir, `host-${process.pid}-${Date.now()}.cpuprofile`), JSON.stringify(profile));
    });
  const timer = setInterval(() => {
    let command;
    try {
      command = fs.readFileSync(`${file}.cmd`, 'utf8').trim();
    } catch {
      return;
    }
    fs.rmSync(`${file}.cmd`, { force: true });
    if (command === 'reset') {
      histogram.reset();
      void startProfile();
    }
    if (command === 'dump') {
      void writeProfile();
      const figures = { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max), mean: ms(histogram.mean), count: histogram.count };
      fs.writeFileSync(`${file}.tmp`, JSON.stringify(figures));
      fs.renameSync(`${file}.tmp`, file);
    }
  }, 100);
  timer.unref();
}
