// Headless CLI over the same engine as the playground: `npm run cli -- <command> [flags]`.
import { CliError } from './args';
import { surfaceCommand } from './surface';
import { trainCommand } from './train';

const USAGE = `usage: npm run cli -- <command> [flags]

commands:
  surface   run an optimizer on a 2-D test function (float64) and print its path
  train     train one MLP run and print one JSON line per evaluation

Run \`npm run cli -- <command> --help\` for a command's flags.
`;

function main(argv: string[]): number {
	const [command, ...rest] = argv;
	try {
		if (!command || command === '--help' || command === 'help') {
			process.stdout.write(USAGE);
			return command ? 0 : 2;
		}
		if (command === 'surface') {
			process.stdout.write(surfaceCommand(rest));
			return 0;
		}
		if (command === 'train') {
			trainCommand(rest, (line) => process.stdout.write(line), () => performance.now());
			return 0;
		}
		throw new CliError(`unknown command "${command}"; allowed: surface, train`);
	} catch (e) {
		if (e instanceof CliError) {
			process.stderr.write(`error: ${e.message}\n`);
			return 2;
		}
		throw e;
	}
}

process.exitCode = main(process.argv.slice(2));
