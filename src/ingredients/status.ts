/**
 * The status rules, shared by the importer (which precomputes statuses for search) and the
 * service (which derives them for records). Pure.
 */

export type EuAnnexNumber = 'II' | 'III' | 'IV' | 'V' | 'VI'
export type EuStatus = 'prohibited' | 'restricted' | 'allowed_with_conditions' | 'not_listed' | 'not_in_cosing'
export type KrStatus = 'prohibited' | 'restricted' | 'not_listed'

/**
 * EU status from annex rows (Regulation (EC) No 1223/2009): Annex II → prohibited; III →
 * restricted; IV/V/VI → allowed only as listed (positive lists); none → `not_listed`, or
 * `not_in_cosing` for an ingredient known only from MFDS (the EU side was never established,
 * so "not listed" would overstate it).
 */
export function euStatus(annexes: readonly { annex: EuAnnexNumber }[], inCosing: boolean): EuStatus {
  if (annexes.some((a) => a.annex === 'II')) return 'prohibited'
  if (annexes.some((a) => a.annex === 'III')) return 'restricted'
  if (annexes.length > 0) return 'allowed_with_conditions'
  return inCosing ? 'not_listed' : 'not_in_cosing'
}

/**
 * Korean status from the linked 별표1/별표2 rows. When both lists name it, the 별표2 row is
 * the regulation's permission with a limit and the 별표1 row one whose "(다만, … 제외)"
 * exemption the transcription dropped (e.g. hair dyes such as 2,4-DIAMINOPHENOXYETHANOL HCL):
 * `restricted`, with both rows listed.
 */
export function krStatus(entries: readonly { status: 'prohibited' | 'restricted' }[]): KrStatus {
  if (entries.some((e) => e.status === 'restricted')) return 'restricted'
  return entries.length > 0 ? 'prohibited' : 'not_listed'
}
