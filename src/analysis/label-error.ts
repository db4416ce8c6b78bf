/** Why a label cannot be parsed; routes map it to a 400 problem naming the limit. */
export class LabelError extends Error {
  constructor(
    readonly reason: 'empty' | 'binary' | 'nesting' | 'item_too_long',
    message: string,
  ) {
    super(message)
    this.name = 'LabelError'
  }
}
