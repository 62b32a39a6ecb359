/** A one-line progress bar for a terminal (the caller shows it only on a TTY and never with --json). */
export function progressBar(stream: { write(s: string): unknown }, label: string): { update: (done: number, total: number) => void; done: () => void } {
  const width = 30;
  let last = -1;
  return {
    update(done, total) {
      const filled = Math.round((done / Math.max(1, total)) * width);
      if (filled === last && done !== total) return;
      last = filled;
      stream.write(`\r${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}`);
    },
    done() {
      stream.write('\r\x1b[K');
    },
  };
}
