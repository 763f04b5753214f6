// Processes the suite starts are stopped by PID even when a test file dies half-way: each is
// registered here, and killed when Node exits for any reason.

const running = new Set();

/** Remembers `pid` until `forget(pid)`; it is killed if Node exits first. */
export function remember(pid) {
  running.add(pid);
}

/** The process has been stopped in the orderly way. */
export function forget(pid) {
  running.delete(pid);
}

process.on('exit', () => {
  for (const pid of running) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});
// Without these, Ctrl-C or a CI timeout would end Node without running the 'exit' handler.
for (const [signal, number] of [['SIGHUP', 1], ['SIGINT', 2], ['SIGTERM', 15]]) {
  process.on(signal, () => process.exit(128 + number));
}
