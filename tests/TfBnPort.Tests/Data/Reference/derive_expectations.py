"""Prints the values the Data tests hard-code, from the model in numpy_legacy_model.py.

Usage: python3 derive_expectations.py MNIST_FOLDER   (the four raw IDX files, e.g. ~/.cache/tfbnport/mnist)
"""
import sys

from numpy_legacy_model import LegacyRandomState, self_check, stratified_shuffle_split


def labels(folder, name):
    with open(f"{folder}/{name}", "rb") as f:
        return list(f.read()[8:])


def main(folder):
    self_check()
    train = labels(folder, "train-labels-idx1-ubyte")
    test = labels(folder, "t10k-labels-idx1-ubyte")

    # DataSetTests: three successive permutation(10) draws after seed 42.
    rng = LegacyRandomState(42)
    print("seed 42 permutation(10) x3:", [rng.permutation(10) for _ in range(3)])
    print("seed 42 permutation(4):", LegacyRandomState(42).permutation(4))

    # MnistLoaderTests: read_data_sets with graph seed 42 -> train's first shuffle.
    head = LegacyRandomState(42).permutation(55000)[:4]
    print("seed 42 permutation(55000)[:4]:", head, "labels", [train[5000 + i] for i in head])

    # SkLearnTests: one-hot [0 0 0 1 1 1] -> row strings.
    keys = ["1.0 0.0"] * 3 + ["0.0 1.0"] * 3
    for tr, te, n_i, t_i in stratified_shuffle_split(keys, 3, 3, LegacyRandomState(0), 2):
        print("one-hot split:", tr, te, n_i, t_i)

    # Seed 000: fetch_mldata order (stably sorted train, then test), one-hot row strings.
    def stable(ls):
        return sorted(range(len(ls)), key=lambda i: (ls[i], i))
    digits = [train[i] for i in stable(train)] + [test[i] for i in stable(test)]
    keys = [" ".join("1.0" if d == k else "0.0" for k in range(10)) for d in digits]
    tr, te, n_i, t_i = next(stratified_shuffle_split(keys, 10000, 60000, LegacyRandomState(325)))
    print("first split train[:10], train[-3:]:", tr[:10], tr[-3:])
    print("first split test[:10], test[-3:]:", te[:10], te[-3:])
    print("test counts per digit:", [sum(1 for i in te if digits[i] == d) for d in range(10)])
    keys2 = [keys[i] for i in tr]
    tr2, te2, _, _ = next(stratified_shuffle_split(keys2, 10000, 50000, LegacyRandomState(325)))
    print("second split train[:10], test[:10]:", tr2[:10], te2[:10])


if __name__ == "__main__":
    main(sys.argv[1])
