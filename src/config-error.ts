/**
 * The one error for a configuration an operator must fix: environment variables, files
 * they name, plugin options. A leaf module (imports nothing of ours), so any module may
 * throw it without an import cycle. main.ts turns it into exit code 78 (EX_CONFIG).
 */

/** Thrown when the configuration is invalid. `problems` lists every problem in plain words. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/** Throws ConfigError naming `option` of `plugin` when `ok` is false (checked when the app is built). */
export function requireOption(ok: boolean, plugin: string, option: string, rule: string): void {
  if (!ok) throw new ConfigError([`${plugin}: option ${option} ${rule}`])
}
