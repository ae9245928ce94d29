const utf8 = new TextEncoder();

/**
 * Whether `value` takes more than `maxBytes` bytes as UTF-8. A UTF-16 code unit is 1 to 3 bytes, so
 * most values are decided by their length alone, without encoding them (every POST checks its content).
 *
 * @example
 * exceedsUtf8Bytes("héllo", 5); // true: 6 bytes
 */
export function exceedsUtf8Bytes(value: string, maxBytes: number): boolean {
  if (value.length * 3 <= maxBytes) return false;
  if (value.length > maxBytes) return true;
  return utf8.encode(value).byteLength > maxBytes;
}
