"""Nearest neighbour on the training points."""


class Model:
    def fit(self, X, y):
        self.points = list(zip(X, y))

    def predict_one(self, x):
        distance = lambda p: (p[0][0] - x[0]) ** 2 + (p[0][1] - x[1]) ** 2
        return min(self.points, key=distance)[1]
