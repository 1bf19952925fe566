"""A logistic regression (scikit-learn)."""
from sklearn.linear_model import LogisticRegression


class Model:
    def __init__(self):
        self.classifier = LogisticRegression(C=100.0)

    def fit(self, X, y):
        self.classifier.fit(X, y)

    def predict(self, X):
        return self.classifier.predict(X)
