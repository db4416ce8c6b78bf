/** `kbeauty-api healthcheck`: wiring only; the check is src/healthcheck.ts. */
import { checkHealth, defaultHealthUrl } from '../healthcheck.ts'
import { type Command, EXIT } from './command.ts'

export const healthcheck: Command = {
  name: 'healthcheck',
  summary: 'exit 0 when /health answers 200, else 1 (for a container HEALTHCHECK)',
  options: {
    url: { type: 'string', value: 'URL', help: 'the URL to check; default http://127.0.0.1:$PORT/health' },
  },
  async run({ values }, io) {
    const url = (values.url as string | undefined) ?? defaultHealthUrl(io.env)
    const result = await checkHealth(url)
    if (!result.ok) io.err(`kbeauty-api: healthcheck ${url.slice(0, 200)}: ${result.problem}\n`)
    return result.ok ? EXIT.ok : EXIT.failure
  },
}
