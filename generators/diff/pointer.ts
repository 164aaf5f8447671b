/** RFC 6901 JSON pointers for findings. */
export function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function appendPointer(pointer: string, ...tokens: string[]): string {
  return pointer + tokens.map((t) => `/${escapeToken(t)}`).join('');
}
