// The WebAssembly build of @evan/opus, loaded directly so the package's prebuilt native
// addon is never used (same code on every machine, nothing native to trust or build).
declare module '@evan/opus/wasm/index.mjs' {
  export { Decoder, Encoder } from '@evan/opus';
}
