"""Divides by a count that is zero: the ingestion program fails, tells the scorer, and the run fails with its reason."""


class Model:
    def fit(self, X, y):
        self.positives = 0

    def predict_one(self, x):
        return int(x[0] / self.positives > 1)
