"""A logistic regression trained by gradient descent with numpy. With PyTorch in the image, the same model would
move its tensors to `device` ("cuda" on a GPU worker, "cpu" elsewhere)."""
import numpy as np

REQUIRES_GPU = False


class Model:
    def __init__(self, device):
        self.device = device

    def fit(self, X, y, steps=2000, rate=0.5):
        X, y = np.asarray(X), np.asarray(y)
        self.w, self.b = np.zeros(X.shape[1]), 0.0
        for _ in range(steps):
            p = 1 / (1 + np.exp(-(X @ self.w + self.b)))
            self.w -= rate * X.T @ (p - y) / len(y)
            self.b -= rate * float(np.mean(p - y))

    def predict(self, X):
        return (np.asarray(X) @ self.w + self.b > 0).astype(int)
