/** Entry point of the `flowline` command: parses argv and dispatches to a subcommand. */
export async function main(argv: readonly string[]): Promise<number> {
  process.stdout.write(`flowline: ${argv.join(' ')}\n`);
  return 0;
}
