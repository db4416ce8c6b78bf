/**
 * The embedded database's bytes, mapped read-only from the running executable instead of
 * read into memory. `bun build --compile` stores embedded files in the ELF section `.bun`;
 * reading 68 MB into a fresh buffer costs ≈ 35–60 ms of page faults and holds the database
 * twice until a full collection (SQLite's Database.deserialize copies it anyway). A
 * private read-only mapping (mmap(2) PROT_READ, MAP_PRIVATE) of that section costs
 * ≈ 0.2 ms; its pages come from the page cache as they are touched (hash, then SQLite's
 * copy), and munmap(2) returns them at once — no garbage collection needed (issue #15:
 * cold start and RSS at rest).
 *
 * Bun.mmap cannot do this: it opens the file for writing, which Linux refuses for a
 * running executable (ETXTBSY). So mmap/munmap are called through bun:ffi from the C
 * library. Anything unexpected — not Linux, no glibc `libc.so.6`, no `.bun` section, mmap
 * failing — returns null and the caller reads the bytes instead (db/open.ts).
 */
import { dlopen, FFIType, toArrayBuffer } from 'bun:ffi'
import { closeSync, openSync, readSync } from 'node:fs'

/** Bytes of the running executable, valid until `release()`; never keep a view past it. */
export type MappedBytes = { bytes: Uint8Array; release: () => void }

const ELF_MAGIC = 0x464c457f // "\x7fELF" read little-endian
const PROT_READ = 1
const MAP_PRIVATE = 2
const PAGE = 4096

/** Offset and size, bytes, of the `.bun` section of the ELF64 little-endian file open as `fd`; null when none. */
export function bunSection(fd: number): { offset: number; size: number } | null {
  const read = (length: number, position: number) => {
    const buf = Buffer.allocUnsafe(length)
    return buf.subarray(0, readSync(fd, buf, 0, length, position))
  }
  const elf = read(64, 0)
  if (elf.length < 64 || elf.readUInt32LE(0) !== ELF_MAGIC || elf[4] !== 2 || elf[5] !== 1) return null
  const shoff = Number(elf.readBigUInt64LE(0x28))
  const shentsize = elf.readUInt16LE(0x3a)
  const shnum = elf.readUInt16LE(0x3c)
  const sections = read(shentsize * shnum, shoff)
  if (sections.length < shentsize * shnum) return null
  const section = (i: number) => ({
    name: sections.readUInt32LE(i * shentsize),
    offset: Number(sections.readBigUInt64LE(i * shentsize + 24)),
    size: Number(sections.readBigUInt64LE(i * shentsize + 32)),
  })
  const strtab = section(elf.readUInt16LE(0x3e))
  const names = read(strtab.size, strtab.offset)
  for (let i = 0; i < shnum; i++) {
    const s = section(i)
    if (names.toString('latin1', s.name, s.name + 5) === '.bun\0') return { offset: s.offset, size: s.size }
  }
  return null
}

type Libc = {
  mmap: (addr: null, length: number, prot: number, flags: number, fd: number, offset: number) => number | null
  munmap: (addr: number, length: number) => number
}
let libc: Libc | null | undefined

/** The C library's mmap and munmap (bun:ffi, loaded once, ≈ 0.6 ms); null off Linux/glibc. */
function loadLibc(): Libc | null {
  if (libc !== undefined) return libc
  libc = null
  if (process.platform !== 'linux') return libc
  try {
    const lib = dlopen('libc.so.6', {
      mmap: { args: [FFIType.ptr, FFIType.u64, FFIType.i32, FFIType.i32, FFIType.i32, FFIType.i64], returns: FFIType.ptr },
      munmap: { args: [FFIType.ptr, FFIType.u64], returns: FFIType.i32 },
    })
    libc = lib.symbols as unknown as Libc
  } catch {
    libc = null
  }
  return libc
}

/**
 * Maps `length` bytes of the file open as `fd`, from byte `offset`, read-only (private).
 * Null when the C library cannot be used or mmap fails. `fd` may be closed afterwards.
 */
export function mapFile(fd: number, offset: number, length: number): MappedBytes | null {
  const c = loadLibc()
  if (!c || length <= 0) return null
  const start = Math.floor(offset / PAGE) * PAGE
  const span = offset - start + length
  const address = c.mmap(null, span, PROT_READ, MAP_PRIVATE, fd, start)
  // MAP_FAILED is (void *)-1: beyond any safe integer once converted.
  if (address === null || address === 0 || address > Number.MAX_SAFE_INTEGER) return null
  const bytes = new Uint8Array(toArrayBuffer(address as never, 0, span), offset - start, length)
  const unmap = c.munmap
  let mapped = true
  return {
    bytes,
    release: () => {
      if (mapped) unmap(address, span)
      mapped = false
    },
  }
}

/**
 * Maps the `.bun` section of the running executable read-only. Null when not possible
 * (not Linux with glibc, not an ELF executable, no `.bun` section, mmap failed).
 */
export function mapExecutableSection(): MappedBytes | null {
  if (!loadLibc()) return null
  let fd: number | undefined
  try {
    fd = openSync(process.execPath, 'r')
    const bun = bunSection(fd)
    if (!bun || bun.size === 0) return null
    return mapFile(fd, bun.offset, bun.size)
  } catch {
    return null
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}
