"""A baseline model: predicts 1 when x1 + x2 is above the threshold that is best on the training data.

The ingestion program imports this file from your submission, calls fit(X, y) with the training rows, then
predict(X) with the test rows. Replace it with your own; scikit-learn, numpy and pandas are available.
"""


class Model:
    def __init__(self):
        self.threshold = 1.0

    def fit(self, X, y):
        candidates = [i / 20 for i in range(41)]
        score = lambda th: sum((a + b > th) == bool(label) for (a, b), label in zip(X, y))
        self.threshold = max(candidates, key=score)

    def predict(self, X):
        return [int(a + b > self.threshold) for a, b in X]
