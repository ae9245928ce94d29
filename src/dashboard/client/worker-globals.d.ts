// The typed client's types come from the Worker's app, so this browser program also checks the
// Worker's code, against the DOM library. The Workers runtime's SubtleCrypto has this extension
// (https://developers.cloudflare.com/workers/runtime-apis/web-crypto/#timingsafeequal); the DOM's lacks it.
interface SubtleCrypto {
  timingSafeEqual(a: ArrayBuffer | ArrayBufferView, b: ArrayBuffer | ArrayBufferView): boolean;
}
