/** `kbeauty-api version` (also `--version`): build identity and the embedded data's sources. */
import { BUILD_DATE, COMMIT, VERSION } from '../version.ts'
import { type Command, EXIT } from './command.ts'

export const version: Command = {
  name: 'version',
  summary: 'print version, commit, build date and data sources',
  options: {},
  async run(_input, io) {
    const { versionReport } = await import('../version-report.ts')
    io.out(versionReport({ version: VERSION, commit: COMMIT, buildDate: BUILD_DATE, embeddedDbPath: io.embeddedDbPath }))
    return EXIT.ok
  },
}
