/** Finding a Python that can run the FastAPI peer (Debian's packages live in /usr/bin/python3). */

/** The first of `python3` on PATH and /usr/bin/python3 that imports fastapi, uvicorn and gunicorn, or null. */
export function findFastApiPython(): string | null {
  for (const candidate of [Bun.which('python3'), '/usr/bin/python3']) {
    if (!candidate) continue
    const p = Bun.spawnSync([candidate, '-c', 'import fastapi, uvicorn, gunicorn'], { stdout: 'ignore', stderr: 'ignore' })
    if (p.exitCode === 0) return candidate
  }
  return null
}
