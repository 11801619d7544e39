// Preloaded by the synth benchmark: reports this process's peak RSS on exit.
process.on("exit", () => {
  const { maxRSS } = process.resourceUsage();
  process.stderr.write(`\n@@usage ${JSON.stringify({ maxRSSKiB: maxRSS })}\n`);
});
