/**
 * The example competition with a second task that its only phase does not use yet (benchmark mode adds it later):
 * the task's trivial scoring program writes `recall` (1.0 when the predictions match the reference, as the example
 * submission's do), and the board's second column is `recall`.
 */
export const BENCHMARK_EDITS: [string, string][] = [
  [
    'phases:',
    `  - index: 1
    name: Recall
    scoring_program: scoring_recall
    reference_data: reference_data
phases:`,
  ],
  ['        key: f1', '        key: recall'],
];

export const BENCHMARK_FILES: Record<string, string> = {
  'scoring_recall/metadata.yaml': 'command: python3 $program/score.py $input $output\n',
  'scoring_recall/score.py': `import json, os, sys
read = lambda p: [l.strip() for l in open(p) if l.strip()]
truth = read(os.path.join(sys.argv[1], "ref", "truth.csv"))
pred = read(os.path.join(sys.argv[1], "res", "predictions.csv"))
ones = [i for i, t in enumerate(truth) if t == "1"]
recall = sum(1 for i in ones if pred[i] == "1") / len(ones) if ones else 1.0
json.dump({"recall": recall}, open(os.path.join(sys.argv[2], "scores.json"), "w"))
`,
};
