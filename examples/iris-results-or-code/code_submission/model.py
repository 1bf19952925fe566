"""A code submission: the ingestion program imports this class, trains it and asks it for predictions."""
from sklearn.tree import DecisionTreeClassifier


class model:
    def __init__(self):
        self.classifier = DecisionTreeClassifier(random_state=0)

    def fit(self, X, y):
        self.classifier.fit(X, y)

    def predict(self, X):
        return self.classifier.predict(X)
