#!/usr/bin/env node
/** The `chargedrill` command: a thin yargs layer over the library. Bad input exits 2 with one line. */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { csmsCommand } from './commands/csms.js';
import { fleetCommand } from './commands/fleet.js';
import { UsageError } from './usage.js';

export async function main(args: string[]): Promise<void> {
  const cli = yargs(args)
    .scriptName('chargedrill')
    .usage('$0 <command> [options]')
    .command(csmsCommand)
    .command(fleetCommand)
    .demandCommand(1, 'name a command: csms or fleet')
    .strict()
    .recommendCommands()
    .help()
    .version()
    .wrap(Math.min(110, process.stdout.columns || 110))
    .fail((message: string | null, error: Error | undefined) => {
      throw error ?? new UsageError(message ?? 'invalid usage');
    });
  try {
    await cli.parseAsync();
  } catch (error) {
    if (error instanceof UsageError || (error instanceof Error && error.name === 'YError')) {
      process.stderr.write(`chargedrill: ${error.message} (see chargedrill --help)\n`);
      process.exitCode = 2;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`chargedrill: ${message}\n`);
    process.exitCode = 1;
  }
}

await main(hideBin(process.argv));
