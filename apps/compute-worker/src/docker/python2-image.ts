import type { ImageMapEntry } from './image-map';

const LEGACY_REPOS = ['codalab/codalab-legacy', 'ckcollab/codalab-legacy'];
// codalab/codalab-legacy:latest (and untagged, and 1.0.0) is the original Python 2.7 image; py2/py27 name it since.
const LEGACY_PY2_TAGS = /^(latest|1\.0\.0|py2.*)$/;
const CONDA2 = /(^|\/)(ana|mini)conda2$/;

/**
 * Whether a bundle's image is a Python 2 one: CodaLab's old default (`codalab/codalab-legacy`, `:latest`, `:1.0.0`,
 * `:py2`, `:py27`), `python:2.x`, Anaconda 2. Debian has had no Python 2 since bookworm, so such an image cannot be
 * built without a registry.
 */
export function isPython2Image(name: string): boolean {
  const bare = name.replace(/@.*$/, '').replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '');
  const slash = bare.lastIndexOf('/');
  const colon = bare.lastIndexOf(':');
  const [repo, tag] = colon > slash ? [bare.slice(0, colon), bare.slice(colon + 1)] : [bare, 'latest'];
  if (LEGACY_REPOS.includes(repo)) {
    return LEGACY_PY2_TAGS.test(tag);
  }
  if (repo === 'python' || repo === 'library/python') {
    return /^2(\.|$|-)/.test(tag);
  }
  return CONDA2.test(repo);
}

/**
 * The rule that maps a Python 2 image on purpose: the image itself, or a pattern that only Python 2 images match
 * (`codalab/codalab-legacy:py2*`). A broad rule such as `codalab/codalab-legacy:*` would run Python 2 code on a
 * Python 3 image, where it fails with syntax errors that name nothing useful.
 */
export function explicitRuleFor(name: string, map: ImageMapEntry[]): ImageMapEntry | undefined {
  return map.find(({ pattern }) =>
    pattern.endsWith('*')
      ? name.startsWith(pattern.slice(0, -1)) && isPython2Image(pattern.slice(0, -1))
      : pattern === name,
  );
}

export function python2Message(name: string): string {
  return (
    `image ${name} is a Python 2 image, which this worker does not have: Python 2 images cannot be built here (Debian ` +
    'has no Python 2 any more), and the default image runs Python 3 only. The bundle should name a Python 3 image ' +
    '(codalab/codalab-legacy:py39, for instance); or the operator of this worker loads a Python 2 image and names it ' +
    `in WORKER_IMAGE_MAP (${name}=<local image>)`
  );
}
