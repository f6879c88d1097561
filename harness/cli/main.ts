#!/usr/bin/env node
/** The `chargedrill` command: a thin yargs layer over the library. Bad input exits 2 with one line. */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { conformanceCommand, conformanceFlags } from './commands/conformance.js';
import { certsCommand, certsFlags } from './commands/certs.js';
import { csmsCommand, csmsFlags } from './commands/csms.js';
import { faultCommand, faultFlags } from './commands/fault.js';
import { fuzzCommand, fuzzFlags } from './commands/fuzz.js';
import { fleetCommand, loadCommand, loadFlags } from './commands/load.js';
import { mergeCommand, mergeFlags } from './commands/merge.js';
import { replayImportCommand, replayImportFlags } from './commands/replay-import.js';
import { runCommand, runFlags } from './commands/run.js';
import { stationCommand, stationFlags } from './commands/station.js';
import { trainCommand, trainFlags } from './commands/train.js';
import { UsageError } from './usage.js';

export async function main(args: string[]): Promise<void> {
  const cli = yargs(args)
    .scriptName('chargedrill')
    .usage('$0 <command> [options]')
    .command(csmsCommand)
    .command(loadCommand)
    .command(fleetCommand)
    .command(mergeCommand)
    .command(runCommand)
    .command(conformanceCommand)
    .command(certsCommand)
    .command(fuzzCommand)
    .command(faultCommand)
    .command(stationCommand)
    .command(replayImportCommand)
    .command(trainCommand)
    .demandCommand(1, 'name a command: csms or load (CSMS and load; fleet is an alias of load; merge joins the results of load shards), run (scenarios), fault or station (control of a running fleet), replay-import, train (a training network with scored drills), conformance (CSMS test cases), fuzz (hostile input), or certs (certificates)')
    .strict()
    .recommendCommands()
    .help()
    .version()
    .wrap(Math.min(110, process.stdout.columns || 110))
    .fail((message: string | null, error: Error | undefined) => {
      throw error ?? new UsageError(explain(message ?? 'invalid usage', args));
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


const FLAGS: Record<string, Record<string, unknown>> = {
  run: runFlags,
  csms: csmsFlags,
  load: loadFlags,
  fleet: loadFlags,
  merge: mergeFlags,
  conformance: conformanceFlags,
  fuzz: fuzzFlags,
  certs: certsFlags,
  fault: faultFlags,
  station: stationFlags,
  'replay-import': replayImportFlags,
  train: trainFlags,
};

/** Adds what is allowed to yargs' "Unknown argument" message: the commands, or the flags of the command at hand. */
function explain(message: string, args: string[]): string {
  if (!/^Unknown arguments?: /.test(message)) return message;
  const command = args.find((arg) => !arg.startsWith('-'));
  const flags = command === undefined ? undefined : FLAGS[command];
  if (flags === undefined) return `${message}; commands: ${Object.keys(FLAGS).join(', ')}`;
  return `${message}; allowed for ${command}: ${Object.keys(flags).map((flag) => `--${flag}`).join(', ')}`;
}

await main(hideBin(process.argv));
