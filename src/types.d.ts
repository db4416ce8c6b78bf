// Files imported `with { type: 'file' }` resolve to a path (embedded in the executable).
declare module '*.css' {
  const path: string
  export default path
}
declare module '*.png' {
  const path: string
  export default path
}
declare module 'swagger-ui-dist/swagger-ui-bundle.js' {
  const path: string
  export default path
}
declare module '*/init.js' {
  const path: string
  export default path
}
declare module '*.sqlite' {
  const path: string
  export default path
}
