"""Independent model of the NumPy / scikit-learn randomness the Data tests expect.

No numpy or sklearn is needed (none is installed here). It reproduces NumPy's published
`np.random.seed(42); np.random.permutation(10)` = [8 1 5 0 7 2 9 4 3 6] and scikit-learn 0.20's
doctests for `_approximate_mode`, `StratifiedShuffleSplit` and `ShuffleSplit` (see
self_check()), and is then used to derive the expectations the tests hard-code.
"""
import math
import random


class LegacyRandomState:
    """numpy.random.RandomState(seed): MT19937 seeded by init_genrand, bounded ints by mask-and-reject."""

    def __init__(self, seed):
        key = [seed & 0xFFFFFFFF]
        for i in range(1, 624):
            key.append((1812433253 * (key[-1] ^ (key[-1] >> 30)) + i) & 0xFFFFFFFF)
        # CPython's random module runs the same MT19937 core; hand it NumPy's seeded state.
        self._mt = random.Random()
        self._mt.setstate((3, tuple(key) + (624,), None))

    def _interval(self, max_value):
        if max_value == 0:
            return 0
        mask = max_value
        for shift in (1, 2, 4, 8, 16):
            mask |= mask >> shift
        while True:
            value = self._mt.getrandbits(32) & mask
            if value <= max_value:
                return value

    def permutation(self, x):
        items = list(range(x)) if isinstance(x, int) else list(x)
        for i in range(len(items) - 1, 0, -1):
            j = self._interval(i)
            items[i], items[j] = items[j], items[i]
        return items

    def choice_without_replacement(self, population, size):
        return self.permutation(population)[:size]


def approximate_mode(class_counts, n_draws, rng):
    total = sum(class_counts)
    continuous = [n_draws * c / total for c in class_counts]
    floored = [math.floor(v) for v in continuous]
    need = int(n_draws - sum(floored))
    if need > 0:
        remainder = [v - f for v, f in zip(continuous, floored)]
        for value in sorted(set(remainder), reverse=True):
            inds = [i for i, r in enumerate(remainder) if r == value]
            add_now = min(len(inds), need)
            for k in rng.choice_without_replacement(len(inds), add_now):
                floored[inds[k]] += 1
            need -= add_now
            if need == 0:
                break
    return floored


def stratified_shuffle_split(keys, n_test, n_train, rng, n_splits=1):
    """keys: one sortable class key per sample (strings for 2-D y, as ' '.join(row.astype('str')))."""
    classes = sorted(set(keys))
    position = {k: i for i, k in enumerate(classes)}
    members = [[] for _ in classes]
    for sample, key in enumerate(keys):
        members[position[key]].append(sample)
    counts = [len(m) for m in members]
    for _ in range(n_splits):
        n_i = approximate_mode(counts, n_train, rng)
        t_i = approximate_mode([c - n for c, n in zip(counts, n_i)], n_test, rng)
        train, test = [], []
        for c, samples in enumerate(members):
            shuffled = [samples[k] for k in rng.permutation(counts[c])]
            train += shuffled[:n_i[c]]
            test += shuffled[n_i[c]:n_i[c] + t_i[c]]
        yield rng.permutation(train), rng.permutation(test), n_i, t_i


def self_check():
    assert LegacyRandomState(42).permutation(10) == [8, 1, 5, 0, 7, 2, 9, 4, 3, 6]
    assert approximate_mode([4, 2], 3, LegacyRandomState(0)) == [2, 1]
    assert approximate_mode([5, 2], 4, LegacyRandomState(0)) == [3, 1]
    assert approximate_mode([2, 2, 2, 1], 2, LegacyRandomState(0)) == [0, 1, 1, 0]
    assert approximate_mode([2, 2, 2, 1], 2, LegacyRandomState(42)) == [1, 1, 0, 0]
    splits = list(stratified_shuffle_split([0, 0, 0, 1, 1, 1], 3, 3, LegacyRandomState(0), 5))
    assert [s[0] for s in splits] == [[5, 2, 3], [5, 1, 4], [5, 0, 2], [4, 1, 0], [0, 5, 1]]
    assert [s[1] for s in splits] == [[4, 1, 0], [0, 2, 3], [4, 3, 1], [2, 3, 5], [3, 4, 2]]
    rng = LegacyRandomState(0)
    assert [rng.permutation(4) for _ in range(3)] == [[2, 3, 1, 0], [0, 2, 1, 3], [3, 0, 2, 1]]


if __name__ == "__main__":
    self_check()
    print("model reproduces NumPy's and scikit-learn's published outputs")
