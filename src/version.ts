/**
 * Build identity. `bun run build` replaces these globals with `--define`; when running
 * from source they fall back to package.json's version and "dev".
 */
import pkg from '../package.json' with { type: 'json' }

declare const KBEAUTY_BUILD_VERSION: string | undefined
declare const KBEAUTY_BUILD_COMMIT: string | undefined
declare const KBEAUTY_BUILD_DATE: string | undefined

export const VERSION: string = typeof KBEAUTY_BUILD_VERSION === 'string' ? KBEAUTY_BUILD_VERSION : pkg.version
export const COMMIT: string = typeof KBEAUTY_BUILD_COMMIT === 'string' ? KBEAUTY_BUILD_COMMIT : 'dev'
export const BUILD_DATE: string | null = typeof KBEAUTY_BUILD_DATE === 'string' ? KBEAUTY_BUILD_DATE : null
