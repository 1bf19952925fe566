"""A baseline: 1 when x1 + x2 > 1. Your Model needs fit(X, y) and predict_one(x), x being [x1, x2]."""


class Model:
    def fit(self, X, y):
        pass

    def predict_one(self, x):
        return int(x[0] + x[1] > 1)
