/** The typed client sends JSON by default; these routes take multipart form fields (strings only here). */
export function toMultipart(body: unknown): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (value !== undefined && value !== null) {
      form.append(key, String(value));
    }
  }
  return form;
}
