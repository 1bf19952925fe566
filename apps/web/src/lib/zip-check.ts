/**
 * Why a file cannot be a zip, or undefined: its name must end in .zip and its first bytes be a zip's signature
 * (local file header PK\x03\x04, or PK\x05\x06 for an empty archive). Checked in the browser before any upload, so a
 * wrong file is refused in plain words instead of after the whole upload with a technical zip error.
 */
export async function zipProblem(file: Blob & { name: string }): Promise<string | undefined> {
  const plain = `"${file.name}" is not a zip file. Choose a .zip file (compress your files into a zip first).`;
  if (!/\.zip$/i.test(file.name)) {
    return plain;
  }
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  const pk = head[0] === 0x50 && head[1] === 0x4b;
  if (!pk || !((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6))) {
    return `"${file.name}" is named .zip but is not a zip archive (it may be damaged or renamed). Choose a real zip file.`;
  }
  return undefined;
}
