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

/** The positional arguments each command takes, as its --help shows them. */
const POSITIONALS: Record<string, string> = {
  [mergeCommand.command.split(' ')[0] as string]: mergeCommand.command,
  [faultCommand.command.split(' ')[0] as string]: faultCommand.command,
  [stationCommand.command.split(' ')[0] as string]: stationCommand.command,
  [replayImportCommand.command.split(' ')[0] as string]: replayImportCommand.command,
  [runCommand.command.split(' ')[0] as string]: runCommand.command,
};

/** yargs' usage messages as one line in the project's words, with what is allowed: commands, flags, positionals, choices. */
export function explain(message: string, args: string[]): string {
  const command = args.find((arg) => !arg.startsWith('-'));
  const flags = command === undefined ? undefined : FLAGS[command];
  const usage = command === undefined ? undefined : POSITIONALS[command];
  const missing = /^Not enough non-option arguments: got (\d+), need at least (\d+)/.exec(message);
  if (missing && usage !== undefined) {
    const [got, need] = [Number(missing[1]), Number(missing[2])];
    return `${usage} takes at least ${need} argument${need === 1 ? '' : 's'}, got ${got === 0 ? 'none' : got}`;
  }
  // "Invalid values:\n  Argument: action, Given: "frob", Choices: "inject", "clear", "list""
  const choice = /Argument: (\S+), Given: (.*), Choices: (.*)$/s.exec(message);
  if (choice) {
    const allowed = (choice[3] as string).split(', ').map((c) => c.replace(/^"|"$/g, '')).join(', ');
    return `${usage !== undefined ? `${usage}: ` : ''}<${choice[1] as string}> ${(choice[2] as string).trim()} is not allowed (allowed: ${allowed})`;
  }
  const unknown = /^Unknown arguments?: (.*)$/s.exec(message);
  if (!unknown) return message.replace(/\s*\n\s*/g, ' ');
  // yargs names a dashed flag twice (bogus-flag, bogusFlag): once is enough.
  const names = (unknown[1] as string).split(', ');
  const given = names.filter((name) => !/[a-z][A-Z]/.test(name) || !names.includes(name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)));
  const head = `Unknown argument${given.length === 1 ? '' : 's'}: ${given.join(', ')}`;
  if (flags === undefined) return `${head}; commands: ${Object.keys(FLAGS).join(', ')}`;
  return `${head}; allowed for ${command as string}: ${allowedFlags(flags).join(', ')}`;
}

/** The flags as a user types them: hidden (internal) ones left out, a boolean that defaults to on as --no-<flag>. */
function allowedFlags(flags: Record<string, unknown>): string[] {
  return Object.entries(flags)
    .filter(([, spec]) => (spec as { hidden?: boolean }).hidden !== true)
    .map(([flag, spec]) => ((spec as { type?: string; default?: unknown }).type === 'boolean' && (spec as { default?: unknown }).default === true ? `--no-${flag}` : `--${flag}`));
}

await main(hideBin(process.argv));
