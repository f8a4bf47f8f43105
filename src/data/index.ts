/** The data layer's public surface: generate, import, load, split and check data sets. */
export { readArrow, readArrowMetadata, writeArrow } from './arrow';
export { checkDataset, columnNeeds, type ColumnNeed } from './check';
export { DataError } from './errors';
export { GENERATORS, type GeneratorName } from './generators';
export { importFile } from './import';
export { inspectDataset, type InspectResult } from './inspect';
export { loadDataset, type DataProgress, type LoadOptions, type LoadedData } from './load';
export { generateSynthetic } from './mmoe-synthetic';
export { renderInspect } from './render-inspect';
export { splitRows } from './split';
export type { Column, Dataset, DatasetRoles, SplitIndices } from './types';
export { generateVideo } from './video';
export { videoRoles } from './video-columns';
