/** One `pattern=local-image` rule of WORKER_IMAGE_MAP; a pattern ending in `*` matches any name with that prefix. */
export interface ImageMapEntry {
  pattern: string;
  image: string;
}

/** Parses `pattern=image` entries separated by commas or semicolons; throws naming each bad entry. */
export function parseImageMap(spec: string): ImageMapEntry[] {
  const entries: ImageMapEntry[] = [];
  const problems: string[] = [];
  for (const part of spec.split(/[,;]/)) {
    const text = part.trim();
    if (text === '') {
      continue;
    }
    const eq = text.indexOf('=');
    const pattern = eq < 0 ? '' : text.slice(0, eq).trim();
    const image = eq < 0 ? '' : text.slice(eq + 1).trim();
    if (pattern === '' || image === '' || /\s/.test(pattern + image) || image.includes('*')) {
      problems.push(`"${text}" is not pattern=local-image`);
    } else if (pattern.indexOf('*') >= 0 && pattern.indexOf('*') !== pattern.length - 1) {
      problems.push(`"${text}": * may only end a pattern`);
    } else {
      entries.push({ pattern, image });
    }
  }
  if (problems.length > 0) {
    throw new Error(problems.join('; '));
  }
  return entries;
}

/** The local image for a bundle's image name: the first matching rule wins, unmapped names stay as they are. */
export function mapImage(name: string, map: ImageMapEntry[]): string {
  for (const { pattern, image } of map) {
    const matches = pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
    if (matches) {
      return image;
    }
  }
  return name;
}
