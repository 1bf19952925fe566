export * from './competition.model';
export { toIndexedColumns } from './indexed-columns';
export { formatProblem, hasErrors } from './problems/bundle-problem';
export { formatYamlPath, type YamlPath } from './problems/yaml-path';
export {
  BundleOpenError,
  type BundleFileIndex,
  type BundleOpenErrorCode,
  type BundleSource,
  type BundleVerification,
  type RawBundleFile,
} from './source/bundle-source';
export { DEFAULT_BUNDLE_LIMITS, locateCompetitionFile, openBundle, type BundleLimits } from './source/open-bundle';
export {
  parseCompetitionYaml,
  type BundleSummary,
  type ParseOptions,
  type ParseResult,
} from './parse/parse-competition-yaml';
export type { PartUse } from './parse/parse-context';
export { BUNDLE_KEYS } from './parse/bundle-keys';
export { NO_EFFECT, OPTION_DEFAULTS } from './parse/competition-options';
export { readDate, type DateReading } from './yaml/date-value';
export { readBundle, validateBundle, type BundleValidation, type ReadBundleResult } from './read/read-bundle';
export { writePartZip, type PartZipResult } from './write/part-zip.writer';
export { partValue, toCompetitionDocument, toCompetitionYaml } from './write/competition-yaml.writer';
export {
  writeBundleZip,
  writeCompetitionBundle,
  type BundleEntry,
  type ExportMode,
  type ExportSources,
} from './write/bundle-zip.writer';
export { FileTable } from './source/file-table';
export {
  bundleKeyAnchor,
  bundleKeyOfPath,
  COMPETITION_YAML_REFERENCE,
  scopeSlug,
  type BundleKeyRef,
} from './parse/bundle-key-reference';
