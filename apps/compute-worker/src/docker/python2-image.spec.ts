import { describe, expect, it } from 'vitest';
import { parseImageMap } from './image-map';
import { explicitRuleFor, isPython2Image, python2Message } from './python2-image';

describe('Python 2 images', () => {
  it.each([
    'codalab/codalab-legacy:py27',
    'codalab/codalab-legacy:py2',
    'codalab/codalab-legacy:latest',
    'codalab/codalab-legacy',
    'codalab/codalab-legacy:1.0.0',
    'docker.io/codalab/codalab-legacy:py27',
    'ckcollab/codalab-legacy:latest',
    'python:2.7',
    'python:2',
    'python:2.7-slim',
    'continuumio/anaconda2',
    'continuumio/miniconda2:4.7.12',
  ])('%s is one', (name) => expect(isPython2Image(name)).toBe(true));

  it.each([
    'codalab/codalab-legacy:py3',
    'codalab/codalab-legacy:py37',
    'codalab/codalab-legacy:py312',
    'codalab/codalab-legacy:gpu',
    'codalab/codalab-legacy:pyenv',
    'python:3.11',
    'continuumio/anaconda3',
    'arena/codalab-legacy:py3',
  ])('%s is not', (name) => expect(isPython2Image(name)).toBe(false));

  it('is mapped only by a rule meant for it, never by a broad one', () => {
    const broad = parseImageMap('codalab/codalab-legacy:*=arena/codalab-legacy:py3,codalab/*=arena/codalab-legacy:py3');
    expect(explicitRuleFor('codalab/codalab-legacy:py27', broad)).toBeUndefined();
    const exact = parseImageMap(
      'codalab/codalab-legacy:py27=lab/py27:1,codalab/codalab-legacy:*=arena/codalab-legacy:py3',
    );
    expect(explicitRuleFor('codalab/codalab-legacy:py27', exact)?.image).toBe('lab/py27:1');
    const prefix = parseImageMap('codalab/codalab-legacy:py2*=lab/py27:1');
    expect(explicitRuleFor('codalab/codalab-legacy:py27', prefix)?.image).toBe('lab/py27:1');
  });

  it('says why and names WORKER_IMAGE_MAP', () => {
    expect(python2Message('codalab/codalab-legacy:py27')).toMatch(
      /codalab\/codalab-legacy:py27 is a Python 2 image.*cannot be built here.*WORKER_IMAGE_MAP \(codalab\/codalab-legacy:py27=<local image>\)/,
    );
  });
});
