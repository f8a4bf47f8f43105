/**
 * A data set in memory: one typed array per column, all of length `rows`.
 * Categorical features are Int32Array ids in [0, vocab), or codes of a text
 * column (`dictionaries`) until the run's vocabularies map them to ids;
 * numeric features, labels and masks are Float32Array (masks hold 0 or 1).
 * Generated data and files split by day have a `day` column (an imported
 * file's day column is renamed).
 * Columns read from a file are views into the file's bytes: use `byteOffset`
 * and `byteLength`, never `column.buffer` alone.
 */
export type Column = Float32Array | Int32Array;

export interface Dataset {
  readonly rows: number;
  readonly columns: Readonly<Record<string, Column>>;
  /** generator name, parameters and seed, or the source file; stored in the Arrow schema metadata */
  readonly metadata: Readonly<Record<string, string>>;
  /**
   * Text columns (categories as written in the file, a split column): the
   * column's distinct values, which its Int32 codes index. Stored in Arrow
   * as a dictionary column (`Dictionary<Int32, Utf8>`).
   */
  readonly dictionaries?: Readonly<Record<string, readonly string[]>>;
}

/** Row indices of each part of the split, in file order. */
export interface SplitIndices {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

/**
 * What each column of a data set is for, stored as JSON in the file's
 * metadata (`roles`) so `ple data inspect` can summarise a file without a config.
 */
export interface DatasetRoles {
  /** `vocab` when the config gives one (the ids are used as they are) */
  categorical: { name: string; vocab?: number }[];
  numeric: string[];
  /** 0/1 labels */
  binary: string[];
  /** real-valued labels */
  regression: string[];
  /** 0/1 δ columns */
  masks: string[];
  /** the mask that usually goes with a label (label → mask), for summaries */
  label_masks?: Record<string, string>;
}
